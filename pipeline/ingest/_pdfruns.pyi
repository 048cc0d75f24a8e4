from collections.abc import Callable
from typing import Any

def read_runs(
    textpage: int,
    functions: tuple[int, ...],
    text: str,
    shown: str,
    height: float,
    spread: float,
    run_type: type[Any],
    max_chars: int,
) -> list[Any] | None: ...
def page_lines(
    textpage: int,
    functions: tuple[int, ...],
    text: str,
    shown: str,
    height: float,
    spread: float,
    max_chars: int,
    rules: tuple[float, float, float, float, float, float, str, str, int],
    page: int,
    line_type: type[Any],
    run_type: type[Any],
    finish: Callable[[list[Any]], Any],
) -> list[Any] | None: ...
