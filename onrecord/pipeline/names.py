"""Gender evidence from first names, from a permissively licensed list.

The `names` package (MIT) ships the 1990 US Census first-name frequency tables
(public domain). A first name counts as male or female when one table's frequency
clearly dominates; everything else is decided by the article itself (pronouns,
honorifics, role nouns) in `speakers.py`.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _tables() -> dict[str, tuple[float, float]]:
    freq: dict[str, list[float]] = {}
    for idx, fname in ((0, "dist.male.first"), (1, "dist.female.first")):
        try:
            raw = resources.files("names").joinpath(fname).read_text(encoding="utf-8")
        except (FileNotFoundError, ModuleNotFoundError):  # pragma: no cover - dependency missing
            continue
        for line in raw.splitlines():
            parts = line.split()
            if len(parts) >= 2:
                freq.setdefault(parts[0].lower(), [0.0, 0.0])[idx] = float(parts[1])
    return {k: (v[0], v[1]) for k, v in freq.items()}


def first_name_gender(name: str) -> str | None:
    """'male', 'female' or None (unknown or ambiguous) for a first name."""
    m, f = _tables().get(name.lower(), (0.0, 0.0))
    if m == f == 0.0:
        return None
    if m >= 4 * f:
        return "male"
    if f >= 4 * m:
        return "female"
    return None
