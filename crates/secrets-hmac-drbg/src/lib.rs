//! NIST SP 800-90A Rev. 1 HMAC_DRBG on SHA-224, SHA-256, SHA-384, SHA-512,
//! SHA-512/224 and SHA-512/256 (and SHA-1, for conformance only), checked
//! against every record of NIST's CAVP response files, and running at two
//! SHA compressions per output block.
//!
//! # ⚠️ Security warning
//!
//! [`HmacDrbg`] is the raw mechanism: it is exactly as unpredictable as the
//! entropy input you give it, and a copy of its state repeats its output.
//! Unless you need a reproducible, seeded stream or the mechanism itself, use
//! the backends built on it (`hmac-drbg-sha256`, `hmac-drbg-sha512` through
//! the `secrets` facade), which seed and reseed themselves from the OS and
//! are fork-safe: the DRBG engine of `secrets-drbg` drives this crate's
//! [`Mechanism`](secrets_drbg::Mechanism) implementations.
//!
//! ```
//! use secrets_hmac_drbg::{Config, HmacDrbgSha256};
//!
//! // A reproducible stream from inputs you supply.
//! let mut drbg = HmacDrbgSha256::instantiate(Config::new(), &[0x11; 32], &[0x22; 16], b"app v1")?;
//! let mut out = [0u8; 64];
//! drbg.generate(&mut out, b"request 1")?;
//! # Ok::<(), secrets_hmac_drbg::Error>(())
//! ```
//!
//! # The mechanism
//!
//! [`HmacDrbg<H>`](HmacDrbg) implements section 10.1.2 for `H` one of
//! `sha2::{Sha224, Sha256, Sha384, Sha512, Sha512_224, Sha512_256}`
//! ([`HmacDrbgSha256`], …) and, with feature `sha1`, `sha1::Sha1`:
//!
//! | function | method |
//! | --- | --- |
//! | Instantiate (10.1.2.3) | [`HmacDrbg::instantiate`]`(config, entropy_input, nonce, personalization_string)` |
//! | Reseed (10.1.2.4) | [`HmacDrbg::reseed`]`(entropy_input, additional_input)` |
//! | Generate (10.1.2.5) | [`HmacDrbg::generate`]`(out, additional_input)` |
//! | Generate with prediction resistance (9.3.1 step 7) | [`HmacDrbg::generate_with_prediction_resistance`]`(out, entropy_input, additional_input)` |
//! | Uninstantiate (9.4) | [`HmacDrbg::uninstantiate`] (or drop) |
//! | Health test (11.3) | [`HmacDrbg::self_test`] (NIST known answers) |
//!
//! The state is `Key` and `V`, `outlen` bits each, and the
//! `reseed_counter`. HMAC_DRBG_Update(`provided_data`) sets `Key = HMAC(Key,
//! V || 0x00 || provided_data)` and `V = HMAC(Key, V)`, and when
//! `provided_data` is not empty a second round with `0x01`. Instantiate
//! starts from `Key = 0x00…00`, `V = 0x01…01` and updates with
//! `entropy_input || nonce || personalization_string`; Reseed updates with
//! `entropy_input || additional_input`; Generate updates with the additional
//! input (if any), outputs `V = HMAC(Key, V)` block after block, and updates
//! with the additional input again (one round when it is empty).
//!
//! The hash functions, their security strengths (128 bits for SHA-1, 192 for
//! SHA-224 and SHA-512/224, 256 for the others), [`Config`] (the
//! `reseed_interval`, 1 to 2^48), the limits and the input rules are those of
//! SP 800-90A section 10.1 and are shared with Hash_DRBG through
//! `secrets-hash-drbg`, which this crate builds on: the entropy input holds
//! at least the security strength, the nonce at least half of it, every
//! input at most [`MAX_INPUT_BYTES`] = 2^32 bytes (`max_length`, 2^35 bits),
//! each refusal an [`Error::InvalidArgument`] naming the input; at most 2^19
//! bits ([`MAX_BYTES_PER_REQUEST`]) per Generate, else
//! [`Error::RequestTooLarge`]; [`Error::ReseedRequired`] after
//! `reseed_interval` Generate calls. Every method validates all inputs
//! before touching the state.
//!
//! Prediction resistance: the caller passes the fresh entropy input to
//! [`generate_with_prediction_resistance`](HmacDrbg::generate_with_prediction_resistance),
//! which runs Reseed(entropy_input, additional_input) and then Generate with
//! no additional input (SP 800-90A 9.3.1 step 7, CAVP's `pr_true` flow).
//!
//! ## SHA-1
//!
//! SP 800-131A Rev. 2 (section 9, table 8) disallows SHA-1 for generating
//! digital signatures but still lists it as acceptable for
//! non-digital-signature applications, which include HMAC and the hash
//! functions of SP 800-90A's DRBGs (at a security strength of 128 bits);
//! NIST has announced that SHA-1 is to be retired entirely by 31 December
//! 2030. This crate offers SHA-1 only so that the whole of NIST's CAVP files
//! can be run: it is behind feature `sha1`, off by default, and
//! `HmacDrbg<Sha1>` deliberately does not implement the engine's
//! `Mechanism`, so no backend can ever be built on it.
//!
//! ## Speed
//!
//! HMAC of an `outlen`-byte `V` is two compressions once HMAC's inner and
//! outer states (the compressions of `Key XOR ipad` and `Key XOR opad`) are
//! known. Generate computes those two states once per call and, for each
//! output block, compresses `V` (held in a block padded once) from a copy of
//! the inner state, then the inner hash (in a second block padded once) from
//! a copy of the outer state, calling the `sha2` crate's compression
//! function directly: no buffer, no padding, no allocation and no re-keying
//! per block. That runs at about 1.2× RustCrypto's `hmac` crate cloning a
//! pre-keyed `Hmac<Sha256>` for each block (`cargo xtask bench` measures the
//! ratio). Without additional input the closing Update
//! reuses the same keyed states for `Key = HMAC(Key, V || 0x00)` (one
//! block), keys the new `Key` and computes `V = HMAC(Key, V)` (one block):
//! six compressions per Generate call besides the output. Updates with data
//! (Instantiate, Reseed, additional input) go through the ordinary hash API.
//!
//! With SHA-512 the output loop is one call to `secrets-sha512x`'s
//! `hmac_chain` (the hash function's `Sha::HMAC_CHAIN`), and every
//! single-block compression of the SHA-512 family is its `compress_one`:
//! on x86 with AVX2 and BMI2 a latency-first kernel, which keeps `V` and
//! the inner hash as words between the two compressions of each block
//! and runs at about OpenSSL's own SHA-512 speed per block (elsewhere
//! `sha2`'s compression). On an AMD EPYC (Zen 3) with other jobs running,
//! best rounds: 161.5 MB/s against 117.8 MB/s for the same loop on
//! `sha2` (`secrets-sha512x`'s `examples/sha512x_serial.rs`). Through
//! `secrets bytes --backend hmac-drbg-sha512` (16 MiB, the CPU time of
//! each process, start-up subtracted, 9 rounds interleaved with OpenSSL
//! 3.0's HMAC-DRBG on SHA-512, `openssl rand` with `random = HMAC-DRBG`,
//! `digest = SHA512`): best 152.7 against 48.6 MB/s, 3.15× (medians 139.7
//! against 43.5, 3.21×), where the `sha2` loop ran 116.3 MB/s, 2.40×.
//! Wall-clock rounds on the loaded machine gave 2.96× to 4.4×.
//!
//! That is about as far as the mechanism goes on a CPU without SHA-512
//! instructions: OpenSSL's HMAC-DRBG spends the time of about six of its
//! own compressions per 64 bytes (1.2 µs at its best 52 MB/s, against
//! about 200 ns per block for its `sha512-x86_64` assembly, `openssl speed
//! -evp sha512`), HMAC_DRBG needs at least two, so 3× asks for a
//! compression as fast as OpenSSL's assembly, which is where this kernel
//! is (about 197 ns per block in the chain).
//!
//! ## Secrets hygiene
//!
//! `Key`, `V`, the keyed inner and outer states, the blocks holding `V` and
//! the inner hash, and every intermediate HMAC are wiped; the `sha2` cores
//! wipe their own state (feature `zeroize`); `hmac_chain` wipes its copies
//! and the stack its kernel used once per Generate; `Debug` prints
//! `HmacDrbg { .. }`; the type is neither `Clone` nor `Copy`.
//!
//! # CAVP
//!
//! Feature `cavp` adds the module `cavp`: the HMAC_DRBG family of
//! `secrets_drbg::cavp`, a strict parser and runner for NIST's `.rsp` files
//! (all three DRBGVS flows: no_reseed, pr_false, pr_true). `cargo xtask kat
//! FILE...` runs it from the command line; the crate's tests run the two
//! shipped files (all 1,680 records of each).
#![no_std]
#![forbid(unsafe_code)]

secrets_drbg::__crate_root! {}
mod drbg;

#[cfg(feature = "cavp")]
pub mod cavp;
#[doc(hidden)]
pub mod selftest;

pub use crate::drbg::HmacDrbg;
#[cfg(feature = "sha1")]
pub use crate::drbg::HmacDrbgSha1;
pub use secrets_core::Error;
#[cfg(feature = "sha1")]
pub use secrets_hash_drbg::sha1;
pub use secrets_hash_drbg::{
    Config, HashName, MAX_BYTES_PER_REQUEST, MAX_INPUT_BYTES, MAX_RESEED_INTERVAL, Sha, sha2,
};

secrets_hash_drbg::__sha2_instances!(hmac);
