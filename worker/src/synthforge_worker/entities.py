"""Entity-level NER metrics: exact span and type match (the CoNLL / seqeval definition).

A predicted entity counts as correct only when its start, end and type all equal a gold
entity's. Precision is correct / predicted, recall correct / gold, F1 their harmonic mean,
micro-averaged over all entities, and per type. `bio_entities` decodes a tag sequence the way
`seqeval` does by default (conlleval's chunking: an `I-` tag after `O` or after another type
opens an entity), so scores computed from tags equal `seqeval.metrics`' own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

Entity = tuple[str, int, int]  # (type, start, end); end exclusive


def _split(tag: str) -> tuple[str, str]:
    if tag in ("O", ""):
        return "O", ""
    prefix, _, kind = tag.partition("-")
    return prefix, (kind or "_")


def _ends(prev_tag: str, tag: str, prev_type: str, kind: str) -> bool:
    if prev_tag in ("E", "S"):
        return True
    if prev_tag in ("B", "I") and tag in ("B", "S", "O"):
        return True
    return prev_tag not in ("O", ".") and prev_type != kind


def _starts(prev_tag: str, tag: str, prev_type: str, kind: str) -> bool:
    if tag in ("B", "S"):
        return True
    if prev_tag in ("E", "S", "O") and tag in ("E", "I"):
        return True
    return tag not in ("O", ".") and prev_type != kind


def bio_entities(tags: Sequence[str]) -> list[Entity]:
    """The entities of one tag sequence (IOB1/IOB2/IOBES), as token spans `(type, start, end)`."""
    entities: list[Entity] = []
    prev_tag, prev_type, begin = "O", "", 0
    for index, raw in enumerate([*tags, "O"]):
        tag, kind = _split(raw)
        if _ends(prev_tag, tag, prev_type, kind):
            entities.append((prev_type, begin, index))
        if _starts(prev_tag, tag, prev_type, kind):
            begin = index
        prev_tag, prev_type = tag, kind
    return entities


def entity_scores(gold: Sequence[Iterable[Entity]], predicted: Sequence[Iterable[Entity]]) -> dict[str, Any]:
    """Micro precision/recall/F1 over all entities, and per type, of aligned example lists."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold examples but {len(predicted)} predictions")
    counts: dict[str, list[int]] = {}  # type -> [correct, predicted, gold]
    for truth, guess in zip(gold, predicted, strict=True):
        true_set, pred_set = set(truth), set(guess)
        for kind, *_ in true_set | pred_set:
            counts.setdefault(kind, [0, 0, 0])
        for entity in pred_set:
            counts[entity[0]][1] += 1
            if entity in true_set:
                counts[entity[0]][0] += 1
        for entity in true_set:
            counts[entity[0]][2] += 1

    def prf(correct: int, n_pred: int, n_gold: int) -> dict[str, float]:
        precision = correct / n_pred if n_pred else 0.0
        recall = correct / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": precision, "recall": recall, "f1": f1, "support": n_gold}

    totals = [sum(row[i] for row in counts.values()) for i in range(3)]
    overall = prf(*totals)
    return {
        "entityPrecision": overall["precision"],
        "entityRecall": overall["recall"],
        "entityF1": overall["f1"],
        "entities": {"gold": totals[2], "predicted": totals[1], "correct": totals[0]},
        "perType": {kind: prf(*counts[kind]) for kind in sorted(counts)},
    }


_word = re.compile(r"[^\W_]", re.UNICODE)
_cjk = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")


def _joins_word(text: str, index: int) -> bool:
    if index < 0 or index >= len(text):
        return False
    character = text[index]
    return bool(_word.match(character)) and not _cjk.match(character)


def find_mentions(text: str, mention: str, word_edges: bool = True) -> list[tuple[int, int]]:
    """Whole-span occurrences of `mention`; with `word_edges` (English) none cuts through a word."""
    found: list[tuple[int, int]] = []
    if not mention:
        return found
    starts_word = word_edges and _joins_word(mention, 0)
    ends_word = word_edges and _joins_word(mention, len(mention) - 1)
    at = text.find(mention)
    while at >= 0:
        end = at + len(mention)
        if not (starts_word and _joins_word(text, at - 1)) and not (ends_word and _joins_word(text, end)):
            found.append((at, end))
            at = text.find(mention, end)
        else:
            at = text.find(mention, at + 1)
    return found


def spans_of(text: str, entities: Any) -> set[Entity]:
    """Character spans of a `[{"text", "type"}]` list: every whole-span mention of each listed entity.

    Items that are not `{text, type}` pairs, or whose text is not in `text`, give no span (a model's
    invented entity is simply wrong). A mention inside a longer listed one is part of it. Word
    edges are respected unless the text is Chinese or Japanese (it holds Han or kana characters).
    """
    spans: set[Entity] = set()
    word_edges = not _cjk.search(text)
    if not isinstance(entities, list):
        return spans
    for item in entities:
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("text"), str)
            or not isinstance(item.get("type"), str)
        ):
            continue
        for start, end in find_mentions(text, item["text"].strip(), word_edges):
            spans.add((item["type"].strip(), start, end))
    return {
        span for span in spans if not any(o != span and o[1] <= span[1] and span[2] <= o[2] for o in spans)
    }


def parse_entity_list(reply: str) -> Any:
    """A model's reply as an entity list: the JSON value, else the first `[...]` in it, else None."""
    for candidate in (reply, reply[reply.find("[") : reply.rfind("]") + 1] if "[" in reply else ""):
        try:
            value = json.loads(candidate)
        except (ValueError, TypeError):
            continue
        if isinstance(value, dict):
            value = next((v for v in value.values() if isinstance(v, list)), None)
        if isinstance(value, list):
            return value
    return None


def is_entity_list(value: str) -> bool:
    """True when a reference answer is a JSON list of `{text, type}` objects."""
    try:
        parsed = json.loads(value)
    except (ValueError, TypeError):
        return False
    return isinstance(parsed, list) and all(
        isinstance(item, dict) and "text" in item and "type" in item for item in parsed
    )


def generation_entity_metrics(
    texts: Sequence[str], replies: Sequence[str], references: Sequence[str]
) -> dict[str, Any]:
    """Entity P/R/F1 of generated JSON entity lists against reference lists, by character span and type."""
    gold = [spans_of(text, json.loads(reference)) for text, reference in zip(texts, references, strict=True)]
    parsed = [parse_entity_list(reply) for reply in replies]
    predicted = [spans_of(text, value) for text, value in zip(texts, parsed, strict=True)]
    metrics = entity_scores(gold, predicted)
    metrics["unparsed"] = sum(1 for value in parsed if value is None)
    return metrics
