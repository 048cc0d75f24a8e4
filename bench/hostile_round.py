"""The third, fourth and fifth rounds of hostile inputs (issue 27), run as the issue's
checker would.

Every case of ``hostile_round_cases.py`` (rounds 3, 4) and ``hostile_round5_cases.py``
(round 5: its cases may also set environment variables and standard input) is generated
into a temporary folder (nothing is kept) and run as ``normtrace ARGS`` with no options
beyond what the command needs, under the launcher of ``tests/hostile/hostile_cases.py``:
wall time and the command's own peak memory measured from outside, the process group
killed at ``--timeout``. A good file's ``ingest``, ``extract``, ``diff`` and ``corpus
build`` are timed first; a case is flagged when it takes more than 5 s beyond its
command's baseline or more than 500 MB, prints a traceback, more than one error line,
or raw control characters. The ``serve`` cases send hostile requests to a live
``serve`` child (round 5: raw HTTP from a socket, see ``hostile_round5_serve.py``).

Usage: .venv/bin/python bench/hostile_round.py [--only TEXT] [--round 5] [--timeout 60]
                                               [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests" / "hostile"), str(ROOT / "bench")]

import hostile_round5_cases as round5  # noqa: E402
from hostile_cases import GOOD_RESOLUTION, Run, measured, run_cli  # noqa: E402
from hostile_round5_serve import ask_round5  # noqa: E402
from hostile_round_cases import CASES, Case, store_cases, store_cases_4  # noqa: E402

SECONDS = 5.0
MEGABYTES = 500.0
# C0 controls but tab, newline and carriage return; DEL; the C1 controls.
RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def outcome(run: Run, timeout: float) -> str:
    """What a run ended in, in a few words."""
    if run.seconds >= timeout:
        return f"killed at {timeout:g} s"
    if "Traceback" in run.stderr:
        return "TRACEBACK " + run.stderr.strip().splitlines()[-1][:90]
    errors = run.errors()
    if run.code == 0 and not errors:
        return f"result ({len(run.stdout):,} chars out)"
    if len(errors) == 1:
        return "one line: " + errors[0][:110]
    if not errors:
        last = (run.stderr.strip().splitlines() or ["(nothing on stderr)"])[-1]
        return f"exit {run.code}, no error line: {last[:90]}"
    return f"{len(errors)} error lines: " + " | ".join(e[:50] for e in errors[:3])


def flags(run: Run, baseline: float, timeout: float) -> list[str]:
    found = []
    if run.seconds > baseline + SECONDS:
        found.append("SLOW")
    if run.max_rss_mb > MEGABYTES:
        found.append("MEMORY")
    if "Traceback" in run.stderr or run.seconds >= timeout:
        found.append("CRASH")
    elif len(run.errors()) > 1 and run.code != 0:
        found.append("LINES")
    if RAW_CONTROL.search(run.stdout) or RAW_CONTROL.search(run.stderr):
        found.append("CONTROL")
    return found


def _baselines(folder: Path, timeout: float) -> dict[str, float]:
    good = folder / "good.txt"
    good.write_text(GOOD_RESOLUTION, encoding="utf-8")
    (folder / "root").mkdir()
    (folder / "root" / "good.txt").write_text(GOOD_RESOLUTION, encoding="utf-8")
    (folder / "cat.csv").write_text(
        "norm_id,text\nn1,States should not conduct ICT activity that damages infrastructure\n",
        encoding="utf-8",
    )
    (folder / "votes.csv").write_text(
        "resolution,date,state,iso3,vote\nA/RES/73/27,2018-12-05,FRANCE,FRA,Y\n"
        "A/RES/73/27,2018-12-05,CHILE,CHL,N\n",
        encoding="utf-8",
    )
    runs = {
        "ingest": ["ingest", "good.txt"],
        "extract": ["extract", "good.txt"],
        "diff": ["diff", "good.txt", "good.txt"],
        "corpus": ["corpus", "build", "root", "--db", "base.db"],
        # round 4: the commands that load a catalogue, a votes file or a world map
        "norms": ["norms", "good.txt", "--catalogue", "cat.csv"],
        "votes": ["votes", "tally", "73/27", "--votes", "votes.csv"],
        "map": ["votes", "map", "73/27", "--votes", "votes.csv", "-o", "m.svg"],
    }
    found = {}
    for key, args in runs.items():
        run = run_cli(args, folder, timeout=timeout)
        if run.code != 0:  # another change broke the command: its cases still run
            print(f"baseline {key} failed: {outcome(run, timeout)}", flush=True)
            continue
        found[key] = run.seconds
        print(f"baseline {key}: {run.seconds:.1f} s, {run.max_rss_mb:.0f} MB", flush=True)
    return found


def _baseline_for(args: list[str], baselines: dict[str, float]) -> float:
    key = {"overlap": "diff", "languages": "diff", "diff-folder": "diff"}.get(args[0], args[0])
    if args[0] == "corpus":
        key = "corpus" if args[1] == "build" else "ingest"
    if args[0] in ("votes", "sponsors"):
        key = "map" if args[1] == "map" else "votes"
    return baselines.get(key, baselines.get("ingest", 0.0))


def run_case(case: Case, baselines: dict[str, float], timeout: float) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="hostile_") as tmp:
        folder = Path(tmp)
        try:
            args = case.make(folder)
        except OSError as err:  # the system refused to make the input
            return {
                "category": case.category,
                "case": case.name,
                "command": "",
                "seconds": 0,
                "mb": 0,
                "exit": "",
                "outcome": f"not generated: {err}"[:120],
                "flags": [],
            }
        env = {k: v.replace("{folder}", str(folder)) for k, v in getattr(case, "env", ())}
        stdin = getattr(case, "stdin", None)
        run = run_cli(
            args, folder, timeout=timeout, env=env, stdin=folder / stdin if stdin else None
        )
        found = flags(run, _baseline_for(args, baselines), timeout)
        return {
            "category": case.category,
            "case": case.name,
            "command": " ".join(a if len(a) < 30 else a[:27] + "..." for a in args[:3]),
            "seconds": round(run.seconds, 1),
            "mb": round(run.max_rss_mb),
            "exit": run.code,
            "outcome": outcome(run, timeout),
            "flags": found,
        }


# ---------------------------------------------------------------- serve
def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


SERVE_REQUESTS = [
    (
        "LIKE with 40 wildcards",
        "/corpus.json",
        {"sql": "select printf('%.5000c', 'a') like '" + "%a" * 40 + "%b'"},
    ),
    (
        "GLOB with 40 stars",
        "/corpus.json",
        {"sql": "select printf('%.5000c', 'a') glob '" + "*a" * 40 + "*b'"},
    ),
    ("printf width 10^9", "/corpus.json", {"sql": "select length(printf('%1000000000d', 1))"}),
    (
        "recursive CTE count",
        "/corpus.json",
        {
            "sql": "with recursive c(x) as (select 1 union all select x + 1 from c) "
            "select count(*) from c"
        },
    ),
    ("json nesting 100k", "/corpus.json", {"sql": "select json_valid('" + "[" * 4_000 + "')"}),
    (
        "regexp-like replace chain",
        "/corpus.json",
        {"sql": "select length(replace(replace(printf('%.8000000c','a'),'a','aaaa'),'a','aaaa'))"},
    ),
    (
        "cross join of all paragraphs x5",
        "/corpus.json",
        {
            "sql": "select count(*) from paragraphs a, paragraphs b, paragraphs c, "
            "paragraphs d, paragraphs e"
        },
    ),
    ("FTS5 prefix a*", "/corpus/search.json", {"q": "a* b* c* d* e* f* g* h*", "fts": "1"}),
    (
        "FTS5 NEAR of 32 words",
        "/corpus/search.json",
        {"q": "NEAR(" + " ".join(["the"] * 30) + ", 100000)", "fts": "1"},
    ),
    (
        "1,000 parameters",
        "/corpus.json",
        {
            "sql": "select " + ",".join(f":p{i}" for i in range(900)),
            **{f"p{i}": "1" for i in range(900)},
        },
    ),
    ("bad Host header", "/corpus.json", {"sql": "select 1"}),
    (
        "CSV of a huge result",
        "/corpus.csv",
        {
            "sql": "with recursive c(x) as (select 1 union all select x + 1 from c "
            "limit 3000000) select x, printf('%.100c', 'x') from c",
            "_size": "max",
        },
    ),
]


def _ask_round3(port: int, timeout: float) -> list[dict[str, object]]:
    """The round-3 requests (``SERVE_REQUESTS``), each timed, against the server at ``port``."""
    rows = []
    for name, path, params in SERVE_REQUESTS:
        url = f"http://127.0.0.1:{port}{path}?" + urllib.parse.urlencode(params)
        request = urllib.request.Request(url)
        if name == "bad Host header":
            request.add_header("Host", "evil.example")
        start = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status, size = response.status, len(response.read())
        except urllib.error.HTTPError as err:
            status, size = err.code, len(err.read())
        except (TimeoutError, urllib.error.URLError, ConnectionError) as err:
            status, size = f"no answer ({type(err).__name__})", 0
        seconds = time.monotonic() - start
        rows.append(
            {
                "category": "serve",
                "case": name,
                "command": f"GET {path}",
                "seconds": round(seconds, 1),
                "mb": "",
                "exit": status,
                "outcome": f"HTTP {status}, {size:,} bytes",
                "flags": ["SLOW"] if seconds > SECONDS else [],
            }
        )
    return rows


def serve_rows(
    db: Path, timeout: float, ask: Callable[[int, float], list[dict[str, object]]] = _ask_round3
) -> list[dict[str, object]]:
    """``ask``'s rows against one ``serve`` child (at the port it is given); then its stop
    and peak memory."""
    port = _port()
    peak = db.parent / ".serve_peak"
    proc = subprocess.Popen(
        measured(["-m", "pipeline", "serve", "--db", str(db), "--port", str(port)], peak),
        cwd=db.parent,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    rows = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read()
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        rows = ask(port, timeout)
    finally:
        start = time.monotonic()
        # SIGTERM to serve itself: the launcher must live to write its peak memory.
        with open(f"/proc/{proc.pid}/task/{proc.pid}/children") as fp:
            for child in fp.read().split():
                os.kill(int(child), signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        stopped = time.monotonic() - start
        mb = int(peak.read_text() or 0) / 1024 if peak.exists() else 0.0
        rows.append(
            {
                "category": "serve",
                "case": "SIGTERM after the requests",
                "command": "serve",
                "seconds": round(stopped, 1),
                "mb": round(mb),
                "exit": proc.returncode,
                "outcome": "stopped" if stopped < 15 else "KILLED after 15 s",
                "flags": (["SLOW"] if stopped > SECONDS else [])
                + (["MEMORY"] if mb > MEGABYTES else []),
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--only", default="", help="run the cases whose category or name holds this"
    )
    parser.add_argument(
        "--round", type=int, default=0, help="run this round's cases only (3, 4 or 5; 0: all)"
    )
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--json", type=Path, help="also write the rows here")
    args = parser.parse_args()
    print(f"load: {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} on {os.cpu_count()} cores")
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="hostile_base_") as tmp:
        base = Path(tmp)
        baselines = _baselines(base, args.timeout)
        db = base / "base.db"
        stores = [*store_cases(db), *store_cases_4(db)] if "corpus" in baselines else []
        if "corpus" in baselines:
            round5.BASE_STORE[:] = [db]
        cases = [*CASES, *stores, *round5.CASES5]
        for case in cases:
            if args.only.lower() not in f"{case.category} {case.name}".lower():
                continue
            if args.round and case.round != args.round:
                continue
            row = run_case(case, baselines, args.timeout)
            rows.append(row)
            print(_line(row), flush=True)
        if args.only.lower() in "serve" and args.round in (0, 3) and "corpus" in baselines:
            for row in serve_rows(base / "base.db", args.timeout):
                rows.append(row)
                print(_line(row), flush=True)
        if args.only.lower() in "serve" and args.round in (0, 5) and "corpus" in baselines:
            for row in serve_rows(base / "base.db", args.timeout, ask_round5):
                rows.append(row)
                print(_line(row), flush=True)
    print(f"\n| category | case | command | s | MB | exit | outcome | flags |\n|{'---|' * 8}")
    for row in rows:
        cells = [
            str(row[k]).replace("|", "/")
            for k in ("category", "case", "command", "seconds", "mb", "exit", "outcome")
        ]
        print("| " + " | ".join([*cells, " ".join(row["flags"])]) + " |")  # type: ignore[arg-type]
    flagged = [row for row in rows if row["flags"]]
    print(f"\n{len(flagged)} of {len(rows)} cases flagged; load {os.getloadavg()[0]:.1f}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")


def _line(row: dict[str, object]) -> str:
    return (
        f"{row['category']:>13} | {str(row['case'])[:34]:<34} | {row['seconds']:>5} s "
        f"{row['mb']:>5} MB exit {row['exit']!s:>3} | {row['outcome']} {' '.join(row['flags'])}"  # type: ignore[arg-type]
    )


if __name__ == "__main__":
    main()
