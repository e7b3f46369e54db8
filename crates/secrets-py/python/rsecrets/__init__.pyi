"""Type stubs for rsecrets: Python's secrets module done right, in Rust."""

import random
import sys
import uuid
from typing import Any, Iterable, List, NamedTuple, Optional, Protocol, Sequence, TypeVar, Union

from . import drbg as drbg

_T = TypeVar("_T")
_T_co = TypeVar("_T_co", covariant=True)

class _SupportsLenAndGetItem(Protocol[_T_co]):
    def __len__(self) -> int: ...
    def __getitem__(self, k: int, /) -> _T_co: ...

# Anything hmac.compare_digest accepts besides str: bytes, bytearray,
# memoryview, array.array, mmap...
_Buffer = Union[bytes, bytearray, memoryview, Any]

_R_co = TypeVar("_R_co", covariant=True)

# password() and password_entropy() take the same arguments (so do
# passphrase() and passphrase_entropy()), as functions and as methods of
# Secrets: each argument list is written once, here.
class _PasswordArguments(Protocol[_R_co]):
    def __call__(
        self,
        length: int = 20,
        *,
        classes: Union[str, Iterable[str], None] = None,
        alphabet: Optional[str] = None,
        require_each: bool = False,
        exclude_ambiguous: bool = False,
    ) -> _R_co: ...

class _PassphraseArguments(Protocol[_R_co]):
    def __call__(
        self,
        words: int = 6,
        *,
        separator: str = " ",
        wordlist: Union[str, Sequence[str], None] = None,
    ) -> _R_co: ...

# No __all__: in a stub every public name is exported, and the public names
# here are the runtime's __all__ (tests/test_typing.py checks they agree).

DEFAULT_ENTROPY: int

# CPython's secrets.
def token_bytes(nbytes: Optional[int] = None) -> bytes: ...
def token_hex(nbytes: Optional[int] = None) -> str: ...
def token_urlsafe(nbytes: Optional[int] = None) -> str: ...
def randbelow(exclusive_upper_bound: int) -> int: ...
def randbits(k: int) -> int: ...
def choice(seq: _SupportsLenAndGetItem[_T]) -> _T: ...
def compare_digest(a: Union[str, _Buffer], b: Union[str, _Buffer], /) -> bool: ...

class SystemRandom(random.Random):
    # Native functions of the module's source, as static methods.
    @staticmethod
    def random() -> float: ...
    @staticmethod
    def getrandbits(k: int) -> int: ...
    if sys.version_info >= (3, 9):
        @staticmethod
        def randbytes(n: int) -> bytes: ...
    def seed(self, *args: Any, **kwds: Any) -> None: ...
    def getstate(self, *args: Any, **kwds: Any) -> Any: ...
    def setstate(self, *args: Any, **kwds: Any) -> Any: ...

# Beyond CPython.
class BackendInfo(NamedTuple):
    name: str
    kind: str
    usable: bool
    reason: Optional[str]
    default: bool

def backends() -> List[BackendInfo]: ...
def use_backend(name: str) -> None: ...
def default_backend() -> str: ...
password: _PasswordArguments[str]
password_entropy: _PasswordArguments[float]
passphrase: _PassphraseArguments[str]
passphrase_entropy: _PassphraseArguments[float]
def uuid4() -> uuid.UUID: ...
def uuid7() -> uuid.UUID: ...

class Secrets(SystemRandom):
    DEFAULT_ENTROPY: int
    def __init__(self, backend: Optional[str] = None) -> None: ...
    @property
    def backend(self) -> str: ...
    # Methods here, static methods of the module's source in SystemRandom.
    def random(self) -> float: ...  # type: ignore[override]
    def getrandbits(self, k: int) -> int: ...  # type: ignore[override]
    if sys.version_info >= (3, 9):
        def randbytes(self, n: int) -> bytes: ...  # type: ignore[override]
    def token_bytes(self, nbytes: Optional[int] = None) -> bytes: ...
    def token_hex(self, nbytes: Optional[int] = None) -> str: ...
    def token_urlsafe(self, nbytes: Optional[int] = None) -> str: ...
    def randbelow(self, exclusive_upper_bound: int) -> int: ...
    def randbits(self, k: int) -> int: ...
    def choice(self, seq: _SupportsLenAndGetItem[_T]) -> _T: ...
    @staticmethod
    def compare_digest(a: Union[str, _Buffer], b: Union[str, _Buffer], /) -> bool: ...
    def uuid4(self) -> uuid.UUID: ...
    def uuid7(self) -> uuid.UUID: ...
    password: _PasswordArguments[str]
    passphrase: _PassphraseArguments[str]
    password_entropy: _PasswordArguments[float]
    passphrase_entropy: _PassphraseArguments[float]
