"""Baseline of bench/metrics/run.ts: the same metrics with the usual Python tools.

Input (argv[1]): a JSON file with the words of every accepted text and of the reference texts
(segmented by Synthforge, so both sides count the same words), the texts themselves, the
self-BLEU sample (indexes) and the adversarial-validation samples. Computes Shannon entropy
and distinct-1/2 with collections.Counter, length statistics with numpy, self-BLEU with NLTK's
sentence_bleu (4-gram, uniform weights, SmoothingFunction().method1) on the same sample, and
the adversarial ROC AUC with scikit-learn (hashed word 1-2-gram and character 2-4-gram counts,
LogisticRegression with balanced class weights, 5-fold stratified cross_val_predict). Prints
one JSON object with each value and the seconds each step took.
"""

import json
import math
import sys
import time
from collections import Counter

import numpy as np
from nltk.translate.bleu_score import SmoothingFunction, sentence_bleu
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict


def features(item):
    text, words = item
    names = ["w:" + word for word in words]
    names += ["w:" + words[index - 1] + " " + words[index] for index in range(1, len(words))]
    lowered = text.lower()
    for n in (2, 3, 4):
        names += ["c:" + lowered[start : start + n] for start in range(len(lowered) - n + 1)]
    return names


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as handle:
        data = json.load(handle)
    words = data["words"]
    timings = {}
    result = {}

    started = time.perf_counter()
    unigrams = Counter(word for text in words for word in text)
    total = sum(unigrams.values())
    entropy = -sum(count / total * math.log2(count / total) for count in unigrams.values())
    bigrams = Counter((text[index - 1], text[index]) for text in words for index in range(1, len(text)))
    result["entropy"] = entropy
    result["normalizedEntropy"] = entropy / math.log2(len(unigrams)) if len(unigrams) > 1 else 0
    result["distinct1"] = len(unigrams) / total
    result["distinct2"] = len(bigrams) / max(1, sum(bigrams.values()))
    timings["entropy + distinct-n"] = time.perf_counter() - started

    started = time.perf_counter()
    characters = np.array([len(text) for text in data["texts"]])
    result["medianCharacters"] = float(np.median(characters))
    result["p95Characters"] = float(np.percentile(characters, 95))
    timings["length"] = time.perf_counter() - started

    started = time.perf_counter()
    sample = [words[index] for index in data["selfBleuSample"]]
    smoothing = SmoothingFunction().method1
    scores = []
    for index, hypothesis in enumerate(sample):
        references = sample[:index] + sample[index + 1 :]
        scores.append(sentence_bleu(references, hypothesis, smoothing_function=smoothing))
    result["selfBleu"] = sum(scores) / len(scores)
    timings["self-BLEU"] = time.perf_counter() - started

    started = time.perf_counter()
    real = [(data["referenceTexts"][index], data["referenceWords"][index]) for index in data["realSample"]]
    generated = [(data["texts"][index], words[index]) for index in data["generatedSample"]]
    items = real + generated
    labels = np.array([0] * len(real) + [1] * len(generated))
    vectorizer = HashingVectorizer(analyzer=features, n_features=2**18, alternate_sign=False, norm="l2")
    matrix = vectorizer.transform(items)
    model = LogisticRegression(class_weight="balanced", max_iter=200)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=29)
    probabilities = cross_val_predict(model, matrix, labels, cv=folds, method="predict_proba")[:, 1]
    result["adversarialAuc"] = roc_auc_score(labels, probabilities)
    timings["adversarial AUC"] = time.perf_counter() - started

    print(json.dumps({"values": result, "seconds": timings}))


if __name__ == "__main__":
    main()
