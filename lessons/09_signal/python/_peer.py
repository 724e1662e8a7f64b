"""What the lesson's Python peers share: finding Debian's numpy and scipy, timing, and the
Google Benchmark-shaped JSON that `./workbook bench 09` prints beside the C++ figures."""
import json
import os
import statistics
import sys
import time


def need_scipy():
    """Imports numpy and scipy: Debian's python3-numpy and python3-scipy, installed for the
    system's /usr/bin/python3, which the workbook runs its peers with. Without them: one line,
    exit 77 (CTest reports the smoke test skipped)."""
    try:
        import numpy  # noqa: F401
        import scipy  # noqa: F401
    except ImportError as error:
        print(f"{os.path.basename(sys.argv[0])}: {error} (install python3-numpy python3-scipy)", file=sys.stderr)
        sys.exit(77)


def seconds_per_call(function, budget=0.05):
    """Mean time of one call, over as many calls as fit in about `budget` seconds."""
    start = time.perf_counter()
    function()
    once = time.perf_counter() - start
    calls = max(1, int(budget / max(once, 1e-9)))
    start = time.perf_counter()
    for _ in range(calls):
        function()
    return (time.perf_counter() - start) / calls


def median_entry(name, times):
    """One benchmark's median in Google Benchmark's JSON shape, in milliseconds."""
    return {"name": name + "_median", "run_name": name, "run_type": "aggregate", "aggregate_name": "median",
            "real_time": statistics.median(times) * 1e3, "time_unit": "ms"}


def write_json(benchmarks, out):
    text = json.dumps({"context": {"peer": "python"}, "benchmarks": benchmarks}, indent=1)
    if out:
        with open(out, "w") as stream:
            stream.write(text)
    else:
        print(text)
