"""What every lesson's Python peer shares: the Google Benchmark-shaped JSON that
`./workbook bench NN` prints beside the C++ figures.

A peer times its work in seconds, makes one entry per benchmark with median_entry, and
hands the list to write_json:

    benchmarks = [median_entry("BM_thing", [0.0012, 0.0011, 0.0013], "us")]
    write_json(benchmarks, args.out)

A peer in lessons/NN_topic/python/ finds this file with two lines (the repository root is
three folders up from the peer):

    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "common" / "python"))
    from workbook_peer import median_entry, write_json
"""
import json
import statistics

# How many of each unit make one second.
PER_SECOND = {"ns": 1e9, "us": 1e6, "ms": 1e3, "s": 1.0}


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
