"""Helpers shared by the benchmarks: timing a child process (wall clock and its own resource usage),
describing the machine, and writing results under bench/results/."""

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
ANCHORS_DIR = REPO_DIR.parent / "shared" / "anchors"
SPARSELAW = os.environ.get("SPARSELAW", str(REPO_DIR / ".build" / "release" / "sparselaw"))
PYTHON = sys.executable


class ProcessFailed(RuntimeError):
    pass


def run_process(command, cwd=REPO_DIR):
    """Runs `command` to completion. Returns (wall seconds, stdout text, peak RSS in KiB, CPU
    seconds): the wall time covers start-up and exit, the resource usage is that child's alone
    (os.wait4), so runs measured one after another do not mix."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if child.returncode != 0:
        raise ProcessFailed(f"{' '.join(map(str, command))} exited with {child.returncode}:\n{stderr[-2000:]}")
    return wall, stdout, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def median(values):
    return statistics.median(values)


def summary(values):
    """Median, min and max of a list of numbers, for the JSON results."""
    return {"median": median(values), "min": min(values), "max": max(values), "n": len(values), "values": values}


def read_first(path, prefix):
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(prefix):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def command_output(command):
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=REPO_DIR).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None


def machine():
    """What the numbers were measured on."""
    import numpy
    import scipy

    memory_kib = read_first("/proc/meminfo", "MemTotal")
    swift = command_output(["swift", "--version"])
    dirty = command_output(["git", "status", "--porcelain", "--", "Sources", "Package.swift"])
    return {
        "nproc": os.cpu_count(),
        "cpu": read_first("/proc/cpuinfo", "model name") or platform.processor(),
        "memory": f"{int(memory_kib.split()[0]) / 2**20:.1f} GiB" if memory_kib else None,
        "kernel": platform.release(),
        "loadavg_at_start": Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else None,
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "scipy": scipy.__version__,
        "swift": swift.splitlines()[0] if swift else None,
        "gsl": command_output(["pkg-config", "--modversion", "gsl"]),
        "sparselaw": command_output([SPARSELAW, "--version"]),
        "sparselaw_binary_mtime": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(os.path.getmtime(SPARSELAW))),
        "git_head": command_output(["git", "rev-parse", "--short", "HEAD"]),
        "sources_modified_since_head": bool(dirty),
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def write_results(name, data):
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n")
    tmp.replace(path)
    return path


def seconds(value):
    """A duration for the table: 3 significant digits, in s or ms."""
    if value >= 1:
        return f"{value:.3g} s"
    return f"{value * 1e3:.3g} ms"


def print_table(header, rows):
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"
    print(line(header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print(line(row))
