"""onrecord's analysis steps as registered spaCy components.

Any spaCy pipeline with a parser and NER can use them:

    import spacy, onrecord.pipeline.components
    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("onrecord_attributions")
    nlp.add_pipe("onrecord_speakers")
    doc = nlp(text)
    doc._.onrecord_attributions   # list[onrecord.model.Attribution]

The factories are also declared as `spacy_factories` entry points, so `add_pipe` finds
them once onrecord is installed, even without the import.
"""
from __future__ import annotations

from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc

from .attribution import Attributor
from .cues import (ACCURATE_ATTRIBUTION_MODEL, ACCURATE_CUE_MODEL, ATTRIBUTION_MODEL, SPARSE_ATTRIBUTION_MODEL,
                   SPARSE_CUE_MODEL, CueModel)
from .people import PeopleBuilder
from .speakers import SpeakerResolver
from .timeline import TimelineBuilder

for _name, _default in (("onrecord_quotes", None), ("onrecord_attributions", None), ("onrecord_inventory", None),
                        ("onrecord_entities", None), ("onrecord_events", None), ("onrecord_reference", None),
                        ("onrecord_encoder", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


class EncoderComponent:
    """Sets `doc._.onrecord_encoder`: the fine-tuned encoder's label probabilities, one
    row of `encoder.LABELS` per token (see `encoder.py`)."""

    def __init__(self, model_dir: str | None = None, threads: int | None = None) -> None:
        from .encoder import shared_tagger

        self.tagger = shared_tagger(model_dir, threads)

    def __call__(self, doc: Doc) -> Doc:
        doc._.onrecord_encoder = self.tagger.token_probs(doc)
        return doc


@Language.factory(
    "onrecord_encoder",
    default_config={"model_dir": None, "threads": None},
    assigns=["doc._.onrecord_encoder"],
)
def make_encoder(nlp: Language, name: str, model_dir: str | None, threads: int | None) -> EncoderComponent:
    """The accurate mode's reader: source/cue/content tags for every token, from the
    shipped int8 ONNX encoder (needs onnxruntime and tokenizers: `onrecord[accurate]`).
    Put it before `onrecord_attributions` configured with `accurate = true`."""
    return EncoderComponent(model_dir, threads)


@Language.factory(
    "onrecord_attributions",
    default_config={"model_path": None, "attribution_model_path": None, "threshold": None,
                    "threshold_quoted": None, "accurate": False},
    requires=["token.dep", "token.pos", "token.lemma"],
    assigns=["doc._.onrecord_attributions", "doc._.onrecord_quotes"],
)
def make_attributor(nlp: Language, name: str, model_path: str | None, attribution_model_path: str | None,
                    threshold: float | None, threshold_quoted: float | None, accurate: bool = False) -> Attributor:
    """Quotes, cues, sources and contents: `doc._.onrecord_attributions`.

    Without an attribution model (a user's own cue model alone), candidates are kept
    by the cue model's plain and quoted thresholds. The shipped cue model weighs the
    default English pipeline's token vectors; any other pipeline gets the shipped
    sparse pair (`*.sparse.json`), trained without them. `accurate` takes the pair
    trained on the encoder's tags as well (`*.accurate.json`), for a pipeline with
    `onrecord_encoder` before this component."""
    shipped = resources.files("onrecord.resources")
    if accurate and model_path is None and attribution_model_path is None:
        model_path = str(shipped.joinpath(ACCURATE_CUE_MODEL))
        attribution_model_path = str(shipped.joinpath(ACCURATE_ATTRIBUTION_MODEL))
    cue_model = CueModel.from_json(model_path)
    use_tensor = cue_model.tensor_fits(nlp.meta)
    default_pair = model_path is None and attribution_model_path is None
    if default_pair and cue_model.dense is not None and not use_tensor \
            and shipped.joinpath(SPARSE_CUE_MODEL).is_file():
        cue_model = CueModel.from_json(None, default=SPARSE_CUE_MODEL)
        attribution_model_path = str(shipped.joinpath(SPARSE_ATTRIBUTION_MODEL))
    attr_model = None
    if attribution_model_path is not None or shipped.joinpath(ATTRIBUTION_MODEL).is_file():
        attr_model = CueModel.from_json(attribution_model_path, default=ATTRIBUTION_MODEL)
    floor = attr_model.meta.get("floor", 0.2) if attr_model is not None else 0.2
    return Attributor(cue_model, threshold=threshold, threshold_quoted=threshold_quoted,
                      attr_model=attr_model, floor=floor, use_tensor=use_tensor)


@Language.factory(
    "onrecord_speakers",
    default_config={},
    requires=["doc._.onrecord_attributions", "doc.ents"],
    assigns=["doc._.onrecord_attributions", "doc._.onrecord_inventory"],
)
def make_speaker_resolver(nlp: Language, name: str) -> SpeakerResolver:
    """Resolve each attribution's source to a canonical speaker within the document."""
    return SpeakerResolver()


@Language.factory(
    "onrecord_people",
    default_config={},
    requires=["doc._.onrecord_inventory", "doc.ents"],
    assigns=["doc._.onrecord_entities", "doc._.onrecord_attributions"],
)
def make_people(nlp: Language, name: str) -> PeopleBuilder:
    """People, organisations, works and places with aliases, ages, descriptions and
    relations (`doc._.onrecord_entities`); each attribution's `about`."""
    return PeopleBuilder()


@Language.factory(
    "onrecord_timeline",
    default_config={},
    requires=["doc._.onrecord_entities", "doc.ents"],
    assigns=["doc._.onrecord_events", "doc._.onrecord_reference"],
)
def make_timeline(nlp: Language, name: str) -> TimelineBuilder:
    """Dated events normalised to ISO against the publication date (`doc._.onrecord_events`);
    set the date with `doc.user_data["onrecord_date"] = "2023-09-08"` before the pipeline runs."""
    return TimelineBuilder()
