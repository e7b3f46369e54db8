//! NIST SP 800-90A Rev. 1 CTR_DRBG on AES: AES-128, AES-192 and AES-256,
//! with and without the derivation function, checked against every AES
//! record of NIST's CAVP response files, and running at AES-CTR speed.
//!
//! # ⚠️ Security warning
//!
//! [`CtrDrbg`] is the raw mechanism: it is exactly as unpredictable as the
//! entropy input you give it, and a copy of its state repeats its output.
//! Unless you need a reproducible, seeded stream or the mechanism itself, use
//! the RNG wrappers ([`CtrDrbgAes256Rng`], [`CtrDrbgAes128Rng`]), which seed
//! and reseed themselves from the OS and are fork-safe.
//!
//! ```
//! # #[cfg(feature = "std")] {
//! use rand_core::TryRng;
//! use secrets_ctr_drbg::CtrDrbgAes256Rng;
//!
//! // Seeded from the OS, reseeding and fork-safe (feature `std`).
//! let mut rng = CtrDrbgAes256Rng::new()?;
//! let mut key = [0u8; 32];
//! rng.try_fill_bytes(&mut key)?;
//! # }
//!
//! // The raw mechanism: a reproducible stream from inputs you supply.
//! use secrets_ctr_drbg::{Config, CtrDrbgAes256};
//! let mut drbg = CtrDrbgAes256::instantiate(Config::with_df(), &[0x11; 32], &[0x22; 16], b"app v1")?;
//! let mut out = [0u8; 64];
//! drbg.generate(&mut out, b"request 1")?;
//! # Ok::<(), secrets_ctr_drbg::Error>(())
//! ```
//!
//! # The mechanism
//!
//! [`CtrDrbg<C>`](CtrDrbg) implements section 10.2.1 for `C` =
//! `aes::Aes128Enc`, `Aes192Enc` or `Aes256Enc` ([`CtrDrbgAes128`],
//! [`CtrDrbgAes192`], [`CtrDrbgAes256`]):
//!
//! | function | method |
//! | --- | --- |
//! | Instantiate (10.2.1.3.1 / .3.2) | [`CtrDrbg::instantiate`]`(config, entropy_input, nonce, personalization_string)` |
//! | Reseed (10.2.1.4.1 / .4.2) | [`CtrDrbg::reseed`]`(entropy_input, additional_input)` |
//! | Generate (10.2.1.5.1 / .5.2) | [`CtrDrbg::generate`]`(out, additional_input)` |
//! | Generate with prediction resistance (9.3.1 step 7) | [`CtrDrbg::generate_with_prediction_resistance`]`(out, entropy_input, additional_input)` |
//! | Uninstantiate (9.4) | [`CtrDrbg::uninstantiate`] (or drop) |
//! | Health test (11.3) | [`CtrDrbg::self_test`] (NIST known answers) |
//!
//! The mechanism is also a rand_core generator: [`SeedableRng`](rand_core::SeedableRng)
//! with the seed `entropy_input || nonce` of Instantiate with the derivation
//! function ([`CtrDrbgSeed`]: 24, 36 or 48 bytes), and
//! [`TryRng`](rand_core::TryRng) + `TryCryptoRng`, which split requests into
//! Generate calls of at most 64 KiB and fail only when the reseed interval
//! runs out (rand's `Rng` API through rand_core's `UnwrapErr`).
//!
//! [`Config`] chooses the derivation function (Block_Cipher_df with BCC,
//! 10.3.2) or none, and the `reseed_interval` (at most 2^48 Generate calls;
//! larger is an error). Input rules, each failure an
//! [`Error::InvalidArgument`] naming the
//! input:
//!
//! - **with df**: entropy input at least the security strength (16/24/32
//!   bytes), nonce at least half of it, every input below 2^32 bytes
//!   ([`MAX_INPUT_BYTES`]: SP 800-90A's `max_length` of 2^35 bits, and the
//!   df's 32-bit length field);
//! - **without df**: entropy input exactly `seedlen` bytes (32/40/48) of full
//!   entropy, an empty nonce (the algorithm uses none; a non-empty one is
//!   refused rather than silently ignored), personalization string and
//!   additional input at most `seedlen` bytes.
//!
//! Generate returns at most 2^19 bits ([`MAX_BYTES_PER_REQUEST`] = 65,536
//! bytes) per call and refuses more with
//! [`Error::RequestTooLarge`]; after
//! `reseed_interval` calls it returns
//! [`Error::ReseedRequired`] until
//! reseeded. Every method validates all inputs before touching the state, so
//! an error leaves the instance and the output buffer unchanged.
//!
//! Prediction resistance: the raw mechanism has no entropy source, so the
//! caller passes the fresh entropy input to
//! [`generate_with_prediction_resistance`](CtrDrbg::generate_with_prediction_resistance),
//! which runs Reseed(entropy_input, additional_input) and then Generate with
//! no additional input, as SP 800-90A 9.3.1 step 7 prescribes (and as CAVP's
//! `pr_true` flow tests).
//!
//! ## Speed
//!
//! Generate writes the keystream of the whole request — `Encrypt(Key, V+1)`,
//! `Encrypt(Key, V+2)`, … — with **one** backend dispatch of `ctr`'s
//! `Ctr128BE` core over the caller's buffer (a 128-bit big-endian counter is
//! exactly CTR_DRBG's `V = (V + 1) mod 2^128`, wrap included), so the `aes`
//! crate's pipelined VAES/AES-NI code (chosen at run time) runs over the full
//! request, 64 blocks at a time with VAES-512. It writes the keystream rather
//! than XORing it into zeros. The truncated last block and the 2-3 blocks of
//! the closing CTR_DRBG_Update come out of the same counter run in the same
//! dispatch. The state keeps `Key` only as its expanded key schedule,
//! borrowed (not copied) by the CTR core; each new key is expanded exactly
//! once, where Update derives it. What remains per Generate call — one key
//! expansion, the Update blocks and a few wipes — costs about 60 ns on the
//! reference machine, under 10 % of a 4 KiB request and nothing at 64 KiB
//! (`cargo xtask bench --section ctr-drbg` measures it against the raw
//! keystream).
//! Temporary secrets are wiped with one `memset` each: `zeroize` on a byte
//! *array* writes byte by byte, which alone cost a third of that budget. The
//! derivation function runs its 2-3 BCC chains side by side, one multi-block
//! AES call per block of input, streaming its input without concatenating it.
//!
//! ## Secrets hygiene
//!
//! The key schedule (zeroized by `aes` on drop), `V`, seed material, df
//! output and the Update's temporary blocks are all wiped; `Debug` prints
//! `CtrDrbg { .. }`; the type is neither `Clone` nor `Copy`.
//!
//! # The RNG wrappers
//!
//! [`CtrDrbgAes256Rng`] and [`CtrDrbgAes128Rng`] are `secrets_drbg::Drbg`
//! over [`CtrDrbg`]: the engine shared by every DRBG of the project does the
//! seeding, reseeding, buffering and fork checks described below;
//! [`CtrDrbgRng`] adds the choice of the derivation function.
//!
//! With feature `std` (default), [`CtrDrbgAes256Rng`] (`"ctr-drbg-aes256"`)
//! and [`CtrDrbgAes128Rng`] (`"ctr-drbg-aes128"`) implement rand_core's
//! `TryRng<Error = secrets_core::Error>` + `TryCryptoRng` and
//! [`secrets_core::Backend`] (kind DRBG).
//!
//! **Seeding.** `new()` seeds from the OS (`secrets_os::OsRng`);
//! `from_source(source)` from any [`secrets_core::EntropySource`] (any
//! backend). The default configuration is OpenSSL's default DRBG: AES-256
//! with df, a 256-bit entropy input and a 128-bit nonce (AES-128: 128 and 64
//! bits), drawn in one call. `from_source_without_df` builds the no-df
//! variant, whose every seed is `seedlen` bytes of the source's output taken
//! as full entropy — meant for RDSEED (or the OS). The personalization string
//! (and each reseed's additional input) is a non-secret diversifier: process
//! id, fork generation, an instance or reseed number and a label, so two
//! instances never share a seed even with a deterministic source. The NIST
//! known-answer test of the variant runs once per process before the first
//! instance is built (SP 800-90A 11.3), and again on
//! [`Backend::self_test`](secrets_core::Backend::self_test).
//!
//! **Reseeding.** Automatically before a Generate call that would pass either
//! bound — [`DEFAULT_RESEED_INTERVAL_REQUESTS`] = 2^16 Generate calls (the
//! figure OpenSSL uses for its per-thread DRBGs) or
//! [`DEFAULT_RESEED_INTERVAL_BYTES`] = 16 MiB of output, whichever comes
//! first — and on [`Backend::reseed`](secrets_core::Backend::reseed). Reasons:
//! a reseed bounds how much output an attacker who learned the state can
//! predict; SP 800-90A's ceiling (2^48 requests) is far beyond what anyone
//! needs, while a reseed costs about a microsecond (one OS call plus the df),
//! which is below 0.1 % of the time it takes to generate 16 MiB, so the bound
//! is tight at no measurable cost. With the defaults the byte bound always
//! comes first (every Generate call of the wrapper produces at least 1 KiB, so
//! 2^16 calls are at least 64 MiB); the request bound is the `reseed_interval`
//! of the underlying instance, a backstop that matters when configured lower.
//! Both are configurable through [`RngOptions`]. There is no time-based
//! reseed: reading a clock on every request would cost more than the request.
//! A failed reseed is an error, and nothing is generated from the old state in
//! its place.
//!
//! **Large requests** (at least [`DIRECT_THRESHOLD`] = 1 KiB) are split
//! transparently into Generate calls of at most 64 KiB that write straight
//! into the caller's buffer.
//!
//! **Buffering of small requests.** A 32-byte Generate costs two AES blocks
//! of output but also the closing Update — three more blocks and a new AES key
//! schedule — which is several times the cost of the output itself. So the
//! wrapper serves requests below 1 KiB from a [`BUFFER_LEN`] = 4 KiB buffer
//! filled by a single Generate call, handing bytes out front to back and
//! **overwriting each byte with zero as it is handed out**. Security argument:
//! every byte still comes from a Generate call of at most 2^19 bits, as SP
//! 800-90A requires; splitting one call's output among several consumers does
//! not change its distribution. Backtracking resistance is kept: once a byte
//! is handed out it exists neither in the buffer nor in the state (the Update
//! at the end of the Generate call already replaced the key that produced
//! it), so a later compromise of the process memory reveals no past output.
//! What the buffer holds is *future* output, which a state compromise would
//! reveal anyway until the next reseed. The buffer is wiped and discarded on
//! every reseed (so nothing generated before a reseed is handed out after it)
//! and on fork, and zeroized on drop. Sizes: at 4 KiB a refill's fixed cost
//! (about 60 ns) is spread over 128 requests of 32 bytes; from 1 KiB up,
//! copying out of a buffer and wiping it costs more than a Generate call of
//! its own, so those requests go direct.
//!
//! **Fork safety.** Every request, however small and whether or not it
//! touches the buffer, first compares [`secrets_drbg::fork::generation`] (a
//! `MADV_WIPEONFORK` page on Linux, which no child can miss) with the
//! generation the generator was seeded in. On a change it wipes the buffer and reseeds from its source,
//! with the new pid and generation in the additional input, before producing
//! anything: a child never repeats its parent's bytes, even in the middle of
//! a buffered stream. If that reseed fails the request fails, and the next
//! request tries again.
//!
//! # CAVP
//!
//! Feature `cavp` adds the module `cavp`, a strict parser and runner for NIST's
//! CTR_DRBG `.rsp` files (all three DRBGVS flows: no_reseed, pr_false,
//! pr_true). `cargo xtask kat FILE...` runs it from the command line; the
//! crate's tests run the two shipped files (all 1,440 AES records of each).
#![no_std]
#![forbid(unsafe_code)]

secrets_drbg::__crate_root! {
    alloc if feature = "alloc";
    std if any(feature = "std", test);
}

mod cipher;
mod df;
mod drbg;
mod seedable;
mod selftest;
mod wipe;

#[cfg(feature = "cavp")]
pub mod cavp;
#[cfg(feature = "std")]
mod rng;

pub use crate::cipher::{AesVariant, BLOCK_LEN};
pub use crate::drbg::{
    BUFFER_LEN, Config, CtrDrbg, CtrDrbgAes128, CtrDrbgAes192, CtrDrbgAes256,
    DEFAULT_RESEED_INTERVAL_BYTES, DEFAULT_RESEED_INTERVAL_REQUESTS, DIRECT_THRESHOLD,
    MAX_BYTES_PER_REQUEST, MAX_INPUT_BYTES, MAX_RESEED_INTERVAL,
};
#[cfg(feature = "std")]
pub use crate::rng::{
    CTR_DRBG_AES128_NAME, CTR_DRBG_AES256_NAME, CtrDrbgAes128Rng, CtrDrbgAes256Rng, CtrDrbgRng,
    RngOptions,
};
pub use crate::seedable::CtrDrbgSeed;
pub use aes;
pub use secrets_core::Error;
#[cfg(all(feature = "std", feature = "test-hooks"))]
#[doc(hidden)]
pub use secrets_drbg::drop_observer;
