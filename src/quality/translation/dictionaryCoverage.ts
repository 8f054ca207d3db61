import {
  chineseEnglishDictionary,
  englishContentWords,
  englishStem,
} from "../lexicon/chineseEnglishDictionary.js";

/** Single characters too common to say anything of a sentence (particles, pronouns, copulas). */
const chineseFunctionCharacters = new Set([
  ..."的了是在和也就都而及与着或很又被把让给对从向于以之其这那你我他她它们个不没有会能要去来说到上下中里为吗呢吧啊呀哦嘛得地所已还再才更最",
]);

/** How much of each side of a Chinese–English pair the dictionary finds translated on the other. */
export interface DictionaryCoverage {
  /** Chinese dictionary words (longest match first, function characters left out), and of them those one of whose glosses is a word of the English side. */
  chinese: { words: number; covered: number };
  /** English content words, and of them those a dictionary word inside the Chinese side glosses. */
  english: { words: number; covered: number };
}

/** The Chinese side's dictionary words, longest match first from the left (characters the dictionary lacks skipped). */
export function dictionaryWords(chinese: string): string[] {
  const dictionary = chineseEnglishDictionary();
  const characters = [...chinese];
  const words: string[] = [];
  let index = 0;
  while (index < characters.length) {
    let found: string | undefined;
    for (let length = Math.min(dictionary.longestWord, characters.length - index); length >= 1; length -= 1) {
      const candidate = characters.slice(index, index + length).join("");
      if (dictionary.stemsOf(candidate) !== undefined) {
        found = candidate;
        break;
      }
    }
    if (found === undefined) index += 1;
    else {
      words.push(found);
      index += [...found].length;
    }
  }
  return words;
}

/**
 * The dictionary's view of a pair: each Chinese word covered when one of its glosses is a word of
 * the English side, each English content word covered when some dictionary word written anywhere
 * in the Chinese side has it in a gloss (word forms matched by `englishStem`).
 */
export function dictionaryCoverage(chinese: string, english: string): DictionaryCoverage {
  const dictionary = chineseEnglishDictionary();
  const englishWords = englishContentWords(english);
  const englishStems = new Set(englishWords.map(englishStem));
  const chineseWords = dictionaryWords(chinese).filter(
    (word) => !([...word].length === 1 && chineseFunctionCharacters.has(word)),
  );
  const coveredChinese = chineseWords.filter((word) =>
    [...(dictionary.stemsOf(word) ?? [])].some((stem) => englishStems.has(stem)),
  ).length;
  // Every dictionary word written inside the Chinese side, not only the longest-match ones.
  const glossed = new Set<string>();
  const characters = [...chinese];
  for (let start = 0; start < characters.length; start += 1) {
    for (
      let length = 1;
      length <= dictionary.longestWord && start + length <= characters.length;
      length += 1
    ) {
      for (const stem of dictionary.stemsOf(characters.slice(start, start + length).join("")) ?? [])
        glossed.add(stem);
    }
  }
  const coveredEnglish = englishWords.filter((word) => glossed.has(englishStem(word))).length;
  return {
    chinese: { words: chineseWords.length, covered: coveredChinese },
    english: { words: englishWords.length, covered: coveredEnglish },
  };
}
