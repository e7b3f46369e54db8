//! HMAC_DRBG throughput: Generate in 64 KiB requests filling 1 MiB, against
//! the bare HMAC chain `V = HMAC(K, V)` of RustCrypto's `hmac` crate with a
//! pre-keyed state cloned per block, in interleaved rounds of the same run,
//! against OpenSSL 3's HMAC-DRBG through `openssl rand`, and the latency of
//! one 32-byte Generate call.
//!
//! `cargo run --release -p secrets-hmac-drbg --example hmac_drbg_throughput`

#[path = "../../secrets-hash-drbg/examples/measure/mod.rs"]
mod measure;

use hmac::{Hmac, KeyInit, Mac};
use measure::{Case, Fill};
use secrets_hmac_drbg::sha2::{Sha256, Sha512};
use secrets_hmac_drbg::{Config, HmacDrbg, Sha};

/// Our Generate, 64 KiB at a time.
fn ours<H: Sha>() -> Fill {
    let mut drbg = HmacDrbg::<H>::instantiate(Config::new(), &[7; 32], &[9; 16], b"throughput")
        .expect("instantiate");
    Box::new(move |buf| {
        for chunk in buf.chunks_mut(1 << 16) {
            drbg.generate(chunk, &[]).expect("generate");
        }
    })
}

/// The bare chain: a pre-keyed `Hmac` cloned for each block, `V = HMAC(K,
/// V)`, `V` appended to the output.
fn bare<H: Sha>() -> Fill
where
    Hmac<H::Digest>: KeyInit + Mac + Clone,
{
    let keyed = <Hmac<H::Digest> as KeyInit>::new_from_slice(&[0x42; 32]).expect("any key length");
    let mut v = [0x01u8; 64];
    Box::new(move |buf| {
        for chunk in buf.chunks_mut(H::OUT_LEN) {
            let mut mac = keyed.clone();
            mac.update(&v[..H::OUT_LEN]);
            v[..H::OUT_LEN].copy_from_slice(&mac.finalize().into_bytes());
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
    })
}

fn main() {
    measure::run(
        "HMAC-DRBG",
        &[
            Case {
                label: "hmac-drbg-sha256",
                digest: "SHA256",
                bare_label: "bare pre-keyed Hmac<Sha256> chain",
                ours: ours::<Sha256>,
                bare: bare::<Sha256>,
            },
            Case {
                label: "hmac-drbg-sha512",
                digest: "SHA512",
                bare_label: "bare pre-keyed Hmac<Sha512> chain",
                ours: ours::<Sha512>,
                bare: bare::<Sha512>,
            },
        ],
    );
}
