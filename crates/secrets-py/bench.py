#!/usr/bin/env python3
"""rsecrets against CPython's own secrets, in one interpreter: the `python`
section of ``cargo xtask bench``.

Every case is timed with timeit, best of 5 repeats, the CPython call and the
rsecrets call interleaved repeat by repeat so that both see the same machine
load; a ratio compares the two best times. Targets (from issue 17):

- each secrets call at least 3x faster than CPython's, on the ``os`` default
  and on ``chacha20``;
- ``compare_digest`` of 32 bytes at most 1.5x the time of
  ``hmac.compare_digest``;
- ``token_bytes(1 MiB)`` on a DRBG backend at least 5x faster than
  ``os.urandom``.

This is a benchmark, not a test: it prints a table (``--json`` for
machines) and exits 0 whatever it measures, unless ``--check`` is given.

    python3 crates/secrets-py/bench.py            # rsecrets importable
    python3 crates/secrets-py/bench.py --build    # build and use the wheel first
"""

import argparse
import hmac
import json
import os
import platform
import secrets
import sys
import time
import timeit

REPEATS = 5
# What timeit measures with: the wall clock by default; with --cpu-time the
# process's CPU time (user and system, so a system call counts as fully as a
# vDSO call), which a machine shared with other jobs disturbs far less, as
# time spent preempted is not counted.
TIMER = [timeit.default_timer]
LIST_62 = list("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
BIG_BOUND = 2**2048 - 159
MIB = 1 << 20

# (label, statement; `m` is the module under test, `sr` its SystemRandom()).
CALLS = [
    ("token_hex(16)", "m.token_hex(16)"),
    ("token_urlsafe(32)", "m.token_urlsafe(32)"),
    ("token_bytes(32)", "m.token_bytes(32)"),
    ("randbelow(10**6)", "m.randbelow(1000000)"),
    ("randbelow(2**2048 - 159)", "m.randbelow(BIG_BOUND)"),
    ("choice(62-element list)", "m.choice(LIST_62)"),
    ("SystemRandom().random()", "sr.random()"),
]
CALL_BACKENDS = ["os", "chacha20"]
CALL_TARGET = 3.0
DIGEST_TARGET = 1.5
BULK_TARGET = 5.0


def number_for(stmt, namespace, seconds):
    """Calls per repeat so that one repeat lasts about `seconds`."""
    timer = timeit.Timer(stmt, timer=TIMER[0], globals=namespace)
    number = 1
    while True:
        elapsed = timer.timeit(number)
        if elapsed >= seconds / 10:
            return max(1, int(number * seconds / elapsed))
        number *= 10


def race(seconds, *subjects):
    """Best seconds per call of each (stmt, namespace), interleaved."""
    numbers = [number_for(stmt, ns, seconds) for stmt, ns in subjects]
    best = [float("inf")] * len(subjects)
    for _ in range(REPEATS):
        for index, (stmt, namespace) in enumerate(subjects):
            elapsed = timeit.Timer(stmt, timer=TIMER[0], globals=namespace).timeit(numbers[index])
            best[index] = min(best[index], elapsed / numbers[index])
    return best


def measure(rsecrets, seconds):
    rows = []
    for backend in CALL_BACKENDS:
        rsecrets.use_backend(backend)
        ours = dict(m=rsecrets, sr=rsecrets.SystemRandom(), LIST_62=LIST_62, BIG_BOUND=BIG_BOUND)
        theirs = dict(m=secrets, sr=secrets.SystemRandom(), LIST_62=LIST_62, BIG_BOUND=BIG_BOUND)
        for label, stmt in CALLS:
            cpython, rs = race(seconds, (stmt, theirs), (stmt, ours))
            rows.append(dict(case=label, backend=backend, baseline="CPython secrets",
                             baseline_ns=cpython * 1e9, rsecrets_ns=rs * 1e9,
                             speedup=cpython / rs, target="speed-up >= %gx" % CALL_TARGET,
                             met=cpython / rs >= CALL_TARGET))
    a, b = os.urandom(32), os.urandom(32)
    digest = dict(a=a, b=b, hmac_compare=hmac.compare_digest, ours=rsecrets.compare_digest)
    baseline, rs = race(seconds, ("hmac_compare(a, b)", digest), ("ours(a, b)", digest))
    rows.append(dict(case="compare_digest(32 bytes)", backend="-", baseline="hmac.compare_digest",
                     baseline_ns=baseline * 1e9, rsecrets_ns=rs * 1e9, speedup=baseline / rs,
                     target="time <= %gx" % DIGEST_TARGET, met=rs / baseline <= DIGEST_TARGET))
    for info in rsecrets.backends():
        if not info.usable or info.kind != "DRBG":
            continue
        rsecrets.use_backend(info.name)
        bulk = dict(m=rsecrets, os=os, MIB=MIB)
        baseline, rs = race(seconds, ("os.urandom(MIB)", bulk), ("m.token_bytes(MIB)", bulk))
        rows.append(dict(case="token_bytes(1 MiB)", backend=info.name, baseline="os.urandom",
                         baseline_ns=baseline * 1e9, rsecrets_ns=rs * 1e9, speedup=baseline / rs,
                         target="speed-up >= %gx" % BULK_TARGET, met=baseline / rs >= BULK_TARGET))
    rsecrets.use_backend("os")
    return rows


# --explain: what the calls are made of (best of 5, interleaved).
# `os.urandom(n)` is what CPython's calls spend in the kernel (a system call),
# `token_bytes(n)` on `os` is ours (the vDSO), `token_bytes(0)` is the cost of
# a one-argument call into the extension with nothing to draw, and
# `int.from_bytes` is the conversion both CPython and rsecrets make for a
# 2048-bit randbelow.
PARTS = [
    ("os.urandom(32)", "os", "os.urandom(32)"),
    ("os.urandom(256)", "os", "os.urandom(256)"),
    ("rsecrets token_bytes(0)", "os", "m.token_bytes(0)"),
    ("rsecrets token_bytes(32)", "os", "m.token_bytes(32)"),
    ("rsecrets token_bytes(256)", "os", "m.token_bytes(256)"),
    ("rsecrets token_bytes(256)", "chacha20", "m.token_bytes(256)"),
    ("int.from_bytes(256 bytes, 'little')", "-", "int.from_bytes(RAW_256, 'little')"),
    ("hmac.compare_digest(32 bytes)", "-", "hmac.compare_digest(A_32, B_32)"),
]

# The least a 2048-bit randbelow on `os` can cost: the kernel's 256 bytes
# (one call into the extension) converted to an int (one int.from_bytes), and
# nothing else. CPython's call over that floor bounds the speed-up any binding
# over the OS can reach. Each entry: (case, backend, CPython's call, ours, the
# floor), the three raced.
CEILINGS = [
    ("randbelow(2**2048 - 159)", "os", "secrets.randbelow(BIG_BOUND)", "m.randbelow(BIG_BOUND)",
     "int.from_bytes(m.token_bytes(256), 'little')"),
]


def explain(rsecrets, seconds):
    """Best time of each part; the parts interleaved repeat by repeat, so that
    they see the same machine load."""
    namespace = dict(m=rsecrets, os=os, hmac=hmac, secrets=secrets, BIG_BOUND=BIG_BOUND,
                     RAW_256=os.urandom(256), A_32=os.urandom(32), B_32=os.urandom(32))
    numbers = []
    for _, backend, stmt in PARTS:
        if backend != "-":
            rsecrets.use_backend(backend)
        numbers.append(number_for(stmt, namespace, seconds))
    best = [float("inf")] * len(PARTS)
    for _ in range(REPEATS):
        for index, (_, backend, stmt) in enumerate(PARTS):
            if backend != "-":
                rsecrets.use_backend(backend)
            elapsed = timeit.Timer(stmt, timer=TIMER[0], globals=namespace).timeit(numbers[index])
            best[index] = min(best[index], elapsed / numbers[index])
    rsecrets.use_backend("os")
    return [dict(part=label, backend=backend, ns=time * 1e9)
            for (label, backend, _), time in zip(PARTS, best)]


def ceilings(rsecrets, seconds):
    """The highest speed-up each case of CEILINGS can reach, beside ours."""
    namespace = dict(m=rsecrets, secrets=secrets, BIG_BOUND=BIG_BOUND)
    rows = []
    for case, backend, baseline, candidate, floor in CEILINGS:
        rsecrets.use_backend(backend)
        cpython, rs, least = race(seconds, (baseline, namespace), (candidate, namespace),
                                  (floor, namespace))
        rows.append(dict(case=case, backend=backend, floor=floor, baseline_ns=cpython * 1e9,
                         rsecrets_ns=rs * 1e9, floor_ns=least * 1e9, ceiling=cpython / least,
                         speedup=cpython / rs))
    rsecrets.use_backend("os")
    return rows


def human(ns):
    if ns >= 1e6:
        return "%.2f ms" % (ns / 1e6)
    if ns >= 1e3:
        return "%.2f us" % (ns / 1e3)
    return "%.0f ns" % ns


def table(rows):
    header = ["case", "backend", "baseline", "baseline time", "rsecrets time", "ratio", "target", "met"]
    lines = [header]
    for row in rows:
        lines.append([row["case"], row["backend"], row["baseline"], human(row["baseline_ns"]),
                      human(row["rsecrets_ns"]), "%.2fx faster" % row["speedup"] if row["speedup"] >= 1
                      else "%.2fx the time" % (1 / row["speedup"]), row["target"],
                      "yes" if row["met"] else "NO"])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = ["| " + " | ".join(cell.ljust(w) for cell, w in zip(line, widths)) + " |" for line in lines]
    out.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", action="store_true", help="build the wheel and benchmark it")
    parser.add_argument("--quick", action="store_true", help="shorter repeats (noisier)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument("--cpu-time", action="store_true",
                        help="time with the process's CPU time instead of the wall clock (shared machines)")
    parser.add_argument("--explain", action="store_true",
                        help="also time the parts the calls are made of (kernel, call, conversion)")
    args = parser.parse_args()
    if args.build:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import run_tests

        sys.path.insert(0, str(run_tests.build_and_install()))
    import rsecrets

    seconds = 0.02 if args.quick else 0.1
    if args.cpu_time:
        TIMER[0] = time.process_time
    rows = measure(rsecrets, seconds)
    parts = explain(rsecrets, seconds) if args.explain else []
    bounds = ceilings(rsecrets, seconds) if args.explain else []
    if args.json:
        print(json.dumps(dict(python=sys.version.split()[0], machine=platform.machine(),
                              timer="cpu" if args.cpu_time else "wall", rows=rows,
                              parts=parts, ceilings=bounds), indent=1))
    else:
        print("rsecrets vs CPython %s secrets (timeit, best of %d, interleaved, %s)\n" % (
            sys.version.split()[0], REPEATS, "CPU time" if args.cpu_time else "wall clock"))
        print(table(rows))
        if parts:
            print("\nThe parts (best of %d, interleaved):\n" % REPEATS)
            width = max(len(part["part"]) for part in parts)
            for part in parts:
                print("  %s  %-8s  %s" % (part["part"].ljust(width), part["backend"], human(part["ns"])))
            for bound in bounds:
                print("\n%s on %s: CPython %s, rsecrets %s (%.2fx); the floor %s takes %s,"
                      " so no binding over %s can be more than %.2fx faster"
                      % (bound["case"], bound["backend"], human(bound["baseline_ns"]),
                         human(bound["rsecrets_ns"]), bound["speedup"], bound["floor"],
                         human(bound["floor_ns"]), bound["backend"], bound["ceiling"]))
    if args.check and not all(row["met"] for row in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
