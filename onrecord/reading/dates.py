"""Dates given by the user: ``--since``/``--until``/``--date`` and the API's date parameters.

They take the three documented forms — ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` — and must be
real calendar dates: ``2023-13-45`` or ``2023-02-30`` are errors that name the parameter,
never a filter that silently matches nothing.

    iso_date_param("2023-09", "--since")       # -> "2023-09"
    iso_date_param("2023-13-45", "--since")    # DateParamError: --since '2023-13-45': not a date (…)

Dates inside the data (JSONL fields, HTML metadata, WARC-Date) stay lenient
(`onrecord.reading.sources.normalise_date`), but an impossible ISO date there becomes
None rather than being stored.
"""
from __future__ import annotations

import re
from datetime import date

_ISO_FORM = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")

DATE_FORMS = "use YYYY, YYYY-MM or YYYY-MM-DD"


class DateParamError(ValueError):
    """A date parameter that is not a real date in one of the three forms; `str()` is one
    line naming the parameter; `param` is its name."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(message)
        self.param = param


def real_iso_date(s: str) -> bool:
    """True for ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` naming a real date (year 1–9999)."""
    m = _ISO_FORM.fullmatch(s)
    if m is None:
        return False
    year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def iso_date_param(value: str | None, name: str) -> str | None:
    """`value` (stripped) when it is a real date in one of the three forms, None for None;
    else `DateParamError` whose message names `name`."""
    if value is None:
        return None
    raw = str(value)
    s = raw.strip()
    if not real_iso_date(s):
        shown = raw if len(raw) <= 60 else raw[:57] + "..."
        raise DateParamError(name, f"{name} {shown!r}: not a date ({DATE_FORMS})")
    return s
