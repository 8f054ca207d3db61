const names: Record<string, string> = {
  zh: "Chinese",
  en: "English",
  ja: "Japanese",
  ko: "Korean",
  fr: "French",
  de: "German",
  es: "Spanish",
  it: "Italian",
  pt: "Portuguese",
  ru: "Russian",
  ar: "Arabic",
  vi: "Vietnamese",
};

/** The English name of a language tag ("zh", "zh-CN" → "Chinese"); an unknown tag is shown as given. */
export function languageName(language: string): string {
  return names[language.toLowerCase().split(/[-_]/)[0] ?? ""] ?? language;
}
