"""Type stubs for rsecrets.drbg: deterministic NIST SP 800-90A DRBGs."""

from typing import Literal, Optional, Type, TypeVar, Union

from typing_extensions import disjoint_base, final

_BytesLike = Union[bytes, bytearray, memoryview]
_HashName = Literal["SHA-1", "SHA-224", "SHA-256", "SHA-384", "SHA-512", "SHA-512/224", "SHA-512/256"]

__all__ = ["Drbg", "CtrDrbg", "HashDrbg", "HmacDrbg", "ReseedRequired"]

class ReseedRequired(RuntimeError): ...

@disjoint_base
class Drbg:
    def generate(
        self,
        n: int,
        additional_input: Optional[_BytesLike] = b"",
        *,
        entropy: Optional[_BytesLike] = None,
    ) -> bytes: ...
    def reseed(self, entropy: _BytesLike, additional_input: Optional[_BytesLike] = b"") -> None: ...
    @property
    def reseed_counter(self) -> int: ...
    @property
    def prediction_resistance(self) -> bool: ...
    @property
    def max_bytes_per_request(self) -> int: ...

@final
class CtrDrbg(Drbg):
    def __new__(
        cls,
        entropy: _BytesLike,
        nonce: Optional[_BytesLike] = b"",
        personalization: Optional[_BytesLike] = b"",
        *,
        key_bits: int = 256,
        derivation_function: bool = True,
        prediction_resistance: bool = False,
        reseed_interval: int = 2**48,
    ) -> "CtrDrbg": ...

_HashedSelf = TypeVar("_HashedSelf", bound="_HashedDrbg")

# Not at runtime: the constructor HashDrbg and HmacDrbg share (one set of
# parameters and rules for both mechanisms).
class _HashedDrbg(Drbg):
    def __new__(
        cls: Type[_HashedSelf],
        entropy: _BytesLike,
        nonce: Optional[_BytesLike] = b"",
        personalization: Optional[_BytesLike] = b"",
        *,
        hash: _HashName = "SHA-256",
        prediction_resistance: bool = False,
        reseed_interval: int = 2**48,
    ) -> _HashedSelf: ...

@final
class HashDrbg(_HashedDrbg): ...

@final
class HmacDrbg(_HashedDrbg): ...
