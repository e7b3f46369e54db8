"""Beyond CPython: password(), passphrase() with their exact entropy, and
uuid4()/uuid7() as uuid.UUID."""

import itertools
import math
import string
import time
import uuid

import pytest

import rsecrets

ALL_CLASSES = string.ascii_lowercase + string.ascii_uppercase + string.digits + string.punctuation


def sources(backend):
    return [rsecrets, rsecrets.Secrets(backend)]


def test_password_defaults(backend):
    rsecrets.use_backend(backend)
    for source in sources(backend):
        passwords = [source.password() for _ in range(200)]
        assert all(len(p) == 20 and set(p) <= set(ALL_CLASSES) for p in passwords)
        assert len(set(passwords)) == 200
        assert set("".join(passwords)) == set(ALL_CLASSES)
    assert rsecrets.password_entropy() == pytest.approx(20 * math.log2(94), rel=1e-12)


@pytest.mark.parametrize(
    "classes,allowed",
    [
        ("digits", string.digits),
        (["lower", "upper"], string.ascii_letters),
        ("lower,digits", string.ascii_lowercase + string.digits),
        (("symbols",), string.punctuation),
    ],
)
def test_password_classes(classes, allowed):
    text = "".join(rsecrets.password(50, classes=classes) for _ in range(40))
    assert set(text) == set(allowed)
    assert rsecrets.password_entropy(50, classes=classes) == pytest.approx(50 * math.log2(len(allowed)))


def test_password_alphabet_and_ambiguous():
    text = "".join(rsecrets.password(40, alphabet="ab\u00e9\u20ac") for _ in range(20))
    assert set(text) == set("ab\u00e9\u20ac")
    assert rsecrets.password_entropy(10, alphabet="ab") == pytest.approx(10.0)
    clear = "".join(rsecrets.password(40, alphabet="0O1lIab", exclude_ambiguous=True) for _ in range(20))
    assert set(clear) == set("ab")


def test_require_each_gives_every_class():
    for _ in range(300):
        password = rsecrets.password(4, classes="lower,upper,digits,symbols", require_each=True)
        assert any(c in string.ascii_lowercase for c in password)
        assert any(c in string.ascii_uppercase for c in password)
        assert any(c in string.digits for c in password)
        assert any(c in string.punctuation for c in password)


def test_require_each_entropy_is_exact():
    # Count by brute force: 3 characters over "ab12" with a letter and a digit.
    alphabet = "ab12"
    count = sum(
        1
        for chars in itertools.product(alphabet, repeat=3)
        if any(c.isalpha() for c in chars) and any(c.isdigit() for c in chars)
    )
    assert count == 48
    assert rsecrets.password_entropy(3, alphabet=alphabet, require_each=True) == pytest.approx(math.log2(48), rel=1e-12)


def test_require_each_is_uniform_over_the_accepted_passwords():
    # Every accepted password of 2 characters over "a1" ("a1" and "1a") is
    # drawn; none of the rejected ones ("aa", "11") ever is.
    seen = {rsecrets.password(2, alphabet="a1", require_each=True) for _ in range(400)}
    assert seen == {"a1", "1a"}


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(length=0),
        dict(length=-5),
        dict(classes="bogus"),
        dict(classes=[]),
        dict(alphabet=""),
        dict(alphabet="aa"),
        dict(alphabet="0O", exclude_ambiguous=True),
        dict(length=2, classes="lower,upper,digits", require_each=True),
    ],
)
def test_password_errors(kwargs):
    with pytest.raises(ValueError):
        rsecrets.password(**kwargs)
    with pytest.raises(ValueError):
        rsecrets.password_entropy(**kwargs)


def test_passphrase(backend):
    rsecrets.use_backend(backend)
    for source in sources(backend):
        phrases = [source.passphrase() for _ in range(50)]
        assert all(len(p.split(" ")) >= 6 for p in phrases)
        assert len(set(phrases)) == 50
    assert rsecrets.passphrase_entropy() == pytest.approx(6 * math.log2(7776))
    assert rsecrets.passphrase_entropy(4, wordlist="eff-short") == pytest.approx(4 * math.log2(1296))


def test_passphrase_custom_list_and_separator():
    words = ["alpha", "bravo", "charlie"]
    seen = set()
    for _ in range(100):
        phrase = rsecrets.passphrase(3, separator="+", wordlist=words)
        parts = phrase.split("+")
        assert len(parts) == 3 and set(parts) <= set(words)
        seen.update(parts)
    assert seen == set(words)
    assert rsecrets.passphrase_entropy(5, wordlist=words) == pytest.approx(5 * math.log2(3))


@pytest.mark.parametrize(
    "kwargs",
    [dict(words=0), dict(wordlist="bogus"), dict(wordlist=[]), dict(wordlist=["a", "a"]), dict(wordlist=["a", ""])],
)
def test_passphrase_errors(kwargs):
    with pytest.raises(ValueError):
        rsecrets.passphrase(**kwargs)


def test_passphrase_wordlist_type():
    with pytest.raises(TypeError):
        rsecrets.passphrase(wordlist=[1, 2])


def test_uuid4(backend):
    rsecrets.use_backend(backend)
    for source in sources(backend):
        values = [source.uuid4() for _ in range(200)]
        assert all(isinstance(v, uuid.UUID) for v in values)
        assert all(v.version == 4 and v.variant == uuid.RFC_4122 for v in values)
        assert len(set(values)) == 200


def test_uuid7(backend):
    rsecrets.use_backend(backend)
    for source in sources(backend):
        before = int(time.time() * 1000)
        values = [source.uuid7() for _ in range(200)]
        after = int(time.time() * 1000)
        assert all(isinstance(v, uuid.UUID) and v.version == 7 and v.variant == uuid.RFC_4122 for v in values)
        assert all(before <= v.int >> 80 <= after for v in values)
        assert len(set(values)) == 200
