#!/usr/bin/env python3
"""The lost_updates demo in Python: threads add 1 to one shared counter with no lock.

CPython runs one thread's Python code at a time (the GIL) and hands the GIL over only at
certain points: since 3.10, at a function call and at the end of a loop iteration, not in
the middle of `counter += 1`. So the plain `counter += 1` loses no updates there, while
the same read-add-write with a function call between the read and the write does. The
race is in the program either way; the interpreter only decides how often it shows.
"""
import argparse
import platform
import threading


class Counter:
    def __init__(self):
        self.value = 0


def plain_add(counter, n):
    for _ in range(n):
        counter.value += 1


def log(_value):
    """Stands for any function call (logging, a helper): a point where the GIL can move."""


def read_call_write(counter, n):
    for _ in range(n):
        value = counter.value
        log(value)
        counter.value = value + 1


def count(body, threads, n):
    counter = Counter()
    team = [threading.Thread(target=body, args=(counter, n)) for _ in range(threads)]
    for thread in team:
        thread.start()
    for thread in team:
        thread.join()
    return counter.value


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--n", type=int, default=200_000, help="adds per thread")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="a smoke run: 1 run of 1000 adds")
    args = parser.parse_args()
    if args.threads < 1 or args.n < 1 or args.runs < 1:
        parser.error("--threads, --n and --runs must be at least 1")
    if args.quick:
        args.runs, args.n = 1, 1000

    expected = args.threads * args.n
    print(f"CPython {platform.python_version()}: {args.threads} threads each add 1 to one counter "
          f"{args.n} times, no lock (expected {expected})")
    for label, body in (("counter.value += 1", plain_add), ("read, call, write", read_call_write)):
        results = []
        for _ in range(args.runs):
            value = count(body, args.threads, args.n)
            results.append(f"{value} ({expected - value} lost)")
        print(f"{label + ':':<20} " + ", ".join(results))


if __name__ == "__main__":
    main()
