"""The inputs of the fifth hostile round (issue 27): categories rounds 3 and 4 never tried.

Option values at their edges (NaN, infinity, 10^18), the environment variables the
pipeline reads (a topic model, the votes folder and its crosswalk, the fetch cache and
address), standard input that never ends, texts in encodings and Unicode shapes the
earlier rounds left out (UTF-16/32 without a BOM, legacy code pages, paragraph
separators, case and compatibility forms that change a text's length), AKN XML
(document type declarations, character references, language tags, many FRBR
languages), catalogues, votes files and crosswalks with quoted newlines, BOMs and
duplicate keys, ``-o`` under a file, and reports of one 500 KB token. Each case writes its
files into an empty folder (generated, never stored; each under 1 MB) and returns the
``normtrace`` arguments; ``env`` and ``stdin`` say what the command's environment and
standard input are. ``bench/hostile_round.py --round 5`` runs them.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hostile_cases import GOOD_RESOLUTION
from hostile_round_cases import (
    AKN,
    HEADER,
    VOTES_HEADER,
    Case,
    Make,
    _akn,
    _fm,
    _pair,
    _para,
    _serve,
    _write,
)

ROUND = 5
CASES5: list[Case5] = []


@dataclass(frozen=True)
class Case5(Case):
    """A case with an environment (``{folder}`` in a value is the case's folder) and a
    standard input (a file of the folder, or a path such as /dev/zero; None: empty)."""

    env: tuple[tuple[str, str], ...] = ()
    stdin: str | None = None


def case(
    category: str, name: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> Callable[[Make], Make]:
    def register(make: Make) -> Make:
        CASES5.append(Case5(category, name, make, ROUND, tuple((env or {}).items()), stdin))
        return make

    return register


def _text(name: str, data: str | bytes, command: str = "ingest") -> Make:
    return lambda folder: [*command.split(), _write(folder, name, data)]


def _paragraphs(n: int, verb: str = "Decides") -> str:
    return "The General Assembly,\n\n" + "".join(
        f"{i}. {verb} to act on item {i}.\n\n" for i in range(1, n + 1)
    )


# ---------------------------------------------------------------- option values
_GOOD = "good.txt"
OPTIONS: list[tuple[str, list[str]]] = [
    ("ingest --timeout nan", ["ingest", _GOOD, "--timeout", "nan"]),
    ("ingest --timeout inf", ["ingest", _GOOD, "--timeout", "inf"]),
    ("ingest --timeout 1e308", ["ingest", _GOOD, "--timeout", "1e308"]),
    ("ingest --timeout 1e-300", ["ingest", _GOOD, "--timeout", "1e-300"]),
    ("ingest --memory 10^18", ["ingest", _GOOD, "--memory", str(10**18)]),
    ("ingest --memory 2^64", ["ingest", _GOOD, "--memory", str(2**64)]),
    ("extract --memory 16", ["extract", _GOOD, "--memory", "16"]),
    ("diff --timeout nan", ["diff", _GOOD, _GOOD, "--timeout", "nan"]),
    ("build --jobs 100000", ["corpus", "build", "root", "--db", "c.db", "--jobs", "100000"]),
    ("build --jobs 10^18", ["corpus", "build", "root", "--db", "c.db", "--jobs", str(10**18)]),
    ("build --timeout nan", ["corpus", "build", "root", "--db", "c.db", "--timeout", "nan"]),
    ("build --memory 2^64", ["corpus", "build", "root", "--db", "c.db", "--memory", str(2**64)]),
    ("search --limit 10^18", ["corpus", "search", "x", "--db", "c.db", "--limit", str(10**18)]),
    (
        "search --session 10^30",
        ["corpus", "search", "x", "--db", "c.db", "--session", "1" + "0" * 30],
    ),
    ("search --session -1", ["corpus", "search", "x", "--db", "c.db", "--session", "-1"]),
    (
        "search --symbol-prefix '%' x 100k",
        ["corpus", "search", "x", "--db", "c.db", "--symbol-prefix", "%" * 100_000],
    ),
    ("search --lang of 100 KB", ["corpus", "search", "x", "--db", "c.db", "--lang", "e" * 100_000]),
    (
        "search --entity of 100 KB",
        ["corpus", "search", "x", "--db", "c.db", "--entity", "U" * 100_000],
    ),
    ("search --kind '%_'", ["corpus", "search", "x", "--db", "c.db", "--kind", "%_"]),
    ("--corpus-root a file", ["--corpus-root", _GOOD, "ingest", _GOOD]),
    (
        "sponsors map --main x 5,000",
        ["sponsors", "map", "d.txt", *(["--main", "France"] * 5_000), "-o", "m.svg"],
    ),
    ("votes tally of '' ", ["votes", "tally", "", "--votes", "v.csv"]),
    ("votes tally of 100 KB symbol", ["votes", "tally", "9" * 100_000, "--votes", "v.csv"]),
    ("lineage of '' ", ["corpus", "lineage", "", "--db", "c.db"]),
]
_SPONSORS = (
    "United Nations A/C.1/80/L.99\n\nGeneral Assembly Distr.: Limited\n\n"
    "France and Chile: draft resolution\n\nThe General Assembly,\n\n1. Decides.\n"
)
_VOTES = VOTES_HEADER + "A/RES/73/27,2018-12-05,FRANCE,FRA,Y\nA/RES/73/27,2018-12-05,CHILE,CHL,N\n"


def _with_inputs(args: list[str]) -> Make:
    """``args`` with a good text, a corpus root, a store built from it, a draft and votes."""

    def make(folder: Path) -> list[str]:
        _write(folder, _GOOD, GOOD_RESOLUTION)
        _write(folder, "root/good.txt", GOOD_RESOLUTION)
        _write(folder, "d.txt", _SPONSORS)
        _write(folder, "v.csv", _VOTES)
        if "c.db" in args and args[:2] != ["corpus", "build"]:
            _store_of_good(folder)
        return args

    return make


# A store of the good text, built once by the runner (a build takes seconds), copied per case.
BASE_STORE: list[Path] = []


def _store_of_good(folder: Path) -> None:
    if not BASE_STORE:
        raise OSError("no base store: the runner builds one first")
    (folder / "c.db").write_bytes(BASE_STORE[0].read_bytes())


for _name, _args in OPTIONS:
    case("options", _name)(_with_inputs(_args))


# fetch: a server that never answers, one that always answers 503
def _silent(handler: object) -> None:
    import time

    time.sleep(3_600)


def _unavailable(handler: object) -> None:
    handler.send_response(503)  # type: ignore[attr-defined]
    handler.send_header("Content-Length", "0")  # type: ignore[attr-defined]
    handler.end_headers()  # type: ignore[attr-defined]


def _fetch(reply: Callable[[object], None], *extra: str) -> Make:
    def make(folder: Path) -> list[str]:
        port = _serve(reply)
        return [
            "fetch",
            "A/RES/73/27",
            "--base-url",
            f"http://127.0.0.1:{port}/{{symbol}}",
            "--cache-dir",
            str(folder / "cache"),
            *extra,
        ]

    return make


for _name, _reply, _extra in (
    ("fetch --timeout nan, silent server", _silent, ("--timeout", "nan")),
    ("fetch --timeout inf, silent server", _silent, ("--timeout", "inf")),
    ("fetch --timeout -1", _silent, ("--timeout", "-1")),
    ("fetch --timeout 1e308, silent server", _silent, ("--timeout", "1e308")),
    ("fetch --retries 10^9, always 503", _unavailable, ("--retries", str(10**9))),
    ("fetch --lang ../../x", _unavailable, ("--lang", "../../x")),
    ("fetch --lang of 100 KB", _unavailable, ("--lang", "e" * 100_000)),
):
    case("options", _name)(_fetch(_reply, *_extra))


# ---------------------------------------------------------------- standard input
for _command in ("ingest -", "extract -", "diff - good.txt", "votes record -"):
    case("stdin", f"{_command} < /dev/zero", stdin="/dev/zero")(
        lambda folder, command=_command: (
            [
                *command.split()[:-1],
                _write(folder, "good.txt", GOOD_RESOLUTION) and command.split()[-1],
            ]
            if command.endswith("good.txt")
            else command.split()
        )
    )
case("stdin", "ingest - < /dev/urandom", stdin="/dev/urandom")(lambda folder: ["ingest", "-"])
case("stdin", "ingest - < 900 KB of NUL", stdin="nul.bin")(
    lambda folder: _write(folder, "nul.bin", b"\x00" * 900_000) and ["ingest", "-"]
)


# ---------------------------------------------------------------- environment
def _npz(arrays: dict[str, object]) -> bytes:
    """The bytes of an .npz of ``arrays`` (object arrays are pickled by numpy)."""
    import numpy as np

    buffer = io.BytesIO()
    np.savez(buffer, **arrays)  # type: ignore[arg-type]
    return buffer.getvalue()


def _model_header(**changes: object) -> dict[str, object]:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import numpy as np

    from pipeline.nlp.topic_model_path import DEFAULT_MODEL_PATH

    with np.load(DEFAULT_MODEL_PATH, allow_pickle=False) as loaded:
        arrays = {name: loaded[name] for name in loaded.files}
    header = json.loads(str(arrays["header"]))
    header.update(changes)
    arrays["header"] = np.array(json.dumps(header))
    return arrays


def _model(**changes: object) -> Callable[[], bytes]:
    return lambda: _npz(_model_header(**changes))


def _model_bad_weights() -> bytes:
    import numpy as np

    arrays = _model_header()
    arrays["weights"] = np.full_like(arrays["weights"], np.nan)
    return _npz(arrays)


def _model_huge_shape() -> bytes:
    import numpy as np

    arrays = _model_header()
    arrays["idf"] = np.zeros(1, dtype=np.float64)
    return _npz(arrays)


def _zip_bomb() -> bytes:
    """A .npz whose one member inflates to 1 GiB of zeros (an .npy header in front)."""
    buffer = io.BytesIO()
    header = (
        b"\x93NUMPY\x01\x00"
        + (b"{'descr': '<f8', 'fortran_order': False, 'shape': (134217728,), }").ljust(117)
        + b"\n"
    )
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        with zf.open("idf.npy", "w", force_zip64=True) as member:
            member.write(header)
            block = b"\x00" * 2**24
            for _ in range(64):
                member.write(block)
    return buffer.getvalue()


def _object_array() -> bytes:
    import numpy as np

    return _npz({"header": np.array([{"format": "x"}], dtype=object)})


MODELS: dict[str, Callable[[], bytes]] = {
    "a text file": lambda: b"not a model\n" * 100,
    "a zip of 1 GiB of zeros": _zip_bomb,
    "an object (pickled) array": _object_array,
    "threshold NaN": _model(threshold=float("nan")),
    "threshold 1e308, weight -inf": _model(threshold=1e308, keyword_weight=float("-inf")),
    "weights all NaN": _model_bad_weights,
    "idf of one element": _model_huge_shape,
    "terms of 100k words": _model(terms=[["w"] * 100_000]),
}
for _name, _make in MODELS.items():
    case(
        "environment",
        f"NORMTRACE_TOPIC_MODEL = {_name}",
        {"NORMTRACE_TOPIC_MODEL": "{folder}/m.npz"},
    )(
        lambda folder, make=_make: (
            _write(folder, "m.npz", make())
            and ["extract", _write(folder, "good.txt", GOOD_RESOLUTION)]
        )
    )
for _name, _value in (
    ("/dev/zero", "/dev/zero"),
    ("a folder", "{folder}"),
    ("a FIFO", "{folder}/fifo"),
    ("a path of 100 KB", "x/" * 50_000),
    ("a NUL byte", "a\\x00b"),
):
    case("environment", f"NORMTRACE_TOPIC_MODEL = {_name}", {"NORMTRACE_TOPIC_MODEL": _value})(
        lambda folder: (
            os.mkfifo(folder / "fifo"),
            ["extract", _write(folder, "g.txt", GOOD_RESOLUTION)],
        )[1]
    )
case(
    "environment",
    "NORMTRACE_TOPIC_MODEL = a FIFO: build",
    {"NORMTRACE_TOPIC_MODEL": "{folder}/fifo"},
)(
    lambda folder: (
        os.mkfifo(folder / "fifo"),
        _write(folder, "root/g.txt", GOOD_RESOLUTION),
        ["corpus", "build", "root", "--db", "c.db"],
    )[2]
)

# The votes folder: its votes file and its member-state crosswalk.
_CROSSWALK_HEAD = (
    "iso3,iso2,un_m49,name_short,name_official,un_member_since,undl_name,unvotes_name\n"
)
_CROSSWALK_ROWS = (
    "FRA,FR,250,France,French Republic,1945,FRANCE,France\n"
    "CHL,CL,152,Chile,Republic of Chile,1945,CHILE,Chile\n"
)
CROSSWALKS: dict[str, str | bytes] = {
    "BOM and CRLF": ("\ufeff" + _CROSSWALK_HEAD + _CROSSWALK_ROWS).replace("\n", "\r\n"),
    "quoted newlines in names": _CROSSWALK_HEAD
    + "".join(
        f'X{i:02d},XX,{i},"Sta\nte {i}","Off\n\nicial",1945,"STATE\n{i}",S{i}\n' for i in range(99)
    )
    + _CROSSWALK_ROWS,
    "10,000 name variants a row": _CROSSWALK_HEAD
    + "FRA,FR,250,France,French Republic,1945,"
    + "|".join(f"FRANCE {i}" for i in range(10_000))
    + ",France\n",
    "one name for two states": _CROSSWALK_HEAD + _CROSSWALK_ROWS.replace("CHILE", "FRANCE"),
    "10,000 columns": _CROSSWALK_HEAD.strip() + "," * 10_000 + "\n" + _CROSSWALK_ROWS,
    "iso3 of 100 KB": _CROSSWALK_HEAD + "F" * 100_000 + ",FR,250,France,x,1945,FRANCE,France\n",
    "latin-1": (_CROSSWALK_HEAD + "CIV,CI,384,Côte,Côte,1960,CÔTE D'IVOIRE,Côte\n").encode(
        "latin-1"
    ),
    "unclosed quote": _CROSSWALK_HEAD + 'FRA,FR,250,"France' + ",x" * 100_000 + "\n",
}


def _votes_dir(
    crosswalk: str | bytes | None, votes: str | bytes | None = None
) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        (folder / "votes").mkdir()
        if crosswalk is not None:
            _write(folder, "votes/un_member_states.csv", crosswalk)
        _write(
            folder,
            "votes/votes_cyber_related_2005_2020.csv",
            votes if votes is not None else _VOTES,
        )

    return make


for _name, _data in CROSSWALKS.items():
    for _command in ("votes tally 73/27", "sponsors compare d.txt d.txt"):
        case(
            "environment",
            f"crosswalk {_name}: {_command.split()[0]}",
            {"NORMTRACE_VOTES_DIR": "{folder}/votes"},
        )(
            lambda folder, data=_data, command=_command: (
                _votes_dir(data)(folder),
                _write(folder, "d.txt", _SPONSORS),
                command.split(),
            )[2]
        )


def _special_votes(kind: str) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        _votes_dir(_CROSSWALK_HEAD + _CROSSWALK_ROWS)(folder)
        target = folder / "votes" / "votes_cyber_related_2005_2020.csv"
        target.unlink()
        if kind == "fifo":
            os.mkfifo(target)
        elif kind == "zero":
            target.symlink_to("/dev/zero")
        else:
            target.mkdir()
        return ["votes", "tally", "73/27"]

    return make


for _kind in ("fifo", "zero", "folder"):
    case(
        "environment", f"default votes file is a {_kind}", {"NORMTRACE_VOTES_DIR": "{folder}/votes"}
    )(_special_votes(_kind))
case("environment", "crosswalk is /dev/zero", {"NORMTRACE_VOTES_DIR": "{folder}/votes"})(
    lambda folder: (
        _votes_dir(None)(folder),
        (folder / "votes" / "un_member_states.csv").symlink_to("/dev/zero"),
        _write(folder, "d.txt", _SPONSORS),
        ["sponsors", "compare", "d.txt", "d.txt"],
    )[3]
)
for _name, _env in (
    ("NORMTRACE_VOTES_DIR of 100 KB", {"NORMTRACE_VOTES_DIR": "v/" * 50_000}),
    ("NORMTRACE_CORPUS_ROOT = /dev/null", {"NORMTRACE_CORPUS_ROOT": "/dev/null"}),
    ("NORMTRACE_CORPUS_ROOT of 100 KB", {"NORMTRACE_CORPUS_ROOT": "r/" * 50_000}),
    ("NORMTRACE_PDF_RUNS of 100 KB", {"NORMTRACE_PDF_RUNS": "python" * 16_000}),
    ("PYTHONIOENCODING=ascii, Arabic text", {"PYTHONIOENCODING": "ascii"}),
    ("PYTHONIOENCODING=latin-1, Arabic text", {"PYTHONIOENCODING": "latin-1"}),
    ("LC_ALL=C, Arabic text", {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"}),
    ("TMPDIR a file", {"TMPDIR": "{folder}/ar.txt"}),
    ("COLUMNS 10^9", {"COLUMNS": str(10**9)}),
):
    case("environment", f"ingest --format text: {_name}", _env)(
        _text(
            "ar.txt",
            "The General Assembly,\n\n1. يقرر أن يبقي المسألة قيد نظره « é ».\n",
            "ingest --format text",
        )
    )
case(
    "environment",
    "PYTHONIOENCODING=ascii: error line of an Arabic name",
    {"PYTHONIOENCODING": "ascii"},
)(lambda folder: ["ingest", _write(folder, "قرار.txt", b"")])
case("environment", "TMPDIR a file: ingest -", {"TMPDIR": "{folder}/good.txt"}, stdin="good.txt")(
    lambda folder: _write(folder, "good.txt", GOOD_RESOLUTION) and ["ingest", "-"]
)
case("environment", "TMPDIR missing: build", {"TMPDIR": "{folder}/no/such"})(
    lambda folder: (
        _write(folder, "root/g.txt", GOOD_RESOLUTION)
        and ["corpus", "build", "root", "--db", "c.db"]
    )
)
for _name, _env in (
    ("NORMTRACE_CACHE_DIR a file", {"NORMTRACE_CACHE_DIR": "{folder}/file"}),
    ("NORMTRACE_CACHE_DIR /dev/full", {"NORMTRACE_CACHE_DIR": "/dev/full"}),
    ("NORMTRACE_ODS_URL file:///etc/passwd", {"NORMTRACE_ODS_URL": "file:///etc/passwd#{symbol}"}),
    ("NORMTRACE_ODS_URL without {symbol}", {"NORMTRACE_ODS_URL": "http://127.0.0.1:9/"}),
    (
        "NORMTRACE_ODS_URL of 100 KB",
        {"NORMTRACE_ODS_URL": "http://127.0.0.1:9/" + "a" * 100_000 + "{symbol}"},
    ),
    (
        "NORMTRACE_ODS_URL {0} {x!r}",
        {"NORMTRACE_ODS_URL": "http://127.0.0.1:9/{0}{x!r}{symbol.__class__}"},
    ),
    ("HOME and XDG_CACHE_HOME unusable", {"HOME": "/nonexistent", "XDG_CACHE_HOME": "/dev/null/x"}),
):
    case("environment", f"fetch: {_name}", _env)(
        lambda folder: (
            _write(folder, "file", b"x")
            and ["fetch", "A/RES/73/27", "--retries", "0", "--timeout", "3"]
        )
    )


# ---------------------------------------------------------------- encodings and Unicode
_AR = "The General Assembly,\n\n" + "".join(
    f"{i}. يقرر أن يبقي المسألة قيد نظره رقم {i}.\n\n" for i in range(1, 3_000)
)
_FR = _paragraphs(8_000, "Décide qu’à l’époque où")
_MIXED_BREAKS = ["\n", "\r", "\r\n", "\u2028", "\u2029", "\x0b", "\x0c", "\x85", "\n\r"]
ENCODINGS: dict[str, Callable[[], str | bytes]] = {
    "UTF-16-LE, no BOM, 8k paragraphs": lambda: _FR.encode("utf-16-le"),
    "UTF-32-LE, no BOM": lambda: GOOD_RESOLUTION.encode("utf-32-le"),
    "UTF-32-BE, no BOM": lambda: GOOD_RESOLUTION.encode("utf-32-be"),
    "UTF-16 BOM, then UTF-8 bytes": lambda: b"\xff\xfe" + GOOD_RESOLUTION.encode(),
    "UTF-8 BOM, then UTF-16 text": lambda: b"\xef\xbb\xbf" + GOOD_RESOLUTION.encode("utf-16-le"),
    "Latin-1 body, 8k paragraphs": lambda: _FR.replace("’", "'").encode("latin-1"),
    "cp1252 quotes and dashes": lambda: (_FR[:200_000] + "“—”").encode("cp1252"),
    "Shift-JIS": lambda: ("国際連合総会は、\n\n1. 決定する。\n\n" * 5_000).encode("shift_jis"),
    "GB18030": lambda: ("大会，\n\n1. 决定继续处理此案。\n\n" * 8_000).encode("gb18030"),
    "odd-length UTF-16 (cut byte)": lambda: GOOD_RESOLUTION.encode("utf-16")[:-1],
    "every line break kind, 20k": lambda: "".join(
        f"{i}. Decides to act {i}.{_MIXED_BREAKS[i % len(_MIXED_BREAKS)] * 2}"
        for i in range(1, 20_000)
    ),
    "paragraph separators only": lambda: "\u2029".join(f"{i}. Decides {i}." for i in range(40_000)),
    "BOM at every line, 50k": lambda: "".join(f"\ufeff{i}. Decides.\n\n" for i in range(50_000)),
    "10,000 combining marks on 40 letters": lambda: (
        "1. "
        + "".join(c + "\u0301" * 10_000 for c in "Decides to remain seized of the matter.")
        + "\n"
    ),
    "soft hyphen between every letter": lambda: "\u00ad".join(_paragraphs(6_000)),
    "ZWJ and ZWNJ between every letter": lambda: "\u200d\u200c".join(_paragraphs(4_000)),
    "dotted I x 200k (lower() grows)": lambda: "1. Decides " + "\u0130" * 200_000 + "\n",
    "U+FDFA x 50k (NFKC x18)": lambda: "1. Decides " + "\ufdfa" * 50_000 + "\n",
    "ligature ffi x 200k": lambda: "1. Decides " + "\ufb03" * 200_000 + "\n",
    "mathematical bold paragraphs": lambda: "".join(
        f"{i}. 𝐃𝐞𝐜𝐢𝐝𝐞𝐬 𝐭𝐨 𝐫𝐞𝐦𝐚𝐢𝐧 𝐬𝐞𝐢𝐳𝐞𝐝.\n\n" for i in range(1, 8_000)
    ),
    "fullwidth 'Ａ／ＲＥＳ／７３／２７' x 20k": lambda: (
        "1. Recalls " + ", ".join(["Ａ／ＲＥＳ／７３／２７"] * 20_000) + "\n"
    ),
    "tag characters x 200k": lambda: (
        "1. Decides " + "".join(chr(0xE0020 + i % 95) for i in range(200_000)) + "\n"
    ),
    "variation selectors x 300k": lambda: "1. Decides " + "\ufe0f" * 300_000 + "\n",
    "emoji ZWJ families x 30k": lambda: (
        "1. Decides " + "👨\u200d👩\u200d👧\u200d👦" * 30_000 + "\n"
    ),
    "private use x 300k": lambda: "1. Decides " + "\ue000" * 300_000 + "\n",
    "ß and ŉ (casefold grows) x 200k": lambda: "1. Decides " + "ßŉ" * 100_000 + "\n",
    "Thai, no spaces, 300 KB": lambda: "1. " + "สมัชชาใหญ่ตัดสินใจ" * 5_000 + "\n",
    "Chinese, no spaces, 300 KB": lambda: "1. " + "大会决定继续处理此案" * 10_000 + "\n",
    "Devanagari conjuncts 300 KB": lambda: "1. " + "क्ष्म्य" * 20_000 + "\n",
}
for _name, _make in ENCODINGS.items():
    case("encoding", _name)(
        lambda folder, make=_make: ["ingest", _write(folder, "case.txt", make())]
    )
for _name in (
    "dotted I x 200k (lower() grows)",
    "U+FDFA x 50k (NFKC x18)",
    "ß and ŉ (casefold grows) x 200k",
    "fullwidth 'Ａ／ＲＥＳ／７３／２７' x 20k",
    "Thai, no spaces, 300 KB",
    "Chinese, no spaces, 300 KB",
    "soft hyphen between every letter",
    "10,000 combining marks on 40 letters",
    "mathematical bold paragraphs",
):
    case("encoding", f"extract: {_name}")(
        lambda folder, make=ENCODINGS[_name]: ["extract", _write(folder, "case.txt", make())]
    )
for _name in ("dotted I x 200k (lower() grows)", "U+FDFA x 50k (NFKC x18)", "ligature ffi x 200k"):
    for _command in ("diff", "overlap", "languages"):
        case("encoding", f"{_command}: {_name}")(
            lambda folder, make=ENCODINGS[_name], command=_command: _pair(
                folder,
                GOOD_RESOLUTION,
                _fm("symbol: A/RES/80/99\nlanguage: FR") + make(),
                command,
            )
        )
    case("encoding", f"norms: {_name}")(
        lambda folder, make=ENCODINGS[_name]: [
            "norms",
            _write(folder, "d.txt", make()),
            "--catalogue",
            _write(folder, "c.csv", HEADER + "n1,States should not damage infrastructure\n"),
        ]
    )


# ---------------------------------------------------------------- AKN XML (5)
def _akn_doctype(subset: str) -> str:
    return _akn(_para(1)).replace(
        "<akomaNtoso", f"<!DOCTYPE akomaNtoso [{subset}]>\n<akomaNtoso", 1
    )


def _languages(count: int, language: str = "{i}") -> str:
    return "".join(f'<FRBRlanguage language="{language.format(i=i)}"/>' for i in range(count))


XML_5: dict[str, Callable[[], str | bytes]] = {
    "DOCTYPE, element declarations only": lambda: _akn_doctype("<!ELEMENT akomaNtoso ANY>" * 1_000),
    "DOCTYPE, no internal subset": lambda: _akn(_para(1)).replace(
        "<akomaNtoso", "<!DOCTYPE akomaNtoso>\n<akomaNtoso", 1
    ),
    "DOCTYPE, default attributes": lambda: _akn_doctype(
        '<!ATTLIST paragraph eId CDATA "x" refersTo CDATA "' + "y" * 200_000 + '">'
    ),
    "numeric reference to a surrogate": lambda: _akn(_para(1, "Decides &#xD800;&#xDC00; it.")),
    "numeric reference 0": lambda: _akn(_para(1, "Decides &#0; it.")),
    "numeric reference past U+10FFFF": lambda: _akn(_para(1, "Decides &#x110000; it.")),
    "numeric reference of 1,000 digits": lambda: _akn(
        _para(1, "Decides &#" + "0" * 1_000 + "65; it.")
    ),
    "100k numeric references": lambda: _akn(_para(1, "Decides " + "&#x41;&#233;" * 50_000)),
    "XML 1.1 with control references": lambda: _akn(
        _para(1, "Decides &#x1;&#x1b;]52;c;aGk=&#x7;")
    ).replace('version="1.0"', 'version="1.1"'),
    "20k FRBRlanguage elements": lambda: _akn(_para(1)).replace(
        '<FRBRlanguage language="eng"/>', _languages(20_000)
    ),
    "FRBRlanguage of 900 KB": lambda: _akn(_para(1)).replace(
        'language="eng"', 'language="' + "e" * 900_000 + '"'
    ),
    "FRBRlanguage with ESC and bidi": lambda: _akn(_para(1)).replace(
        'language="eng"', 'language="\u202eng&#x85;x"'
    ),
    "xml:lang empty everywhere": lambda: _akn(
        "".join(_para(i).replace("<paragraph ", '<paragraph xml:lang="" ') for i in range(1, 2_000))
    ),
    "xml:lang of 100 KB": lambda: _akn(
        _para(1).replace("<paragraph ", f'<paragraph xml:lang="{"x" * 100_000}" ')
    ),
    "xml:lang on the root, 'zz-Hant-u-ca-x'": lambda: _akn(_para(1)).replace(
        "<akomaNtoso ", '<akomaNtoso xml:lang="zz-Hant-u-ca-islamic-x-evil" '
    ),
    "xml:space and 900 KB of spaces": lambda: _akn(
        _para(1, "Decides" + " " * 900_000 + "to act.").replace("<p>", '<p xml:space="preserve">')
    ),
    "eId of 100k distinct characters": lambda: _akn(
        _para(1, eid="".join(chr(0x4E00 + i % 20_000) for i in range(100_000)))
    ),
    "num of '1e999.'": lambda: _akn(_para(1).replace("<num>1.</num>", "<num>1e999.</num>")),
    "num '-0.' and '+1.' and '٣.'": lambda: _akn(
        "".join(
            _para(1).replace("<num>1.</num>", f"<num>{n}</num>")
            for n in ("-0.", "+1.", "٣.", "0x1f.")
        )
    ),
    "5,000 statements in one file": lambda: _akn(_para(1)).replace(
        "</akomaNtoso>",
        "<statement><mainBody><p>x</p></mainBody></statement>" * 5_000 + "</akomaNtoso>",
    ),
    "AKN prefix rebound 90 deep": lambda: _akn(
        '<paragraph eId="p"><num>1.</num><content><p>'
        + "".join(f'<a:span xmlns:a="urn:{i}">' for i in range(90))
        + "Decides"
        + "".join("</a:span>" for _ in range(90))
        + "</p></content></paragraph>"
    ),
    "default namespace swapped per element": lambda: _akn(
        "".join(
            _para(i).replace("<paragraph ", f'<paragraph xmlns="{AKN if i % 2 else "urn:x"}" ')
            for i in range(1, 5_000)
        )
    ),
    "docDate of year 10^6 and -1": lambda: _akn(
        _para(1),
        '<identification source="#x"><FRBRWork><FRBRdate date="1000000-01-01" name="adoption"/>'
        '<FRBRdate date="-0001-12-31" name="x"/></FRBRWork></identification>',
    ),
    "10k refs with 80-char hrefs": lambda: _akn(
        _para(
            1,
            "Recalls "
            + " ".join(f'<ref href="/{"x" * 80}/{i}">resolution {i}</ref>' for i in range(10_000)),
        )
    ),
    "encoding UTF-32": lambda: (
        _akn(_para(1)).replace('encoding="UTF-8"', 'encoding="UTF-32"').encode("utf-32")
    ),
    "UTF-8 BOM, encoding latin-1 declared": lambda: (
        b"\xef\xbb\xbf"
        + _akn(_para(1, "Décide")).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').encode()
    ),
    "UTF-16 declared, UTF-8 bytes": lambda: (
        _akn(_para(1)).replace('encoding="UTF-8"', 'encoding="UTF-16"').encode()
    ),
    "900 KB of whitespace between elements": lambda: _akn(_para(1) + " \n\t" * 300_000 + _para(2)),
}
for _name, _make in XML_5.items():
    case("akn", _name)(lambda folder, make=_make: ["ingest", _write(folder, "case.xml", make())])
for _name in (
    "20k FRBRlanguage elements",
    "xml:lang empty everywhere",
    "default namespace swapped per element",
):
    case("akn", f"languages: {_name}")(
        lambda folder, make=XML_5[_name]: [
            "languages",
            _write(folder, "a.en.xml", make()),
            _write(
                folder,
                "a.fr.xml",
                _akn(_para(1, "Décide de rester saisie.")).replace('"eng"', '"fra"'),
            ),
        ]
    )
case("akn", "extract: 100k numeric references")(
    lambda folder: ["extract", _write(folder, "case.xml", XML_5["100k numeric references"]())]
)


# ---------------------------------------------------------------- catalogues and votes (5)
CATALOGUES_5: dict[str, str | bytes] = {
    "quoted newlines, 2,000 norms": HEADER
    + "".join(f'n{i},"States should\n\ncooperate\r\non {i}\n"\n' for i in range(2_000)),
    "one cell of 100k quoted newlines": HEADER + 'n1,"States' + "\n" * 19_000 + 'should"\n',
    "BOM and spaced header": "\ufeff norm_id , text \nn1,States should cooperate\n",
    "BOM inside the header": "norm_id,\ufefftext\nn1,States should cooperate\n",
    "same id, 2,000 different texts": HEADER
    + "".join(f"n1,States should cooperate on matter {i}\n" for i in range(2_000)),
    "100k blank lines": HEADER + "\n" * 100_000 + "n1,States should cooperate\n",
    "norm of stop words only": HEADER + "n1,the of and to the of\nn2,   \nn3,.\n",
    "norm id of 100 KB": HEADER + "n" * 100_000 + ",States should cooperate\n",
    "1,000 columns named text": ",".join(["norm_id"] + ["text"] * 1_000)
    + "\nn1"
    + ",x" * 1_000
    + "\n",
    "NUL-separated": (HEADER + "n1,States should cooperate\n").replace(",", "\x00"),
    "semicolon-separated": "norm_id;text\nn1;States should cooperate\n",
    "tab-separated 5k": "norm_id\ttext\n"
    + "".join(f"n{i}\tStates should act {i}\n" for i in range(5_000)),
    "lone CR in quotes": HEADER + 'n1,"States\rshould\rcooperate"\n',
    "year of 5,000 digits": "norm_id,text,year\nn1,States should cooperate," + "9" * 5_000 + "\n",
}
for _name, _data in CATALOGUES_5.items():
    case("catalogue", _name)(
        lambda folder, data=_data: [
            "norms",
            _write(folder, "doc.txt", GOOD_RESOLUTION),
            "--catalogue",
            _write(folder, "cat.csv", data),
        ]
    )
for _name in ("quoted newlines, 2,000 norms", "one cell of 100k quoted newlines"):
    for _fmt in ("md", "html", "xlsx", "csv", "png"):
        case("catalogue", f"{_name} -> {_fmt}")(
            lambda folder, data=CATALOGUES_5[_name], fmt=_fmt: [
                "norms",
                _write(folder, "doc.txt", GOOD_RESOLUTION),
                "--catalogue",
                _write(folder, "cat.csv", data),
                "-o",
                f"out.{fmt}",
            ]
        )
VOTES_5: dict[str, str | bytes] = {
    "quoted newlines in names": VOTES_HEADER
    + "".join(f'A/RES/73/27,2018-12-05,"FRA\nNCE {i}\r\n",FRA,Y\n' for i in range(2_000)),
    "state twice, two votes": VOTES_HEADER
    + "A/RES/73/27,2018-12-05,FRANCE,FRA,Y\nA/RES/73/27,2018-12-05,FRANCE,FRA,N\n",
    "iso3 '../..' and ESC": VOTES_HEADER + "A/RES/73/27,2018-12-05,X,../..\x1b[2J,Y\n",
    "vote of 100k digits": VOTES_HEADER
    + "A/RES/73/27,2018-12-05,FRANCE,FRA,"
    + "9" * 100_000
    + "\n",
    "100k resolutions, one vote each": VOTES_HEADER
    + "".join(f"A/RES/{i}/{i},2018-12-05,FRANCE,FRA,Y\n" for i in range(25_000)),
    "date 2018-02-30 and 0000-00-00": VOTES_HEADER
    + "A/RES/73/27,2018-02-30,FRANCE,FRA,Y\nA/RES/73/27,0000-00-00,CHILE,CHL,N\n",
    "resolution ' a/res/73/27 ' spaced": VOTES_HEADER + " a/res/73/27 ,2018-12-05,FRANCE,FRA,Y\n",
    "header in capitals": VOTES_HEADER.upper() + "A/RES/73/27,2018-12-05,FRANCE,FRA,Y\n",
    "BOM per line": "".join(
        "\ufeff" + line + "\n"
        for line in (VOTES_HEADER.strip(), "A/RES/73/27,2018-12-05,FRANCE,FRA,Y")
    ),
}
for _name, _data in VOTES_5.items():
    for _command in ("tally 73/27", "compare 73/27 73/27", "map 73/27 -o m.svg"):
        case("votes", f"{_command.split()[0]}: {_name}")(
            lambda folder, data=_data, command=_command: [
                "votes",
                *command.split(),
                "--votes",
                _write(folder, "votes.csv", data),
            ]
        )


# ---------------------------------------------------------------- outputs (5)
def _under_a_file(args: list[str]) -> Make:
    """``args`` and their inputs; an argument ``sub.*`` is made an existing folder."""

    def make(folder: Path) -> list[str]:
        for arg in args:
            if arg.startswith("sub."):
                (folder / arg).mkdir()
        _write(folder, "root/g.txt", GOOD_RESOLUTION)
        _write(folder, "a.txt", GOOD_RESOLUTION)
        _write(folder, "b.txt", GOOD_RESOLUTION.replace("80/99", "80/98"))
        _write(folder, "f.txt", GOOD_RESOLUTION.replace("EN", "FR").replace("Decides", "Décide"))
        _write(folder, "cat.csv", HEADER + "n1,States should cooperate\n")
        _write(folder, "votes.csv", _VOTES)
        _write(folder, "d.txt", _SPONSORS)
        if "c.db" in args and args[:2] != ["corpus", "build"]:
            _store_of_good(folder)
        return args

    return make


OUTPUTS: list[tuple[str, list[str]]] = [
    ("ingest", ["ingest", "a.txt"]),
    ("extract", ["extract", "a.txt"]),
    ("diff", ["diff", "a.txt", "b.txt"]),
    ("diff --format xlsx", ["diff", "a.txt", "b.txt", "--format", "xlsx"]),
    ("overlap", ["overlap", "a.txt", "b.txt"]),
    ("languages", ["languages", "a.txt", "f.txt"]),
    ("norms", ["norms", "a.txt", "--catalogue", "cat.csv"]),
    ("norms --format png", ["norms", "a.txt", "--catalogue", "cat.csv", "--format", "png"]),
    ("positions", ["positions", "a.txt"]),
    ("votes tally", ["votes", "tally", "73/27", "--votes", "votes.csv"]),
    (
        "votes tally --format png",
        ["votes", "tally", "73/27", "--votes", "votes.csv", "--format", "png"],
    ),
    ("votes map", ["votes", "map", "73/27", "--votes", "votes.csv"]),
    ("votes record", ["votes", "record", "a.txt"]),
    ("sponsors compare", ["sponsors", "compare", "d.txt", "d.txt"]),
    ("sponsors map", ["sponsors", "map", "d.txt"]),
    ("corpus search", ["corpus", "search", "Decides", "--db", "c.db"]),
    ("corpus lineage", ["corpus", "lineage", "A/RES/80/99", "--db", "c.db"]),
    ("corpus check", ["corpus", "check", "--db", "c.db"]),
]
for _name, _args in OUTPUTS:
    _suffix = {"png": ".png", "xlsx": ".xlsx"}.get(_args[-1], ".svg" if "map" in _args else ".json")
    case("outputs", f"{_name} -o under a file")(_under_a_file([*_args, "-o", f"a.txt/x{_suffix}"]))
    case("outputs", f"{_name} -o an existing folder")(
        _under_a_file([*_args, "-o", f"sub{_suffix}"])
    )
case("outputs", "corpus export --out under a file")(
    _under_a_file(["corpus", "export", "--db", "c.db", "--format", "csv", "-o", "a.txt/x"])
)
case("outputs", "diff-folder -o under a file")(
    lambda folder: (
        _write(folder, "in/r.txt", GOOD_RESOLUTION)
        and _write(folder, "in/d.txt", _fm("symbol: A/C.1/80/L.99\nkind: draft"))
        and ["diff-folder", "in", "-o", "in/r.txt/x"]
    )
)
case("outputs", "corpus build --db under a file")(
    _under_a_file(["corpus", "build", "root", "--db", "a.txt/c.db"])
)
case("outputs", "corpus build --db a folder")(
    lambda folder: (
        (folder / "dbdir").mkdir()
        or _write(folder, "root/g.txt", GOOD_RESOLUTION)
        and ["corpus", "build", "root", "--db", "dbdir"]
    )
)
case("outputs", "ingest -o the input itself")(
    lambda folder: ["ingest", _write(folder, "a.txt", GOOD_RESOLUTION), "-o", "a.txt"]
)
case("outputs", "ingest -o a dangling link")(
    lambda folder: (
        (folder / "link.json").symlink_to(folder / "no" / "such.json")
        or ["ingest", _write(folder, "a.txt", GOOD_RESOLUTION), "-o", "link.json"]
    )
)
case("outputs", "ingest -o a read-only file")(
    lambda folder: (
        (_write(folder, "ro.json", "old"), (folder / "ro.json").chmod(0o444))
        and ["ingest", _write(folder, "a.txt", GOOD_RESOLUTION), "-o", "ro.json"]
    )
)
case("outputs", "ingest -o a name of 300 bytes")(
    lambda folder: ["ingest", _write(folder, "a.txt", GOOD_RESOLUTION), "-o", "x" * 300 + ".json"]
)


# ---------------------------------------------------------------- one 500 KB token
_TOKEN = "1. Decides " + "x" * 500_000 + "\n"
_TOKEN_DOC = GOOD_RESOLUTION + "\n2. Decides " + "y" * 500_000 + "\n"
for _fmt in ("md", "html", "csv", "xlsx", "json"):
    case("one token", f"diff --format {_fmt}")(
        lambda folder, fmt=_fmt: (
            _pair(folder, GOOD_RESOLUTION, _TOKEN_DOC, "diff") + ["--format", fmt, "-o", f"o.{fmt}"]
        )
    )
    case("one token", f"diff --format {_fmt}, token vs token")(
        lambda folder, fmt=_fmt: (
            _pair(folder, _TOKEN, _TOKEN.replace("x" * 10, "z" * 10, 1), "diff")
            + ["--format", fmt, "-o", f"o.{fmt}"]
        )
    )
for _fmt in ("md", "html", "xlsx"):
    case("one token", f"overlap --format {_fmt}")(
        lambda folder, fmt=_fmt: (
            _pair(folder, _TOKEN, _TOKEN, "overlap") + ["--format", fmt, "-o", f"o.{fmt}"]
        )
    )
for _fmt in ("md", "html", "xlsx", "png"):
    case("one token", f"norms --format {_fmt}")(
        lambda folder, fmt=_fmt: [
            "norms",
            _write(folder, "d.txt", _TOKEN_DOC),
            "--catalogue",
            _write(folder, "c.csv", HEADER + "n1,States should " + "z" * 19_000 + "\n"),
            "-o",
            f"o.{fmt}",
        ]
    )
case("one token", "languages --format html")(
    lambda folder: (
        _pair(folder, _TOKEN_DOC, _fm("symbol: A/RES/80/99\nlanguage: FR") + _TOKEN, "languages")
        + ["--format", "html", "-o", "o.html"]
    )
)
case("one token", "positions --format html")(
    _text(
        "p.txt",
        "1. France supports " + "x" * 500_000 + " the proposal.\n",
        "positions --format html -o o.html",
    )
)
case("one token", "ingest --format text")(_text("t.txt", _TOKEN_DOC, "ingest --format text"))
case("one token", "extract")(_text("t.txt", _TOKEN_DOC, "extract"))
case("one token", "votes record")(_text("t.txt", _TOKEN_DOC, "votes record"))
case("one token", "sponsors compare")(
    lambda folder: _pair(
        folder, _SPONSORS, _SPONSORS.replace("France and Chile", "X" * 500_000), "sponsors compare"
    )
)
case("one token", "build then search it")(
    lambda folder: (
        _write(folder, "root/t.txt", _TOKEN_DOC) and ["corpus", "build", "root", "--db", "c.db"]
    )
)


# ---------------------------------------------------------------- special files as data
def _special(kind: str, name: str) -> None:
    """Make ``name`` (in the current case folder) a FIFO, or a link to a device."""
    if kind == "FIFO":
        os.mkfifo(name)
    else:
        os.symlink(kind, name)


SPECIAL_DATA: list[tuple[str, list[str]]] = [
    ("norms --catalogue", ["norms", "a.txt", "--catalogue", "DATA.csv"]),
    ("votes tally --votes", ["votes", "tally", "73/27", "--votes", "DATA.csv"]),
    ("votes tally --record", ["votes", "tally", "79/284", "--record", "DATA.txt"]),
    ("votes record --votes", ["votes", "record", "a.txt", "--votes", "DATA.csv"]),
    ("corpus search --db", ["corpus", "search", "x", "--db", "DATA.db"]),
    ("corpus lineage --db", ["corpus", "lineage", "A/RES/80/99", "--db", "DATA.db"]),
    ("corpus check --db", ["corpus", "check", "--db", "DATA.db"]),
    ("diff --db", ["diff", "A/RES/80/99", "A/RES/80/99", "--db", "DATA.db"]),
]
for _kind in ("FIFO", "/dev/zero", "/dev/urandom"):
    for _name, _args in SPECIAL_DATA:

        def _make(folder: Path, args: list[str] = _args, kind: str = _kind) -> list[str]:
            _write(folder, "a.txt", GOOD_RESOLUTION)
            data = next(a for a in args if a.startswith("DATA"))
            _special(kind, str(folder / data))
            return args

        case("special files", f"{_name} {_kind}")(_make)
