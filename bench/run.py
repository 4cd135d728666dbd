"""Build synthetic cities with wijkgen (and Hugo, Eleventy, Pelican) and report the times.

    python bench/run.py --sizes S,M            # from a fresh clone; peers installed on first use
    python bench/run.py --sizes M --peers none --runs 5

Every build is a fresh process, measured with wait4(): wall time, CPU time (user+system,
including the process's own children) and peak resident memory (the largest single process).
The median of --runs builds is reported. wijkgen is measured cold (no output, no cache),
warm (rebuild with nothing changed) and after one changed file; on M also `check`, and
`serve` (seconds from saving one file until the rebuilt page is served).
"""

from __future__ import annotations

import argparse
import functools
import multiprocessing
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

from generate import SIZES, generate  # noqa: E402
from peers import PEERS, read_city  # noqa: E402

TODAY = "2026-11-28"
CACHE_FOLDER = ".wijkgen-cache"


@dataclass(frozen=True)
class Measure:
    wall: float
    cpu: float
    peak_mb: float
    pages: int = 0
    feeds: int = 0

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.wall if self.wall else 0.0


def measure(command: list[str], env: dict | None = None, cwd: Path | None = None) -> Measure:
    """One run of a command in a fresh process; raises when it fails.

    The command is started by a small process of its own: Linux keeps a process's peak
    memory across exec, so a command started from this script, which holds a city's files,
    would report at least this script's memory as its own (a Pelican build of S did: 75 MB).
    """
    return _starter().submit(_measured, command, env, cwd).result()


@functools.cache
def _starter() -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))


def _measured(command: list[str], env: dict | None, cwd: Path | None) -> Measure:
    full_env = {**os.environ, **(env or {})}
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=full_env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} failed ({process.returncode}):\n{output.decode()[-2000:]}"
        )
    return Measure(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def count_outputs(folder: Path) -> tuple[int, int]:
    pages = feeds = 0
    for _root, _dirs, files in os.walk(folder):
        for name in files:
            pages += name.endswith(".html")
            feeds += name.endswith(".ics")
    return pages, feeds


def median(runs: list[Measure], output: Path) -> Measure:
    pages, feeds = count_outputs(output)
    return Measure(
        statistics.median(m.wall for m in runs),
        statistics.median(m.cpu for m in runs),
        max(m.peak_mb for m in runs),
        pages,
        feeds,
    )


def wijkgen_env() -> dict[str, str]:
    # wijkgen's bytecode is kept, as an installed package (or any checkout) has it: where the
    # environment says not to write it, every run would compile wijkgen again, its peers not
    return {"PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": ""}


def wijkgen_build(site: Path, output: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "wijkgen",
        "build",
        str(site),
        "--output",
        str(output),
        "--today",
        TODAY,
    ]


def touch_one(site: Path, round_number: int) -> None:
    """Change one activity's text, as a volunteer's edit would."""
    file = sorted((site / "content" / "activiteiten").glob("*.md"))[0]
    text = file.read_text(encoding="utf-8").rstrip("\n").rsplit("\n<!-- edit", 1)[0]
    file.write_text(f"{text}\n<!-- edit {round_number} -->\n", encoding="utf-8")


def bench_wijkgen(site: Path, work: Path, runs: int) -> dict[str, Measure]:
    output = work / "out-wijkgen"
    results: dict[str, Measure] = {}
    cold = []
    for _ in range(runs):
        shutil.rmtree(output, ignore_errors=True)
        shutil.rmtree(site / CACHE_FOLDER, ignore_errors=True)
        cold.append(measure(wijkgen_build(site, output), wijkgen_env()))
    results["cold"] = median(cold, output)
    warm = [measure(wijkgen_build(site, output), wijkgen_env()) for _ in range(runs)]
    results["nothing changed"] = median(warm, output)
    edited = []
    for number in range(runs):
        touch_one(site, number)
        edited.append(measure(wijkgen_build(site, output), wijkgen_env()))
    results["one file changed"] = median(edited, output)
    return results


def bench_check(site: Path, runs: int) -> Measure:
    command = [sys.executable, "-m", "wijkgen", "check", str(site)]
    return median([measure(command, wijkgen_env()) for _ in range(runs)], site / "nothing")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def bench_serve(site: Path, runs: int, folder: str) -> list[float] | str:
    """Seconds from saving a file of `folder` (activiteiten, organisaties or locaties, whose
    output folders have the same names) until its page serves the new text."""
    port = free_port()
    file = sorted((site / "content" / folder).glob("*.md"))[1]
    url = f"http://127.0.0.1:{port}/{folder}/{file.stem}/"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "wijkgen",
            "serve",
            str(site),
            "--port",
            str(port),
            "--today",
            TODAY,
        ],
        env={**os.environ, **wijkgen_env()},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    original = file.read_text(encoding="utf-8")
    latencies: list[float] = []
    try:
        deadline = time.monotonic() + 300
        while not fetch(url):
            if server.poll() is not None or time.monotonic() > deadline:
                return "wijkgen serve did not start"
            time.sleep(0.1)
        for number in range(runs):
            time.sleep(1.0)  # let the previous rebuild settle
            token = f"Bewerking nummer {number} van de benchmark"
            file.write_text(original.rstrip("\n") + f"\n\n{token}\n", encoding="utf-8")
            saved = time.perf_counter()
            while token not in fetch(url):
                if time.perf_counter() - saved > 60:
                    return "the edited page was not served within 60 s"
                time.sleep(0.005)
            latencies.append(time.perf_counter() - saved)
    finally:
        server.terminate()
        server.wait(timeout=10)
        file.write_text(original, encoding="utf-8")
    return latencies


def serve_line(what: str, latencies: list[float] | str) -> str:
    if isinstance(latencies, str):
        return f"{what}: {latencies}"
    shown = ", ".join(f"{s:.2f}" for s in latencies)
    return f"save {what} to its page served: median {statistics.median(latencies):.2f} s ({shown})"


def bench_example_rebuild(work: Path, runs: int) -> list[float]:
    """What `serve` takes on the example site from one saved file to a rebuilt preview."""
    sys.path.insert(0, str(REPO))
    from wijkgen.serve import measure_rebuild

    site = work / "example"
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir(parents=True)
    shutil.copy(REPO / "site.yaml", site / "site.yaml")
    for folder in ("content", "templates"):
        shutil.copytree(REPO / folder, site / folder)
    return [measure_rebuild(site) for _ in range(runs)]


def bench_peer(name: str, site: Path, work: Path, runs: int) -> Measure | str:
    peer = PEERS[name](work / "peers")
    problem = peer.install()
    if problem:
        return problem
    project = work / f"project-{name}"
    peer.prepare(read_city(site), project)
    output = work / f"out-{name}"
    results = []
    for _ in range(runs):
        shutil.rmtree(output, ignore_errors=True)
        shutil.rmtree(project / ".cache", ignore_errors=True)
        try:
            results.append(measure(peer.command(project, output), peer.env(), cwd=project))
        except RuntimeError as exc:
            return f"build failed: {exc}"
    return median(results, output)


def row(label: str, m: Measure) -> str:
    return (
        f"| {label} | {m.wall:.2f} | {m.cpu:.2f} | {m.peak_mb:.0f} | {m.pages} | {m.feeds} "
        f"| {m.pages_per_second:.0f} |"
    )


HEADER = (
    "| build | wall s | CPU s | peak MB | pages | feeds | pages/s |\n"
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
)


def default_work() -> Path:
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        return shm / "wijkgen-bench"
    return BENCH / "work"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="S,M", help="comma-separated: S, M, L")
    parser.add_argument("--runs", type=int, default=3, help="builds per measurement (median)")
    parser.add_argument("--peers", default="hugo,eleventy,pelican", help="comma-separated, or none")
    parser.add_argument(
        "--work",
        type=Path,
        default=None,
        help="scratch folder (default /dev/shm/wijkgen-bench, else bench/work)",
    )
    parser.add_argument(
        "--no-serve", action="store_true", help="skip the serve latency measurement"
    )
    args = parser.parse_args(argv)
    work = (args.work or default_work()).absolute()
    work.mkdir(parents=True, exist_ok=True)
    peers = [] if args.peers == "none" else [p.strip() for p in args.peers.split(",") if p.strip()]
    for name in peers:
        if name not in PEERS:
            parser.error(f"unknown peer {name!r}; choose from {', '.join(PEERS)}")

    print(f"# wijkgen benchmark, {time.strftime('%Y-%m-%d %H:%M %Z')}")
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}; scratch: {work}"
    )
    if not args.no_serve:
        latencies = bench_example_rebuild(work, args.runs)
        shown = ", ".join(f"{s:.2f}" for s in latencies)
        print(f"\n## The example site: serve's rebuild after one saved file: median "
              f"{statistics.median(latencies):.2f} s ({shown})")
    for size_name in [s.strip().upper() for s in args.sizes.split(",")]:
        size = SIZES[size_name]
        site = work / f"city-{size_name}"
        generate(site, size)
        print(
            f"\n## {size_name}: {size.wijken} wijken, {size.activities} activities, "
            f"{size.organisations} organisations, {size.venues} venues ({args.runs} runs, median)\n"
        )
        print(HEADER, flush=True)
        ours = bench_wijkgen(site, work, args.runs)
        for label, result in ours.items():
            print(row(f"wijkgen {label}", result), flush=True)
        peer_results = {}
        for name in peers:
            result = bench_peer(name, site, work, args.runs)
            peer_results[PEERS[name].name] = result
            if isinstance(result, Measure):
                print(row(f"{PEERS[name].name} cold", result), flush=True)
        print()
        for peer_name, result in peer_results.items():
            if isinstance(result, str):
                print(f"- {peer_name} skipped: {result}")
                continue
            ratios = ", ".join(f"{label} {ours[label].wall / result.wall:.2f}" for label in ours)
            print(f"- wijkgen wall / {peer_name} cold wall (below 1: wijkgen faster): {ratios}")
        if size_name == "M":
            check = bench_check(site, args.runs)
            print(
                f"- wijkgen check: {check.wall:.2f} s wall, {check.cpu:.2f} s CPU, "
                f"{check.peak_mb:.0f} MB"
            )
            if not args.no_serve:
                for folder, what in (("activiteiten", "an activity"), ("organisaties", "an organisation")):
                    print(f"- wijkgen serve, {serve_line(what, bench_serve(site, args.runs, folder))}")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
