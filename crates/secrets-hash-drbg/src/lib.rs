//! NIST SP 800-90A Rev. 1 Hash_DRBG on SHA-224, SHA-256, SHA-384, SHA-512,
//! SHA-512/224 and SHA-512/256 (and SHA-1, for conformance only), checked
//! against every record of NIST's CAVP response files, and running at the
//! speed of one SHA compression per output block.
//!
//! # ⚠️ Security warning
//!
//! [`HashDrbg`] is the raw mechanism: it is exactly as unpredictable as the
//! entropy input you give it, and a copy of its state repeats its output.
//! Unless you need a reproducible, seeded stream or the mechanism itself, use
//! the backends built on it (`hash-drbg-sha256`, `hash-drbg-sha512` through
//! the `secrets` facade), which seed and reseed themselves from the OS and
//! are fork-safe: the DRBG engine of `secrets-drbg` drives this crate's
//! [`Mechanism`](secrets_drbg::Mechanism) implementations.
//!
//! ```
//! use secrets_hash_drbg::{Config, HashDrbgSha256};
//!
//! // A reproducible stream from inputs you supply.
//! let mut drbg = HashDrbgSha256::instantiate(Config::new(), &[0x11; 32], &[0x22; 16], b"app v1")?;
//! let mut out = [0u8; 64];
//! drbg.generate(&mut out, b"request 1")?;
//! # Ok::<(), secrets_hash_drbg::Error>(())
//! ```
//!
//! # The mechanism
//!
//! [`HashDrbg<H>`](HashDrbg) implements section 10.1.1 for `H` one of
//! `sha2::{Sha224, Sha256, Sha384, Sha512, Sha512_224, Sha512_256}`
//! ([`HashDrbgSha256`], …) and, with feature `sha1`, `sha1::Sha1`:
//!
//! | function | method |
//! | --- | --- |
//! | Instantiate (10.1.1.2) | [`HashDrbg::instantiate`]`(config, entropy_input, nonce, personalization_string)` |
//! | Reseed (10.1.1.3) | [`HashDrbg::reseed`]`(entropy_input, additional_input)` |
//! | Generate (10.1.1.4) | [`HashDrbg::generate`]`(out, additional_input)` |
//! | Generate with prediction resistance (9.3.1 step 7) | [`HashDrbg::generate_with_prediction_resistance`]`(out, entropy_input, additional_input)` |
//! | Uninstantiate (9.4) | [`HashDrbg::uninstantiate`] (or drop) |
//! | Health test (11.3) | [`HashDrbg::self_test`] (NIST known answers) |
//!
//! The state is `V` and `C`, two `seedlen`-bit integers (440 bits, or 888
//! for SHA-384/512), and the `reseed_counter`. Instantiate and Reseed derive
//! them with Hash_df (10.3.1); Generate mixes the additional input into `V`
//! as `V + Hash(0x02 || V || additional_input)`, outputs Hashgen —
//! `Hash(V) || Hash(V + 1) || …` — and steps `V` to
//! `V + Hash(0x03 || V) + C + reseed_counter`.
//!
//! Security strengths (SP 800-57 part 1 table 3 for the hash functions'
//! preimage resistance, as SP 800-90A table 2 uses them): 128 bits for
//! SHA-1, 192 for SHA-224 and SHA-512/224, 256 for SHA-256, SHA-512/256,
//! SHA-384 and SHA-512.
//!
//! [`Config`] sets the `reseed_interval` (1 to 2^48 Generate calls; anything
//! else is refused at instantiation). Input rules, each failure an
//! [`Error::InvalidArgument`] naming the input: the entropy input holds at
//! least the security strength (16, 24 or 32 bytes), the nonce at least half
//! of it, and every input (entropy input, nonce, personalization string,
//! additional input) at most [`MAX_INPUT_BYTES`] = 2^32 bytes
//! (`max_length`, 2^35 bits). Generate returns at most 2^19 bits
//! ([`MAX_BYTES_PER_REQUEST`] = 65,536 bytes) per call and refuses more with
//! [`Error::RequestTooLarge`]; after `reseed_interval` calls it returns
//! [`Error::ReseedRequired`] until reseeded. Every method validates all
//! inputs before touching the state, so an error leaves the instance and the
//! output buffer unchanged.
//!
//! Prediction resistance: the raw mechanism has no entropy source, so the
//! caller passes the fresh entropy input to
//! [`generate_with_prediction_resistance`](HashDrbg::generate_with_prediction_resistance),
//! which runs Reseed(entropy_input, additional_input) and then Generate with
//! no additional input, as SP 800-90A 9.3.1 step 7 prescribes (and as
//! CAVP's `pr_true` flow tests).
//!
//! ## SHA-1
//!
//! SP 800-131A Rev. 2 (section 9, table 8) disallows SHA-1 for generating
//! digital signatures but still lists it as acceptable for
//! non-digital-signature applications, which include the hash functions of
//! SP 800-90A's DRBGs (at a security strength of 128 bits); NIST has
//! announced that SHA-1 is to be retired entirely by 31 December 2030. This
//! crate offers SHA-1 only so that the whole of NIST's CAVP files can be run:
//! it is behind feature `sha1`, off by default, and [`HashDrbg<sha1::Sha1>`]
//! deliberately does not implement the engine's `Mechanism`, so no backend
//! can ever be built on it.
//!
//! ## Speed
//!
//! `seedlen` is chosen so that Hashgen's `Hash(data)` is exactly one block
//! of the compression function (55 bytes and the padding fill 64; 111 fill
//! 128). Generate keeps `data` inside a block padded once, counts its low
//! 64 bits in a register and rewrites only those 8 bytes per block: one
//! compression per output block and nothing else — no buffer, no padding,
//! no allocation. A Generate call adds two or three compressions for
//! `Hash(0x03 || V)` and three additions of `seedlen` bytes.
//!
//! - **SHA-1, SHA-224, SHA-256:** the `sha1`/`sha2` compression function
//!   (SHA-NI, AVX2 or portable code, chosen at run time), one block after
//!   another: about 1.7× `Sha256::digest` on the same 55-byte counter, which
//!   copies its input into its buffer and pads it again on every call.
//! - **SHA-384, SHA-512, SHA-512/224, SHA-512/256:** x86 CPUs before the
//!   newest have no SHA-512 instructions, and `sha2`'s SHA-512 rounds run in
//!   scalar registers (its AVX2 code computes only the message schedule).
//!   But Hashgen's blocks `data`, `data + 1`, … are independent, so Generate
//!   hands them to `secrets-sha512x` 32 at a time, which compresses four at
//!   once in the 64-bit lanes of AVX2 registers (detected at run time;
//!   `sha2`'s compression on other CPUs and for a request of one block).
//!   That takes 1,266 instructions per 64-byte output block, against 4,757
//!   for the bare `Sha512::digest` loop (callgrind), and runs about 2.6× as
//!   fast as that loop.
//!
//! `cargo xtask bench` (docs/benchmarks.md) measures Generate against the
//! bare `sha2` loop and against OpenSSL 3's own HASH-DRBG in interleaved
//! rounds. The figures below came from this crate's former example harness:
//! Generate in 64 KiB requests filling 1 MiB against the bare loop, and
//! against OpenSSL's HASH-DRBG with the same digest (`openssl rand`
//! with a `[random]` config section, 64 MiB per sample, its start-up
//! subtracted) in the same run. On a shared two-core AMD EPYC (Zen 3: AVX2,
//! SHA-NI for SHA-1/256, no AVX-512, no SHA-512 instructions) at load
//! average 1.7 to 2.1, three runs (medians of the per-round ratios; their
//! range over all rounds of the three runs in brackets):
//!
//! | backend | MB/s | × bare loop | × OpenSSL 3.0 HASH-DRBG | Generate(32 B) |
//! | --- | --- | --- | --- | --- |
//! | `hash-drbg-sha256` | 616–644 | 1.72–1.74 (1.60–1.89) | 3.24–4.48 (3.13–6.07) | 340–375 ns |
//! | `hash-drbg-sha512` | 395–542 | 2.51–2.67 (1.97–3.39) | 3.04–3.40 (2.48–4.47) | 1.3–1.9 µs |
//!
//! The SHA-512 figure is close to the 3× the project asks for: the ratio of
//! the best rounds was 2.91 to 3.01, and some runs at a higher load gave a
//! median of 2.7. Instruction counts do not depend on the load: OpenSSL's
//! HASH-DRBG on SHA-512 executes 4,303 instructions per 64-byte block, this
//! crate 1,266, a ratio of 3.4 (its scalar code retires more instructions
//! per cycle than the vector kernel, which keeps the time ratio lower). On
//! this CPU that is about the limit of four AVX2 lanes: the kernel runs 35
//! vector operations per round (AVX2 has no 64-bit rotation, so each Σ is
//! six shifts and five XORs), and attempts to do less work (computing the
//! rounds the blocks share once, a fifth lane in scalar registers, two
//! groups of lanes interleaved) ran slower. AVX-512 (native rotations,
//! three-input logic, eight lanes) would change that, and could not be
//! written and tested here.
//!
//! ## Secrets hygiene
//!
//! `V`, `C`, the seed material, the block holding `data` and the hashes of
//! the Update steps are wiped; the `sha2` cores wipe their own state
//! (feature `zeroize`); `Debug` prints `HashDrbg { .. }`; the type is
//! neither `Clone` nor `Copy`. The low-64-bit counter carries into the
//! upper bytes through a branch-free addition (the branch that calls it is
//! taken once in 2^64 blocks), and every addition of the Generate step runs
//! through all `seedlen` bytes.
//!
//! # CAVP
//!
//! Feature `cavp` adds the module `cavp`: the Hash_DRBG and HMAC_DRBG
//! families of `secrets_drbg::cavp`, a strict parser and runner for NIST's
//! `.rsp` files (all three DRBGVS flows: no_reseed, pr_false, pr_true).
//! `cargo xtask kat FILE...` runs it from the command line; the crate's tests
//! run the two shipped files (all 1,680 records of each).
#![no_std]
#![forbid(unsafe_code)]

secrets_drbg::__crate_root! {
    alloc if feature = "cavp";
    std if test;
}

mod config;
mod drbg;
pub mod sha;

#[doc(hidden)]
#[path = "shared.rs"]
pub mod __shared;
#[cfg(feature = "cavp")]
pub mod cavp;
#[doc(hidden)]
pub mod selftest;

#[doc(hidden)]
pub use crate::config::rules;
pub use crate::config::{Config, MAX_BYTES_PER_REQUEST, MAX_INPUT_BYTES, MAX_RESEED_INTERVAL};
pub use crate::drbg::HashDrbg;
#[cfg(feature = "sha1")]
pub use crate::drbg::HashDrbgSha1;
pub use crate::sha::{HashName, Sha};
pub use secrets_core::Error;
#[cfg(feature = "sha1")]
pub use sha1;
pub use sha2;

crate::__sha2_instances!(hash);
