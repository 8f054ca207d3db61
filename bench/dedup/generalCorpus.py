"""Writes src/quality/lexicon/general{English,Chinese}.ts from wordfreq's frequency lists.

Run: bench/dedup/.venv/bin/pip install wordfreq && bench/dedup/.venv/bin/python bench/dedup/generalCorpus.py
"""

import wordfreq

TOP = 6000

for lang, name in [("en", "generalEnglish"), ("zh", "generalChinese")]:
    frequencies = wordfreq.get_frequency_dict(lang, wordlist="best")
    top = sorted(frequencies.items(), key=lambda item: -item[1])
    rows = []
    for word, frequency in top:
        count = round(frequency * 1e8)
        if count < 1 or "\t" in word or "\n" in word or not any(ch.isalnum() for ch in word):
            continue
        rows.append(f"{word}\t{count}")
        if len(rows) == TOP:
            break
    body = "\\n".join(row.replace("\\", "\\\\").replace('"', '\\"') for row in rows)
    source = f"""// Generated from wordfreq 3.1.1 (https://github.com/rspeer/wordfreq; data CC BY-SA 4.0: Wikipedia,
// OpenSubtitles, news, books, web text, Twitter, Reddit): the {len(rows)} most frequent "{lang}" words with
// their frequency per 100 million words. Regenerate with bench/dedup/generalCorpus.py. Used only as
// the general corpus that a reference corpus's domain terms are contrasted with (log-odds).
/** Word and frequency per 100 million words, one `word<TAB>count` line each. */
export const {name} = "{body}";
"""
    with open(f"src/quality/lexicon/{name}.ts", "w", encoding="utf-8") as handle:
        handle.write(source)
    print(lang, len(rows))
