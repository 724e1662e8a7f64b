#!/usr/bin/env python3
"""Python peer of counter_bench.cpp: T threads each add 1 to a count 100000 times, with a
threading.Lock around every add, or in a count of their own added to the total once.
(Python has no atomic integer, so there is no peer for BM_atomic_counter.)

Prints Google Benchmark-shaped JSON: medians of repetitions, as the time of a call and as
adds per second of all threads together (items_per_second), which `./workbook bench 02`
shows per add, side by side with the C++ figures.
"""
import threading
import time

from workbook_peer import median_entry, peer_arguments, thread_sweep, write_json

ADDS_PER_THREAD = 100_000  # the same as adds_per_thread in counter_bench.cpp


def run_team(threads, body):
    team = [threading.Thread(target=body) for _ in range(threads)]
    for thread in team:
        thread.start()
    for thread in team:
        thread.join()


def count_with_lock(threads, n):
    total = [0]
    lock = threading.Lock()

    def body():
        for _ in range(n):
            with lock:
                total[0] += 1

    run_team(threads, body)
    return total[0]


def count_locally(threads, n):
    total = [0]
    lock = threading.Lock()

    def body():
        mine = 0
        for _ in range(n):
            mine += 1
        with lock:
            total[0] += mine

    run_team(threads, body)
    return total[0]


def seconds_per_call(count, threads, n, calls):
    start = time.perf_counter()
    for _ in range(calls):
        if count(threads, n) != threads * n:
            raise SystemExit(f"{count.__name__} lost updates: the peer is broken")
    return (time.perf_counter() - start) / calls


def main():
    parser = peer_arguments(__doc__, quick_help="a smoke run: 1 repetition of 1 call, 1000 adds")
    parser.add_argument("--calls", type=int, default=3, help="calls timed together in one repetition")
    args = parser.parse_args()
    n = ADDS_PER_THREAD
    if args.quick:
        args.repetitions, args.calls, n = 1, 1, 1000

    benchmarks = []
    for name, count in (("BM_mutex_counter", count_with_lock), ("BM_local_counter", count_locally)):
        for threads in thread_sweep():  # the C++ side's sweep
            times = [seconds_per_call(count, threads, n, args.calls) for _ in range(args.repetitions)]
            benchmarks.append(median_entry(f"{name}/threads:{threads}", times, "us", items=threads * n))
    write_json(benchmarks, args.out, adds_per_thread=n)


if __name__ == "__main__":
    main()
