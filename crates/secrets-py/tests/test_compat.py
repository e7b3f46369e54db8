"""rsecrets against the running interpreter's own ``secrets`` and
``random.SystemRandom``: the same names, signatures, return types,
exceptions and messages, on every backend.

Differential: each input goes to CPython and to rsecrets and the outcomes
(return type and shape, or exception type and message) must agree. Plain
``unittest`` (no pytest needed), so that ``run_tests.py`` runs it under every
CPython 3.8-3.13 installed, where the expected behaviour differs by version
(``getrandbits(0)`` on 3.8, ``choice([])`` on 3.9 and 3.10, ...).
"""

import array
import fractions
import inspect
import pickle
import random
import secrets
import sys
import unittest
import warnings

import rsecrets

assert secrets is not rsecrets, "the differential tests need the standard library's secrets"


class Index:
    """Not an int, but usable as one (``__index__``), like numpy integers."""

    def __init__(self, value):
        self.value = value

    def __index__(self):
        return self.value


class MyInt(int):
    """An int subclass (takes the interpreter's own code paths)."""


class MyStr(str):
    pass


class MyBytes(bytes):
    pass


class Mapping:
    """Has len() and [] but is not a sequence of its positions."""

    def __len__(self):
        return 2

    def __getitem__(self, key):
        return ("item", key)


def outcome(function, *args, **kwargs):
    """What a call does: ('returns', type) or ('raises', type, message)."""
    try:
        with warnings.catch_warnings():
            # randrange(1.0) warns on 3.10 and 3.11, for both alike.
            warnings.simplefilter("ignore", DeprecationWarning)
            value = function(*args, **kwargs)
    except Exception as error:  # noqa: BLE001 - every exception is compared
        return ("raises", type(error), str(error))
    return ("returns", type(value))


def usable_backends():
    return [info.name for info in rsecrets.backends() if info.usable]


class BackendCase(unittest.TestCase):
    """Runs each test body once per usable backend (as the module default),
    restoring the default afterwards."""

    def setUp(self):
        self.saved_backend = rsecrets.default_backend()

    def tearDown(self):
        rsecrets.use_backend(self.saved_backend)

    def each_backend(self):
        for name in usable_backends():
            with self.subTest(backend=name):
                rsecrets.use_backend(name)
                yield name

    def assertSameOutcome(self, ours, theirs, *args, **kwargs):
        expected = outcome(theirs, *args, **kwargs)
        actual = outcome(ours, *args, **kwargs)
        self.assertEqual(actual, expected, "arguments %r %r" % (args, kwargs))
        return expected[0] == "returns"


# Arguments os.urandom-based functions get: sizes, None, index-likes, and
# every kind of bad value (the huge ones fail before allocating).
SIZE_ARGUMENTS = [
    (),
    (None,),
    (0,),
    (1,),
    (16,),
    (65,),
    (True,),
    (Index(7),),
    (MyInt(3),),
    (-1,),
    (-(2**70),),
    (2**63,),
    (2**62,),
    (1.5,),
    (2.0,),
    ("3",),
    (b"3",),
    (fractions.Fraction(3),),
]


class ModuleSurface(unittest.TestCase):
    def test_every_name_of_cpython_secrets(self):
        for name in secrets.__all__:
            self.assertIn(name, rsecrets.__all__)
            self.assertTrue(hasattr(rsecrets, name), name)
        self.assertEqual(rsecrets.DEFAULT_ENTROPY, secrets.DEFAULT_ENTROPY)

    def test_signatures(self):
        for name in [
            "token_bytes",
            "token_hex",
            "token_urlsafe",
            "randbelow",
            "randbits",
            "choice",
            "compare_digest",
        ]:
            with self.subTest(name=name):
                ours = inspect.signature(getattr(rsecrets, name))
                theirs = inspect.signature(getattr(secrets, name))
                self.assertEqual(
                    [(p.name, p.kind, p.default) for p in ours.parameters.values()],
                    [(p.name, p.kind, p.default) for p in theirs.parameters.values()],
                )

    def test_function_names(self):
        # secrets.randbits is SystemRandom().getrandbits, as ours. (Not
        # compare_digest: CPython 3.8 calls it `_compare_digest`.)
        for name in ["token_bytes", "token_hex", "token_urlsafe", "randbelow", "randbits", "choice"]:
            with self.subTest(name=name):
                self.assertEqual(getattr(rsecrets, name).__name__, getattr(secrets, name).__name__)


class Tokens(BackendCase):
    def test_token_bytes(self):
        for _ in self.each_backend():
            for args in SIZE_ARGUMENTS:
                if self.assertSameOutcome(rsecrets.token_bytes, secrets.token_bytes, *args):
                    self.assertEqual(len(rsecrets.token_bytes(*args)), len(secrets.token_bytes(*args)))
            self.assertEqual(len(rsecrets.token_bytes(nbytes=5)), 5)

    def assertTextTokens(self, ours, theirs, alphabet):
        # A text token: the same outcome and length as CPython's, in its alphabet.
        for _ in self.each_backend():
            for args in SIZE_ARGUMENTS:
                if self.assertSameOutcome(ours, theirs, *args):
                    token = ours(*args)
                    self.assertEqual(len(token), len(theirs(*args)))
                    self.assertLessEqual(set(token), set(alphabet))

    def test_token_hex(self):
        self.assertTextTokens(rsecrets.token_hex, secrets.token_hex, "0123456789abcdef")

    def test_token_urlsafe(self):
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        self.assertTextTokens(rsecrets.token_urlsafe, secrets.token_urlsafe, alphabet)

    def test_token_lengths_over_the_stack_buffer_boundary(self):
        for _ in self.each_backend():
            for n in range(0, 200):
                self.assertEqual(len(rsecrets.token_hex(n)), 2 * n)
                self.assertEqual(len(rsecrets.token_urlsafe(n)), len(secrets.token_urlsafe(n)))


BIT_COUNTS = [
    (0,),
    (-1,),
    (-(2**70),),
    (1,),
    (7,),
    (63,),
    (64,),
    (65,),
    (127,),
    (128,),
    (129,),
    (2048,),
    (2049,),
    (True,),
    (MyInt(12),),
    (Index(9),),
    (2**63,),
    (2**100,),
    (1.5,),
    (8.0,),
    ("8",),
    (None,),
    (fractions.Fraction(16),),
]


class Integers(BackendCase):
    BOUNDS = [
        (0,),
        (-1,),
        (-(2**70),),
        (1,),
        (2,),
        (10**6,),
        (2**63,),
        (2**64 - 1,),
        (2**64,),
        (2**64 + 1,),
        (2**2048 - 159,),
        (True,),
        (False,),
        (MyInt(10),),
        (MyInt(0),),
        (Index(5),),
        (1.5,),
        (0.0,),
        ("7",),
        (None,),
        (fractions.Fraction(5),),
    ]

    def test_randbelow(self):
        for _ in self.each_backend():
            for args in self.BOUNDS:
                if self.assertSameOutcome(rsecrets.randbelow, secrets.randbelow, *args):
                    for _ in range(20):
                        self.assertIn(rsecrets.randbelow(*args), range(args[0]))
            self.assertIn(rsecrets.randbelow(exclusive_upper_bound=3), range(3))

    def check_bits(self, ours, theirs):
        for args in BIT_COUNTS:
            if self.assertSameOutcome(ours, theirs, *args):
                k = int(args[0])
                for _ in range(20):
                    self.assertIn(ours(*args), range(2**k))

    def test_randbits(self):
        for _ in self.each_backend():
            self.check_bits(rsecrets.randbits, secrets.randbits)

    def test_randbits_reaches_every_bit(self):
        for _ in self.each_backend():
            for k in (1, 5, 64, 65, 128, 300):
                seen = 0
                for _ in range(200):
                    seen |= rsecrets.randbits(k)
                self.assertEqual(seen, 2**k - 1, k)

    def test_randbelow_big_reaches_the_top(self):
        # A value >= 2**2047 proves the big path draws the full width; a
        # value below the bound every time proves rejection works.
        bound = 2**2048 - 159
        for _ in self.each_backend():
            values = [rsecrets.randbelow(bound) for _ in range(64)]
            self.assertTrue(all(0 <= v < bound for v in values))
            self.assertTrue(any(v >= 2**2047 for v in values))


class Choice(BackendCase):
    SEQUENCES = [
        ([1, 2, 3],),
        ((1, 2),),
        ("abc",),
        (range(10),),
        (b"xyz",),
        (Mapping(),),
        ([],),
        ((),),
        ("",),
        (range(0),),
        ({},),
        ({1: 2},),
        (5,),
        (None,),
        ({1, 2},),
    ]

    def test_choice(self):
        for _ in self.each_backend():
            for args in self.SEQUENCES:
                if self.assertSameOutcome(rsecrets.choice, secrets.choice, *args):
                    seq = args[0]
                    self.assertIn(rsecrets.choice(seq), [seq[i] for i in range(len(seq))])
            self.assertEqual(rsecrets.choice(seq=[7]), 7)

    def test_choice_reaches_every_element(self):
        for _ in self.each_backend():
            population = list(range(62))
            self.assertEqual({rsecrets.choice(population) for _ in range(2000)}, set(population))


class CompareDigest(unittest.TestCase):
    PAIRS = [
        (b"abc", b"abc"),
        (b"abc", b"abd"),
        (b"abc", b"abcd"),
        (b"", b""),
        ("abc", "abc"),
        ("abc", "abd"),
        ("abc", "ab"),
        ("", ""),
        ("\xe9", "\xe9"),
        ("abc", "\xe9bc"),
        ("\u20ac", "a"),
        ("\udc80", "\udc80"),
        (MyStr("abc"), "abc"),
        (b"abc", "abc"),
        ("abc", b"abc"),
        (bytearray(b"abc"), b"abc"),
        (bytearray(b"abc"), bytearray(b"abc")),
        (bytearray(b"abc"), bytearray(b"abx")),
        (b"abc", bytearray(b"abc")),
        (memoryview(b"abc"), b"abc"),
        (memoryview(b"abc"), memoryview(b"abd")),
        (MyBytes(b"abc"), b"abc"),
        (array.array("b", [1, 2]), b"\x01\x02"),
        (array.array("i", [1]), array.array("i", [1])),
        (memoryview(bytes(8)).cast("B", (2, 4)), bytes(8)),
        (1, 1),
        (None, None),
        (None, b"a"),
        (b"a", None),
        ("a", 1),
        ([1], [1]),
    ]

    def test_same_results_and_errors_as_hmac(self):
        for a, b in self.PAIRS:
            with self.subTest(a=a, b=b):
                self.assertEqual(
                    outcome(rsecrets.compare_digest, a, b),
                    outcome(secrets.compare_digest, a, b),
                )
                if outcome(secrets.compare_digest, a, b)[0] == "returns":
                    self.assertIs(rsecrets.compare_digest(a, b), secrets.compare_digest(a, b))

    def test_positional_only(self):
        self.assertEqual(
            outcome(rsecrets.compare_digest, a=b"x", b=b"x")[:2],
            outcome(secrets.compare_digest, a=b"x", b=b"x")[:2],
        )

    def test_every_length_and_position(self):
        # Word-wise comparison: a difference in any byte of any length must count.
        for length in range(0, 40):
            base = bytes(range(length))
            self.assertTrue(rsecrets.compare_digest(base, bytes(base)))
            for position in range(length):
                changed = bytearray(base)
                changed[position] ^= 0x80
                self.assertFalse(rsecrets.compare_digest(base, bytes(changed)), (length, position))


class SystemRandomCompat(BackendCase):
    def test_is_a_random_Random(self):
        self.assertTrue(issubclass(rsecrets.SystemRandom, random.Random))
        self.assertTrue(issubclass(rsecrets.Secrets, random.Random))

    def test_same_public_methods(self):
        def public(cls):
            return {name for name in dir(cls) if not name.startswith("__")}

        self.assertEqual(public(rsecrets.SystemRandom), public(random.SystemRandom))

    def test_state(self):
        ours, theirs = rsecrets.SystemRandom(), random.SystemRandom()
        self.assertIsNone(ours.seed())
        self.assertIsNone(ours.seed(12345))
        for method in ("getstate", "setstate"):
            self.assertEqual(
                outcome(getattr(ours, method)), outcome(getattr(theirs, method))
            )
        for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
            self.assertEqual(
                outcome(pickle.dumps, ours, protocol), outcome(pickle.dumps, theirs, protocol)
            )

    def test_primitives(self):
        for name in self.each_backend():
            for ours in (rsecrets.SystemRandom(), rsecrets.Secrets(name)):
                theirs = random.SystemRandom()
                Integers.check_bits(self, ours.getrandbits, theirs.getrandbits)
                values = [ours.random() for _ in range(1000)]
                self.assertTrue(all(type(v) is float and 0.0 <= v < 1.0 for v in values))
                self.assertGreater(len(set(values)), 990)
                if sys.version_info >= (3, 9):
                    for args in SIZE_ARGUMENTS[2:]:
                        if self.assertSameOutcome(ours.randbytes, theirs.randbytes, *args):
                            self.assertEqual(len(ours.randbytes(*args)), len(theirs.randbytes(*args)))
                    self.assertEqual(
                        outcome(ours.randbytes, None), outcome(theirs.randbytes, None)
                    )

    def test_inherited_methods(self):
        # The interpreter's own methods on our primitives: same outcomes as
        # random.SystemRandom for good and bad input, on this version.
        calls = [
            ("randrange", (10,)),
            ("randrange", (0,)),
            ("randrange", (3, 3)),
            ("randrange", (0, 10, 0)),
            ("randrange", (0, 10, 3)),
            ("randrange", (1.0,)),
            ("randrange", (10.5,)),
            ("randrange", (2**200,)),
            ("randint", (1, 6)),
            ("randint", (6, 1)),
            ("choice", ([],)),
            ("choice", ([1, 2],)),
            ("shuffle", ([1, 2, 3],)),
            ("sample", (range(10), 3)),
            ("sample", ([1, 2], 3)),
            ("sample", ({1, 2}, 1)),
            ("choices", ([1, 2, 3],)),
            ("choices", ([1, 2, 3], [1, 0, 0])),
            ("choices", ([], )),
            ("uniform", (1.0, 2.0)),
            ("triangular", ()),
            ("gauss", (0.0, 1.0)),
            ("normalvariate", (0.0, 1.0)),
            ("expovariate", (1.0,)),
            ("betavariate", (1.0, 2.0)),
            ("paretovariate", (1.0,)),
            ("vonmisesvariate", (0.0, 1.0)),
        ]
        for name in self.each_backend():
            for ours in (rsecrets.SystemRandom(), rsecrets.Secrets(name)):
                theirs = random.SystemRandom()
                for method, args in calls:
                    with self.subTest(method=method, args=args):
                        self.assertSameOutcome(getattr(ours, method), getattr(theirs, method), *list(args) if args else ())

    def test_randrange_covers_every_value(self):
        for _ in self.each_backend():
            generator = rsecrets.SystemRandom()
            self.assertEqual({generator.randrange(-2, 3) for _ in range(500)}, {-2, -1, 0, 1, 2})


class SecretsObjectSurface(unittest.TestCase):
    def test_has_the_module_surface(self):
        for name in usable_backends():
            with self.subTest(backend=name):
                handle = rsecrets.Secrets(name)
                self.assertEqual(handle.backend, name)
                for function in secrets.__all__:
                    if function == "SystemRandom":
                        continue
                    self.assertTrue(callable(getattr(handle, function)), function)
                self.assertEqual(len(handle.token_bytes()), 32)
                self.assertEqual(len(handle.token_hex(3)), 6)
                self.assertEqual(
                    outcome(handle.randbelow, 0), outcome(secrets.randbelow, 0)
                )
                self.assertEqual(outcome(handle.choice, []), outcome(secrets.choice, []))
                self.assertIn(handle.choice("ab"), "ab")
                self.assertIs(handle.compare_digest(b"a", b"a"), True)


if __name__ == "__main__":
    unittest.main()
