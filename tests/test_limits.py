"""The reading child of ``limits.within``: one per thread, reused, and never left behind.

A Dask worker reads its files through ``within`` from the threads of its pool; a thread
that ended used to leave its child a zombie (or, holding its pipe, alive) until the
worker exited. Each test asks the child for its own process id and looks at that
process in /proc.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pipeline.limits import BudgetError, FileBudget, stop_reading, within

BUDGET = FileBudget(seconds=30, memory_mb=None)


def _state(pid: int) -> str | None:
    """The state letter of ``pid`` if it is a child of this process (R, S, Z...), else None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()  # after the command's name, which may hold spaces
    return fields[0] if int(fields[1]) == os.getpid() else None


def _gone(pid: int, seconds: float = 5.0) -> bool:
    """Whether ``pid`` stops being a child of this process (running or zombie) in time."""
    deadline = time.monotonic() + seconds
    while _state(pid) is not None:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _zombies() -> list[int]:
    """Children of this process that ended and were never reaped."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and _state(int(entry.name)) == "Z":
            found.append(int(entry.name))
    return found


def _in_thread(work: Callable[[], Any]) -> Any:
    """``work()`` in a thread of its own, which has ended when this returns."""
    out: list[Any] = []
    thread = threading.Thread(target=lambda: out.append(work()))
    thread.start()
    thread.join()
    return out[0]


def _child(action: str = "pid") -> int:
    """Run in the reading child: its process id, after sleeping or instead of exiting.

    One function for every case, so that the calls share a child (a new function
    forks a new one).
    """
    if action == "sleep":
        time.sleep(30)
    if action == "exit":
        os._exit(3)
    return os.getpid()


@pytest.fixture(autouse=True)
def _no_reader_left() -> Any:
    stop_reading()
    yield
    stop_reading()


def test_the_child_of_an_ended_thread_is_reaped() -> None:
    before = set(_zombies())
    child = _in_thread(lambda: within(BUDGET, "pid", _child))
    assert child != os.getpid()  # it ran in a child
    assert _gone(child), f"the child of an ended thread is still here ({_state(child)})"
    assert set(_zombies()) <= before


def test_a_thread_keeps_its_child_and_threads_have_their_own() -> None:
    mine = [within(BUDGET, "pid", _child) for _ in range(3)]
    assert len(set(mine)) == 1 and _state(mine[0]) in {"R", "S"}
    # Another thread forks its own child (the fork drops this thread's locals in the
    # new child, which must not end this thread's reader), then ends and reaps it.
    theirs = _in_thread(lambda: within(BUDGET, "pid", _child))
    assert theirs != mine[0] and _gone(theirs)
    assert within(BUDGET, "pid", _child) == mine[0]  # still alive, still reused


def test_a_child_over_the_time_budget_is_killed_and_reaped() -> None:
    child = within(BUDGET, "pid", _child)
    with pytest.raises(BudgetError) as caught:
        within(FileBudget(seconds=0.5), "slow.txt", _child, "sleep")
    assert str(caught.value) == "slow.txt: over the time budget of 0.5 s"
    assert caught.value.cause == "time"
    assert _gone(child, seconds=0)  # killed and reaped before the error was raised
    assert within(BUDGET, "pid", _child) != child  # a fresh child for the next file


def test_a_child_that_dies_is_replaced_and_reaped() -> None:
    child = within(BUDGET, "pid", _child)
    with pytest.raises(BudgetError) as caught:
        within(BUDGET, "crash.txt", _child, "exit")
    assert (str(caught.value), caught.value.cause) == (
        "crash.txt: the process reading it died",
        "died",
    )
    assert _gone(child, seconds=0)
    assert within(BUDGET, "pid", _child) != child


def test_stop_reading_reaps_the_child() -> None:
    child = within(BUDGET, "pid", _child)
    stop_reading()
    assert _gone(child, seconds=0)
