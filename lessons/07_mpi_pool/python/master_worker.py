#!/usr/bin/env python3
"""The course's pypar pool, in mpi4py: the seed's reference article ("managing a pool of MPI
processes with Python and pypar", shocksolution 2010) with pypar.send/receive replaced by
comm.send/recv. pypar is not packaged for Debian (it was Python 2 only); mpi4py is, and it
is what Nurion users write today. Same output as the C++ demo master_worker:

    build/default/bin/wb_mpiexec 4 build/default/bin/wb_python lessons/07_mpi_pool/python/master_worker.py --fail-task 7

Rank 0 is the master: it sends each worker a task with the WORK tag, gives the next task to
whichever worker answers, and ends the workers with the DIE tag. A task that raises is
reported to the master (the exception's text rides in the pickled reply), which prints it
and finishes the other tasks.
"""
import argparse
import os
import sys
import time

from workbook_peer import require

MPI = require("mpi4py.MPI")

WORKTAG, DIETAG, RESULTTAG, FAILEDTAG = 1, 2, 3, 4


def worker(comm, fail_task, work_ms):
    status = MPI.Status()
    while True:
        task = comm.recv(source=0, tag=MPI.ANY_TAG, status=status)
        if status.Get_tag() == DIETAG:
            return
        index, x = task
        try:
            if x == fail_task:
                raise RuntimeError(f"f({x}): asked to fail by --fail-task")
            time.sleep(work_ms / 1000)
            comm.send((index, x * x), dest=0, tag=RESULTTAG)
        except Exception as error:
            comm.send((index, str(error)), dest=0, tag=FAILEDTAG)


def master(comm, tasks):
    workers = comm.Get_size() - 1
    print(f"a pool of {workers} worker{'' if workers == 1 else 's'} (rank 0 is the master): "
          f"f(x) = x*x over range({tasks})")
    results, done_by, failures = [None] * tasks, [None] * tasks, 0
    status = MPI.Status()
    next_task, in_flight = 0, 0
    for w in range(1, min(workers, tasks) + 1):  # one task each to start with
        comm.send((next_task, next_task), dest=w, tag=WORKTAG)
        next_task, in_flight = next_task + 1, in_flight + 1
    while in_flight:  # whoever answers gets the next task
        index, answer = comm.recv(source=MPI.ANY_SOURCE, tag=MPI.ANY_TAG, status=status)
        in_flight -= 1
        w = status.Get_source()
        done_by[index] = w
        if status.Get_tag() == FAILEDTAG:
            print(f"task {index} FAILED on worker {w}: {answer}")
            failures += 1
        else:
            results[index] = answer
            print(f"task {index} -> {answer} (worker {w})")
        if next_task < tasks:
            comm.send((next_task, next_task), dest=w, tag=WORKTAG)
            next_task, in_flight = next_task + 1, in_flight + 1
    for w in range(1, workers + 1):
        comm.send(None, dest=w, tag=DIETAG)
    print(f"results in task order:\n{results}")
    print("tasks per worker: " + ", ".join(f"worker {w}: {done_by.count(w)}" for w in range(1, workers + 1)))
    if failures:
        print(f"{failures} task{'' if failures == 1 else 's'} failed; the other {tasks - failures} finished, "
              "and every worker got the stop tag")


class OneLineParser(argparse.ArgumentParser):
    """Bad input: one line on stderr and exit code 2, as every workbook program answers it."""

    def error(self, message):
        self.exit(2, f"{self.prog}: {message}\n")


def main():
    parser = OneLineParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=10, help="how many tasks (x = 0 .. tasks-1)")
    parser.add_argument("--fail-task", type=int, default=-1, help="make this task raise (-1: none)")
    parser.add_argument("--work-ms", type=int, default=0, help="each task also sleeps this long")
    comm = MPI.COMM_WORLD
    # argparse prints its errors and help on every rank: let rank 0 alone speak.
    if comm.Get_rank() != 0:
        sys.stdout = sys.stderr = open(os.devnull, "w")
    args = parser.parse_args()
    problem = None
    if comm.Get_size() < 2:
        problem = "a pool needs a master and at least one worker (start it on 2 ranks or more)"
    elif args.tasks < 1 or not -1 <= args.fail_task < args.tasks or args.work_ms < 0:
        problem = "--tasks must be 1 or more, --fail-task a task number or -1, --work-ms 0 or more"
    if problem:
        print(f"master_worker.py: {problem}", file=sys.stderr)
        sys.exit(2)
    if comm.Get_rank() == 0:
        master(comm, args.tasks)
    else:
        worker(comm, args.fail_task, args.work_ms)


if __name__ == "__main__":
    main()
