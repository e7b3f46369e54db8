"""CPython's own tests with rsecrets in place of the standard library.

Run by run_tests.py under every CPython 3.8-3.13 installed, with the rsecrets
wheel on the path:

- ``test.test_secrets``, unmodified: imported after
  ``sys.modules["secrets"] = rsecrets``, so its ``import secrets`` gets
  rsecrets;
- ``test.test_random``'s ``SystemRandom_TestBasicOps``, unmodified, with its
  generator replaced by ``rsecrets.SystemRandom()`` and by
  ``rsecrets.Secrets(name)`` for every usable backend;
- our differential suite, ``test_compat.py``.

Exits non-zero if anything fails or nothing ran.
"""

import os
import sys
import unittest

import rsecrets

# Our differential suite compares against the real secrets: import it first.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_compat  # noqa: E402

sys.modules["secrets"] = rsecrets

from test import test_random, test_secrets  # noqa: E402  (after the swap)

assert test_secrets.secrets is rsecrets, "test_secrets imported the standard library's secrets"


def system_random_cases():
    """SystemRandom_TestBasicOps once per generator of ours."""
    generators = [("SystemRandom", rsecrets.SystemRandom())]
    generators += [
        ("Secrets_" + info.name.replace("-", "_"), rsecrets.Secrets(info.name))
        for info in rsecrets.backends()
        if info.usable
    ]
    for label, generator in generators:
        yield type(
            "rsecrets_" + label + "_TestBasicOps",
            (test_random.SystemRandom_TestBasicOps,),
            {"gen": generator},
        )


def main():
    loader = unittest.TestLoader()
    suite = unittest.TestSuite()
    suite.addTests(loader.loadTestsFromModule(test_secrets))
    for case in system_random_cases():
        suite.addTests(loader.loadTestsFromTestCase(case))
    suite.addTests(loader.loadTestsFromModule(test_compat))
    print("CPython %s: test_secrets, test_random SystemRandom, test_compat" % sys.version.split()[0])
    result = unittest.TextTestRunner(verbosity=1).run(suite)
    if not result.wasSuccessful() or result.testsRun == 0:
        sys.exit(1)


if __name__ == "__main__":
    main()
