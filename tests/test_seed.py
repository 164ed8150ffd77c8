"""The founding example: the seed article, checked point by point by ../shared/eval/check_seed.py.

Skipped when ../shared is absent (a fresh clone).
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture
def seed_prediction(analyzer, shared_dir: Path, tmp_path: Path) -> tuple[Path, Path]:
    """(check_seed.py, the seed article's full analysis written as JSON)."""
    article_path = shared_dir / "seed" / "article.txt"
    checker = shared_dir / "eval" / "check_seed.py"
    if not article_path.is_file() or not checker.is_file():
        pytest.skip(f"../shared not present: seed check skipped (no {article_path} or {checker})")
    with open(article_path, encoding="utf-8", newline="") as fh:
        text = fh.read()
    article = analyzer.analyze(text, doc_id=article_path.stem)
    out = tmp_path / "seed.json"
    out.write_text(json.dumps(article.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
    return checker, out


def run_check(checker: Path, pred: Path, *args: str) -> None:
    proc = subprocess.run([sys.executable, str(checker), str(pred), *args],
                          capture_output=True, text=True, timeout=120)
    print(proc.stdout)
    print(proc.stderr, file=sys.stderr)
    assert proc.returncode == 0, (f"check_seed.py {' '.join(args)} failed (exit {proc.returncode}):\n"
                                  f"{proc.stdout}\n{proc.stderr}")


def test_seed_article_attributions_nested_hygiene(seed_prediction):
    """The acceptance gate: at least 90% in each of attributions, nested and hygiene."""
    checker, pred = seed_prediction
    run_check(checker, pred, "--section", "attributions", "--section", "nested", "--section", "hygiene",
              "--min", "0.9")


def test_seed_article_nested_and_hygiene_complete(seed_prediction):
    """Nested quotes and hygiene (scare quote, repeated paragraphs) are small: all must pass."""
    checker, pred = seed_prediction
    run_check(checker, pred, "--section", "nested", "--section", "hygiene", "--min", "1.0")
