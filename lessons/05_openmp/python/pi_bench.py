#!/usr/bin/env python3
"""Python peer of openmp_bench.cpp's BM_pi: the same midpoint-rule pi in pure Python, on one
thread and split over two threading.Thread workers. There is no OpenMP for Python, and the
GIL lets one thread at a time run Python code: two threads take as long as one.

Times are scaled to the C++ benchmark's 50 million steps (Python runs fewer and multiplies),
and printed as Google Benchmark-shaped JSON (medians of repetitions), which
`./workbook bench 05` shows side by side with the C++ figures.
"""
import argparse
import threading
import time

from workbook_peer import median_entry, thread_sweep, write_json

CXX_STEPS = 50_000_000


def partial_sum(first, last, h):
    total = 0.0
    for i in range(first, last):
        x = (i + 0.5) * h
        total += 4.0 / (1.0 + x * x)
    return total


def pi_threads(n, threads):
    """Seconds for pi over n steps with `threads` Python threads, each summing its slice."""
    h = 1.0 / n
    sums = [0.0] * threads

    def work(t):
        sums[t] = partial_sum(t * n // threads, (t + 1) * n // threads, h)

    start = time.perf_counter()
    team = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
    for worker in team:
        worker.start()
    for worker in team:
        worker.join()
    elapsed = time.perf_counter() - start
    pi = sum(sums) * h
    assert abs(pi - 3.141592653589793) < 1e-6, pi
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--steps", type=int, default=2_000_000)
    parser.add_argument("--quick", action="store_true", help="a smoke run: 1 repetition, 20000 steps")
    parser.add_argument("--out", help="write the JSON here instead of stdout")
    args = parser.parse_args()
    if args.quick:
        args.repetitions, args.steps = 1, 20_000

    benchmarks = []
    for threads in thread_sweep():  # the C++ side's sweep
        name = f"BM_pi/threads:{threads}/real_time"
        times = [pi_threads(args.steps, threads) * CXX_STEPS / args.steps for _ in range(args.repetitions)]
        benchmarks.append(median_entry(name, times, "ms"))
    write_json(benchmarks, args.out)


if __name__ == "__main__":
    main()
