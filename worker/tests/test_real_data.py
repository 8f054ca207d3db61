"""Tests that read the real reviews fail under CI when the files are absent, and skip locally."""

from __future__ import annotations

from pathlib import Path

import pytest

import conftest


def test_a_missing_real_data_file_fails_under_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(conftest, "REAL_DATA", tmp_path)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"CI=true and the reference data is absent: .* yelp"):
        conftest.real_data_file("yelp_labelled.txt")


def test_a_missing_real_data_file_skips_locally(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(conftest, "REAL_DATA", tmp_path)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"waimai_10k\.csv"):
        conftest.real_data_file("waimai_10k.csv")


def test_a_present_real_data_file_is_returned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "yelp_labelled.txt").write_text("Great food.\t1\n", encoding="utf-8")
    monkeypatch.setattr(conftest, "REAL_DATA", tmp_path)
    monkeypatch.setenv("CI", "true")
    assert conftest.real_data_file("yelp_labelled.txt") == tmp_path / "yelp_labelled.txt"
