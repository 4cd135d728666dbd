"""Work spread over the machine's cores.

A big site's pages are rendered by forked copies of the build process: the site, its
occurrences and compiled templates are shared with them as they are, nothing is sent
but each task's small result. Workers take the next task from a shared counter, so a
slow task does not hold the others up. Where `fork` does not exist (Windows), or for
a small site, everything runs in this process as before; the result is the same.
"""

from __future__ import annotations

import ctypes
import gc
import io
import multiprocessing
import os
import pickle
import signal
import sys
import time
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
           join_in: bool = True, start_alone: bool | None = None) -> list[T]:
    """Each task's result, in the tasks' order, from `workers` processes (this one included
    unless `join_in` is False: then it only collects, and what the workers build up while
    working, such as expanded dates and rendered pieces, never adds to its own memory).

    A process that `start_alone`s (by default one that joins in) does the first tasks
    itself, and forks the others only once the tasks left look like more work than forking
    costs: a rebuild finds most results in the cache, and its quick tasks are done sooner
    here than by forked copies of a big process. One that does not join in only collects
    once it has forked.

    What the forked workers add to `store` (the build cache) is merged into it here, so the
    next build finds it. An exception in any task is raised here, as in a serial run.
    """
    workers = min(workers, len(tasks))
    if workers <= 1 or not can_fork():
        return [task() for task in tasks]
    results: dict[int, T] = _while_quick(tasks) if (join_in if start_alone is None else start_alone) else {}
    if len(results) == len(tasks):
        return [results[index] for index in range(len(tasks))]
    context = multiprocessing.get_context("fork")
    taken = context.Value("i", len(results))  # the index of the next task nobody has taken yet
    mark = store.mark() if store is not None else 0
    sys.stdout.flush()  # a forked worker must not print what this process had not yet printed
    sys.stderr.flush()
    # What exists now is shared with the workers: frozen, the collector in every process
    # leaves it alone instead of walking it (and copying its memory pages) again and again.
    # (A serve rebuild's process inherits what the server froze: that stays frozen.)
    frozen_before = gc.get_freeze_count() > 0
    gc.freeze()
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
        if join_in:
            results.update(_take(tasks, taken))
        for child, receiving in children:
            status, payload = _loads(receiving.recv_bytes(), store)
            child.join()
            if status == "error":
                raise payload if isinstance(payload, BaseException) else RuntimeError(payload)
            done, added = payload
            results.update(done)
            if store is not None:
                store.absorb(added)
    finally:
        if not frozen_before:
            gc.unfreeze()
        for child, _ in children:
            if child.is_alive():
                child.terminate()
                child.join()
    return [results[index] for index in range(len(tasks))]


QUICK_SECONDS = 0.1  # tasks done alone before judging whether the rest is worth forking for
WORTH_FORKING_SECONDS = 0.5  # the work left, guessed from the tasks done, that forking pays off for


def _while_quick(tasks: Sequence[Callable[[], T]]) -> dict[int, T]:
    """The first tasks' results, done in this process until the ones left look slow."""
    started = time.perf_counter()
    done: dict[int, T] = {}
    for index, task in enumerate(tasks):
        done[index] = task()
        elapsed = time.perf_counter() - started
        if elapsed > QUICK_SECONDS and elapsed / len(done) * (len(tasks) - len(done)) > WORTH_FORKING_SECONDS:
            break
    return done


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
    # the build terminates a worker only when it gives up on its result: end at once, even
    # where a handler inherited from serve would raise KeyboardInterrupt into a finalizer
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _end_with_parent()
    try:
        done = _take(tasks, taken)
        message = ("ok", (done, store.added_since(mark) if store is not None else None))
        data = _dumps(message, store)
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


def _dumps(message, store: Store | None) -> bytes:
    """A worker's message, with every object that the build cache held when the worker was
    forked sent as its key: a rebuild's results are mostly such objects (parsed files,
    events), and the build process holds them already."""
    if store is None or not store.previous:
        return pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
    buffer = io.BytesIO()
    _Referring(buffer, {id(value): key for key, value in store.previous.items()}).dump(message)
    return buffer.getvalue()


def _loads(data: bytes, store: Store | None):
    if store is None or not store.previous:
        return pickle.loads(data)
    return _Resolving(io.BytesIO(data), store.previous).load()


class _Referring(pickle.Pickler):
    def __init__(self, file, keys: dict[int, str]):
        super().__init__(file, pickle.HIGHEST_PROTOCOL)
        self._keys = keys

    def persistent_id(self, value) -> str | None:
        # identical to a value the cache held, so equal to it in the build process too
        return self._keys.get(id(value))


class _Resolving(pickle.Unpickler):
    def __init__(self, file, previous: dict[str, object]):
        super().__init__(file)
        self._previous = previous

    def persistent_load(self, key: str):
        return self._previous[key]


class Background:
    """One task running in a forked process beside this one, which stays free to do other
    work meanwhile (in Python, a thread would compete with it for the interpreter).

    Its result comes back pickled through a pipe: read what `fileno` has ready with `read`
    until it says the task is done, then take `result`. The process ends when its task
    does, and is killed with this one (`_end_with_parent`); `stop` kills it sooner."""

    def __init__(self, task: Callable[[], T], nice: int = 0):
        reading, writing = os.pipe()
        parent = os.getpid()
        sys.stdout.flush()  # the process must not print what this one had not yet printed
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - measured in the process that forked
            os.close(reading)
            _run_forked(task, writing, parent, nice)
        os.close(writing)
        os.set_blocking(reading, False)
        self.pid = pid
        self._reading = reading
        self._received: list[bytes] = []
        self._status: int | None = None

    def fileno(self) -> int:
        return self._reading

    def read(self) -> bool:
        """Take what the process has sent so far; True once it has sent everything."""
        while True:
            try:
                data = os.read(self._reading, 1 << 20)
            except BlockingIOError:
                return False
            if not data:
                return True
            self._received.append(data)

    def result(self):
        """Wait for the process to end; its task's result. Raises RuntimeError if the task
        failed or the process died."""
        os.close(self._reading)
        self._status = os.waitpid(self.pid, 0)[1]
        gc.disable()  # a big result is many objects: collecting while they are made costs thrice the time
        try:
            status, payload = pickle.loads(b"".join(self._received))
        except Exception as exc:  # noqa: BLE001 - nothing, or half a message: the process died
            raise RuntimeError(f"the forked process ended (status {self._status}) without a result") from exc
        finally:
            gc.enable()
        if status == "error":
            raise RuntimeError(payload)
        return payload

    def stop(self) -> None:
        """Kill the process (its own workers die with it) and wait for it to end."""
        if self._status is not None:
            return
        try:
            os.kill(self.pid, signal.SIGKILL)
            self._status = os.waitpid(self.pid, 0)[1]
        except (ProcessLookupError, ChildProcessError):
            self._status = -1
        os.close(self._reading)


def _run_forked(task: Callable[[], T], writing: int, parent: int, nice: int) -> None:  # pragma: no cover
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends it at once, without a traceback
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        _end_with_parent()
        if os.getppid() != parent:  # the parent died before it could be asked to kill us
            os._exit(1)
        if nice:
            os.nice(nice)
        try:
            message = ("ok", task())
            data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
        except BaseException:  # noqa: BLE001 - every failure goes back, as text
            data = pickle.dumps(("error", traceback.format_exc()), pickle.HIGHEST_PROTOCOL)
        with open(writing, "wb") as pipe:
            pipe.write(data)
    except BaseException:  # noqa: BLE001 - the parent sees an incomplete result
        code = 1
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)  # not the interpreter's shutdown: it belongs to the parent's state


def _end_with_parent() -> None:
    """On Linux, ask to be killed when the build process dies, so that a killed build
    leaves no worker rendering on (it would hold the output folder's lock until done)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # pragma: no cover - not Linux: the closed pipes suffice
        pass


_PR_SET_PDEATHSIG = 1
