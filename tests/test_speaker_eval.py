"""`onrecord eval --speakers`: the speaker metrics on fixtures, the shipped labels' shape,
and (with ../shared) the labels against PolNeAR dev."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from onrecord.evaluation.speakers import FORMS, SpeakerLabel, default_labels_path, read_labels, score_speakers
from onrecord.interfaces.cli import app

TEXT = "Ann Lee said the bridge was safe. Officials said it was not. He said nothing."
GOLD = {"d": [
    {"source": [[0, 7]], "cue": [[8, 12]], "content": [[13, 32]]},    # Ann Lee said the bridge was safe
    {"source": [[34, 43]], "cue": [[44, 48]], "content": [[49, 59]]},  # Officials said it was not
    {"source": [[61, 63]], "cue": [[64, 68]], "content": [[69, 76]]},  # He said nothing
]}
LABELS = {"d": {0: SpeakerLabel("d", 0, "Ann Lee", "person", "name"),
                1: SpeakerLabel("d", 1, None, "anonymous-group", "anonymous"),
                2: SpeakerLabel("d", 2, "Bo Chan", "person", "pronoun")}}


def pred(*speakers):
    return {"d": [dict(GOLD["d"][i], speaker=s, speaker_type=t) for i, (s, t) in speakers]}


def test_all_right():
    res = score_speakers(LABELS, GOLD, pred((0, ("ann lee", "person")), (1, (None, "anonymous-group")),
                                            (2, ("Bo Chan", "person"))), {"d": TEXT})
    assert (res["labelled"], res["found"], res["right"]) == (3, 3, 3)
    assert res["accuracy_on_found"] == 1.0 and res["end_to_end"] == 1.0


def test_wrong_and_missing_are_told_apart():
    errors = []
    res = score_speakers(LABELS, GOLD, pred((0, ("Ann Lee", "person")), (1, ("Officials", "group"))),
                         {"d": TEXT}, errors=errors)
    assert (res["found"], res["right"]) == (2, 1)
    assert res["accuracy_on_found"] == 0.5
    assert res["end_to_end"] == round(1 / 3, 4)
    assert res["by_form"]["anonymous"] == {"gold": 1, "found": 1, "right": 0, "accuracy_on_found": 0.0}
    assert res["by_form"]["pronoun"]["found"] == 0
    assert [e["index"] for e in errors] == [1] and errors[0]["pred"] == "Officials"


def test_label_for_a_missing_attribution_is_an_error():
    bad = {"d": {7: SpeakerLabel("d", 7, "X", "person", "name")}}
    with pytest.raises(KeyError):
        score_speakers(bad, GOLD, {}, {"d": TEXT})


def test_read_labels_checks_forms(tmp_path: Path):
    p = tmp_path / "l.tsv"
    p.write_text("doc\tindex\tspeaker\tspeaker_type\tform\nd\t0\tAnn Lee\tperson\tnickname\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown form"):
        read_labels(p)


LABEL_FILES = [("speakers-polnear-dev.tsv", 600), ("speakers-polnear-dev-check.tsv", 300),
               ("speakers-polnear-dev-check2.tsv", 300), ("speakers-polnear-train.tsv", 3200),
               ("speakers-polnear-train-check.tsv", 450), ("speakers-polnear-train-check2.tsv", 430),
               ("speakers-polnear-train-check3.tsv", 290), ("speakers-polnear-train-check4.tsv", 280),
               ("speakers-polnear-train-check5.tsv", 290), ("speakers-polnear-train-check6.tsv", 270),
               ("speakers-polnear-train-check7.tsv", 280)]


@pytest.mark.parametrize("name,at_least", LABEL_FILES)
def test_shipped_labels_follow_the_convention(name, at_least):
    labels = read_labels(default_labels_path().parent / name)
    rows = [lab for doc in labels.values() for lab in doc.values()]
    assert len(rows) >= at_least
    assert {r.form for r in rows} <= set(FORMS)
    for r in rows:
        assert (r.speaker is None) == (r.speaker_type in ("anonymous", "anonymous-group")), r
        assert r.speaker is None or not r.speaker.lower().startswith("the "), r


def test_label_sets_share_no_article():
    """Each set was drawn from articles no other set holds, so that a check set stays a check."""
    sets = [set(read_labels(default_labels_path().parent / name)) for name, _ in LABEL_FILES]
    for i, a in enumerate(sets):
        for b in sets[i + 1:]:
            assert not a & b


def test_cli_speakers_on_polnear_dev(shared_dir, tmp_path):
    """The shipped labels index the first annotator's gold of PolNeAR dev, and the CLI
    reports the figures from a prediction file (the gold itself: every speaker missing)."""
    polnear = shared_dir / "data" / "polnear"
    if not polnear.is_dir():
        pytest.skip("no PolNeAR in ../shared")
    from onrecord.evaluation.brat import gold_attributions, load_corpus

    gold = gold_attributions(load_corpus(polnear, "dev"))
    lines = [json.dumps({"id": d, "attributions": [dict(a, speaker=None, speaker_type="anonymous") for a in atts]})
             for d, atts in gold.items()]
    pred_file = tmp_path / "pred.jsonl"
    pred_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["eval", "--polnear", str(polnear), "--pred", str(pred_file), "--speakers", "--json"])
    assert res.exit_code == 0, res.output
    spk = json.loads(res.output)["speakers"]
    assert spk["labelled"] == spk["found"] >= 600
    assert spk["right"] == sum(1 for d in read_labels().values() for lab in d.values() if lab.speaker is None)


def test_cli_labelled_only_scores_just_the_labelled_articles(shared_dir, tmp_path):
    polnear = shared_dir / "data" / "polnear"
    if not polnear.is_dir():
        pytest.skip("no PolNeAR in ../shared")
    from onrecord.evaluation.brat import gold_attributions, load_corpus

    labels = default_labels_path().parent / "speakers-polnear-train-check.tsv"
    wanted = set(read_labels(labels))
    gold = gold_attributions(d for d in load_corpus(polnear, "train") if d.id in wanted)
    pred_file = tmp_path / "pred.jsonl"
    pred_file.write_text("".join(json.dumps({"id": d, "attributions": atts}) + "\n" for d, atts in gold.items()),
                         encoding="utf-8")
    res = CliRunner().invoke(app, ["eval", "--polnear", str(polnear), "--split", "train", "--pred", str(pred_file),
                                   "--speakers", "--labels", str(labels), "--labelled-only", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["documents"] == len(wanted) == 21
    assert out["who_said_what"]["f1"] == 1.0
    assert out["speakers"]["found"] == out["speakers"]["labelled"] >= 450
