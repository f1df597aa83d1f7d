"""make bench-ingest: signed webhook deliveries against tipline and against a no-op FastAPI endpoint.

Both servers run the same way (one uvicorn process, same loop and HTTP parser, no access log); wrk loads
them in turn with the same connections and duration. Prints requests/s, p50/p99 latency and the ratio,
and checks that every delivery answered 200 is really in the database (durability, not just speed).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tipline.simulator.voter_payloads import text_message, to_bytes, voter_message  # noqa: E402
from webhooks.signature import sign  # noqa: E402

SECRET = "bench-app-secret"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(port: int, timeout: float = 30.0) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"server on port {port} did not start")


def lua_script(count: int) -> str:
    bodies, sigs = [], []
    for i in range(count):
        payload = voter_message(
            "1122334455667",
            wa_id=f"62812000{i:05d}",
            bsuid=f"ID.bench{i}",
            name="Bench",
            message=text_message(f"Benarkah 7 kontainer surat suara sudah dicoblos? #{i}"),
            frequently_forwarded=True,
        )
        body = to_bytes(payload)
        bodies.append("[==[" + body.decode() + "]==]")
        sigs.append(json.dumps(sign(SECRET, body)))
    return (
        "local bodies = {" + ",".join(bodies) + "}\n"
        "local sigs = {" + ",".join(sigs) + "}\n"
        "local i = 0\n"
        "request = function()\n"
        "  i = i % #bodies + 1\n"
        '  return wrk.format("POST", "/webhooks/whatsapp", {["Content-Type"] = "application/json", '
        '["X-Hub-Signature-256"] = sigs[i]}, bodies[i])\n'
        "end\n"
    )


def parse_wrk(output: str) -> dict[str, float]:
    def ms(value: str) -> float:
        number, unit = re.match(r"([\d.]+)(\w+)", value).groups()  # type: ignore[union-attr]
        return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": rps,
        "p50": ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1)),  # type: ignore[union-attr]
        "p99": ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1)),  # type: ignore[union-attr]
        "total": total,
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": 1 if errors else 0,
    }


def run_wrk(port: int, script: Path, connections: int, seconds: int) -> dict[str, float]:
    cmd = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "-s",
        str(script),
        f"http://127.0.0.1:{port}/webhooks/whatsapp",
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    try:
        return parse_wrk(out)
    except (AttributeError, KeyError) as exc:
        raise SystemExit(f"could not read wrk's output:\n{out}") from exc


def serve(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=3)
    opts = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: run `make system-deps` (Debian package wrk)")
    work = Path(tempfile.mkdtemp(prefix="tipline-bench-"))
    script = work / "deliveries.lua"
    script.write_text(lua_script(200))
    db = work / "bench.db"
    env = {
        **os.environ,
        "TIPLINE_DATABASE_URL": f"sqlite:///{db}",
        "TIPLINE_WHATSAPP_APP_SECRET": SECRET,
        "TIPLINE_SECRET_KEY": "bench-secret-key",
        "TIPLINE_REDIS_URL": "",
    }
    env.pop("TIPLINE_REDIS_URL")
    python = sys.executable
    subprocess.run([python, "-m", "tipline.cli", "migrate"], env=env, check=True, capture_output=True)

    servers = (
        (
            "no-op FastAPI",
            [
                python,
                "-c",
                "import sys,uvicorn; sys.path.insert(0,'bench'); import noop_app; "
                "uvicorn.run(noop_app.app, host='127.0.0.1', port=int(sys.argv[1]), log_level='warning', "
                "access_log=False)",
            ],
        ),
        (
            "tipline webhook",
            [python, "-m", "tipline.cli", "serve", "--no-worker", "--host", "127.0.0.1", "--port"],
        ),
    )
    # Alternate the two servers over several rounds, so that a busy moment on a shared machine hits both.
    rounds: list[dict[str, dict[str, float]]] = []
    for _ in range(opts.rounds):
        results = {}
        for name, cmd in servers:
            port = free_port()
            proc = serve([*cmd, str(port)], env)
            try:
                wait_ready(port)
                run_wrk(port, script, opts.connections, 2)  # warm-up
                results[name] = run_wrk(port, script, opts.connections, opts.seconds)
            finally:
                proc.terminate()
                proc.wait(timeout=20)
        rounds.append(results)

    stored = sqlite3.connect(db).execute("SELECT count(*) FROM webhook_delivery").fetchone()[0]
    answered_ok = sum(r["tipline webhook"]["total"] - r["tipline webhook"]["non2xx"] for r in rounds)
    print(f"{'round':<7}{'endpoint':<18}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'non-2xx':>10}")
    ratios = []
    for number, results in enumerate(rounds, 1):
        for name, r in results.items():
            print(
                f"{number:<7}{name:<18}{r['rps']:>10.0f}{r['p50']:>10.2f}{r['p99']:>10.2f}{int(r['non2xx']):>10}"
            )
        ratios.append(results["tipline webhook"]["rps"] / results["no-op FastAPI"]["rps"])
    print(
        "ratio tipline/no-op per round: "
        + ", ".join(f"{x:.2f}" for x in ratios)
        + f"; median {statistics.median(ratios):.2f}  (target >= 0.5)"
    )
    print(
        f"durability: {stored} deliveries stored (warm-ups included) for {answered_ok} answered 200 in the "
        f"measured runs; SQLite WAL, synchronous=FULL, one process"
    )
    if stored < answered_ok:
        raise SystemExit("FAIL: some deliveries answered 200 are not in the database")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
