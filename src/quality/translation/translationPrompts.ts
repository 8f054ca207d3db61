import { languageName } from "../../core/text/languageName.js";
import type { ChatMessage } from "../../providers/LanguageModel.js";

/** Ask the teacher to translate the translation back into the source language, the answer alone. */
export function backTranslationPrompt(translation: string, from: string, into: string): ChatMessage[] {
  return [
    { role: "system", content: "You are a professional translator. Reply with the translation only." },
    {
      role: "user",
      content: `Translate this ${languageName(from)} text into ${languageName(into)}:\n\n${translation}`,
    },
  ];
}

/** The judge's adequacy question: does the translation say what the source says? Answered yes or no. */
export function adequacyPrompt(
  source: string,
  translation: string,
  sourceLanguage: string,
  targetLanguage: string,
): ChatMessage[] {
  const from = languageName(sourceLanguage);
  const into = languageName(targetLanguage);
  return [
    { role: "system", content: "You review translations for a parallel corpus." },
    {
      role: "user",
      content: `${from}: ${source}\n${into}: ${translation}\n\nDoes the ${into} sentence say exactly what the ${from} sentence says, with nothing added, left out or changed? Answer yes or no.`,
    },
  ];
}
