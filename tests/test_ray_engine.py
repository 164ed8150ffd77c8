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


def test_ingest_with_ray_then_load_gives_the_same_store(tmp_path):
    """`onrecord ingest --engine ray` writes shards and stores them; `onrecord load` of the
    same shards into another store gives the same counts, and loading again adds nothing."""
    import json

    from typer.testing import CliRunner

    from onrecord.interfaces.cli import app

    src = tmp_path / "in"
    src.mkdir()
    for name, text in TEXTS.items():
        (src / f"{name}.txt").write_text(text, encoding="utf-8")
    runner = CliRunner()
    db1, db2, shards = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "shards"
    res = runner.invoke(app, ["ingest", str(src), "--engine", "ray", "--workers", "1", "--db", str(db1),
                              "--shards", str(shards), "--no-progress", "--json"])
    assert res.exit_code == 0, res.output
    first = json.loads(res.stdout)
    assert first["added"] == len(TEXTS) and first["attributions"] > 0
    res = runner.invoke(app, ["load", str(shards), "--db", str(db2), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["store"] == first["store"]
    res = runner.invoke(app, ["load", str(shards), "--db", str(db2), "--json"])
    again = json.loads(res.stdout)
    assert again["added"] == 0 and again["already_present"] == len(TEXTS)
    assert again["store"] == first["store"]


def test_load_of_a_missing_path_is_one_line(tmp_path):
    from typer.testing import CliRunner

    from onrecord.interfaces.cli import app

    res = CliRunner().invoke(app, ["load", str(tmp_path / "nope"), "--db", str(tmp_path / "x.db")])
    assert res.exit_code == 2
    assert "onrecord: error:" in res.stderr and "Traceback" not in res.output
