"""Shared by torch_bench.py and numpy_mlp.py: the thread count, the timing rule, the result line.

The timing rule is the one of bench/timing.ts, so the columns compare like with like:
warm up until `warmupSeconds` have passed (at least two calls), size rounds to last
`roundSeconds`, time `rounds` rounds (3 when one call takes over a second) and report the
BEST round's seconds per call (the median is kept too).
"""
import json
import os
import re
import resource
import sys
import time


def _threads_from_env():
    """BENCH_THREADS=<n> (set by bench/run.ts), 1 when unset: the issue's targets are one thread each."""
    text = os.environ.get("BENCH_THREADS", "1")
    if not re.fullmatch(r"[1-9]\d*", text):
        raise SystemExit(f"bench_common: BENCH_THREADS must be a positive integer, not {text!r}")
    return int(text)


# THREADS threads on every layer that could start more: OpenMP (torch's intra-op pool),
# OpenBLAS's pthreads, MKL. They read these when they are loaded, so this runs before numpy or
# torch is imported; torch.set_num_threads(THREADS) is called as well in torch_bench.py.
THREADS = _threads_from_env()
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = str(THREADS)

RESULT_MARK = "BENCH_RESULT "
_STARTED = time.perf_counter()


def measure(fn, timing):
    start = time.perf_counter()
    calls = 0
    while calls < 2 or time.perf_counter() - start < timing["warmupSeconds"]:
        fn()
        calls += 1
    per_call = (time.perf_counter() - start) / calls
    calls_per_round = max(1, -(-timing["roundSeconds"] // per_call))
    calls_per_round = int(calls_per_round)
    rounds = min(3, timing["rounds"]) if per_call > 1 else timing["rounds"]
    samples = []
    # CPU time of all this process's threads over the wall time of the timed rounds (as
    # bench/timing.ts): about THREADS when every thread worked.
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(calls_per_round):
            fn()
        samples.append((time.perf_counter() - t0) / calls_per_round)
    cpu_per_wall = (time.process_time() - cpu0) / (time.perf_counter() - wall0)
    samples.sort()
    mid = len(samples) // 2
    median = samples[mid] if len(samples) % 2 else (samples[mid - 1] + samples[mid]) / 2
    return {"best": samples[0], "median": median, "rounds": rounds, "callsPerRound": calls_per_round, "cpuPerWall": cpu_per_wall}


def loaded_libraries(pattern):
    """Shared libraries of this process whose path matches `pattern` (e.g. the BLAS in use)."""
    found = set()
    with open("/proc/self/maps") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 6 and re.search(pattern, parts[-1]):
                found.add(parts[-1])
    return sorted(found)


def load_spec(path):
    with open(path) as f:
        return json.load(f)


def emit(workload, result, **extra):
    """Prints the one result line, with this process's peak RSS (ru_maxrss is in kB on Linux)
    and any `extra` facts about the process (e.g. the thread count torch reports)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    # CPU time of all threads over wall time (since this module was imported): above 1 means
    # more than one thread worked.
    cpu_per_wall = (usage.ru_utime + usage.ru_stime) / (time.perf_counter() - _STARTED)
    line = {"workload": workload, "result": result, "maxRssKb": usage.ru_maxrss, "cpuPerWall": cpu_per_wall, **extra}
    sys.stdout.write(RESULT_MARK + json.dumps(line) + "\n")
    sys.stdout.flush()


def fixed_batches(n, batch):
    """[start, stop) of each mini-batch, in order; the last one holds what is left over."""
    return [(i, min(i + batch, n)) for i in range(0, n, batch)]
