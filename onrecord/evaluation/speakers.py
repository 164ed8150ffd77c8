"""Speaker accuracy: is the name onrecord puts on an attribution the one a reader would?

The attribution scorer (`metrics.score`) only asks whether the predicted source *span*
touches the gold one. A user queries by *name* (`onrecord quotes --speaker`, person
pages), so this module checks the canonical speaker itself against the project's own
hand labels (`data/speakers-polnear-dev.tsv`: doc id, index of the gold attribution in
the first annotator's list, canonical speaker, speaker type, the source's form).

* A gold attribution is **found** when a prediction is paired with it on content, the
  same one-to-one pairing (content Jaccard >= 0.5) as `who_said_what`.
* Its speaker is **right** when the names agree after `normalise_name` (case, a leading
  "The", periods, quote marks and spacing do not count); several speakers ("A; B")
  agree as sets; an anonymous gold speaker is right when the prediction names nobody
  and calls the source anonymous (either kind).
* Reported: accuracy over found attributions, by form of the gold source (name,
  partial, pronoun, description, anonymous, none), and end to end: found with the
  right speaker over all labelled gold attributions.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from .metrics import _pair, alnum_positions

#: the forms a gold source can take, in report order
FORMS = ("name", "partial", "pronoun", "description", "anonymous", "none")
ANONYMOUS_TYPES = frozenset({"anonymous", "anonymous-group"})
DEFAULT_LABELS = "speakers-polnear-dev.tsv"

_QUOTES = re.compile("[\"'\u2018\u2019\u201c\u201d`]")


@dataclass(frozen=True)
class SpeakerLabel:
    """One hand label: who the article credits with gold attribution `index` of `doc`."""

    doc: str
    index: int
    speaker: str | None
    speaker_type: str
    form: str


def default_labels_path() -> Path:
    return Path(str(resources.files("onrecord.evaluation") / "data" / DEFAULT_LABELS))


def read_labels(path: str | Path | None = None) -> dict[str, dict[int, SpeakerLabel]]:
    """doc id -> gold index -> label, from a TSV with a `doc index speaker speaker_type form` header."""
    path = Path(path) if path is not None else default_labels_path()
    out: dict[str, dict[int, SpeakerLabel]] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh, delimiter="\t"), 2):
            try:
                label = SpeakerLabel(row["doc"], int(row["index"]), row["speaker"] or None,
                                     row["speaker_type"], row["form"])
            except (KeyError, TypeError, ValueError) as exc:
                raise ValueError(f"{path}:{n}: not a speaker label ({exc})") from None
            if label.form not in FORMS:
                raise ValueError(f"{path}:{n}: unknown form {label.form!r} (one of {', '.join(FORMS)})")
            out.setdefault(label.doc, {})[label.index] = label
    return out


def normalise_name(name: str) -> str:
    """A name as compared: NFKC, case-folded, no leading "the", no periods or quote marks."""
    s = unicodedata.normalize("NFKC", name).casefold()
    s = _QUOTES.sub("", s.replace(".", " "))
    s = " ".join(s.split())
    return s[4:] if s.startswith("the ") else s


def _names(speaker: str) -> frozenset[str]:
    return frozenset(normalise_name(p) for p in speaker.split(";") if p.strip())


def speaker_right(label: SpeakerLabel, speaker: str | None, speaker_type: str | None) -> bool:
    """Does a predicted (speaker, speaker_type) agree with the hand label?"""
    if label.speaker is None:
        return speaker is None and speaker_type in ANONYMOUS_TYPES
    return speaker is not None and _names(speaker) == _names(label.speaker)


def score_speakers(labels: Mapping[str, Mapping[int, SpeakerLabel]],
                   gold: Mapping[str, Sequence[Mapping[str, Any]]],
                   pred: Mapping[str, Sequence[Mapping[str, Any]]],
                   texts: Mapping[str, str], *, errors: list | None = None) -> dict[str, Any]:
    """Speaker figures over the labelled gold attributions (see the module docstring).

    `pred` holds predicted attribution dicts with `content` and `speaker`/`speaker_type`
    (nested quotes left out, as for `metrics.score`). `errors`, when given, receives one
    dict per found attribution whose speaker is wrong."""
    tally: Counter[str] = Counter()
    for doc_id, doc_labels in labels.items():
        if doc_id not in gold or doc_id not in texts:
            raise KeyError(f"labelled document {doc_id!r} is not in the corpus")
        text = texts[doc_id]
        g = [alnum_positions(a.get("content"), text) for a in gold[doc_id]]
        preds = [a for a in pred.get(doc_id, []) if alnum_positions(a.get("content"), text)]
        p = [alnum_positions(a.get("content"), text) for a in preds]
        paired = dict(_pair(g, p))
        for index, label in doc_labels.items():
            if index >= len(g):
                raise KeyError(f"{doc_id}: label for gold attribution {index}, which does not exist")
            tally["gold"] += 1
            tally[f"{label.form}.gold"] += 1
            if index not in paired:
                continue
            a = preds[paired[index]]
            tally["found"] += 1
            tally[f"{label.form}.found"] += 1
            if speaker_right(label, a.get("speaker"), a.get("speaker_type")):
                tally["right"] += 1
                tally[f"{label.form}.right"] += 1
            elif errors is not None:
                errors.append({"doc": doc_id, "index": index, "form": label.form, "gold": label.speaker,
                               "gold_type": label.speaker_type, "pred": a.get("speaker"),
                               "pred_type": a.get("speaker_type"),
                               "source": [text[s:e] for s, e in a.get("source") or []]})

    def ratio(n: str, d: str) -> float:
        return round(tally[n] / tally[d], 4) if tally[d] else 0.0

    return {
        "labelled": tally["gold"], "found": tally["found"], "right": tally["right"],
        "accuracy_on_found": ratio("right", "found"),
        "end_to_end": ratio("right", "gold"),
        "by_form": {f: {"gold": tally[f"{f}.gold"], "found": tally[f"{f}.found"], "right": tally[f"{f}.right"],
                        "accuracy_on_found": ratio(f"{f}.right", f"{f}.found")} for f in FORMS},
    }


def format_speaker_table(res: Mapping[str, Any]) -> str:
    """A `score_speakers` result as a text table (no trailing newline)."""
    lines = [f"speakers: {res['labelled']} labelled gold attributions, {res['found']} found",
             f"{'form':14} {'gold':>6} {'found':>6} {'right':>6} {'accuracy':>9}"]
    for form, v in res["by_form"].items():
        lines.append(f"{form:14} {v['gold']:6d} {v['found']:6d} {v['right']:6d} {v['accuracy_on_found']:9.3f}")
    lines.append(f"{'all':14} {res['labelled']:6d} {res['found']:6d} {res['right']:6d} {res['accuracy_on_found']:9.3f}")
    lines.append(f"end to end (found, right speaker / labelled): {res['end_to_end']:.3f}")
    return "\n".join(lines)
