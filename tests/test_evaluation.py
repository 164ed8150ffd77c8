"""Tests for onrecord.evaluation: the brat reader and the attribution metrics.

The unit tests use tiny hand-written fixtures whose expected values are worked out
by hand. The parity tests check that ``score`` reproduces the project's reference
scorer (``../shared/eval/score_attributions.py``) exactly on PolNeAR dev; they skip
when ``../shared`` is absent, as on a fresh clone.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from onrecord.evaluation.brat import (
    BratDocument,
    corpus_texts,
    gold_attributions,
    group_by_document,
    load_corpus,
    parse_ann,
    read_ann,
    read_predictions,
)
from onrecord.evaluation.metrics import alnum_positions, format_table, is_direct, score

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SCORER = SHARED / "eval" / "score_attributions.py"
POLNEAR = SHARED / "data" / "polnear"

# ---------------------------------------------------------------- fixtures

TEXT = 'Smith said "taxes will rise." Jones argued, the plan fails.\r\nNobody knows.'


def span(text: str, needle: str) -> list[int]:
    """[start, end) of the first occurrence of ``needle`` in ``text``."""
    start = text.index(needle)
    return [start, start + len(needle)]


SMITH = {
    "content": [span(TEXT, '"taxes will rise."')],
    "source": [span(TEXT, "Smith")],
    "cue": [span(TEXT, "said")],
}
JONES = {
    "content": [span(TEXT, "the plan fails")],
    "source": [span(TEXT, "Jones")],
    "cue": [span(TEXT, "argued")],
}
GOLD = {"d": [SMITH, JONES]}
TEXTS = {"d": TEXT}


def fragment_line(tid: str, label: str, frags: list[list[int]], text: str) -> str:
    offsets = ";".join(f"{a} {b}" for a, b in frags)
    return f"{tid}\t{label} {offsets}\t{' '.join(text[a:b] for a, b in frags)}"


ANN = "\n".join(
    [
        fragment_line("T1", "Source", [span(TEXT, "Smith")], TEXT),
        fragment_line("T2", "Cue", [span(TEXT, "said")], TEXT),
        # a discontinuous content: two fragments
        fragment_line("T3", "Content", [span(TEXT, "taxes"), span(TEXT, "rise")], TEXT),
        fragment_line("T4", "Attribution", [span(TEXT, "said")], TEXT),
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        fragment_line("T5", "Content", [span(TEXT, "the plan fails")], TEXT),
        fragment_line("T6", "Attribution", [span(TEXT, "argued")], TEXT),
        "E2\tAttribution:T6 Content:T5",  # no source, no cue
        fragment_line("T7", "Attribution", [span(TEXT, "knows")], TEXT),
        "E3\tAttribution-no-source:T7",  # no content: skipped
        "A1\tNegation E1",
        "#1\tAnnotatorNotes T1\tsome note",
        "",
    ]
)


def write_split(base: Path, files: dict[str, str], texts: dict[str, str]) -> None:
    (base / "attributions").mkdir(parents=True)
    (base / "text").mkdir(parents=True)
    for name, content in files.items():
        (base / "attributions" / name).write_text(content, encoding="utf-8")
    for name, content in texts.items():
        (base / "text" / name).write_bytes(content.encode("utf-8"))


# ---------------------------------------------------------------- brat reader


def test_parse_ann_reads_events_and_discontinuous_spans() -> None:
    attributions = parse_ann(ANN)
    assert attributions == [
        {
            "source": [span(TEXT, "Smith")],
            "cue": [span(TEXT, "said")],
            "content": [span(TEXT, "taxes"), span(TEXT, "rise")],
        },
        {"source": [], "cue": [], "content": [span(TEXT, "the plan fails")]},
    ]


def test_read_ann_handles_crlf_and_unknown_ids(tmp_path: Path) -> None:
    path = tmp_path / "x_a.ann"
    path.write_bytes("T1\tContent 0 5;6 10\tSmith said\r\nE1\tAttribution:T9 Content:T1 Source:T8\r\n".encode())
    assert read_ann(path) == [{"source": [], "cue": [], "content": [[0, 5], [6, 10]]}]


def test_load_corpus_orders_annotators_and_picks_first_as_gold(tmp_path: Path) -> None:
    other = 'Jones said "no."'
    write_split(
        tmp_path / "dev",
        {
            "doc_one_bb.ann": ANN,
            "doc_one_aa.ann": "T1\tContent 0 5\tSmith\nE1\tAttribution:T1 Content:T1\n",
            "doc_two_cc.ann": "",
            "README": "not an annotation file",
        },
        {"doc_one.txt": TEXT, "doc_two.txt": other},
    )
    docs = load_corpus(tmp_path, "dev")
    assert [(d.id, d.annotator) for d in docs] == [("doc_one", "aa"), ("doc_one", "bb"), ("doc_two", "cc")]
    assert all(isinstance(d, BratDocument) for d in docs)
    # texts are read without newline translation, so offsets stay valid
    assert docs[0].text == TEXT and "\r\n" in docs[0].text
    assert docs[1].attributions == parse_ann(ANN)
    assert gold_attributions(docs) == {"doc_one": [{"source": [], "cue": [], "content": [[0, 5]]}], "doc_two": []}
    assert [d.annotator for d in group_by_document(docs)["doc_one"]] == ["aa", "bb"]
    assert corpus_texts(docs) == {"doc_one": TEXT, "doc_two": other}


def test_load_corpus_accepts_data_layout(tmp_path: Path) -> None:
    write_split(tmp_path / "data" / "dev", {"doc_x.ann": ANN}, {"doc.txt": TEXT})
    docs = load_corpus(tmp_path, "dev")
    assert [(d.id, d.annotator) for d in docs] == [("doc", "x")]


def test_load_corpus_reports_missing_text(tmp_path: Path) -> None:
    write_split(tmp_path / "dev", {"doc_x.ann": ANN}, {})
    with pytest.raises(FileNotFoundError, match="doc"):
        load_corpus(tmp_path, "dev")


def test_read_predictions_drops_nested_quotes(tmp_path: Path) -> None:
    path = tmp_path / "pred.jsonl"
    lines = [
        {"id": "d", "attributions": [SMITH, {**JONES, "nested_in": 0}, {**JONES, "nested_in": None}]},
        {"id": 7, "attributions": None},
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n", encoding="utf-8")
    assert read_predictions(path) == {"d": [SMITH, {**JONES, "nested_in": None}], "7": []}
    path.write_text('{"attributions": []}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="no 'id'"):
        read_predictions(path)


# ---------------------------------------------------------------- metrics


def test_helpers() -> None:
    assert alnum_positions([[0, 7]], "a, b!  ") == frozenset({0, 3})
    assert alnum_positions([[-3, 2], [5, 99]], "ab cdef") == frozenset({0, 1, 5, 6})
    assert is_direct([span(TEXT, '"taxes will rise."')], TEXT)
    assert not is_direct([span(TEXT, "the plan fails")], TEXT)
    assert is_direct([[0, 8]], "``yes''.")
    assert is_direct([[0, 5]], "\u201cyes\u201d")


def test_perfect_prediction_scores_one() -> None:
    result = score(GOLD, GOLD, TEXTS)
    for key in ("source", "cue", "content"):
        for match in ("exact", "overlap"):
            assert result[f"{key}_{match}"]["f1"] == 1.0
    assert result["attribution_content"] == {"p": 1.0, "r": 1.0, "f1": 1.0, "tp": 2, "pred": 2, "gold": 2}
    assert result["who_said_what"] == {"p": 1.0, "r": 1.0, "f1": 1.0, "tp": 2, "pred": 2, "gold": 2}
    assert result["who_said_what_recall_direct"] == 1.0
    assert result["who_said_what_recall_indirect"] == 1.0
    assert result["documents"] == 1 and result["documents_without_prediction"] == 0
    # "Smith" + "said" + "taxeswillrise" alphanumerics
    assert result["content_overlap"]["gold"] == len("taxeswillrise") + len("theplanfails")


def test_wrong_source_counts_content_but_not_who_said_what() -> None:
    pred = {"d": [{**SMITH, "source": [span(TEXT, "Jones")]}]}
    result = score({"d": [SMITH]}, pred, TEXTS)
    assert result["attribution_content"] == {"p": 1.0, "r": 1.0, "f1": 1.0, "tp": 1, "pred": 1, "gold": 1}
    assert result["who_said_what"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "tp": 0, "pred": 1, "gold": 1}
    assert result["source_exact"]["tp"] == 0
    assert result["who_said_what_recall_direct"] == 0.0


def test_missing_source_on_both_sides_is_right() -> None:
    no_source = {**JONES, "source": []}
    result = score({"d": [no_source]}, {"d": [no_source]}, TEXTS)
    assert result["who_said_what"]["tp"] == 1
    # a source predicted where gold has none is wrong
    result = score({"d": [no_source]}, {"d": [JONES]}, TEXTS)
    assert result["who_said_what"]["tp"] == 0 and result["attribution_content"]["tp"] == 1


def test_jaccard_below_half_makes_no_pair() -> None:
    pred = {"d": [{**JONES, "content": [span(TEXT, "fails")]}]}
    result = score({"d": [JONES]}, pred, TEXTS)
    # Jaccard = 5 / 12 < 0.5
    assert result["attribution_content"]["tp"] == 0
    assert result["who_said_what"]["tp"] == 0
    # overlap still credits the shared characters: P = 5/5, R = 5/12
    assert result["content_overlap"] == {"p": 1.0, "r": 0.4167, "f1": 0.5882, "tp": 5, "pred": 5, "gold": 12}
    # "plan fails" (9 of 12 characters) does pair
    pred = {"d": [{**JONES, "content": [span(TEXT, "plan fails")]}]}
    assert score({"d": [JONES]}, pred, TEXTS)["who_said_what"]["tp"] == 1


def test_edge_punctuation_and_spaces_are_ignored() -> None:
    gold = {"d": [{**SMITH, "content": [span(TEXT, "taxes will rise")]}]}
    pred = {"d": [{**SMITH, "content": [span(TEXT, ' "taxes will rise." ')], "source": [span(TEXT, "Smith ")]}]}
    result = score(gold, pred, TEXTS)
    assert result["content_exact"]["tp"] == 1
    assert result["source_exact"]["tp"] == 1
    assert result["who_said_what"]["f1"] == 1.0


def test_one_to_one_pairing_and_multiset_exact() -> None:
    # the same prediction twice: one pair only, and one exact match only
    result = score({"d": [SMITH]}, {"d": [SMITH, SMITH]}, TEXTS)
    assert result["attribution_content"] == {"p": 0.5, "r": 1.0, "f1": 0.6667, "tp": 1, "pred": 2, "gold": 1}
    assert result["content_exact"]["tp"] == 1 and result["content_exact"]["pred"] == 2


def test_empty_predictions_and_missing_documents() -> None:
    punct_only = {"content": [span(TEXT, '."')], "source": [], "cue": []}
    result = score({"d": [SMITH], "e": []}, {"d": [punct_only]}, {"d": TEXT, "e": ""})
    assert result["documents"] == 2
    assert result["documents_without_prediction"] == 1
    assert result["attribution_content"]["pred"] == 0  # no alphanumeric content: dropped
    assert result["who_said_what"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "tp": 0, "pred": 0, "gold": 1}
    with pytest.raises(KeyError, match="no text"):
        score({"x": []}, {}, {})


def test_format_table() -> None:
    lines = format_table(score(GOLD, GOLD, TEXTS)).split("\n")
    assert lines[0] == "documents: 1"
    assert lines[1] == "metric                             P       R      F1"
    assert lines[2] == "source_exact                   1.000   1.000   1.000"
    assert len(lines) == 12
    assert lines[-1] == "who_said_what recall, indirect speech: 1.000"


# ---------------------------------------------------------------- parity with the reference scorer


def perturb(attributions: list[dict], seed: int, text: str) -> list[dict]:
    """Deterministically damage gold attributions in ways each metric notices."""
    out: list[dict] = []
    for k, a in enumerate(attributions):
        case = (seed + k) % 6
        content = [list(f) for f in a["content"]]
        if case == 0:
            continue  # missed attribution
        if case == 1:  # trim the content: exact fails, pairing may survive
            content[0] = [content[0][0] + 4, content[0][1]]
            out.append({**a, "content": content, "speaker": "x", "kind": "indirect"})
        elif case == 2:  # wrong source: the cue
            out.append({**a, "source": a["cue"]})
        elif case == 3:  # keep only a short head of the content: no pair
            out.append({**a, "content": [[content[0][0], content[0][0] + 12]]})
        elif case == 4:  # widen to edge punctuation, drop the source
            out.append({**a, "content": [[max(0, f[0] - 1), min(len(text), f[1] + 1)] for f in content], "source": []})
        else:  # exact, plus a nested quote and an empty-content prediction
            out.extend([a, {**a, "nested_in": len(out)}, {"content": [], "source": a["source"], "cue": []}])
    return out


@pytest.fixture(scope="module")
def dev_corpus() -> list[BratDocument]:
    if not (SCORER.is_file() and ((POLNEAR / "dev").is_dir() or (POLNEAR / "data" / "dev").is_dir())):
        pytest.skip(f"../shared not present: no reference scorer and PolNeAR dev at {SHARED}")
    return load_corpus(POLNEAR, "dev")


def run_scorer(*args: str) -> str:
    proc = subprocess.run(
        [sys.executable, str(SCORER), "--polnear", str(POLNEAR), "--split", "dev", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return proc.stdout


def test_matches_reference_scorer_on_polnear_dev(dev_corpus: list[BratDocument], tmp_path: Path) -> None:
    grouped = group_by_document(dev_corpus)
    texts = corpus_texts(dev_corpus)
    lines = []
    for n, (doc_id, anns) in enumerate(grouped.items()):
        if n % 10 == 9:
            continue  # a document with no prediction line
        if len(anns) > 1:
            attributions = anns[1].attributions  # the second annotator as a system
        else:
            attributions = perturb(anns[0].attributions, n, texts[doc_id])
        lines.append({"id": doc_id, "attributions": attributions})
    lines.append({"id": "not-a-polnear-document", "attributions": [SMITH]})
    pred_path = tmp_path / "dev.jsonl"
    pred_path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")

    expected = json.loads(run_scorer("--pred", str(pred_path), "--json"))
    ours = score(gold_attributions(dev_corpus), read_predictions(pred_path), texts)
    assert ours == expected
    assert 0.0 < ours["who_said_what"]["f1"] < ours["attribution_content"]["f1"] < 1.0
    assert ours["documents_without_prediction"] > 0

    assert format_table(ours) + "\n" == run_scorer("--pred", str(pred_path))


def test_matches_reference_scorer_annotator_agreement(dev_corpus: list[BratDocument]) -> None:
    grouped = {d: anns for d, anns in group_by_document(dev_corpus).items() if len(anns) > 1}
    if not grouped:
        pytest.skip("no PolNeAR dev document has two annotators")
    gold = {d: anns[0].attributions for d, anns in grouped.items()}
    pred = {d: anns[1].attributions for d, anns in grouped.items()}
    ours = score(gold, pred, corpus_texts(dev_corpus))
    expected = json.loads(run_scorer("--human", "--json"))
    assert ours == expected
