"""PolNeAR dev, end to end: analyse the 84 dev texts, score with the shared reference scorer.

Asserts the headline figure (who_said_what F1) stays at or above 0.60, that the
in-process `onrecord.evaluation.metrics.score` gives the very same numbers as the
reference script on the same predictions, and that the speakers of the same predictions
stay right on the shipped dev labels (guards below the measured 0.933 on found and 0.653
end to end). Skipped when ../shared is absent.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from onrecord.evaluation.brat import corpus_texts, gold_attributions, load_corpus, read_predictions
from onrecord.evaluation.metrics import score
from onrecord.evaluation.speakers import read_labels, score_speakers

MIN_WHO_SAID_WHAT_F1 = 0.60
MIN_SPEAKERS_ON_FOUND = 0.90
MIN_SPEAKERS_END_TO_END = 0.60


def test_polnear_dev_who_said_what(analyzer, shared_dir: Path, tmp_path: Path):
    polnear = shared_dir / "data" / "polnear"
    text_dir = polnear / "dev" / "text"
    scorer = shared_dir / "eval" / "score_attributions.py"
    if not text_dir.is_dir() or not scorer.is_file():
        pytest.skip(f"../shared not present: PolNeAR dev scoring skipped (no {text_dir} or {scorer})")
    paths = sorted(text_dir.glob("*.txt"))
    assert len(paths) == 84, f"expected the 84 PolNeAR dev texts, found {len(paths)}"

    def items():
        for p in paths:
            with open(p, encoding="utf-8", newline="") as fh:
                yield p.stem, fh.read()

    pred = tmp_path / "dev.jsonl"
    with open(pred, "w", encoding="utf-8") as out:
        for article in analyzer.analyze_many(items()):
            out.write(json.dumps(article.to_record(), ensure_ascii=False) + "\n")

    proc = subprocess.run(
        [sys.executable, str(scorer), "--polnear", str(polnear), "--split", "dev", "--pred", str(pred), "--json"],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    reference = json.loads(proc.stdout)
    print(json.dumps(reference, indent=1))
    assert reference["documents"] == 84
    assert reference["documents_without_prediction"] == 0
    f1 = reference["who_said_what"]["f1"]
    assert f1 >= MIN_WHO_SAID_WHAT_F1, f"who_said_what F1 {f1} < {MIN_WHO_SAID_WHAT_F1}: {reference['who_said_what']}"

    docs = load_corpus(polnear, "dev")
    ours = score(gold_attributions(docs), read_predictions(pred), corpus_texts(docs))
    assert ours == reference

    speakers = score_speakers(read_labels(), gold_attributions(docs), read_predictions(pred), corpus_texts(docs))
    assert speakers["labelled"] == 688
    assert speakers["accuracy_on_found"] >= MIN_SPEAKERS_ON_FOUND, speakers
    assert speakers["end_to_end"] >= MIN_SPEAKERS_END_TO_END, speakers
