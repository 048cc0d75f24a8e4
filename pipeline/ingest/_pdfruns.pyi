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
