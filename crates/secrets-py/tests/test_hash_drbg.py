"""rsecrets.drbg.HashDrbg and HmacDrbg: every record of NIST's CAVP Hash_DRBG
and HMAC_DRBG files (no_reseed and pr_false, SHA-1 to SHA-512/256), the hash
names, input rules and the reseed interval's bounds. (Prediction resistance,
the reseed interval and request limits of every class: test_drbg.py.)"""

import ast
import hashlib
import re
from pathlib import Path

import pytest

import rsecrets.drbg
from cavp_files import announced_sections, flip_first_answer_bit, flow_of, group_params, parse, read, run_record
from rsecrets.drbg import Drbg, HashDrbg, HmacDrbg

CLASSES = {"Hash_DRBG": HashDrbg, "HMAC_DRBG": HmacDrbg}
FILES = ["Hash_DRBG_no_reseed.rsp", "Hash_DRBG_pr_false.rsp", "HMAC_DRBG_no_reseed.rsp", "HMAC_DRBG_pr_false.rsp"]
HASHES = ["SHA-1", "SHA-224", "SHA-256", "SHA-384", "SHA-512", "SHA-512/224", "SHA-512/256"]
# Security strength in bytes (SP 800-57 part 1 table 3, SP 800-90A table 2):
# the least entropy input; the nonce is at least half of it.
STRENGTH = {"SHA-1": 16, "SHA-224": 24, "SHA-512/224": 24, "SHA-256": 32, "SHA-512/256": 32, "SHA-384": 32,
            "SHA-512": 32}


def mechanism_of(name):
    return name.split("_DRBG")[0] + "_DRBG"


@pytest.fixture(scope="module", params=FILES)
def vector_file(request):
    name = request.param
    return name, read(name)


def run_hashed_record(cls, hash_name, params, record, flow):
    def instantiate(entropy, nonce, personalization):
        return cls(entropy, nonce, personalization, hash=hash_name)

    return run_record(params, record, instantiate, flow)


def test_every_record(vector_file):
    name, text = vector_file
    mechanism = mechanism_of(name)
    cls, flow = CLASSES[mechanism], flow_of(name)
    sections = parse(text, name)
    assert [section for section, _ in sections] == announced_sections(text, mechanism) == HASHES
    passed, failed = 0, []
    for section, groups in sections:
        assert len(groups) == 16, section
        for params, records in groups:
            assert len(records) == 15, section
            for record in records:
                if run_hashed_record(cls, section, group_params(params), record, flow):
                    passed += 1
                else:
                    failed.append(record.where)
    assert failed == []
    assert passed == 1680


def test_the_harness_catches_a_wrong_answer(vector_file):
    # Flip one bit of one expected answer in each section: those records fail.
    name, text = vector_file
    cls, flow = CLASSES[mechanism_of(name)], flow_of(name)
    for section, groups in parse(text, name):
        params, records = groups[-1]
        assert run_hashed_record(cls, section, group_params(params), records[-1], flow), section
        flip_first_answer_bit(records[0])
        assert not run_hashed_record(cls, section, group_params(params), records[0], flow), section


def entropy(n, label=b"e"):
    return hashlib.shake_256(label).digest(n)


@pytest.fixture(params=["HashDrbg", "HmacDrbg"])
def cls(request):
    return getattr(rsecrets.drbg, request.param)


def stub_hash_names():
    """The hash names the stub's `_HashName` Literal lists."""
    stub = Path(rsecrets.drbg.__file__).with_suffix(".pyi")
    for node in ast.parse(stub.read_text()).body:
        if isinstance(node, ast.Assign) and [t.id for t in node.targets] == ["_HashName"]:
            return [ast.literal_eval(element) for element in node.value.slice.elts]
    raise AssertionError("the stub has no _HashName")


def test_hash_names(cls):
    # The runtime's list (from its error message), the stub's Literal and
    # the names that work are one list.
    with pytest.raises(ValueError, match="hash must be one of") as refused:
        cls(entropy(32), entropy(16), hash="SHA-3")
    listed = re.findall(r"'([^']+)'", str(refused.value).split(", not ")[0])
    assert listed == HASHES == stub_hash_names()
    outputs = set()
    for name in HASHES:
        drbg = cls(entropy(32), entropy(16), hash=name)
        assert repr(drbg) == "%s(hash='%s', prediction_resistance=False) { .. }" % (cls.__name__, name)
        outputs.add(drbg.generate(32))
    assert len(outputs) == len(HASHES)
    for bad in ("sha256", "SHA256", ""):
        with pytest.raises(ValueError, match="hash must be one of"):
            cls(entropy(32), entropy(16), hash=bad)
    with pytest.raises(TypeError):
        cls(entropy(32), entropy(16), hash=256)


def test_the_two_mechanisms_differ():
    args = (entropy(32), entropy(16), b"personal")
    assert HashDrbg(*args).generate(64) != HmacDrbg(*args).generate(64)


def test_default_hash_is_sha256(cls):
    args = (entropy(32), entropy(16), b"p")
    assert cls(*args).generate(48) == cls(*args, hash="SHA-256").generate(48)
    assert isinstance(cls(*args), Drbg)


@pytest.mark.parametrize("hash_name", HASHES)
def test_entropy_and_nonce_minimums(cls, hash_name):
    strength = STRENGTH[hash_name]
    cls(entropy(strength), entropy(strength // 2), hash=hash_name)
    with pytest.raises(ValueError, match="entropy_input"):
        cls(entropy(strength - 1), entropy(strength // 2), hash=hash_name)
    with pytest.raises(ValueError, match="nonce"):
        cls(entropy(strength), entropy(strength // 2 - 1), hash=hash_name)


@pytest.mark.parametrize("interval", [0, 2**48 + 1])
def test_reseed_interval_bounds(cls, interval):
    with pytest.raises(ValueError, match="reseed_interval"):
        cls(entropy(32), entropy(16), reseed_interval=interval)


def test_keyword_names_and_defaults(cls):
    drbg = cls(entropy=b"e" * 32, nonce=b"n" * 16)
    assert drbg.generate(n=8, additional_input=b"") == cls(b"e" * 32, b"n" * 16, b"").generate(8)
    # The nonce defaults to empty, which SP 800-90A refuses.
    with pytest.raises(ValueError, match="nonce"):
        cls(b"e" * 32)


def test_repr_shows_no_state(cls):
    secret = b"\x42" * 32
    text = repr(cls(secret, b"n" * 16))
    assert text == "%s(hash='SHA-256', prediction_resistance=False) { .. }" % cls.__name__
    assert secret.hex() not in text
