"""rsecrets.drbg.CtrDrbg: NIST CAVP CTR_DRBG response files (every AES record
of both shipped files) and its parameters. Every class (CtrDrbg, HashDrbg,
HmacDrbg): prediction resistance, the reseed interval, request limits and
bytes-like inputs. (HashDrbg and HmacDrbg of their own: test_hash_drbg.py.)"""

import hashlib
import re

import pytest

from cavp_files import (
    VECTORS,
    Fields,
    announced_sections,
    checksums,
    flip_first_answer_bit,
    group_params,
    parse,
    read,
    run_record,
)
from rsecrets.drbg import CtrDrbg, Drbg, HashDrbg, HmacDrbg, ReseedRequired

FLOWS = {"CTR_DRBG_no_reseed.rsp": "no_reseed", "CTR_DRBG_pr_false.rsp": "pr_false"}


def test_the_readme_lists_every_vector_file():
    # The checksum table of vectors/README.md is the one place checksums are
    # written: it covers exactly the files there are.
    on_disk = {"cavp/" + path.name for path in (VECTORS / "cavp").iterdir()}
    assert set(checksums()) == on_disk
    assert {"cavp/" + name for name in FLOWS} <= on_disk


def run_ctr_record(params, record, key_bits, df, flow):
    def instantiate(entropy, nonce, personalization):
        return CtrDrbg(entropy, nonce, personalization, key_bits=key_bits, derivation_function=df)

    return run_record(params, record, instantiate, flow)


@pytest.fixture(scope="module", params=sorted(FLOWS))
def vector_file(request):
    name = request.param
    return name, read(name)


def test_every_aes_record(vector_file):
    name, text = vector_file
    sections = parse(text, name)
    flow = FLOWS[name]
    assert [section for section, _ in sections] == announced_sections(text, "CTR_DRBG")
    assert len(sections) == 8
    passed, skipped, failed = 0, 0, []
    for section, groups in sections:
        assert len(groups) == 16, section
        match = re.fullmatch(r"AES-(128|192|256) (use|no) df", section)
        for params, records in groups:
            assert len(records) == 15, section
            for record in records:
                if match is None:
                    assert section.startswith("3KeyTDEA"), section
                    skipped += 1
                    continue
                ok = run_ctr_record(group_params(params), record, int(match.group(1)), match.group(2) == "use", flow)
                if ok:
                    passed += 1
                else:
                    failed.append(record.where)
    assert failed == []
    assert (passed, skipped) == (1440, 480)


def test_the_harness_catches_a_wrong_answer(vector_file):
    # Flip one bit of one expected answer: that record must fail.
    name, text = vector_file
    sections = parse(text, name)
    assert sections[1][0] == "AES-128 use df"
    params, records = sections[1][1][0]
    record = records[0]
    flip_first_answer_bit(record)
    assert not run_ctr_record(group_params(params), record, 128, True, FLOWS[name])


def test_the_harness_catches_an_unused_field():
    record = Fields("made-up")
    record.add("COUNT", "0")
    record.add("Surprise", "")
    record.take("COUNT")
    with pytest.raises(AssertionError, match="never used"):
        record.assert_consumed()


KEY_SIZES = [(128, 32), (192, 40), (256, 48)]  # key bits, seedlen in bytes


def entropy(n, label=b"e"):
    return hashlib.shake_256(label).digest(n)


CLASSES = [CtrDrbg, HashDrbg, HmacDrbg]


def with_hashes(*hash_names):
    """(class, keyword arguments): CtrDrbg at its defaults, then HashDrbg and
    HmacDrbg on each of `hash_names`."""
    cases = [pytest.param(CtrDrbg, {}, id="CtrDrbg")]
    for cls in (HashDrbg, HmacDrbg):
        cases += [pytest.param(cls, {"hash": name}, id="%s-%s" % (cls.__name__, name)) for name in hash_names]
    return cases


def prediction_resistance_cases():
    """(class, keyword arguments, entropy length, nonce): CtrDrbg on every key
    size with and without the derivation function (without it: seedlen bytes
    of entropy and no nonce), HashDrbg and HmacDrbg on four hashes."""
    cases = []
    for key_bits, seedlen in KEY_SIZES:
        for df in (True, False):
            kwargs = dict(key_bits=key_bits, derivation_function=df)
            nonce = entropy(16, b"n") if df else b""
            length = 32 if df else seedlen
            cases.append(pytest.param(CtrDrbg, kwargs, length, nonce, id="CtrDrbg-%d-df=%s" % (key_bits, df)))
    for cls in (HashDrbg, HmacDrbg):
        for hash_name in ["SHA-1", "SHA-256", "SHA-512/224", "SHA-512"]:
            case = (cls, dict(hash=hash_name), 32, entropy(16))
            cases.append(pytest.param(*case, id="%s-%s" % (cls.__name__, hash_name)))
    return cases


@pytest.mark.parametrize("cls,kwargs,length,nonce", prediction_resistance_cases())
def test_prediction_resistance_reseeds_before_generating(cls, kwargs, length, nonce):
    # SP 800-90A 9.3.1: a prediction-resistant generate is Reseed(entropy,
    # additional_input) then Generate with no additional input.
    args = (entropy(length), nonce, b"personal")
    pr = cls(*args, **kwargs, prediction_resistance=True)
    plain = cls(*args, **kwargs)
    for round in range(3):
        fresh, extra = entropy(length, b"pr%d" % round), b"additional %d" % round
        plain.reseed(fresh, extra)
        assert pr.generate(64, extra, entropy=fresh) == plain.generate(64)
        assert pr.reseed_counter == plain.reseed_counter == 2
    assert pr.prediction_resistance and not plain.prediction_resistance
    assert repr(pr).endswith("prediction_resistance=True) { .. }")


@pytest.mark.parametrize("cls", CLASSES)
def test_prediction_resistance_needs_entropy_every_time(cls):
    pr = cls(entropy(32), entropy(16), prediction_resistance=True)
    with pytest.raises(ValueError, match="fresh entropy"):
        pr.generate(16)
    plain = cls(entropy(32), entropy(16))
    with pytest.raises(ValueError, match="prediction_resistance=True"):
        plain.generate(16, entropy=entropy(32))


@pytest.mark.parametrize("cls,kwargs", with_hashes("SHA-1", "SHA-384"))
def test_reseed_interval(cls, kwargs):
    drbg = cls(entropy(32), entropy(16), **kwargs, reseed_interval=2)
    assert drbg.reseed_counter == 1
    drbg.generate(16)
    drbg.generate(16)
    assert drbg.reseed_counter == 3
    with pytest.raises(ReseedRequired):
        drbg.generate(16)
    drbg.reseed(entropy(32, b"again"))
    assert drbg.reseed_counter == 1
    assert len(drbg.generate(16)) == 16
    assert issubclass(ReseedRequired, RuntimeError)


@pytest.mark.parametrize("cls,kwargs", with_hashes("SHA-1", "SHA-256"))
def test_request_limit_and_state_untouched_by_errors(cls, kwargs):
    a, b = cls(entropy(32), entropy(16), **kwargs), cls(entropy(32), entropy(16), **kwargs)
    assert a.max_bytes_per_request == 65536
    with pytest.raises(ValueError, match="65536"):
        a.generate(a.max_bytes_per_request + 1)
    with pytest.raises(ValueError):
        a.generate(-1)
    with pytest.raises(ValueError, match="entropy_input"):
        a.reseed(b"short")
    assert a.generate(a.max_bytes_per_request) == b.generate(b.max_bytes_per_request)
    assert a.reseed_counter == b.reseed_counter == 2


@pytest.mark.parametrize("cls", CLASSES)
def test_inputs_are_bytes_like(cls):
    reference = cls(b"e" * 32, b"n" * 16, b"p").generate(32, b"a")
    for convert in (bytes, bytearray, memoryview):
        drbg = cls(convert(b"e" * 32), convert(b"n" * 16), convert(b"p"))
        assert drbg.generate(32, convert(b"a")) == reference
    for bad in ("e" * 32, 32, [101] * 32, None):
        with pytest.raises(TypeError, match="bytes-like"):
            cls(bad, b"n" * 16)


@pytest.mark.parametrize(
    "kwargs,message",
    [
        (dict(entropy=b"x" * 15, nonce=b"n" * 8, key_bits=128), "entropy_input"),
        (dict(entropy=b"x" * 32, nonce=b"n" * 7, key_bits=128), "nonce"),
        (dict(entropy=b"x" * 31, nonce=b"", key_bits=128, derivation_function=False), "entropy_input"),
        (dict(entropy=b"x" * 32, nonce=b"n", key_bits=128, derivation_function=False), "nonce"),
        (dict(entropy=b"x" * 32, nonce=b"", personalization=b"p" * 33, key_bits=128, derivation_function=False),
         "personalization"),
        (dict(entropy=b"x" * 32, nonce=b"n" * 16, key_bits=100), "key_bits"),
        (dict(entropy=b"x" * 32, nonce=b"n" * 16, reseed_interval=0), "reseed_interval"),
        (dict(entropy=b"x" * 32, nonce=b"n" * 16, reseed_interval=2**48 + 1), "reseed_interval"),
    ],
)
def test_bad_parameters_are_value_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        CtrDrbg(**kwargs)


def test_keyword_names_and_defaults():
    drbg = CtrDrbg(entropy=b"e" * 48, derivation_function=False)
    assert isinstance(drbg, Drbg)
    assert drbg.generate(n=8, additional_input=b"") == CtrDrbg(b"e" * 48, b"", b"", derivation_function=False).generate(8)


def test_repr_shows_no_state():
    secret = b"\x42" * 32
    drbg = CtrDrbg(secret, b"n" * 16)
    text = repr(drbg)
    assert text.startswith("CtrDrbg(key_bits=256, derivation_function=True") and "{ .. }" in text
    assert secret.hex() not in text and "42424242" not in text
