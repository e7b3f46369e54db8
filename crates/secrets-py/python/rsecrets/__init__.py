"""Python's ``secrets`` module done right, in Rust.

A drop-in for the standard library's ``secrets``: every name of its
``__all__`` plus ``DEFAULT_ENTROPY``, with the same signatures, return types
and exceptions, and ``SystemRandom`` as a subclass of ``random.Random``. The
bytes come from the backends of the Rust ``secrets`` crates: the operating
system (by default), the CPU's RDRAND/RDSEED, ChaCha DRBGs and NIST SP 800-90A
CTR_DRBG, Hash_DRBG and HMAC_DRBG.

Beyond CPython: ``backends()``, ``use_backend()``, ``default_backend()``,
``Secrets(backend=...)``, ``password()``, ``passphrase()`` (with their exact
entropy), ``uuid4()``, ``uuid7()`` and ``rsecrets.drbg``.

    >>> import rsecrets as secrets
    >>> len(secrets.token_urlsafe())
    43
"""

import random as _random
import sys as _sys
from typing import List

# As in CPython's secrets: the interpreter's constant-time comparison, with
# its exact type rules (bytes-like objects or ASCII str). A native version
# cannot be as fast: in the stable ABI of 3.8 an extension function receives
# its arguments as a tuple built for every call, which alone costs more than
# this whole comparison (measured: 2.25x its time; see the crate README).
from hmac import compare_digest

from . import _rsecrets
from ._backend_info import BackendInfo
from ._rsecrets import (
    DEFAULT_ENTROPY,
    default_backend,
    passphrase_entropy,
    password_entropy,
    use_backend,
)

__all__ = [
    # CPython's secrets.__all__, in its order.
    "choice",
    "randbelow",
    "randbits",
    "SystemRandom",
    "token_bytes",
    "token_hex",
    "token_urlsafe",
    "compare_digest",
    # Beyond CPython.
    "DEFAULT_ENTROPY",
    "BackendInfo",
    "Secrets",
    "backends",
    "default_backend",
    "use_backend",
    "password",
    "password_entropy",
    "passphrase",
    "passphrase_entropy",
    "uuid4",
    "uuid7",
    "drbg",
]

# The native source behind the module-level functions and SystemRandom: it
# draws from the module default backend, one instance per thread.
_default = _rsecrets._Source()


class SystemRandom(_random.Random):
    """Alternate random number generator using the rsecrets default backend
    (the operating system unless ``use_backend()`` chose another).

    A subclass of ``random.Random``, as CPython's: ``random()``,
    ``getrandbits()`` and ``randbytes()`` (3.9+) are native; every other
    method is the interpreter's own, built on those. ``seed()`` is ignored and
    ``getstate()``/``setstate()`` raise ``NotImplementedError``.
    """

    random = staticmethod(_default.random)
    getrandbits = staticmethod(_default.getrandbits)
    if _sys.version_info >= (3, 9):
        randbytes = staticmethod(_default.randbytes)

    def seed(self, *args, **kwds):
        "Stub method.  Not used for a system random number generator."
        return None

    def _notimplemented(self, *args, **kwds):
        "Method should not be called for a system random number generator."
        raise NotImplementedError("System entropy source does not have state.")

    getstate = setstate = _notimplemented


# Inputs outside the native fast paths (int subclasses, custom sequences...)
# go through this instance's interpreter-provided methods.
_sysrand = SystemRandom()
_default._bind(_sysrand)

# CPython's secrets: randbits and choice are bound methods of a SystemRandom.
token_bytes = _default.token_bytes
token_hex = _default.token_hex
token_urlsafe = _default.token_urlsafe
randbelow = _default.randbelow
randbits = _default.getrandbits
choice = _default.choice

password = _default.password
passphrase = _default.passphrase
uuid4 = _default.uuid4
uuid7 = _default.uuid7


class Secrets(SystemRandom):
    """The whole rsecrets surface over one backend.

    ``Secrets("chacha20")`` owns its own instance of that backend (shared by
    the threads that use this object); ``Secrets()`` follows the module
    default. Besides the module functions it has every ``SystemRandom``
    method (``randrange``, ``shuffle``, ``sample``, ``choices``, ``gauss``...).
    Unknown names raise ``ValueError`` listing the valid ones; a backend that
    cannot run here raises ``OSError``.
    """

    DEFAULT_ENTROPY = DEFAULT_ENTROPY

    def __init__(self, backend=None):
        source = _rsecrets._Source(backend)
        source._bind(self)
        self._source = source
        super().__init__()

    def __repr__(self):
        return "Secrets(backend=%r)" % self._source.backend

    @property
    def backend(self):
        """The name of the backend this object draws from."""
        return self._source.backend

    # SystemRandom's primitives, from this object's backend.
    def random(self):
        """Get the next random number in the range 0.0 <= X < 1.0."""
        return self._source.random()

    def getrandbits(self, k):
        """getrandbits(k) -> x.  Generates an int with k random bits."""
        return self._source.getrandbits(k)

    if _sys.version_info >= (3, 9):

        def randbytes(self, n):
            """Generate n random bytes."""
            return self._source.randbytes(n)

    # The module surface.
    def token_bytes(self, nbytes=None):
        """Return a random byte string containing *nbytes* bytes."""
        return self._source.token_bytes(nbytes)

    def token_hex(self, nbytes=None):
        """Return a random text string, in hexadecimal."""
        return self._source.token_hex(nbytes)

    def token_urlsafe(self, nbytes=None):
        """Return a random URL-safe text string, in Base64 encoding."""
        return self._source.token_urlsafe(nbytes)

    def randbelow(self, exclusive_upper_bound):
        """Return a random int in the range [0, n)."""
        return self._source.randbelow(exclusive_upper_bound)

    def randbits(self, k):
        """getrandbits(k) -> x.  Generates an int with k random bits."""
        return self._source.getrandbits(k)

    def choice(self, seq):
        """Choose a random element from a non-empty sequence."""
        return self._source.choice(seq)

    compare_digest = staticmethod(compare_digest)
    password_entropy = staticmethod(password_entropy)
    passphrase_entropy = staticmethod(passphrase_entropy)

    def password(
        self,
        length=20,
        *,
        classes=None,
        alphabet=None,
        require_each=False,
        exclude_ambiguous=False,
    ):
        """A password; see ``rsecrets.password``."""
        return self._source.password(
            length,
            classes=classes,
            alphabet=alphabet,
            require_each=require_each,
            exclude_ambiguous=exclude_ambiguous,
        )

    def passphrase(self, words=6, *, separator=" ", wordlist=None):
        """A passphrase; see ``rsecrets.passphrase``."""
        return self._source.passphrase(words, separator=separator, wordlist=wordlist)

    def uuid4(self):
        """A random (version 4) ``uuid.UUID``."""
        return self._source.uuid4()

    def uuid7(self):
        """A time-ordered (version 7) ``uuid.UUID``."""
        return self._source.uuid7()


def backends() -> List[BackendInfo]:
    """Every backend compiled into this build, in the Rust facade's order,
    with whether it works on this machine (each is constructed and
    self-tested)."""
    return [BackendInfo(*row) for row in _rsecrets.backends()]


from . import drbg  # noqa: E402  (a submodule; needs the names above)
