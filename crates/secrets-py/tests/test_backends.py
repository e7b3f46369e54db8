"""backends(), use_backend(), default_backend() and Secrets(backend=...):
the list comes from the Rust facade, the default is the OS, unknown names
are refused with the valid ones listed."""

import os
import pickle
import re
import subprocess
import sys

import pytest

import rsecrets


def test_backends_are_named_tuples_from_the_facade():
    listed = rsecrets.backends()
    assert listed, "no backend compiled in"
    names = [info.name for info in listed]
    assert len(set(names)) == len(names)
    for info in listed:
        assert isinstance(info, rsecrets.BackendInfo)
        assert isinstance(info.kind, str) and info.kind
        assert isinstance(info.usable, bool)
        assert (info.reason is None) == info.usable
    assert [info.name for info in listed if info.default] == [rsecrets.default_backend()]


def test_backend_info_is_rsecrets_backend_info():
    # Defined in rsecrets._backend_info (so the stub can re-export it), but
    # its public name is rsecrets.BackendInfo: in its repr and in pickles.
    assert repr(rsecrets.BackendInfo) == "<class 'rsecrets.BackendInfo'>"
    info = rsecrets.backends()[0]
    assert b"rsecrets._backend_info" not in pickle.dumps(info)
    assert pickle.loads(pickle.dumps(info)) == info


def test_the_default_is_the_os_in_a_fresh_interpreter():
    out = subprocess.run(
        [sys.executable, "-c", "import rsecrets; print(rsecrets.default_backend())"],
        check=True,
        capture_output=True,
        text=True,
        env=dict(os.environ),
    ).stdout
    assert out.strip() == "os"


def valid_names_in(message):
    match = re.search(r"valid names are: (.*)$", message)
    assert match, message
    return match.group(1).split(", ")


@pytest.mark.parametrize("make", [rsecrets.use_backend, rsecrets.Secrets, rsecrets._rsecrets._Source])
def test_unknown_names_list_the_compiled_backends(make):
    before = rsecrets.default_backend()
    with pytest.raises(ValueError) as raised:
        make("no-such-backend")
    assert "'no-such-backend'" in str(raised.value)
    assert valid_names_in(str(raised.value)) == [info.name for info in rsecrets.backends()]
    assert rsecrets.default_backend() == before


def test_use_backend_sets_the_module_default(backend):
    rsecrets.use_backend(backend)
    assert rsecrets.default_backend() == backend
    assert [info.name for info in rsecrets.backends() if info.default] == [backend]
    assert rsecrets.Secrets().backend == backend
    assert len(rsecrets.token_bytes(16)) == 16
    assert len(rsecrets.SystemRandom().randbytes(3) if sys.version_info >= (3, 9) else b"xyz") == 3


def test_secrets_objects_own_their_backend(backend):
    handle = rsecrets.Secrets(backend)
    assert handle.backend == backend
    assert repr(handle) == "Secrets(backend=%r)" % backend
    # The module default does not move an owned backend.
    other = next(name for name in (b.name for b in rsecrets.backends() if b.usable) if name != backend)
    rsecrets.use_backend(other)
    assert handle.backend == backend
    assert rsecrets.Secrets().backend == other
    assert handle.token_bytes(5) != handle.token_bytes(5)


def test_secrets_keyword_argument():
    assert rsecrets.Secrets(backend="os").backend == "os"


def test_use_backend_takes_effect_in_other_threads(backend):
    import threading

    seen = []
    ready, go = threading.Event(), threading.Event()

    def worker():
        ready.set()
        go.wait()
        seen.append(rsecrets.Secrets().backend)
        seen.append(len(rsecrets.token_hex(8)))

    thread = threading.Thread(target=worker)
    thread.start()
    ready.wait()
    rsecrets.use_backend(backend)
    go.set()
    thread.join()
    assert seen == [backend, 16]
