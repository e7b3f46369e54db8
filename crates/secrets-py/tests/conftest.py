"""Shared fixtures: every compiled backend as a parameter (from the facade,
via rsecrets.backends()), and the module default restored after each test."""

import pytest

import rsecrets

BACKENDS = rsecrets.backends()
BACKEND_NAMES = [info.name for info in BACKENDS]


@pytest.fixture(autouse=True)
def restore_default_backend():
    saved = rsecrets.default_backend()
    yield
    rsecrets.use_backend(saved)


@pytest.fixture(params=BACKEND_NAMES)
def backend(request):
    """The name of each compiled backend that can run here (the others are
    skipped with the facade's reason)."""
    info = next(info for info in BACKENDS if info.name == request.param)
    if not info.usable:
        pytest.skip("backend %s is not usable here: %s" % (info.name, info.reason))
    return info.name
