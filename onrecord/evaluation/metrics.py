"""Attribution ("who said what") metrics, identical to the project's reference scorer.

The numbers here must match ``../shared/eval/score_attributions.py`` to the last
digit, so that a score computed in-process (in a notebook, a training loop, a test)
can be quoted as the official one. The semantics, and why:

* Spans are compared as the set of **alphanumeric** character positions they cover,
  so annotators' and systems' habits about punctuation, quote marks and spaces at
  span edges never count as errors.
* **Exact** (per role): multiset matching of those character sets.
* **Overlap** (per role): characters labelled with the role on both sides;
  P = shared / predicted, R = shared / gold.
* **Attribution**: gold and predicted attributions are paired one-to-one, best
  content Jaccard first, and a pair needs Jaccard >= 0.5. ``attribution_content``
  counts those pairs; ``who_said_what`` (the headline figure) also needs the sources
  to share a character, or both to have none.
* **By kind**: who_said_what recall for gold attributions whose content holds a
  double quotation mark (direct quotes) and for the rest (indirect speech).

Everything is micro-averaged over documents; P/R/F1 are rounded to 4 decimals.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from onrecord.evaluation.brat import ROLES

__all__ = ["DOUBLE_QUOTES", "PAIR_THRESHOLD", "alnum_positions", "format_table", "is_direct", "score"]

#: Characters that make a content a direct quote (plus the ASCII pairs '' and ``).
DOUBLE_QUOTES: frozenset[str] = frozenset('"\u201c\u201d\u201e\u201f\u00ab\u00bb')
#: Minimal content Jaccard for a gold and a predicted attribution to be paired.
PAIR_THRESHOLD = 0.5

_METRIC_ROWS: tuple[str, ...] = tuple(f"{r}_{m}" for r in ROLES for m in ("exact", "overlap")) + (
    "attribution_content",
    "who_said_what",
)

Fragments = Iterable[Sequence[int]] | None


def alnum_positions(frags: Fragments, text: str) -> frozenset[int]:
    """Alphanumeric character positions covered by a span's fragments.

    Fragments are clipped to the text, so out-of-range offsets cost recall or
    precision instead of raising.
    """
    positions: set[int] = set()
    for frag in frags or []:
        start, end = max(0, int(frag[0])), min(len(text), int(frag[1]))
        positions.update(i for i in range(start, end) if text[i].isalnum())
    return frozenset(positions)


def is_direct(frags: Fragments, text: str) -> bool:
    """True when the content holds a double quotation mark (two apostrophes or two backticks count too).

    This is how quotes are told from reported speech without any annotation of kind.
    """
    for frag in frags or []:
        segment = text[int(frag[0]) : int(frag[1])]
        if any(ch in DOUBLE_QUOTES for ch in segment) or "''" in segment or "``" in segment:
            return True
    return False


def _pair(gold: Sequence[frozenset[int]], pred: Sequence[frozenset[int]]) -> list[tuple[int, int]]:
    """Greedy one-to-one pairing of contents, best Jaccard first.

    Ties are broken towards the higher gold index, then the higher prediction index,
    which is the order the reference scorer's reverse tuple sort gives; keeping it
    makes the pairing (hence who_said_what) identical even on ties.
    """
    candidates: list[tuple[float, int, int]] = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            shared = len(g & p)
            if not shared:
                continue
            jaccard = shared / len(g | p)
            if jaccard >= PAIR_THRESHOLD:
                candidates.append((jaccard, i, j))
    candidates.sort(reverse=True)
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _jaccard, i, j in candidates:
        if i in used_gold or j in used_pred:
            continue
        used_gold.add(i)
        used_pred.add(j)
        pairs.append((i, j))
    return pairs


def _score_document(text: str, gold: Sequence[Mapping[str, Any]], pred: Sequence[Mapping[str, Any]], tally: Counter[str]) -> None:
    """Add one document's counts to ``tally`` (micro-averaging happens in ``_prf``)."""
    g = [{role: alnum_positions(a.get(role), text) for role in ROLES} for a in gold]
    # A prediction with no alphanumeric content cannot be paired or matched: drop it.
    p = [a for a in ({role: alnum_positions(a.get(role), text) for role in ROLES} for a in pred) if a["content"]]

    for role in ROLES:
        gold_sets = Counter(a[role] for a in g if a[role])
        pred_sets = Counter(a[role] for a in p if a[role])
        tally[f"{role}.exact.tp"] += sum((gold_sets & pred_sets).values())
        tally[f"{role}.exact.pred"] += sum(pred_sets.values())
        tally[f"{role}.exact.gold"] += sum(gold_sets.values())
        gold_chars = frozenset().union(*(a[role] for a in g))
        pred_chars = frozenset().union(*(a[role] for a in p))
        tally[f"{role}.overlap.tp"] += len(gold_chars & pred_chars)
        tally[f"{role}.overlap.pred"] += len(pred_chars)
        tally[f"{role}.overlap.gold"] += len(gold_chars)

    pairs = _pair([a["content"] for a in g], [a["content"] for a in p])
    tally["attr.pred"] += len(p)
    tally["attr.gold"] += len(g)
    tally["content.tp"] += len(pairs)
    for i, j in pairs:
        gold_source, pred_source = g[i]["source"], p[j]["source"]
        # The source is right if it shares a character with gold's, or both have none.
        if bool(gold_source & pred_source) if gold_source else not pred_source:
            tally["wsw.tp"] += 1
            tally[f"kind.{_kind(gold[i], text)}.tp"] += 1
    for a in gold:
        tally[f"kind.{_kind(a, text)}.gold"] += 1


def _kind(attribution: Mapping[str, Any], text: str) -> str:
    return "direct" if is_direct(attribution.get("content"), text) else "indirect"


def _prf(tally: Counter[str], tp_key: str, pred_key: str, gold_key: str) -> dict[str, float | int]:
    """P/R/F1 (rounded to 4 decimals) plus the raw counts, so results can be re-aggregated."""
    tp, n_pred, n_gold = tally[tp_key], tally[pred_key], tally[gold_key]
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": tp, "pred": n_pred, "gold": n_gold}


def score(
    gold: Mapping[str, Sequence[Mapping[str, Any]]],
    pred: Mapping[str, Sequence[Mapping[str, Any]]],
    texts: Mapping[str, str],
) -> dict[str, Any]:
    """Score predicted attributions against gold, over the documents in ``gold``.

    ``gold`` and ``pred`` map document ids to attribution dicts (``content``,
    ``source``, ``cue`` as lists of ``[start, end)`` fragments; other keys ignored);
    ``texts`` maps ids to the texts the offsets index. Predictions for documents not
    in ``gold`` are ignored; gold documents without a prediction are scored as
    predicting nothing and counted in ``documents_without_prediction``. Callers
    reading JSONL should drop nested quotes first (``brat.read_predictions`` does).

    Returns the reference scorer's ``--json`` object: ``documents``, per role
    ``<role>_exact`` and ``<role>_overlap``, ``attribution_content``,
    ``who_said_what`` (each ``{"p", "r", "f1", "tp", "pred", "gold"}``),
    ``who_said_what_recall_direct``/``_indirect`` and ``documents_without_prediction``.
    """
    tally: Counter[str] = Counter()
    for doc_id, gold_attributions in gold.items():
        if doc_id not in texts:
            raise KeyError(f"no text for document {doc_id!r}")
        _score_document(texts[doc_id], gold_attributions, pred.get(doc_id, []), tally)

    result: dict[str, Any] = {"documents": len(gold)}
    for role in ROLES:
        for match in ("exact", "overlap"):
            key = f"{role}.{match}"
            result[f"{role}_{match}"] = _prf(tally, f"{key}.tp", f"{key}.pred", f"{key}.gold")
    result["attribution_content"] = _prf(tally, "content.tp", "attr.pred", "attr.gold")
    result["who_said_what"] = _prf(tally, "wsw.tp", "attr.pred", "attr.gold")
    for kind in ("direct", "indirect"):
        n_gold = tally[f"kind.{kind}.gold"]
        result[f"who_said_what_recall_{kind}"] = round(tally[f"kind.{kind}.tp"] / n_gold, 4) if n_gold else 0.0
    result["documents_without_prediction"] = sum(1 for doc_id in gold if doc_id not in pred)
    return result


def format_table(result: Mapping[str, Any]) -> str:
    """Render a ``score`` result as the reference scorer's text table (no trailing newline)."""
    lines = [f"documents: {result['documents']}", f"{'metric':28} {'P':>7} {'R':>7} {'F1':>7}"]
    for key in _METRIC_ROWS:
        v = result[key]
        lines.append(f"{key:28} {v['p']:7.3f} {v['r']:7.3f} {v['f1']:7.3f}")
    lines.append(f"who_said_what recall, direct quotes:   {result['who_said_what_recall_direct']:.3f}")
    lines.append(f"who_said_what recall, indirect speech: {result['who_said_what_recall_indirect']:.3f}")
    return "\n".join(lines)
