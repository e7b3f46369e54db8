"""Deterministic NIST SP 800-90A DRBGs, driven entirely by your inputs.

For known-answer tests (NIST CAVP) and protocols that derive a byte stream
from shared inputs. Not for your own secrets: the module functions of
``rsecrets`` seed and reseed themselves from the OS.

    >>> from rsecrets.drbg import CtrDrbg, HashDrbg, HmacDrbg
    >>> drbg = CtrDrbg(bytes(32), bytes(16), b"personalization")
    >>> len(drbg.generate(64))
    64
    >>> len(HmacDrbg(bytes(32), bytes(16), hash="SHA-512").generate(64))
    64

Every class takes ``(entropy, nonce, personalization)`` and has
``generate(n, additional_input=b"", *, entropy=None)`` and
``reseed(entropy, additional_input=b"")``; with ``prediction_resistance=True``
every ``generate`` takes fresh ``entropy`` and reseeds from it first.
``ReseedRequired`` is raised once the reseed interval is used up.

- ``CtrDrbg``: CTR_DRBG on AES-128/192/256 (``key_bits``), with or without the
  derivation function.
- ``HashDrbg``, ``HmacDrbg``: Hash_DRBG and HMAC_DRBG on the hash function
  ``hash`` names: ``"SHA-224"``, ``"SHA-256"`` (the default), ``"SHA-384"``,
  ``"SHA-512"``, ``"SHA-512/224"``, ``"SHA-512/256"``, and ``"SHA-1"``.

``"SHA-1"`` is for conformance testing only (NIST's CAVP files test SHA-1
DRBGs). SP 800-131A Rev. 2 still accepts SHA-1 in DRBGs, where collisions
do not matter, at a security strength of 128 bits, and NIST retires SHA-1
altogether by the end of 2030: use a SHA-2 function for anything else.
"""

from ._rsecrets import CtrDrbg, Drbg, HashDrbg, HmacDrbg, ReseedRequired

__all__ = ["Drbg", "CtrDrbg", "HashDrbg", "HmacDrbg", "ReseedRequired"]
