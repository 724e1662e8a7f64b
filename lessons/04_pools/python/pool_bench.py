#!/usr/bin/env python3
"""Python peer of pool_bench.cpp: the same measurements with multiprocessing.

Per-task times (items_per_second) in Google Benchmark-shaped JSON, medians of repetitions,
for `./workbook bench 04` to print beside the C++ figures.
"""
import threading
import time
from multiprocessing import Pool
from multiprocessing.pool import ThreadPool

from workbook_peer import median_entry, peer_arguments, usable_cpus, write_json


def trivial(x):
    return x * x + 1


def serial_loop(n, _pools):
    return [trivial(x) for x in range(n)]


def thread_per_task(n, _pools):
    n = max(1, n // 100)  # as the C++ bench: 1000 threads, not 100000
    for i in range(n):
        t = threading.Thread(target=trivial, args=(i,))
        t.start()
        t.join()
    return n


def threadpool_map_chunked(n, pools):
    pools["thread"].map(trivial, range(n))


def processpool_map_chunked(n, pools):
    pools["process"].map(trivial, range(n))


def threadpool_round_trip(n, pools):
    for i in range(n):
        pools["thread"].apply_async(trivial, (i,)).get()


def processpool_round_trip(n, pools):
    for i in range(n):
        pools["process"].apply_async(trivial, (i,)).get()


def main():
    parser = peer_arguments(__doc__, quick_help="a smoke run")
    parser.add_argument("--tasks", type=int, default=100000)
    parser.add_argument("--round-trips", type=int, default=2000)
    args = parser.parse_args()
    if args.quick:
        args.repetitions, args.tasks, args.round_trips = 1, 1000, 20

    # One worker per usable CPU, as the C++ pools in pool_bench.cpp.
    pools = {"thread": ThreadPool(usable_cpus()), "process": Pool(usable_cpus())}
    measures = [("BM_serial_loop", serial_loop, args.tasks),
                ("BM_thread_per_task", thread_per_task, args.tasks),
                ("BM_threadpool_map_chunked", threadpool_map_chunked, args.tasks),
                ("BM_processpool_map_chunked", processpool_map_chunked, args.tasks),
                ("BM_threadpool_round_trip", threadpool_round_trip, args.round_trips),
                ("BM_processpool_round_trip", processpool_round_trip, args.round_trips)]
    benchmarks = []
    for name, measure, n in measures:
        per_task = []
        for _ in range(args.repetitions):
            start = time.perf_counter()
            done = measure(n, pools)
            count = done if name == "BM_thread_per_task" else n
            per_task.append((time.perf_counter() - start) / count)
        benchmarks.append(median_entry(name, per_task, "us", items=1.0))
    for pool in pools.values():
        pool.terminate()
    write_json(benchmarks, args.out)


if __name__ == "__main__":
    main()
