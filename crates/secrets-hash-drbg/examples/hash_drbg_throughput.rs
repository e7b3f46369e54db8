//! Hash_DRBG throughput: Generate in 64 KiB requests filling 1 MiB, against
//! the bare Hashgen loop of the `sha2` crate (`Sha256::digest` of a 55-byte
//! counter per 32 output bytes; SHA-512: a 111-byte counter per 64) in
//! interleaved rounds of the same run, against OpenSSL 3's HASH-DRBG
//! through `openssl rand`, and the latency of one 32-byte Generate call.
//!
//! `cargo run --release -p secrets-hash-drbg --example hash_drbg_throughput`

mod measure;

use measure::{Case, Fill};
use secrets_hash_drbg::sha::Sha;
use secrets_hash_drbg::sha2::{Digest, Sha256, Sha512};
use secrets_hash_drbg::{Config, HashDrbg};

/// Our Generate, 64 KiB at a time.
fn ours<H: Sha>() -> Fill {
    let mut drbg = HashDrbg::<H>::instantiate(Config::new(), &[7; 32], &[9; 16], b"throughput")
        .expect("instantiate");
    Box::new(move |buf| {
        for chunk in buf.chunks_mut(1 << 16) {
            drbg.generate(chunk, &[]).expect("generate");
        }
    })
}

/// The bare loop: `Hash(data)` of a `seedlen`-byte big-endian counter per
/// output block, incremented by a carry loop.
fn bare<H: Sha, const SEED: usize>() -> Fill {
    let mut data = [0x5au8; SEED];
    Box::new(move |buf| {
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
    })
}

fn main() {
    measure::run(
        "HASH-DRBG",
        &[
            Case {
                label: "hash-drbg-sha256",
                digest: "SHA256",
                bare_label: "bare Sha256::digest(55 B) loop",
                ours: ours::<Sha256>,
                bare: bare::<Sha256, 55>,
            },
            Case {
                label: "hash-drbg-sha512",
                digest: "SHA512",
                bare_label: "bare Sha512::digest(111 B) loop",
                ours: ours::<Sha512>,
                bare: bare::<Sha512, 111>,
            },
        ],
    );
}
