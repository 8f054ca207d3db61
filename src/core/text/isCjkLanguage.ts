const cjkLanguages = new Set(["zh", "ja", "yue", "wuu", "lzh"]);

/** True for Chinese and Japanese language tags (`zh`, `zh-Hans`, `ja-JP`, ...), which are not space-separated. */
export function isCjkLanguage(language: string): boolean {
  return cjkLanguages.has(language.toLowerCase().split(/[-_]/)[0] ?? "");
}
