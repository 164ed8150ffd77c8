"""Fixtures shared by the whole test suite.

* ``analyzer``: one `onrecord.Analyzer` for the whole run, so spaCy is loaded once.
* ``shared_dir``: the developers' ``../shared`` folder (seed article, PolNeAR, scorers);
  tests that need it are skipped, with a reason, on a fresh clone that has none.
"""
from __future__ import annotations

from pathlib import Path

import pytest

#: ``../shared`` seen from the project root (this file is ``<root>/tests/conftest.py``)
SHARED_DIR = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def analyzer():
    """One analyzer (spaCy loaded once) for every test that analyses text in-process."""
    from onrecord import Analyzer

    return Analyzer()


@pytest.fixture
def shared_dir(request) -> Path:
    """``../shared``; skips the requesting test when it is missing."""
    if not SHARED_DIR.is_dir():
        pytest.skip(f"../shared not present: {request.node.name} skipped (it needs {SHARED_DIR})")
    return SHARED_DIR
