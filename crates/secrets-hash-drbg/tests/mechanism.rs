//! The raw Hash_DRBG: limits, input rules, error atomicity, the engine's
//! contract, and agreement with a by-the-letter reference on input lengths
//! CAVP does not cover.

#[macro_use]
mod common;

use std::marker::PhantomData;

use common::{MechanismProbe, NotAMechanism as _};
use secrets_hash_drbg::sha::Sha;
use secrets_hash_drbg::{HashDrbg, sha1, sha2};
use sha2::Digest;

#[test]
fn request_limit_is_2_pow_19_bits() {
    for_every_hash!(HashDrbg, common::request_limit_is_2_pow_19_bits);
}

#[test]
fn reseed_interval_is_enforced_and_bounded() {
    for_every_hash!(HashDrbg, common::reseed_interval_is_enforced_and_bounded);
}

#[test]
fn input_rules_name_the_input() {
    for_every_hash!(HashDrbg, common::input_rules);
}

#[cfg(target_pointer_width = "64")]
#[test]
fn max_length_is_enforced() {
    common::max_length_is_enforced::<HashDrbg<sha2::Sha256>>();
    common::max_length_is_enforced::<HashDrbg<sha2::Sha512>>();
}

#[test]
fn errors_leave_the_state_unchanged() {
    for_every_hash!(HashDrbg, common::errors_leave_the_state_unchanged);
}

#[test]
fn every_input_matters() {
    for_every_hash!(HashDrbg, common::every_input_matters);
}

#[test]
fn prediction_resistance_is_reseed_then_generate() {
    for_every_hash!(
        HashDrbg,
        common::prediction_resistance_is_reseed_then_generate
    );
}

#[test]
fn self_tests_pass() {
    for_every_hash!(HashDrbg, common::self_test_passes);
}

#[test]
fn mechanisms_keep_the_engine_contract() {
    use common::mechanism_contract as contract;
    contract::<HashDrbg<sha2::Sha224>>("hash-drbg-sha224", "HashDrbgSha224Rng");
    contract::<HashDrbg<sha2::Sha256>>("hash-drbg-sha256", "HashDrbgSha256Rng");
    contract::<HashDrbg<sha2::Sha384>>("hash-drbg-sha384", "HashDrbgSha384Rng");
    contract::<HashDrbg<sha2::Sha512>>("hash-drbg-sha512", "HashDrbgSha512Rng");
    contract::<HashDrbg<sha2::Sha512_224>>("hash-drbg-sha512-224", "HashDrbgSha512_224Rng");
    contract::<HashDrbg<sha2::Sha512_256>>("hash-drbg-sha512-256", "HashDrbgSha512_256Rng");
}

#[test]
fn sha1_is_never_a_mechanism() {
    assert!(!MechanismProbe::<HashDrbg<sha1::Sha1>>(PhantomData).is_mechanism());
    // The probe does tell: the SHA-2 instances are mechanisms.
    assert!(MechanismProbe::<HashDrbg<sha2::Sha256>>(PhantomData).is_mechanism());
}

#[test]
fn debug_is_redacted_and_uninstantiate_consumes() {
    let drbg = common::instance::<HashDrbg<sha2::Sha256>>("debug");
    assert_eq!(format!("{drbg:?}"), "HashDrbg { .. }");
    assert_eq!(drbg.reseed_interval(), 1 << 48);
    assert!(!drbg.needs_reseed());
    drbg.uninstantiate();
}

// ---------------------------------------------------------------------------
// A by-the-letter reference (SP 800-90A 10.1.1 and 10.3.1, written for
// clarity: whole strings concatenated, big integers as byte vectors, one
// hash at a time through the Digest API).

struct Reference<H> {
    v: Vec<u8>,
    c: Vec<u8>,
    reseed_counter: u64,
    hash: PhantomData<H>,
}

fn hash<H: Sha>(data: &[u8]) -> Vec<u8> {
    <H::Digest as Digest>::digest(data).to_vec()
}

fn hash_df<H: Sha>(input: &[u8], len: usize) -> Vec<u8> {
    let mut temp = Vec::new();
    let mut counter = 1u8;
    while temp.len() < len {
        let mut data = vec![counter];
        data.extend_from_slice(&((len * 8) as u32).to_be_bytes());
        data.extend_from_slice(input);
        temp.extend_from_slice(&hash::<H>(&data));
        counter += 1;
    }
    temp.truncate(len);
    temp
}

/// `a = (a + b) mod 2^(8 a.len())`, school-book.
fn add(a: &mut [u8], b: &[u8]) {
    let mut carry = 0u32;
    for i in 0..a.len() {
        let ai = a.len() - 1 - i;
        let bv = if i < b.len() { b[b.len() - 1 - i] } else { 0 };
        let sum = a[ai] as u32 + bv as u32 + carry;
        a[ai] = sum as u8;
        carry = sum >> 8;
    }
}

impl<H: Sha> common::Reference for Reference<H> {
    fn instantiate(entropy: &[u8], nonce: &[u8], ps: &[u8]) -> Self {
        let v = hash_df::<H>(&[entropy, nonce, ps].concat(), H::SEED_LEN);
        let c = hash_df::<H>(&[&[0u8][..], &v].concat(), H::SEED_LEN);
        Reference {
            v,
            c,
            reseed_counter: 1,
            hash: PhantomData,
        }
    }

    fn reseed(&mut self, entropy: &[u8], ai: &[u8]) {
        self.v = hash_df::<H>(&[&[1u8][..], &self.v, entropy, ai].concat(), H::SEED_LEN);
        self.c = hash_df::<H>(&[&[0u8][..], &self.v].concat(), H::SEED_LEN);
        self.reseed_counter = 1;
    }

    fn generate(&mut self, len: usize, ai: &[u8]) -> Vec<u8> {
        if !ai.is_empty() {
            let w = hash::<H>(&[&[2u8][..], &self.v, ai].concat());
            add(&mut self.v, &w);
        }
        let mut data = self.v.clone();
        let mut w = Vec::new();
        while w.len() < len {
            w.extend_from_slice(&hash::<H>(&data));
            add(&mut data, &[1]);
        }
        w.truncate(len);
        let h = hash::<H>(&[&[3u8][..], &self.v].concat());
        add(&mut self.v, &h);
        let c = self.c.clone();
        add(&mut self.v, &c);
        add(&mut self.v, &self.reseed_counter.to_be_bytes());
        self.reseed_counter += 1;
        w
    }

    fn reseed_counter(&self) -> u64 {
        self.reseed_counter
    }
}

fn agrees_with_reference<H: Sha>() {
    common::agrees_with_reference::<HashDrbg<H>, Reference<H>>();
}

/// `$check::<H>` through the `for_every_hash!` macro, which names
/// `$drbg<H>`.
type Hash<H> = H;

#[test]
fn matches_the_reference_on_odd_lengths() {
    for_every_hash!(Hash, agrees_with_reference);
}
