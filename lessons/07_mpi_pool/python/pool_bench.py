#!/usr/bin/env python3
"""Python peer of pool_bench.cpp: the same master-worker pool in mpi4py, the way pypar users
wrote it (send and recv of pickled Python objects, with WORK and DIE tags).

Start it on 2 ranks or more, like the C++ benchmark:
    build/default/bin/wb_mpiexec 2 build/default/bin/wb_python lessons/07_mpi_pool/python/pool_bench.py
Rank 0 is the master and measures; the other ranks serve tasks until the DIE tag. Per-task
times (items_per_second) go out as Google Benchmark-shaped JSON, medians of repetitions,
written by rank 0 only, for `./workbook bench 07` to print beside the C++ figures.
"""
import sys
import time

from workbook_peer import median_entry, peer_arguments, require, write_json

MPI = require("mpi4py.MPI")

WORK, DIE, RESULT, FAILED = 1, 2, 3, 4


def tiny(x):
    return x * x + 1


def serve(comm):
    """A worker: compute each task, reply with its index, until the DIE tag."""
    status = MPI.Status()
    while True:
        task = comm.recv(source=0, tag=MPI.ANY_TAG, status=status)
        if status.Get_tag() == DIE:
            return
        index, x = task
        try:
            comm.send((index, tiny(x)), dest=0, tag=RESULT)
        except Exception as error:  # the reason travels in the same pickled reply
            comm.send((index, str(error)), dest=0, tag=FAILED)


def run_tasks(comm, xs, workers):
    """The master: the results of tiny over xs in task order, one task in flight per worker."""
    results = [None] * len(xs)
    status = MPI.Status()
    next_task, in_flight = 0, 0
    for worker in range(1, workers + 1):
        if next_task == len(xs):
            break
        comm.send((next_task, xs[next_task]), dest=worker, tag=WORK)
        next_task, in_flight = next_task + 1, in_flight + 1
    while in_flight:
        index, value = comm.recv(source=MPI.ANY_SOURCE, tag=MPI.ANY_TAG, status=status)
        in_flight -= 1
        results[index] = value
        if next_task < len(xs):
            comm.send((next_task, xs[next_task]), dest=status.Get_source(), tag=WORK)
            next_task, in_flight = next_task + 1, in_flight + 1
    return results


def main():
    parser = peer_arguments(__doc__, quick_help="a smoke run")
    parser.add_argument("--tasks", type=int, default=20000, help="tasks per repetition")
    args = parser.parse_args()
    if args.quick:
        args.repetitions, args.tasks = 1, 200
    comm = MPI.COMM_WORLD
    workers = comm.Get_size() - 1
    if workers < 1:
        if comm.Get_rank() == 0:
            print("pool_bench.py: the pool needs a master and at least one worker (start it on 2 ranks or more)",
                  file=sys.stderr)
        sys.exit(2)
    if comm.Get_rank() != 0:
        serve(comm)
        return

    def serial(n):
        for x in range(n):
            tiny(x)

    def round_trip(n):
        for x in range(n):
            run_tasks(comm, [x], 1)

    def pool(n):
        batch = list(range(1000))
        for _ in range(max(1, n // 1000)):
            run_tasks(comm, batch, workers)
        return max(1, n // 1000) * 1000

    measures = [("BM_serial", serial, args.tasks * 10), ("BM_round_trip", round_trip, args.tasks),
                ("BM_pool/1000", pool, args.tasks)]
    benchmarks = []
    for name, measure, n in measures:
        per_task = []
        for _ in range(args.repetitions):
            start = time.perf_counter()
            done = measure(n) or n
            per_task.append((time.perf_counter() - start) / done)
        benchmarks.append(median_entry(name, per_task, "us", items=1.0))
    for worker in range(1, workers + 1):
        comm.send(None, dest=worker, tag=DIE)
    write_json(benchmarks, args.out, peer="python (mpi4py, pickled objects)", workers=workers)


if __name__ == "__main__":
    main()
