"""What every lesson's Python peer shares: one way to skip where a module is missing, and the
Google Benchmark-shaped JSON that `./workbook bench NN` prints beside the C++ figures.

Peers run through the build's bin/wb_python (the lesson texts' commands, every test,
./workbook bench), which puts this folder on PYTHONPATH, so a peer imports it by name:

    from workbook_peer import median_entry, require, write_json

    np = require("numpy")   # without numpy: one line, exit 77 (skipped)
    ...
    benchmarks = [median_entry("BM_thing", [0.0012, 0.0011, 0.0013], "us")]
    write_json(benchmarks, args.out)

(A plain `python3 peer.py` stops at that import, "No module named 'workbook_peer'": run it
as the texts do, `build/default/bin/wb_python lessons/NN_topic/python/peer.py`.)

A test of a program that cannot call require() itself (one kept as the course's notes have
it) runs behind the same check, from cmake/Workbook.cmake's NEEDS:

    wb_python -m workbook_peer PROGRAM MODULE... -- COMMAND [ARGS...]
"""
import argparse
import importlib
import json
import os
import statistics
import sys
import time

# The exit code of a peer that cannot run here. CTest reports it as skipped (the
# SKIP_RETURN_CODE of every Python test, cmake/Workbook.cmake), and ./workbook bench prints
# the C++ figures alone.
SKIPPED = 77

# How many of each unit make one second.
PER_SECOND = {"ns": 1e9, "us": 1e6, "ms": 1e3, "s": 1.0}


def _rank_in_job():
    """The MPI rank an MPI launcher gave this process (0 outside a job). Read from the
    launcher's environment, since mpi4py may be the module that is missing."""
    for variable in ("OMPI_COMM_WORLD_RANK", "PMI_RANK", "SLURM_PROCID"):
        if os.environ.get(variable, "").isdigit():
            return int(os.environ[variable])
    return 0


def require(module, program=None):
    """Imports and returns `module` ("numpy", "scipy.fft", "mpi4py.MPI"). Where it cannot be
    imported: one line on stderr, `PROGRAM: skipped: needs numpy (Debian package
    python3-numpy)`, from rank 0 only in an MPI job, and exit 77. Debian installs these
    packages for its /usr/bin/python3, the one the build chooses; a pyenv or conda python3
    has its own."""
    try:
        return importlib.import_module(module)
    except ImportError:
        package = module.partition(".")[0]
        if _rank_in_job() == 0:
            name = program or os.path.basename(sys.argv[0])
            print(f"{name}: skipped: needs {package} (Debian package python3-{package})", file=sys.stderr)
        else:
            # Open MPI ends the job at the first rank that exits with an error, and may drop
            # the lines other ranks have not yet passed on: rank 0 leaves first, with its line.
            # (The launcher stops this rank then; the wait is a bound, not a cost.)
            time.sleep(5)
        sys.exit(SKIPPED)


def usable_cpus():
    """The CPUs this process may run on (its affinity mask), as workbook::usable_cpus():
    under taskset, Slurm or a container's cpuset, not the machine's total (os.cpu_count())."""
    return len(os.sched_getaffinity(0))


def thread_sweep():
    """1, 2, 4, ... up to the usable CPUs, and that count itself: the C++ side's sweep
    (workbook::thread_sweep), so that every figure has its peer."""
    usable = usable_cpus()
    return sorted({1 << k for k in range(usable.bit_length()) if 1 << k < usable} | {usable})


class OneLineParser(argparse.ArgumentParser):
    """argparse, with bad input said the workbook's way: one line on stderr and exit 2
    (argparse's own way is the usage, then the error: two lines)."""

    def error(self, message):
        print(f"{self.prog}: {message} (see --help)", file=sys.stderr)
        sys.exit(2)

    def format_help(self):  # "Usage:", as every workbook program's --help begins its usage
        text = super().format_help()
        return "Usage:" + text[len("usage:"):] if text.startswith("usage:") else text


def count(text):
    """An argparse type: a whole number of at least 1 (repetitions, steps, sizes)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not at least 1")
    return value


def output_file(text):
    """An argparse type: a file to write, in a folder that exists (checked before the run,
    so a long run is not lost at its end)."""
    folder = os.path.dirname(text) or "."
    if not os.path.isdir(folder):
        raise argparse.ArgumentTypeError(f"{text!r}: the folder {folder!r} does not exist")
    return text


def peer_arguments(description, quick_help):
    """The command line every peer has, as ./workbook bench and the tests call it:
    --repetitions N, --quick (a smoke run, with what it runs as `quick_help`) and --out FILE.
    A peer adds its own options to the parser this returns (with type=count for counts)."""
    parser = OneLineParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repetitions", type=count, default=5)
    parser.add_argument("--quick", action="store_true", help=quick_help)
    parser.add_argument("--out", type=output_file, help="write the JSON here instead of stdout")
    return parser


def median_entry(name, seconds, unit, items=None):
    """One benchmark as Google Benchmark writes a median aggregate: the median of `seconds`
    (one time per repetition, in seconds) shown in `unit` ("ns", "us", "ms" or "s").
    With `items` (the work one time covers: tasks, adds, ...) it adds items_per_second."""
    median = statistics.median(seconds)
    entry = {"name": name + "_median", "run_name": name, "run_type": "aggregate",
             "aggregate_name": "median", "real_time": median * PER_SECOND[unit], "time_unit": unit}
    if items is not None:
        entry["items_per_second"] = items / median
    return entry


def write_json(benchmarks, out, peer="python", **context):
    """Writes {"context": {"peer": peer, **context}, "benchmarks": benchmarks} to the file
    `out`, or to stdout when `out` is empty (a peer's --out option)."""
    text = json.dumps({"context": {"peer": peer, **context}, "benchmarks": benchmarks}, indent=1)
    if out:
        with open(out, "w") as stream:
            stream.write(text)
    else:
        print(text)


def _run_where_present(argv):
    """`PROGRAM MODULE... -- COMMAND [ARGS...]`: COMMAND in place of this process where every
    MODULE imports; otherwise PROGRAM's skip line and exit 77, as require() does."""
    if "--" not in argv or argv.index("--") < 2 or argv.index("--") == len(argv) - 1:
        print("usage: wb_python -m workbook_peer PROGRAM MODULE... -- COMMAND [ARGS...]", file=sys.stderr)
        return 2
    split = argv.index("--")
    program, modules, command = argv[0], argv[1:split], argv[split + 1:]
    for module in modules:
        require(module, program)
    try:
        os.execvp(command[0], command)
    except OSError as error:
        print(f"workbook_peer: cannot run {command[0]}: {error.strerror}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(_run_where_present(sys.argv[1:]))
