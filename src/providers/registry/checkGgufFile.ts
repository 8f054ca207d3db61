import { open, stat } from "node:fs/promises";
import { ModelFileError } from "../../core/errors/ModelFileError.js";

/** Throws a ModelFileError unless `file` exists, is a regular file and starts with the GGUF magic bytes. */
export async function checkGgufFile(file: string): Promise<void> {
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new ModelFileError(`Model file ${file} does not exist (${error.code ?? error.message}).`, {
      path: file,
      cause: error,
    });
  });
  if (!info.isFile()) throw new ModelFileError(`Model path ${file} is not a file.`, { path: file });
  const magic = Buffer.alloc(4);
  const handle = await open(file, "r");
  try {
    await handle.read(magic, 0, 4, 0);
  } finally {
    await handle.close();
  }
  if (magic.toString("latin1") !== "GGUF") {
    throw new ModelFileError(
      `Model file ${file} is not a GGUF file (it does not start with the bytes "GGUF"); convert it with llama.cpp's convert script or give a .gguf file.`,
      { path: file },
    );
  }
}
