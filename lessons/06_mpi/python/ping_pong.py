#!/usr/bin/env python3
"""Python peer of mpi_bench.cpp's BM_ping_pong: the same ping-pong with mpi4py, the MPI
binding Nurion's Python users have beside pypar. Run on 2 ranks:

    build/default/bin/wb_mpiexec 2 build/default/bin/wb_python lessons/06_mpi/python/ping_pong.py

comm.Send/Recv (capital letters) pass a buffer such as a numpy array straight to MPI, the
fast way; comm.send/recv (lower case) would pickle a Python object first.
Rank 0 prints Google Benchmark-shaped JSON (medians of repetitions), which
`./workbook bench 06` shows side by side with the C++ figures.
"""
import sys
import time

from workbook_peer import median_entry, peer_arguments, require, write_json

np = require("numpy")
MPI = require("mpi4py.MPI")

SIZES = (8, 1 << 10, 64 << 10, 1 << 20)


def round_trips(comm, rank, message, trips):
    """Seconds per round trip of the numpy array `message` between ranks 0 and 1."""
    comm.Barrier()
    start = time.perf_counter()
    for _ in range(trips):
        if rank == 0:
            comm.Send(message, dest=1)
            comm.Recv(message, source=1)
        else:
            comm.Recv(message, source=0)
            comm.Send(message, dest=0)
    return (time.perf_counter() - start) / trips


def main():
    parser = peer_arguments(__doc__, quick_help="a smoke run: 1 repetition, few trips")
    args = parser.parse_args()
    comm = MPI.COMM_WORLD
    rank = comm.Get_rank()
    if comm.Get_size() != 2:
        if rank == 0:
            print("ping_pong.py: run on exactly 2 ranks", file=sys.stderr)
        sys.exit(2)
    if args.quick:
        args.repetitions = 1

    benchmarks = []
    for size in SIZES:
        message = np.full(size, 3, dtype=np.uint8)
        trips = 20 if args.quick else max(20, min(20000, (64 << 20) // size))
        round_trips(comm, rank, message, 5)  # warm-up: the first messages set up the connection
        times = [round_trips(comm, rank, message, trips) for _ in range(args.repetitions)]
        name = f"BM_ping_pong/{size}/real_time"
        benchmarks.append(median_entry(name, times, "us"))
    if rank != 0:
        return
    write_json(benchmarks, args.out)


if __name__ == "__main__":
    main()
