from collections.abc import Callable
from typing import Any

def read_runs(
    textpage: int,
    functions: tuple[int, ...],
    text: str,
    height: float,
    max_chars: int,
    rules: tuple[Any, ...],
    run_type: type[Any],
) -> list[Any] | None: ...
def page_lines(
    textpage: int,
    functions: tuple[int, ...],
    text: str,
    height: float,
    max_chars: int,
    rules: tuple[Any, ...],
    page: int,
    line_type: type[Any],
    run_type: type[Any],
    finish: Callable[[list[Any]], Any],
) -> list[Any] | None: ...
def page_text(textpage: int, functions: tuple[int, ...], max_chars: int) -> str | None: ...
