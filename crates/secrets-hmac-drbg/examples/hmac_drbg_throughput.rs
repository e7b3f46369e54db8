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
use secrets_hmac_drbg::sha2::{Sha256, Sha512};
use secrets_hmac_drbg::{Config, HmacDrbg, Sha};

/// Our Generate, 64 KiB at a time.
fn generate<H: Sha>(drbg: &mut HmacDrbg<H>) -> impl FnMut(&mut [u8]) + '_ {
    |buf| {
        for chunk in buf.chunks_mut(1 << 16) {
            drbg.generate(chunk, &[]).expect("generate");
        }
    }
}

/// The bare chain: a pre-keyed `Hmac` cloned for each block, `V = HMAC(K,
/// V)`, `V` appended to the output.
fn bare<H: Sha>() -> impl FnMut(&mut [u8])
where
    Hmac<H::Digest>: KeyInit + Mac + Clone,
{
    let keyed = <Hmac<H::Digest> as KeyInit>::new_from_slice(&[0x42; 32]).expect("any key length");
    let mut v = [0x01u8; 64];
    move |buf| {
        for chunk in buf.chunks_mut(H::OUT_LEN) {
            let mut mac = keyed.clone();
            mac.update(&v[..H::OUT_LEN]);
            v[..H::OUT_LEN].copy_from_slice(&mac.finalize().into_bytes());
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
    }
}

fn instance<H: Sha>() -> HmacDrbg<H> {
    HmacDrbg::instantiate(Config::new(), &[7; 32], &[9; 16], b"throughput").expect("instantiate")
}

const BARE_SHA256: &str = "bare pre-keyed Hmac<Sha256> chain";
const BARE_SHA512: &str = "bare pre-keyed Hmac<Sha512> chain";

fn main() {
    let mut drbg = instance::<Sha256>();
    measure::versus_bare(
        "hmac-drbg-sha256 Generate",
        generate(&mut drbg),
        BARE_SHA256,
        bare::<Sha256>(),
    );
    let mut drbg = instance::<Sha512>();
    measure::versus_bare(
        "hmac-drbg-sha512 Generate",
        generate(&mut drbg),
        BARE_SHA512,
        bare::<Sha512>(),
    );
    let mut drbg = instance::<Sha256>();
    measure::versus_openssl(
        "hmac-drbg-sha256 Generate",
        generate(&mut drbg),
        "HMAC-DRBG",
        "SHA256",
    );
    let mut drbg = instance::<Sha512>();
    measure::versus_openssl(
        "hmac-drbg-sha512 Generate",
        generate(&mut drbg),
        "HMAC-DRBG",
        "SHA512",
    );
    let mut out = [0u8; 32];
    let mut drbg = instance::<Sha256>();
    measure::latency("hmac-drbg-sha256 Generate(32 B)", || {
        drbg.generate(&mut out, &[]).expect("generate");
        std::hint::black_box(&out);
    });
    let mut drbg = instance::<Sha512>();
    measure::latency("hmac-drbg-sha512 Generate(32 B)", || {
        drbg.generate(&mut out, &[]).expect("generate");
        std::hint::black_box(&out);
    });
}
