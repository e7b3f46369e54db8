//! The raw HMAC_DRBG: limits, input rules, error atomicity, the engine's
//! contract, and agreement with a by-the-letter reference (on RustCrypto's
//! `hmac` crate) on input lengths CAVP does not cover.

#[macro_use]
#[path = "../../secrets-hash-drbg/tests/common/mod.rs"]
mod common;

use std::marker::PhantomData;

use common::{MechanismProbe, NotAMechanism as _};
use hmac::{KeyInit, Mac, SimpleHmac};
use secrets_hmac_drbg::{HmacDrbg, Sha, sha1, sha2};

#[test]
fn request_limit_is_2_pow_19_bits() {
    for_every_hash!(HmacDrbg, common::request_limit_is_2_pow_19_bits);
}

#[test]
fn reseed_interval_is_enforced_and_bounded() {
    for_every_hash!(HmacDrbg, common::reseed_interval_is_enforced_and_bounded);
}

#[test]
fn input_rules_name_the_input() {
    for_every_hash!(HmacDrbg, common::input_rules);
}

#[cfg(target_pointer_width = "64")]
#[test]
fn max_length_is_enforced() {
    common::max_length_is_enforced::<HmacDrbg<sha2::Sha256>>();
    common::max_length_is_enforced::<HmacDrbg<sha2::Sha512>>();
}

#[test]
fn errors_leave_the_state_unchanged() {
    for_every_hash!(HmacDrbg, common::errors_leave_the_state_unchanged);
}

#[test]
fn every_input_matters() {
    for_every_hash!(HmacDrbg, common::every_input_matters);
}

#[test]
fn prediction_resistance_is_reseed_then_generate() {
    for_every_hash!(
        HmacDrbg,
        common::prediction_resistance_is_reseed_then_generate
    );
}

#[test]
fn self_tests_pass() {
    for_every_hash!(HmacDrbg, common::self_test_passes);
}

#[test]
fn mechanisms_keep_the_engine_contract() {
    use common::mechanism_contract as contract;
    contract::<HmacDrbg<sha2::Sha224>>("hmac-drbg-sha224", "HmacDrbgSha224Rng");
    contract::<HmacDrbg<sha2::Sha256>>("hmac-drbg-sha256", "HmacDrbgSha256Rng");
    contract::<HmacDrbg<sha2::Sha384>>("hmac-drbg-sha384", "HmacDrbgSha384Rng");
    contract::<HmacDrbg<sha2::Sha512>>("hmac-drbg-sha512", "HmacDrbgSha512Rng");
    contract::<HmacDrbg<sha2::Sha512_224>>("hmac-drbg-sha512-224", "HmacDrbgSha512_224Rng");
    contract::<HmacDrbg<sha2::Sha512_256>>("hmac-drbg-sha512-256", "HmacDrbgSha512_256Rng");
}

#[test]
fn sha1_is_never_a_mechanism() {
    assert!(!MechanismProbe::<HmacDrbg<sha1::Sha1>>(PhantomData).is_mechanism());
    assert!(MechanismProbe::<HmacDrbg<sha2::Sha256>>(PhantomData).is_mechanism());
}

#[test]
fn debug_is_redacted_and_uninstantiate_consumes() {
    let drbg = common::instance::<HmacDrbg<sha2::Sha256>>("debug");
    assert_eq!(format!("{drbg:?}"), "HmacDrbg { .. }");
    assert_eq!(drbg.reseed_interval(), 1 << 48);
    assert!(!drbg.needs_reseed());
    drbg.uninstantiate();
}

// ---------------------------------------------------------------------------
// A by-the-letter reference (SP 800-90A 10.1.2, written for clarity: whole
// strings concatenated, HMAC from RustCrypto's `hmac` crate, re-keyed for
// every block).

struct Reference<H: Sha> {
    key: Vec<u8>,
    v: Vec<u8>,
    reseed_counter: u64,
    hash: PhantomData<H>,
}

fn hmac<H: Sha>(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = <SimpleHmac<H::Digest> as KeyInit>::new_from_slice(key).unwrap();
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

impl<H: Sha> Reference<H> {
    fn update(&mut self, provided: &[u8]) {
        self.key = hmac::<H>(&self.key, &[&self.v[..], &[0], provided].concat());
        self.v = hmac::<H>(&self.key, &self.v);
        if provided.is_empty() {
            return;
        }
        self.key = hmac::<H>(&self.key, &[&self.v[..], &[1], provided].concat());
        self.v = hmac::<H>(&self.key, &self.v);
    }
}

impl<H: Sha> common::Reference for Reference<H> {
    fn instantiate(entropy: &[u8], nonce: &[u8], ps: &[u8]) -> Self {
        let mut r = Reference {
            key: vec![0; H::OUT_LEN],
            v: vec![1; H::OUT_LEN],
            reseed_counter: 1,
            hash: PhantomData,
        };
        r.update(&[entropy, nonce, ps].concat());
        r
    }

    fn reseed(&mut self, entropy: &[u8], ai: &[u8]) {
        self.update(&[entropy, ai].concat());
        self.reseed_counter = 1;
    }

    fn generate(&mut self, len: usize, ai: &[u8]) -> Vec<u8> {
        if !ai.is_empty() {
            self.update(ai);
        }
        let mut temp = Vec::new();
        while temp.len() < len {
            self.v = hmac::<H>(&self.key, &self.v);
            temp.extend_from_slice(&self.v);
        }
        temp.truncate(len);
        self.update(ai);
        self.reseed_counter += 1;
        temp
    }

    fn reseed_counter(&self) -> u64 {
        self.reseed_counter
    }
}

fn agrees_with_reference<H: Sha>() {
    common::agrees_with_reference::<HmacDrbg<H>, Reference<H>>();
}

/// `$check::<H>` through the `for_every_hash!` macro, which names
/// `$drbg<H>`.
type Hash<H> = H;

#[test]
fn matches_the_reference_on_odd_lengths() {
    for_every_hash!(Hash, agrees_with_reference);
}
