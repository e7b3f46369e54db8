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
class BackendInfo(NamedTuple):
    name: str
    kind: str
    usable: bool
    reason: Optional[str]
    default: bool

def backends() -> List[BackendInfo]: ...
def use_backend(name: str) -> None: ...
def default_backend() -> str: ...
def password(
    length: int = 20,
    *,
    classes: Union[str, Iterable[str], None] = None,
    alphabet: Optional[str] = None,
    require_each: bool = False,
    exclude_ambiguous: bool = False,
) -> str: ...
def password_entropy(
    length: int = 20,
    *,
    classes: Union[str, Iterable[str], None] = None,
    alphabet: Optional[str] = None,
    require_each: bool = False,
    exclude_ambiguous: bool = False,
) -> float: ...
def passphrase(
    words: int = 6,
    *,
    separator: str = " ",
    wordlist: Union[str, Sequence[str], None] = None,
) -> str: ...
def passphrase_entropy(
    words: int = 6,
    *,
    separator: str = " ",
    wordlist: Union[str, Sequence[str], None] = None,
) -> float: ...
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
    def password(
        self,
        length: int = 20,
        *,
        classes: Union[str, Iterable[str], None] = None,
        alphabet: Optional[str] = None,
        require_each: bool = False,
        exclude_ambiguous: bool = False,
    ) -> str: ...
    def passphrase(
        self,
        words: int = 6,
        *,
        separator: str = " ",
        wordlist: Union[str, Sequence[str], None] = None,
    ) -> str: ...
    def uuid4(self) -> uuid.UUID: ...
    def uuid7(self) -> uuid.UUID: ...
    @staticmethod
    def password_entropy(
        length: int = 20,
        *,
        classes: Union[str, Iterable[str], None] = None,
        alphabet: Optional[str] = None,
        require_each: bool = False,
        exclude_ambiguous: bool = False,
    ) -> float: ...
    @staticmethod
    def passphrase_entropy(
        words: int = 6,
        *,
        separator: str = " ",
        wordlist: Union[str, Sequence[str], None] = None,
    ) -> float: ...
