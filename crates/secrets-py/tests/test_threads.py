"""Threads: distinct output in every thread, for the module default (one
instance per thread) and for a shared Secrets object; large fills release
the GIL."""

import sys
import threading

import pytest

import rsecrets

THREADS = 8
TOKENS_PER_THREAD = 300


def draw_in_threads(draw, per_thread=TOKENS_PER_THREAD):
    results = [None] * THREADS
    barrier = threading.Barrier(THREADS)

    def worker(index):
        barrier.wait()
        results[index] = [draw() for _ in range(per_thread)]

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def assert_all_distinct(results, per_thread=TOKENS_PER_THREAD):
    tokens = [token for result in results for token in result]
    assert len(tokens) == THREADS * per_thread
    assert len(set(tokens)) == len(tokens), "two draws repeated each other"


def test_module_default_per_thread(backend):
    rsecrets.use_backend(backend)
    assert_all_distinct(draw_in_threads(lambda: rsecrets.token_bytes(16)))


def test_shared_secrets_object(backend):
    shared = rsecrets.Secrets(backend)
    assert_all_distinct(draw_in_threads(lambda: shared.token_bytes(16)))


def test_shared_object_with_large_fills_in_between(backend):
    # Large fills take the owned instance out of its slot; small draws meanwhile
    # get a fresh instance. Nothing may repeat.
    shared = rsecrets.Secrets(backend)
    size = rsecrets._rsecrets._DETACH_FROM  # the smallest fill that releases the GIL
    per_thread = 20

    def draw():
        return shared.token_bytes(size)[:16] + shared.token_bytes(16)

    assert_all_distinct(draw_in_threads(draw, per_thread), per_thread)


def fill_size(backend):
    # Long enough that the other thread surely gets scheduled during it
    # (hardware sources can be slow: RDSEED gives about 15 MB/s).
    kind = next(info.kind for info in rsecrets.backends() if info.name == backend)
    return (1 << 20) if kind == "hardware" else (32 << 20)


def ran_during_fill(fill):
    """Whether the main thread executed Python code while another thread
    was inside `fill()`. With the switch interval at 100 s the interpreter
    never takes the GIL from a thread on its own, so the main thread can run
    during the fill only if the fill released the GIL."""
    old_interval = sys.getswitchinterval()
    sys.setswitchinterval(100)
    try:
        started, done = threading.Event(), threading.Event()
        ticks = 0

        def worker():
            started.set()
            fill()
            done.set()

        thread = threading.Thread(target=worker)
        thread.start()
        started.wait()
        while not done.wait(0.0001):
            ticks += 1
        thread.join()
        return ticks > 0
    finally:
        sys.setswitchinterval(old_interval)


@pytest.mark.parametrize("owned", [False, True], ids=["module", "Secrets"])
def test_large_fills_release_the_gil(backend, owned):
    size = fill_size(backend)
    source = rsecrets.Secrets(backend) if owned else rsecrets
    if not owned:
        rsecrets.use_backend(backend)
    # A few attempts absorb an unlucky scheduler; without the release the
    # main thread can never run during the fill, so every attempt fails.
    assert any(ran_during_fill(lambda: source.token_bytes(size)) for _ in range(3))


def test_small_draws_keep_the_gil():
    # The same probe on a short call: it must report no concurrency, which
    # shows the probe itself can fail.
    assert not any(ran_during_fill(lambda: rsecrets.token_bytes(16)) for _ in range(3))
