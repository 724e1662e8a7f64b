#!/usr/bin/env python3
"""Python peer of spawn_bench.cpp: the same measurements with threading, os.fork,
multiprocessing.Process and os.posix_spawn, from a small parent and from one holding 256 MiB.

Prints Google Benchmark-shaped JSON (medians of repetitions), which `./workbook bench 03`
shows side by side with the C++ figures.
"""
import multiprocessing
import os
import threading
import time

from workbook_peer import median_entry, peer_arguments, write_json


def per_iteration(task, iterations):
    start = time.perf_counter()
    for _ in range(iterations):
        task()
    return (time.perf_counter() - start) / iterations


def thread_create_join():
    worker = threading.Thread(target=lambda: None)
    worker.start()
    worker.join()


def fork_waitpid():
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)


def nothing():
    pass


def process_start_join():
    # t06.py's way: a Process object with a target, started and joined.
    p = multiprocessing.Process(target=nothing)
    p.start()
    p.join()


def posix_spawn():
    pid = os.posix_spawn("/bin/true", ["true"], os.environ)
    os.waitpid(pid, 0)


def with_256mib(task):
    """The same task from a parent holding 256 MiB it has written to (fewer iterations:
    a fork from a big parent takes tens of milliseconds)."""
    def measure(iterations):
        memory = bytearray(b"\x01") * (256 << 20)
        elapsed = per_iteration(task, max(1, iterations // 5))
        del memory
        return elapsed
    return measure


def main():
    parser = peer_arguments(__doc__, quick_help="a smoke run: 1 repetition, 5 iterations")
    parser.add_argument("--iterations", type=int, default=200)
    args = parser.parse_args()
    if args.quick:
        args.repetitions, args.iterations = 1, 5
    # The start method t06.py used on Linux, and the one the C++ side re-creates.
    multiprocessing.set_start_method("fork")

    measurements = (
        ("BM_thread_create_join", lambda n: per_iteration(thread_create_join, n)),
        ("BM_fork_waitpid", lambda n: per_iteration(fork_waitpid, n)),
        ("BM_process_start_join", lambda n: per_iteration(process_start_join, n)),
        ("BM_posix_spawn", lambda n: per_iteration(posix_spawn, n)),
        ("BM_fork_waitpid_256MiB", with_256mib(fork_waitpid)),
        ("BM_posix_spawn_256MiB", with_256mib(posix_spawn)),
    )
    benchmarks = []
    for name, measure in measurements:
        times = [measure(args.iterations) for _ in range(args.repetitions)]
        benchmarks.append(median_entry(name, times, "us"))
    write_json(benchmarks, args.out)


if __name__ == "__main__":
    main()
