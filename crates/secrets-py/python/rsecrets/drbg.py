"""Deterministic NIST SP 800-90A DRBGs, driven entirely by your inputs.

For known-answer tests (NIST CAVP) and protocols that derive a byte stream
from shared inputs. Not for your own secrets: the module functions of
``rsecrets`` seed and reseed themselves from the OS.

    >>> from rsecrets.drbg import CtrDrbg
    >>> drbg = CtrDrbg(bytes(32), bytes(16), b"personalization")
    >>> len(drbg.generate(64))
    64

Every class takes ``(entropy, nonce, personalization)`` and has
``generate(n, additional_input=b"", *, entropy=None)`` and
``reseed(entropy, additional_input=b"")``; with ``prediction_resistance=True``
every ``generate`` takes fresh ``entropy`` and reseeds from it first.
``ReseedRequired`` is raised once the reseed interval is used up.
"""

from ._rsecrets import CtrDrbg, Drbg, ReseedRequired

__all__ = ["Drbg", "CtrDrbg", "ReseedRequired"]
