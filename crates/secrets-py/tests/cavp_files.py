"""NIST CAVP DRBG response files (vectors/cavp/), for the rsecrets.drbg tests.

A strict reader in the style of ring's testutil: each file is checked
against the sha256 in vectors/README.md (the one place the checksums are
written), parsed into sections, parameter groups and records, and every
`key = value` field of a record and of its group must be consumed exactly
once by the code that runs it.
"""

import hashlib
import re
from pathlib import Path

VECTORS = Path(__file__).resolve().parents[3] / "vectors"


def checksums():
    """{"cavp/NAME.rsp": sha256} from the table in vectors/README.md."""
    table = (VECTORS / "README.md").read_text()
    return dict(re.findall(r"^\| `(cavp/[^`]+)` \|.*\| `([0-9a-f]{64})` \|$", table, re.M))


def read(name):
    """The text of vectors/cavp/NAME, after checking its checksum."""
    data = (VECTORS / "cavp" / name).read_bytes()
    expected = checksums().get("cavp/" + name)
    assert expected is not None, name + " is not in the table of vectors/README.md"
    assert hashlib.sha256(data).hexdigest() == expected, name + " differs from the checksum in vectors/README.md"
    return data.decode("ascii")


def flow_of(name):
    """The DRBGVS flow a file tests, from its name (`*_no_reseed.rsp`,
    `*_pr_false.rsp`)."""
    match = re.fullmatch(r"\w+_DRBG_(no_reseed|pr_false)\.rsp", name)
    assert match, "not a no_reseed or pr_false file: " + name
    return match.group(1)


class Fields:
    """`key = value` lines of one record or group, each to be consumed
    exactly once, in order for repeated keys."""

    def __init__(self, where):
        self.where = where
        self.items = []

    def add(self, key, value):
        self.items.append([key, value, False])

    def take(self, key):
        for item in self.items:
            if item[0] == key and not item[2]:
                item[2] = True
                return item[1]
        raise AssertionError("%s: no (more) %s" % (self.where, key))

    def take_hex(self, key, bits):
        value = bytes.fromhex(self.take(key))
        assert len(value) * 8 == bits, "%s: %s has %d bits, the group says %d" % (
            self.where, key, len(value) * 8, bits)
        return value

    def assert_consumed(self):
        left = [item[0] for item in self.items if not item[2]]
        assert not left, "%s: fields never used: %s" % (self.where, left)


def announced_sections(text, mechanism):
    """The sections a CAVP file's header announces
    ("# CTR_DRBG options: ..." for mechanism "CTR_DRBG")."""
    match = re.search(r"^# %s options: (.*)$" % re.escape(mechanism), text, re.M)
    assert match, "no %s options line in the header" % mechanism
    return match.group(1).strip().split(" :: ")


def parse(text, name):
    """[(section, [(group params, [records])])], from a CAVP response file."""
    sections = []
    group = record = None
    for number, line in enumerate(text.split("\r\n"), 1):
        where = "%s:%d" % (name, number)
        assert "\n" not in line and "\r" not in line, where + ": not a CRLF file"
        if not line or line.startswith("#"):
            record = None
            continue
        header = re.fullmatch(r"\[(.*)\]", line)
        if header:
            key, sep, value = header.group(1).partition(" = ")
            if not sep:
                # Each group repeats its section's header.
                if not sections or sections[-1][0] != key:
                    sections.append((key, []))
                group = None
            else:
                if group is None:
                    group = (Fields(where), [])
                    sections[-1][1].append(group)
                group[0].add(key, value)
            record = None
            continue
        key, sep, value = line.partition(" = ")
        assert sep, where + ": not a `key = value` line: %r" % line
        if key == "COUNT":
            record = Fields(where)
            group[1].append(record)
        assert record is not None, where + ": a field outside a record"
        record.add(key, value)
    return sections


def group_params(params):
    """A fresh view of a group's parameters for each record (each record
    reads every parameter once)."""
    copy = Fields(params.where)
    for key, value, _ in params.items:
        copy.add(key, value)
    return copy


def run_record(params, record, instantiate, flow):
    """Runs one record through the DRBG `instantiate(entropy, nonce,
    personalization)` returns: Reseed (pr_false), two Generate calls; true
    when the second output is ReturnedBits. Every field is consumed."""
    lengths = {key: int(params.take(key)) for key in (
        "EntropyInputLen", "NonceLen", "PersonalizationStringLen", "AdditionalInputLen", "ReturnedBitsLen")}
    assert params.take("PredictionResistance") == "False"
    params.assert_consumed()
    record.take("COUNT")
    drbg = instantiate(
        record.take_hex("EntropyInput", lengths["EntropyInputLen"]),
        record.take_hex("Nonce", lengths["NonceLen"]),
        record.take_hex("PersonalizationString", lengths["PersonalizationStringLen"]),
    )
    if flow == "pr_false":
        drbg.reseed(
            record.take_hex("EntropyInputReseed", lengths["EntropyInputLen"]),
            record.take_hex("AdditionalInputReseed", lengths["AdditionalInputLen"]),
        )
    returned = lengths["ReturnedBitsLen"] // 8
    drbg.generate(returned, record.take_hex("AdditionalInput", lengths["AdditionalInputLen"]))
    second = drbg.generate(returned, record.take_hex("AdditionalInput", lengths["AdditionalInputLen"]))
    expected = record.take_hex("ReturnedBits", lengths["ReturnedBitsLen"])
    record.assert_consumed()
    return second == expected


def flip_first_answer_bit(record):
    """Flips one bit of a record's ReturnedBits (to see the harness fail)."""
    for item in record.items:
        if item[0] == "ReturnedBits":
            item[1] = "%02x" % (int(item[1][:2], 16) ^ 1) + item[1][2:]
            return
    raise AssertionError(record.where + ": no ReturnedBits")
