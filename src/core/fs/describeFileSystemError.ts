/** Words for a failed file-system call, for a sentence like "cannot be written (permission denied)". */
export function describeFileSystemError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EROFS":
      return "the file system is read-only";
    case "ENOSPC":
      return "no space is left on the device";
    case "EDQUOT":
      return "the disk quota is used up";
    case "ENAMETOOLONG":
      return "the name is too long";
    case "EISDIR":
      return "a folder stands there";
    case "ENOTDIR":
      return "a part of the path is a file, not a folder";
    case "ELOOP":
      return "too many symbolic links";
    case "ENOENT":
      return "the file system refuses it";
    case "EINVAL":
      return "the file system does not support it";
    case undefined:
      return error instanceof Error ? error.message : String(error);
    default:
      return code;
  }
}
