"""The Ray engine runs the real analysis in Ray Data actors (a local Ray) and its Parquet
shards round-trip to the same Articles the local engine gives."""
from __future__ import annotations

import pytest

ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'onrecord[ray]')")

from onrecord.engines.ray_engine import RayJob, read_shards, run_ray  # noqa: E402

TEXTS = {
    "council": ('"We can fix it now or wait for it to fail," Mayor Elena Vasquez said on Tuesday.\n'
                "She added that a shuttle would run while the work goes on."),
    "bakery": ('"Nobody asked us," said Maria Chen, who has run a bakery for 19 years. '
               '"We read about it in the paper."'),
    "report": "According to the engineering report, the supports have lost a third of their strength since 1998.",
}


def test_ray_engine_matches_local(analyzer, tmp_path):
    jobs = [RayJob(id=k, text=v, date="2026-11-24", meta={"origin": f"{k}.txt"}) for k, v in TEXTS.items()]
    paths = run_ray(jobs, tmp_path / "shards", actors=1, batch_size=2)
    assert paths and all(p.endswith(".parquet") for p in paths)
    rows = list(read_shards([tmp_path / "shards"]))
    assert sorted(a.id for a, _m, _e in rows) == sorted(TEXTS)
    for art, meta, err in rows:
        assert err == ""
        assert meta["origin"] == f"{art.id}.txt"
        local = analyzer.analyze(TEXTS[art.id], doc_id=art.id, date="2026-11-24")
        assert art.to_dict() == local.to_dict()
        assert art.attributions, art.id
        for a in art.attributions:
            for s, e in a.content + a.source + a.cue:
                assert 0 <= s <= e <= len(art.text)


def test_ray_engine_with_no_jobs_writes_nothing(tmp_path):
    assert run_ray([], tmp_path / "empty") == []
