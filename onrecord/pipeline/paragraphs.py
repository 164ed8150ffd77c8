"""Paragraph breaks are sentence breaks.

spaCy's small parser happily runs a sentence across a blank line after a closing
quotation mark, which glues one paragraph's quote to the next paragraph's narration.
News paragraphs never share a sentence, so this component, placed before the parser,
marks the first token after every line break as a sentence start; the parser keeps
preset boundaries.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("onrecord_paragraphs", assigns=["token.is_sent_start"])
def paragraph_breaks(doc: Doc) -> Doc:
    after_break = False
    for tok in doc:
        if after_break and not tok.is_space:
            tok.is_sent_start = True
            after_break = False
        if "\n" in tok.text or "\n" in tok.whitespace_:
            after_break = True
    return doc
