"""What turns a file into stored rows, as one hash: the reader's fingerprint.

The reader is every module that ``READER_ENTRIES`` import, followed through their
``pipeline`` imports (read from the source, nothing is imported), with the data files of
each package reached (``data/`` folders: cue lists, gazetteers, the verb table), the
topic model the NLP stage loads and the versions of the libraries that parse files. A
module moved to another folder, or a new module the reader imports, is in the hash by
construction; the corpus build rereads what a different reader stored.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.metadata
from pathlib import Path

# What a corpus build calls to read one file (corpus/workers.py): ingest, then extract.
READER_ENTRIES = ("pipeline.ingest", "pipeline.nlp.extract")
# The topic model is evaluated with numpy and scipy (scikit-learn only trains it).
READER_LIBRARIES = ("pypdfium2", "pdfplumber", "pdfminer.six", "spacy", "scipy", "numpy")


_PACKAGE = Path(__file__).resolve().parents[1]  # pipeline/


def _origin(module: str) -> Path | None:
    """The source file of a ``pipeline`` module, found without importing anything.

    Not ``importlib.util.find_spec``: it imports the parents of a dotted name, and the
    walk meets names such as ``pipeline.nlp.language.build_nlp`` (a function), so it
    imported spaCy and the whole reader into the build process, which reads no text.
    A package's ``__init__.py`` comes before a module of the same name, as for Python.
    """
    parts = module.split(".")
    if parts[0] != "pipeline":
        return None
    base = _PACKAGE.joinpath(*parts[1:])
    for path in (base / "__init__.py", base.with_suffix(".py")):
        if path.is_file():
            return path
    return None


def _imported(module: str, path: Path) -> set[str]:
    """The ``pipeline`` modules a module's source imports (functions' imports included)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_bytes(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in found if name.split(".")[0] == "pipeline"}


def reader_files(entries: tuple[str, ...] = READER_ENTRIES) -> list[Path]:
    """Every source and data file the reader uses, in a stable order.

    Args:
        entries: The modules a build calls to read a file.

    Returns:
        The modules reached through ``pipeline`` imports (and their packages'
        ``__init__``), then the files under the ``data`` folder of each package reached.
    """
    seen: dict[str, Path] = {}
    todo = list(entries)
    while todo:
        module = todo.pop()
        if module in seen or (path := _origin(module)) is None:
            continue
        seen[module] = path
        parents = [module.rsplit(".", i)[0] for i in range(1, module.count(".") + 1)]
        todo.extend(parents + sorted(_imported(module, path)))
    folders = {path.parent for path in seen.values()}
    data = [
        path
        for folder in sorted(folders)
        for path in sorted((folder / "data").rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    ]
    return sorted(seen.values()) + data


# The reader's files, by the stamp of every source file of the package: the walk parses
# some 50 modules (0.24 s of a build's serial part), once a process while no source
# changes; a second build in one process (the API, the bench) no longer pays it.
_READER_FILES: dict[tuple[tuple[str, int, int], ...], list[Path]] = {}


def _cached_reader_files(package: Path) -> list[Path]:
    """``reader_files()``, walked again only when a source file of the package changed."""
    stamp = tuple(_stamp(path) for path in sorted(package.rglob("*.py")))
    if stamp not in _READER_FILES:
        _READER_FILES.clear()
        _READER_FILES[stamp] = reader_files()
    return _READER_FILES[stamp]


def _stamp(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return str(path), stat.st_mtime_ns, stat.st_size


def reader_fingerprint() -> str:
    """Return a hash of what turns a file into stored rows (see the module's docstring)."""
    # Not pipeline.nlp.topic_model: its spaCy and scipy imports (0.5 s, 70 MB) are of no
    # use in the build process, which reads no text.
    from pipeline.nlp.topic_model_path import model_path

    digest = hashlib.sha256()
    for path in _cached_reader_files(_PACKAGE):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    model = model_path()
    digest.update(model.read_bytes() if model is not None and model.is_file() else b"no model")
    for name in READER_LIBRARIES:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{name}={version}\0".encode())
    return digest.hexdigest()
