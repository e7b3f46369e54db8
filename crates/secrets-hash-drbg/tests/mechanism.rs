//! The raw Hash_DRBG: limits, input rules, error atomicity, the engine's
//! contract, and agreement with a by-the-letter reference on input lengths
//! CAVP does not cover.

#[macro_use]
mod common;

use std::marker::PhantomData;

use secrets_hash_drbg::HashDrbg;
use secrets_hash_drbg::sha::Sha;
use sha2::Digest;

raw_drbg_tests!(HashDrbg, "hash-drbg", "HashDrbg");

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

    fn reseed_counter(&self) -> u64 {
        self.reseed_counter
    }
}

impl<H: Sha> common::Model for Reference<H> {
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
}
