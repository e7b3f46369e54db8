//! The raw HMAC_DRBG: limits, input rules, error atomicity, the engine's
//! contract, and agreement with a by-the-letter reference (on RustCrypto's
//! `hmac` crate) on input lengths CAVP does not cover.

#[macro_use]
#[path = "../../secrets-hash-drbg/tests/common/mod.rs"]
mod common;

use std::marker::PhantomData;

use hmac::{KeyInit, Mac, SimpleHmac};
use secrets_hmac_drbg::{HmacDrbg, Sha};

raw_drbg_tests!(HmacDrbg, "hmac-drbg", "HmacDrbg");

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

    fn reseed_counter(&self) -> u64 {
        self.reseed_counter
    }
}

impl<H: Sha> common::Model for Reference<H> {
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
}
