"""What the lesson's benchmark peers share beyond common/python/workbook_peer.py: timing a call
too short to time once."""
import time


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
