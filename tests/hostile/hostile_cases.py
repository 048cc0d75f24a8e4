"""Builders for the hostile-input tests: generated files and a CLI run measured from outside."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hostile_pdfs import build

GOOD_RESOLUTION = (
    "---\nsymbol: A/RES/80/99\ntitle: Good resolution\ndate: 2025-12-01\nlanguage: EN\n---\n\n"
    "United Nations\n\nGeneral Assembly Distr.: General\n\n"
    "Resolution adopted by the General Assembly on 1 December 2025\n\n"
    "80/99. Good resolution\n\nThe General Assembly,\n\n"
    "Recalling its resolution 73/27 of 5 December 2018,\n\n"
    "1. Decides to remain seized of the matter.\n"
)

# 362 bytes in issue 13: each level repeats the one above nine times, 9**8 leaves in all.
ALIAS_BOMB = (
    "---\nsymbol: A/RES/80/98\n"
    "a: &a [x, x, x, x, x, x, x, x, x]\n"
    + "".join(
        f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
        for prev, name in zip("abcdef", "bcdefg", strict=True)
    )
    + "language: [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n---\n\n"
    "The General Assembly,\n\n1. Decides to remain seized of the matter.\n"
)


def typed_front_matter(field: str) -> str:
    """A text whose front matter holds ``field`` (one YAML line) and a valid body."""
    return f"---\n{field}\n---\n\nThe General Assembly,\n\n1. Decides to remain seized.\n"


@dataclass(frozen=True)
class Run:
    """A finished CLI run: exit code, output, wall time and peak memory of the child."""

    code: int
    stdout: str
    stderr: str
    seconds: float
    max_rss_mb: float

    def errors(self) -> list[str]:
        """The stderr lines that report an error."""
        return [line for line in self.stderr.splitlines() if line.startswith("error:")]


# A fresh interpreter that runs the command as its own child and writes that child's peak
# memory to a file. A process forked from the test counts the test's own memory in its
# ``ru_maxrss`` (hundreds of MB late in a run); a child of this small launcher does not.
LAUNCH = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, *sys.argv[2:]])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as fp:
    fp.write(str(usage.ru_maxrss))
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
"""


def measured(args: list[str], peak: Path) -> list[str]:
    """The command line that runs ``python ARGS`` with its peak RSS (KiB) written to ``peak``."""
    return [sys.executable, "-c", LAUNCH, str(peak), *args]


def run_cli(
    args: list[str],
    cwd: Path,
    *,
    timeout: float = 120.0,
    env: dict[str, str] | None = None,
    stdin: Path | None = None,
) -> Run:
    """Run ``normtrace ARGS`` in a child process; time and peak RSS measured by the OS.

    The command runs under ``LAUNCH``, which reports the command's own peak memory
    (``os.wait4`` of it); the whole process group is killed after ``timeout``. ``env``
    is added to this process's environment; ``stdin`` is opened as standard input
    (a file, a device such as /dev/zero, or a folder; otherwise it is inherited).
    """
    out, err, peak = cwd / ".stdout", cwd / ".stderr", cwd / ".peak"
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    start = time.monotonic()
    source = os.open(stdin, os.O_RDONLY) if stdin is not None else None
    with out.open("wb") as fout, err.open("wb") as ferr:
        try:
            proc = subprocess.Popen(
                measured(["-m", "pipeline", *args], peak),
                cwd=cwd,
                stdin=source,
                stdout=fout,
                stderr=ferr,
                env=env,
                start_new_session=True,
            )
        finally:
            if source is not None:
                os.close(source)
        timer = threading.Timer(timeout, os.killpg, (proc.pid, signal.SIGKILL))
        timer.start()
        try:
            _, status, _ = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(
        code=proc.returncode,
        stdout=out.read_text("utf-8", errors="replace"),
        stderr=err.read_text("utf-8", errors="replace"),
        seconds=time.monotonic() - start,
        max_rss_mb=int(peak.read_text() or 0) / 1024 if peak.exists() else 0.0,
    )


def assert_one_error(run: Run, name: str) -> None:
    """Exactly one ``error:`` line names ``name``, and nothing printed a traceback."""
    assert "Traceback" not in run.stderr, run.stderr
    naming = [line for line in run.errors() if name in line]
    assert len(naming) == 1, run.stderr
    assert "\n" not in naming[0]


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal PDF: Helvetica text, one line per string, each page's stream deflated.

    Strings are written as PDF literal strings (bytes as Latin-1); ``(``, ``)`` and
    ``\\`` are escaped.
    """
    import zlib

    objects: list[bytes] = [b"", b""]  # 1: catalog, 2: page tree, filled in below
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")  # 3
    kids = []
    for lines in pages:
        ops = ["BT /F1 11 Tf 14 TL 72 740 Td"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({escaped}) Tj T*")
        ops.append("ET")
        stream = zlib.compress("\n".join(ops).encode("latin-1"))
        objects.append(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
            + stream
            + b"\nendstream"
        )
        content = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content
        )
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    return build(objects, version=b"1.4")


RESOLUTION_LINES = [
    "United Nations A/RES/80/97",
    "General Assembly Distr.: General",
    "8 December 2025",
    "Resolution adopted by the General Assembly on 5 December 2025",
    "80/97. Developments in the field of information and telecommunications",
    "The General Assembly,",
    "Recalling its resolutions 73/27 of 5 December 2018 and 75/240 of 31 December 2020,",
    "1. Decides to remain seized of the matter;",
    "2. Calls upon Member States to promote responsible State behaviour in cyberspace.",
]


def stalling_reader(path: Path, rel: str) -> tuple[str, object, str | None]:
    """A reader for the budget tests: stalls on "stall*" files, reads the rest.

    "stall_sleep" sleeps (Python code); "stall_regex" runs a catastrophic regular
    expression, which holds the GIL the whole time as a stuck C library would.
    """
    import re

    from pipeline.corpus.batch import read_file

    if path.stem == "stall_sleep":
        time.sleep(3600)
    if path.stem == "stall_regex":
        re.match(r"(a+)+$", "a" * 64 + "b")
    return read_file(path, rel)


def documents(stdout: str) -> list[dict[str, Any]]:
    """The documents `ingest` or `extract` printed: JSON Lines, one per input read."""
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def hogging_reader(path: Path, rel: str) -> tuple[str, object, str | None]:
    """A reader for the memory-budget test: "hog*" files ask for 3 GiB, the rest are read.

    The allocation happens where a parser's would, inside ``read_file``'s guard
    (``read_file`` imports ``load_document`` when called, so the swap takes effect).
    """
    import pipeline.ingest as ingest
    from pipeline.corpus.batch import read_file

    if not path.stem.startswith("hog"):
        return read_file(path, rel)

    def hog(_: Path) -> object:
        return bytearray(3 * 1024**3)

    saved = ingest.load_document
    ingest.load_document = hog  # type: ignore[assignment]
    try:
        return read_file(path, rel)
    finally:
        ingest.load_document = saved
