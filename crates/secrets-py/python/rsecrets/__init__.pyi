"""Type stubs for rsecrets: Python's secrets module done right, in Rust."""

import random
import sys
import uuid
from typing import Any, ClassVar, Iterable, List, Optional, Protocol, Sequence, TypeVar, Union

from . import drbg as drbg
from ._backend_info import BackendInfo as BackendInfo

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

_F_co = TypeVar("_F_co", covariant=True)

# A method of Secrets typed by one of those: an attribute of the class that,
# read from an instance, gives a function of that type (as a def does).
class _Method(Protocol[_F_co]):
    def __get__(self, instance: Any, owner: Any = None, /) -> _F_co: ...

__all__ = [
    "choice",
    "randbelow",
    "randbits",
    "SystemRandom",
    "token_bytes",
    "token_hex",
    "token_urlsafe",
    "compare_digest",
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
    password: ClassVar[_Method[_PasswordArguments[str]]]
    passphrase: ClassVar[_Method[_PassphraseArguments[str]]]
    password_entropy: ClassVar[_PasswordArguments[float]]
    passphrase_entropy: ClassVar[_PassphraseArguments[float]]
