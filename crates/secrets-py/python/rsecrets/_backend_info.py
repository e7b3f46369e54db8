"""``rsecrets.BackendInfo``, in a module of its own so that the package's
stub re-exports this one definition (type checkers read this file) instead
of restating its fields."""

from typing import NamedTuple, Optional


class BackendInfo(NamedTuple):
    """A compiled backend, as ``backends()`` lists it."""

    name: str
    """The stable name, for ``use_backend()`` and ``Secrets(backend=...)``."""
    kind: str
    """``"OS"``, ``"hardware"`` or ``"DRBG"``."""
    usable: bool
    """Whether it constructed and passed its self-test here, just now."""
    reason: Optional[str]
    """Why not, when it is not usable."""
    default: bool
    """Whether it is the module default now."""


# Its public home: repr, pickle and help() name it rsecrets.BackendInfo.
BackendInfo.__module__ = "rsecrets"
