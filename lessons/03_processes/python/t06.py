#!/usr/bin/env python3
"""The course's t06.py (KISTI "Python in HPC", 2019), which lesson 03's `spawn` re-creates.

One process per CPU: print "you have N CPUs", start one named process per CPU, print each
name and the PID it was assigned, then join them all. The notes ran it with Python 2 on a
68-core Nurion node; the code was already valid Python 3 and is unchanged but for this
comment (the notes' copy ended in a stray `~` from the editor).

    python3 lessons/03_processes/python/t06.py
"""
import multiprocessing
from multiprocessing import Process

def f(id):
    return


if __name__ == '__main__':

    np = multiprocessing.cpu_count()
    print('you have {0:1d} CPUs'.format(np))

    p_list=[]

    for i in range(1, np+1):
        p = Process(target =f, name='Process'+str(i), args=(i,))
        p_list.append(p)
        print('Process:: ', p.name)
        p.start()
        print('Was assigned PID:: ', p.pid)

    for p in p_list:
        p.join()
