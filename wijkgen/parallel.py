"""Work spread over the machine's cores.

A big site's pages are rendered by forked copies of the build process: the site, its
occurrences and compiled templates are shared with them as they are, nothing is sent
but each task's small result. Workers take the next task from a shared counter, so a
slow task does not hold the others up. Where `fork` does not exist (Windows), or for
a small site, everything runs in this process as before; the result is the same.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import TypeVar

from .cache import Store

T = TypeVar("T")


def cores() -> int:
    """The cores this process may use (a CI container often gets fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


PARALLEL_FROM = 200  # files or activities: below this, forking workers costs more than it saves


def workers_for(items: int, asked: int | None = None) -> int:
    """The processes for work on `items` files or activities: as asked, else every core
    for a big site and one for a small one."""
    return asked or (cores() if items >= PARALLEL_FROM else 1)


def spread(tasks: Sequence[Callable[[], T]], workers: int, store: Store | None = None,
           join_in: bool = True) -> list[T]:
    """Each task's result, in the tasks' order, from `workers` processes (this one included
    unless `join_in` is False: then it only collects, and what the workers build up while
    working, such as expanded dates and rendered pieces, never adds to its own memory).

    What the forked workers add to `store` (the build cache) is merged into it here, so the
    next build finds it. An exception in any task is raised here, as in a serial run.
    """
    workers = min(workers, len(tasks))
    if workers <= 1 or not can_fork():
        return [task() for task in tasks]
    context = multiprocessing.get_context("fork")
    taken = context.Value("i", 0)  # the index of the next task nobody has taken yet
    mark = store.mark() if store is not None else 0
    sys.stdout.flush()  # a forked worker must not print what this process had not yet printed
    sys.stderr.flush()
    children = []
    try:
        for _ in range(workers - 1 if join_in else workers):
            receiving, sending = context.Pipe(duplex=False)
            inherited = [end for _, end in children] + [receiving]
            child = context.Process(target=_work, args=(tasks, taken, sending, store, mark, inherited),
                                    daemon=True)
            child.start()
            sending.close()
            children.append((child, receiving))
        results: dict[int, T] = dict(_take(tasks, taken)) if join_in else {}
        for child, receiving in children:
            status, payload = pickle.loads(receiving.recv_bytes())
            child.join()
            if status == "error":
                raise payload if isinstance(payload, BaseException) else RuntimeError(payload)
            done, added = payload
            results.update(done)
            if store is not None:
                store.absorb(added)
    finally:
        for child, _ in children:
            if child.is_alive():
                child.terminate()
                child.join()
    return [results[index] for index in range(len(tasks))]


def _take(tasks: Sequence[Callable[[], T]], taken) -> list[tuple[int, T]]:
    done = []
    while True:
        with taken.get_lock():
            index = taken.value
            taken.value += 1
        if index >= len(tasks):
            return done
        done.append((index, tasks[index]()))


def _work(tasks, taken, sending, store: Store | None, mark: int, inherited=()) -> None:
    """A forked worker: take tasks until none are left, send back their results and what
    it added to the cache, or the exception that stopped it.

    The reading ends it inherited are closed first: were the build killed, a worker that
    still held its own pipe's reading end would block for ever sending a large result,
    keeping the output folder's lock, and the next build would wait for it for ever.
    Without readers, the send fails and the worker ends.
    """
    for end in inherited:
        end.close()
    _end_with_parent()
    try:
        done = _take(tasks, taken)
        message = ("ok", (done, store.added_since(mark) if store is not None else None))
        data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the build
        try:
            data = pickle.dumps(("error", exc), pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - an exception that cannot be pickled: its text
            data = pickle.dumps(("error", traceback.format_exc()), pickle.HIGHEST_PROTOCOL)
    try:
        sending.send_bytes(data)
        sending.close()
    finally:
        # End here, skipping the interpreter's shutdown: it would flush standard output, whose
        # lock another thread of the parent (serve's server) may have held when we were forked.
        os._exit(0)


def _end_with_parent() -> None:
    """On Linux, ask to be killed when the build process dies, so that a killed build
    leaves no worker rendering on (it would hold the output folder's lock until done)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # pragma: no cover - not Linux: the closed pipes suffice
        pass


_PR_SET_PDEATHSIG = 1
