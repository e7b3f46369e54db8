"""An entropy source that fails raises OSError, never weak bytes.

A child process installs a seccomp filter that makes the getrandom system
call fail with EIO (as a kernel without entropy or a sandbox would), then
draws: every OS-backed path must raise OSError (with the errno), backends
that cannot be seeded are refused, and a backend that does not need the
kernel (RDRAND) still works as the module default, which shows the module
functions really draw from the chosen backend."""

import errno
import os
import platform
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.skipif(
    not (sys.platform.startswith("linux") and platform.machine() == "x86_64"),
    reason="the seccomp filter is written for Linux on x86-64",
)

CHILD = textwrap.dedent(
    r"""
    import ctypes, errno, json, os, struct, sys
    import rsecrets

    # seccomp: getrandom (318 on x86-64) fails with EIO; everything else runs.
    def stmt(code, k):
        return struct.pack("HBBI", code, 0, 0, k)
    def jump(code, k, jt, jf):
        return struct.pack("HBBI", code, jt, jf, k)
    LD, JEQ, RET = 0x20, 0x15, 0x06
    ALLOW, ERRNO = 0x7FFF0000, 0x00050000
    program = b"".join([
        stmt(LD, 4), jump(JEQ, 0xC000003E, 1, 0), stmt(RET, ALLOW),
        stmt(LD, 0), jump(JEQ, 318, 0, 1), stmt(RET, ERRNO | errno.EIO), stmt(RET, ALLOW),
    ])
    buffer = ctypes.create_string_buffer(program)
    class Fprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]
    fprog = Fprog(len(program) // 8, ctypes.addressof(buffer))
    libc = ctypes.CDLL(None, use_errno=True)
    assert libc.prctl(38, 1, 0, 0, 0) == 0  # PR_SET_NO_NEW_PRIVS
    assert libc.prctl(22, 2, ctypes.byref(fprog), 0, 0) == 0, ctypes.get_errno()  # SECCOMP_MODE_FILTER

    def attempt(call):
        try:
            value = call()
        except OSError as error:
            return ["OSError", error.errno]
        except Exception as error:
            return [type(error).__name__, str(error)]
        return ["returned", type(value).__name__]

    report = {
        "os.urandom": attempt(lambda: os.urandom(16)),
        "token_bytes": attempt(lambda: rsecrets.token_bytes(16)),
        "token_hex": attempt(lambda: rsecrets.token_hex(16)),
        "token_urlsafe": attempt(lambda: rsecrets.token_urlsafe(16)),
        "randbelow": attempt(lambda: rsecrets.randbelow(10)),
        "randbelow_big": attempt(lambda: rsecrets.randbelow(2**300)),
        "randbits": attempt(lambda: rsecrets.randbits(200)),
        "choice": attempt(lambda: rsecrets.choice([1, 2, 3])),
        "SystemRandom.random": attempt(lambda: rsecrets.SystemRandom().random()),
        "SystemRandom.shuffle": attempt(lambda: rsecrets.SystemRandom().shuffle([1, 2, 3])),
        "password": attempt(lambda: rsecrets.password()),
        "uuid4": attempt(lambda: rsecrets.uuid4()),
        "Secrets(os)": attempt(lambda: rsecrets.Secrets("os").token_bytes(16)),
        "Secrets(chacha20)": attempt(lambda: rsecrets.Secrets("chacha20")),
        "Secrets(ctr-drbg-aes256)": attempt(lambda: rsecrets.Secrets("ctr-drbg-aes256")),
        "use_backend(chacha20)": attempt(lambda: rsecrets.use_backend("chacha20")),
        "default after refusal": rsecrets.default_backend(),
        "usable": {info.name: info.usable for info in rsecrets.backends()},
    }
    if report["usable"].get("rdrand"):
        rsecrets.use_backend("rdrand")
        report["rdrand default"] = attempt(lambda: rsecrets.token_bytes(16))
    print(json.dumps(report))
    """
)


@pytest.fixture(scope="module")
def report():
    import json

    out = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, env=dict(os.environ)
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_the_filter_breaks_the_kernel_source(report):
    # CPython's own os.urandom fails too: the failure is real.
    assert report["os.urandom"] == ["OSError", errno.EIO]


@pytest.mark.parametrize(
    "call",
    [
        "token_bytes",
        "token_hex",
        "token_urlsafe",
        "randbelow",
        "randbelow_big",
        "randbits",
        "choice",
        "SystemRandom.random",
        "SystemRandom.shuffle",
        "password",
        "uuid4",
        "Secrets(os)",
    ],
)
def test_os_backed_draws_raise_oserror(report, call):
    assert report[call] == ["OSError", errno.EIO]


@pytest.mark.parametrize("call", ["Secrets(chacha20)", "Secrets(ctr-drbg-aes256)", "use_backend(chacha20)"])
def test_drbgs_that_cannot_be_seeded_are_refused(report, call):
    assert report[call] == ["OSError", errno.EIO]
    assert report["default after refusal"] == "os"


def test_backends_report_what_cannot_run(report):
    assert report["usable"]["os"] is False
    assert report["usable"]["chacha20"] is False


def test_module_functions_draw_from_the_chosen_backend(report):
    if "rdrand default" not in report:
        pytest.skip("no RDRAND here")
    assert report["rdrand default"] == ["returned", "bytes"]
