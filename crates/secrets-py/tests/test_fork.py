"""Fork: after os.fork() the child never repeats the parent (nor a sibling),
whatever the backend, for the module functions, SystemRandom and Secrets
objects — also when the fork lands while another thread is in a large
fill."""

import os
import struct
import sys
import threading
import time
import warnings

import pytest

import rsecrets

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")

DRAWS = 64
# A child that does not answer within this long is stuck (a lock inherited
# locked would hang it forever). Not a speed limit: a healthy child answers
# in milliseconds.
HANG_GUARD_SECONDS = 60


def fork_quietly():
    with warnings.catch_warnings():
        # 3.12+: "This process is multi-threaded, use of fork() may lead to deadlocks"
        warnings.simplefilter("ignore", DeprecationWarning)
        return os.fork()


def read_all(fd):
    chunks = []
    while True:
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def wait_for(pid):
    deadline = time.monotonic() + HANG_GUARD_SECONDS
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        time.sleep(0.01)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    pytest.fail("the child hung")


def in_children(draw, children=2):
    """Each child's DRAWS draws, made right after fork; then the parent's."""
    outputs = []
    for _ in range(children):
        read_end, write_end = os.pipe()
        pid = fork_quietly()
        if pid == 0:
            status = 0
            try:
                os.close(read_end)
                payload = b"".join(struct.pack(">H", len(d)) + d for d in (draw() for _ in range(DRAWS)))
                os.write(write_end, payload)
            except BaseException:
                status = 1
            finally:
                os._exit(status)
        os.close(write_end)
        payload = read_all(read_end)
        os.close(read_end)
        assert wait_for(pid) == 0, "the child failed"
        draws, offset = [], 0
        while offset < len(payload):
            (length,) = struct.unpack_from(">H", payload, offset)
            draws.append(payload[offset + 2 : offset + 2 + length])
            offset += 2 + length
        assert len(draws) == DRAWS
        outputs.append(draws)
    outputs.append([draw() for _ in range(DRAWS)])
    return outputs


def assert_no_repeats(outputs):
    everything = [d for output in outputs for d in output]
    assert len(set(everything)) == len(everything), "a child repeated its parent or a sibling"


def as_bytes(value):
    return value if isinstance(value, bytes) else repr(value).encode()


@pytest.mark.parametrize(
    "draw",
    [
        lambda: rsecrets.token_bytes(16),
        lambda: rsecrets.token_hex(16).encode(),
        lambda: as_bytes(rsecrets.randbits(128)),
        lambda: as_bytes(rsecrets.SystemRandom().getrandbits(128)),
        lambda: as_bytes(rsecrets.SystemRandom().random()),
    ],
    ids=["token_bytes", "token_hex", "randbits", "SystemRandom.getrandbits", "SystemRandom.random"],
)
def test_module_default(backend, draw):
    rsecrets.use_backend(backend)
    draw()  # the parent's per-thread instance exists before the fork
    assert_no_repeats(in_children(draw))


def test_secrets_object(backend):
    shared = rsecrets.Secrets(backend)
    shared.token_bytes(16)
    assert_no_repeats(in_children(lambda: shared.token_bytes(16)))


def test_fork_during_a_large_fill_in_another_thread(backend):
    # The fork lands while another thread may be filling without the GIL
    # (the owned instance out of its slot, the module default busy in that
    # thread). The child must neither hang nor repeat the parent.
    shared = rsecrets.Secrets(backend)
    rsecrets.use_backend(backend)
    kind = next(info.kind for info in rsecrets.backends() if info.name == backend)
    size = (1 << 18) if kind == "hardware" else (8 << 20)
    stop = threading.Event()

    def filler():
        while not stop.is_set():
            shared.token_bytes(size)
            rsecrets.token_bytes(size)

    thread = threading.Thread(target=filler)
    thread.start()
    try:
        outputs = in_children(lambda: shared.token_bytes(16) + rsecrets.token_bytes(16), children=3)
    finally:
        stop.set()
        thread.join()
    assert_no_repeats(outputs)


def test_the_check_can_fail():
    # The comparison above does catch a repeat: identical outputs are reported.
    with pytest.raises(AssertionError):
        assert_no_repeats([[b"same"], [b"same"]])
