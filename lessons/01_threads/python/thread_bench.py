#!/usr/bin/env python3
"""Python peer of thread_bench.cpp: the same two measurements with the threading module.

Prints Google Benchmark-shaped JSON (medians of repetitions), which `./workbook bench 01`
shows side by side with the C++ figures.
"""
import threading
import time

from workbook_peer import median_entry, peer_arguments, write_json


def thread_per_task(iterations):
    start = time.perf_counter()
    for _ in range(iterations):
        worker = threading.Thread(target=lambda: None)
        worker.start()
        worker.join()
    return (time.perf_counter() - start) / iterations


def reused_thread(iterations):
    task_ready = threading.Semaphore(0)
    task_done = threading.Semaphore(0)
    stop = False

    def loop():
        while True:
            task_ready.acquire()
            if stop:
                return
            task_done.release()

    worker = threading.Thread(target=loop)
    worker.start()
    start = time.perf_counter()
    for _ in range(iterations):
        task_ready.release()
        task_done.acquire()
    elapsed = (time.perf_counter() - start) / iterations
    stop = True
    task_ready.release()
    worker.join()
    return elapsed


def main():
    parser = peer_arguments(__doc__, quick_help="a smoke run: 1 repetition, 20 iterations")
    parser.add_argument("--iterations", type=int, default=2000)
    args = parser.parse_args()
    if args.quick:
        args.repetitions, args.iterations = 1, 20

    benchmarks = []
    for name, measure in (("BM_thread_per_task", thread_per_task), ("BM_reused_thread", reused_thread)):
        times = [measure(args.iterations) for _ in range(args.repetitions)]
        benchmarks.append(median_entry(name, times, "us"))
    write_json(benchmarks, args.out)


if __name__ == "__main__":
    main()
