#!/usr/bin/env python3
"""Python peer of openmp_bench.cpp: the midpoint-rule pi and the STREAM triad, on 1, 2, 4, ...
workers up to the usable cores (the C++ side's sweep), each in the forms a Python user has:

  pi, the course's form (BM_pi/threads:T): pure Python split over T threading.Threads. The
      GIL lets one thread at a time run Python code: T threads take as long as one.
  pi and triad with numpy (@numpy): the loop vectorised into numpy calls, on T threads;
      numpy releases the GIL inside its loops, so threads can overlap there.
  pi and triad in T processes (@multiprocessing): a multiprocessing.Pool of T workers, one
      per core, each doing its slice with numpy (the triad's arrays in shared memory).

The report (`./workbook bench 05`) shows the course's form beside the C++ and compares the
C++ with the fastest form too. Times are for the C++ sizes: 50 million pi steps (pure
Python runs fewer and is scaled up), 20 million doubles per triad array. Prints Google
Benchmark-shaped JSON (medians of repetitions).
"""
import multiprocessing
import threading
import time
from multiprocessing import shared_memory

from workbook_peer import count, median_entry, peer_arguments, require, thread_sweep, write_json

np = require("numpy")

PI_STEPS = 50_000_000   # BM_pi's steps
TRIAD_LENGTH = 20_000_000   # BM_triad's array length
CHUNK = 1 << 20          # numpy works on 1M steps at a time: 8 MB temporaries, not 400 MB


def partial_sum(first, last, h):
    total = 0.0
    for i in range(first, last):
        x = (i + 0.5) * h
        total += 4.0 / (1.0 + x * x)
    return total


def numpy_partial_sum(first, last, h):
    """The same sum with numpy, a chunk at a time."""
    total = 0.0
    for start in range(first, last, CHUNK):
        x = (np.arange(start, min(start + CHUNK, last), dtype=np.float64) + 0.5) * h
        total += float(np.sum(4.0 / (1.0 + x * x)))
    return total


def in_threads(threads, work):
    """Seconds to run work(t) for t in 0..threads-1, each on a threading.Thread."""
    team = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
    start = time.perf_counter()
    for worker in team:
        worker.start()
    for worker in team:
        worker.join()
    return time.perf_counter() - start


def pi_seconds(steps, threads, partial):
    h = 1.0 / steps
    sums = [0.0] * threads

    def work(t):
        sums[t] = partial(t * steps // threads, (t + 1) * steps // threads, h)

    elapsed = in_threads(threads, work)
    assert abs(sum(sums) * h - 3.141592653589793) < 1e-6
    return elapsed


def pi_slice(task):
    first, last, steps = task
    return numpy_partial_sum(first, last, 1.0 / steps)


def pi_processes(pool, steps, workers):
    tasks = [(w * steps // workers, (w + 1) * steps // workers, steps) for w in range(workers)]
    start = time.perf_counter()
    pi = sum(pool.map(pi_slice, tasks)) / steps
    elapsed = time.perf_counter() - start
    assert abs(pi - 3.141592653589793) < 1e-6
    return elapsed


def triad_views(memory, length):
    return [np.ndarray((length,), dtype=np.float64, buffer=memory.buf, offset=k * 8 * length) for k in range(3)]


def triad(a, b, c, scalar):
    """a = b + scalar * c in place: `a[:] = b + scalar * c` would also allocate (and fault in)
    two temporary arrays as large as a, every call."""
    np.multiply(c, scalar, out=a)
    a += b


def triad_slice(task):
    name, length, first, last, scalar = task
    memory = shared_memory.SharedMemory(name=name)
    try:
        a, b, c = triad_views(memory, length)
        triad(a[first:last], b[first:last], c[first:last], scalar)
        del a, b, c
    finally:
        memory.close()


def main():
    parser = peer_arguments(__doc__, quick_help="a smoke run: 1 repetition, small sizes")
    parser.add_argument("--steps", type=count, default=2_000_000, help="pure-Python pi steps (scaled to 50 million)")
    args = parser.parse_args()
    pi_steps, triad_length = PI_STEPS, TRIAD_LENGTH
    if args.quick:
        args.repetitions, args.steps, pi_steps, triad_length = 1, 20_000, 200_000, 100_000
    scale = PI_STEPS / args.steps
    reps = range(args.repetitions)

    memory = shared_memory.SharedMemory(create=True, size=3 * 8 * triad_length)
    try:
        a, b, c = triad_views(memory, triad_length)
        a[:], b[:], c[:], scalar = 0.0, 1.0, 2.0, 3.0  # every page touched before the clock
        benchmarks = []
        for workers in thread_sweep():
            # The course's form, scaled from fewer steps: pure Python takes seconds a million.
            times = [pi_seconds(args.steps, workers, partial_sum) * scale for _ in reps]
            benchmarks.append(median_entry(f"BM_pi/threads:{workers}", times, "ms"))
            times = [pi_seconds(pi_steps, workers, numpy_partial_sum) * PI_STEPS / pi_steps for _ in reps]
            benchmarks.append(median_entry(f"BM_pi/threads:{workers}@numpy", times, "ms"))

            def triad_part(t):
                first, last = t * triad_length // workers, (t + 1) * triad_length // workers
                triad(a[first:last], b[first:last], c[first:last], scalar)

            times = [in_threads(workers, triad_part) * TRIAD_LENGTH / triad_length for _ in reps]
            assert a[0] == 7.0 and a[-1] == 7.0
            benchmarks.append(median_entry(f"BM_triad/threads:{workers}@numpy", times, "ms"))

            # One process per worker, started before the clock (as OpenMP's team is).
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                pi_processes(pool, pi_steps, workers)  # the first map imports numpy in each worker
                times = [pi_processes(pool, pi_steps, workers) * PI_STEPS / pi_steps for _ in reps]
                benchmarks.append(median_entry(f"BM_pi/threads:{workers}@multiprocessing", times, "ms"))
                a[:] = 0.0
                tasks = [(memory.name, triad_length, w * triad_length // workers,
                          (w + 1) * triad_length // workers, scalar) for w in range(workers)]
                times = []
                for _ in reps:
                    start = time.perf_counter()
                    pool.map(triad_slice, tasks)
                    times.append((time.perf_counter() - start) * TRIAD_LENGTH / triad_length)
                assert a[0] == 7.0 and a[-1] == 7.0
                benchmarks.append(median_entry(f"BM_triad/threads:{workers}@multiprocessing", times, "ms"))
        del a, b, c
    finally:
        memory.close()
        memory.unlink()
    write_json(benchmarks, args.out)


if __name__ == "__main__":
    main()
