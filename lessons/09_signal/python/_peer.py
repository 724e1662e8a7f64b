"""What the lesson's Python peers share: finding Debian's numpy and scipy and timing, plus
(from common/python/workbook_peer.py, which every lesson's peers use) the Google
Benchmark-shaped JSON that `./workbook bench 09` prints beside the C++ figures."""
import os
import sys
import time
from pathlib import Path

sys.dont_write_bytecode = True  # run from the source tree: leave no __pycache__ behind
# The JSON writing every peer shares is in common/python/, three folders above this one.
sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "common" / "python"))
from workbook_peer import median_entry, write_json  # noqa: E402,F401 (the lesson's peers import them from here)


def need_scipy():
    """Imports numpy and scipy: Debian's python3-numpy and python3-scipy, installed for the
    system's /usr/bin/python3, which the workbook runs its peers with. Without them: one line,
    exit 77 (CTest reports the smoke test skipped)."""
    try:
        import numpy  # noqa: F401
        import scipy  # noqa: F401
    except ImportError as error:
        print(f"{os.path.basename(sys.argv[0])}: {error} (install python3-numpy python3-scipy)", file=sys.stderr)
        sys.exit(77)


def seconds_per_call(function, budget=0.05):
    """Mean time of one call, over as many calls as fit in about `budget` seconds."""
    start = time.perf_counter()
    function()
    once = time.perf_counter() - start
    calls = max(1, int(budget / max(once, 1e-9)))
    start = time.perf_counter()
    for _ in range(calls):
        function()
    return (time.perf_counter() - start) / calls
