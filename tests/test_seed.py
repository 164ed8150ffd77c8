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


def defective_gold_sources(shared_dir: Path) -> list[str]:
    """Labels (as check_seed.py prints them) of gold attributions whose source span cuts
    through a word, which no correct prediction can overlap: gold errors, not ours.

    In the seed's gold, paragraph 20's source [3502, 3504] is the "he" inside "the
    future" (the real "he" of "he added" is at [3514, 3516])."""
    gold = json.loads((shared_dir / "seed" / "gold.json").read_text(encoding="utf-8"))
    with open(shared_dir / "seed" / "article.txt", encoding="utf-8", newline="") as fh:
        text = fh.read()
    labels = []
    for g in gold["attributions"]:
        cuts = [(a, b) for a, b in g["source"]
                if (a > 0 and text[a - 1].isalnum() and text[a].isalnum())
                or (b < len(text) and text[b - 1].isalnum() and text[b].isalnum())]
        if cuts:
            start = g["content"][0][0]
            labels.append(f"para {g['paragraph']}: {text[start:start + 45]!r}")
    return labels


def test_seed_gold_defects_are_few(shared_dir):
    """The allowance below covers gold errors only: there is exactly one today."""
    assert len(defective_gold_sources(shared_dir)) <= 1


def test_seed_article_attributions(seed_prediction, shared_dir):
    """The acceptance gate for attributions: at least 90% of the checkable gold items
    (those whose gold source span does not cut through a word) found with the right
    source and speaker."""
    checker, pred = seed_prediction
    proc = subprocess.run([sys.executable, str(checker), str(pred), "--section", "attributions"],
                          capture_output=True, text=True, timeout=120)
    print(proc.stdout)
    defects = defective_gold_sources(shared_dir)
    rows = [line.strip() for line in proc.stdout.splitlines() if line.strip().startswith("[")]
    checkable = [r for r in rows if not any(d in r for d in defects)]
    passed = sum(1 for r in checkable if r.startswith("[ok]"))
    assert rows, proc.stdout + proc.stderr
    assert passed >= 0.9 * len(checkable), f"{passed}/{len(checkable)} checkable attributions\n{proc.stdout}"


def test_seed_article_entities_and_events(seed_prediction):
    """People and timeline: at least 85% in each (the bar of the people-and-timeline issue)."""
    checker, pred = seed_prediction
    run_check(checker, pred, "--section", "entities", "--section", "events", "--min", "0.85")


def test_seed_article_nested_and_hygiene_complete(seed_prediction):
    """Nested quotes and hygiene (scare quote, repeated paragraphs) are small: all must pass."""
    checker, pred = seed_prediction
    run_check(checker, pred, "--section", "nested", "--section", "hygiene", "--min", "1.0")
