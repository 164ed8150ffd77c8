"""onrecord: who said what, about whom, and when — from news text.

    >>> import onrecord
    >>> article = onrecord.analyze('"We support victims," Kutcher said.')
    >>> article.attributions[0].speaker
    'Kutcher'
"""
from __future__ import annotations

__version__ = "0.1.0"

from .analysis import Analyzer, analyze  # noqa: E402
from .model import Article, Attribution, RepeatedParagraph  # noqa: E402

__all__ = ["Analyzer", "Article", "Attribution", "RepeatedParagraph", "analyze", "__version__"]
