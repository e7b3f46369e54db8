//! Hash_DRBG throughput: Generate in 64 KiB requests filling 1 MiB, against
//! the bare Hashgen loop of the `sha2` crate (`Sha256::digest` of a 55-byte
//! counter per 32 output bytes; SHA-512: a 111-byte counter per 64) in
//! interleaved rounds of the same run, against OpenSSL 3's HASH-DRBG
//! through `openssl rand`, and the latency of one 32-byte Generate call.
//!
//! `cargo run --release -p secrets-hash-drbg --example hash_drbg_throughput`

mod measure;

use secrets_hash_drbg::sha::Sha;
use secrets_hash_drbg::sha2::{Digest, Sha256, Sha512};
use secrets_hash_drbg::{Config, HashDrbg};

/// Our Generate, 64 KiB at a time.
fn generate<H: Sha>(drbg: &mut HashDrbg<H>) -> impl FnMut(&mut [u8]) + '_ {
    |buf| {
        for chunk in buf.chunks_mut(1 << 16) {
            drbg.generate(chunk, &[]).expect("generate");
        }
    }
}

/// The bare loop: `Hash(data)` of a `seedlen`-byte big-endian counter per
/// output block, incremented by a carry loop.
fn bare<H: Sha, const SEED: usize>() -> impl FnMut(&mut [u8]) {
    let mut data = [0x5au8; SEED];
    move |buf| {
        for chunk in buf.chunks_mut(H::OUT_LEN) {
            let digest = H::Digest::digest(data);
            chunk.copy_from_slice(&digest[..chunk.len()]);
            for byte in data.iter_mut().rev() {
                *byte = byte.wrapping_add(1);
                if *byte != 0 {
                    break;
                }
            }
        }
    }
}

fn instance<H: Sha>() -> HashDrbg<H> {
    HashDrbg::instantiate(Config::new(), &[7; 32], &[9; 16], b"throughput").expect("instantiate")
}

const BARE_SHA256: &str = "bare Sha256::digest(55 B) loop";
const BARE_SHA512: &str = "bare Sha512::digest(111 B) loop";

fn main() {
    let mut drbg = instance::<Sha256>();
    measure::versus_bare(
        "hash-drbg-sha256 Generate",
        generate(&mut drbg),
        BARE_SHA256,
        bare::<Sha256, 55>(),
    );
    let mut drbg = instance::<Sha512>();
    measure::versus_bare(
        "hash-drbg-sha512 Generate",
        generate(&mut drbg),
        BARE_SHA512,
        bare::<Sha512, 111>(),
    );
    let mut drbg = instance::<Sha256>();
    measure::versus_openssl(
        "hash-drbg-sha256 Generate",
        generate(&mut drbg),
        "HASH-DRBG",
        "SHA256",
    );
    let mut drbg = instance::<Sha512>();
    measure::versus_openssl(
        "hash-drbg-sha512 Generate",
        generate(&mut drbg),
        "HASH-DRBG",
        "SHA512",
    );
    let mut out = [0u8; 32];
    let mut drbg = instance::<Sha256>();
    measure::latency("hash-drbg-sha256 Generate(32 B)", || {
        drbg.generate(&mut out, &[]).expect("generate");
        std::hint::black_box(&out);
    });
    let mut drbg = instance::<Sha512>();
    measure::latency("hash-drbg-sha512 Generate(32 B)", || {
        drbg.generate(&mut out, &[]).expect("generate");
        std::hint::black_box(&out);
    });
}
