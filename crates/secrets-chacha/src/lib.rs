//! ChaCha8/12/20 DRBGs with fast key erasure, reseeding and fork safety.
//!
//! Two layers:
//!
//! - [`ChaCha8Drbg`], [`ChaCha12Drbg`], [`ChaCha20Drbg`] (feature `std`, on by
//!   default): seeded from the OS (`secrets_os::OsRng`) or any
//!   [`EntropySource`](secrets_core::EntropySource), reseeded every
//!   [`DEFAULT_RESEED_INTERVAL`] output bytes and after every `fork`. Backend
//!   names `"chacha8"`, `"chacha12"`, `"chacha20"`; kind DRBG. They implement
//!   rand_core's [`TryRng`](rand_core::TryRng) (error
//!   [`secrets_core::Error`]) and [`TryCryptoRng`](rand_core::TryCryptoRng),
//!   and [`secrets_core::Backend`].
//! - [`ChaCha8Core`], [`ChaCha12Core`], [`ChaCha20Core`] (`no_std`, no OS):
//!   the deterministic generator under the DRBGs, for embedders that seed it
//!   themselves ([`ChaChaCore::from_seed`]) and handle reseeding and `fork`.
//!   It implements rand_core's `TryRng<Error = Infallible>` (hence `Rng`),
//!   `TryCryptoRng` and `SeedableRng`.
//!
//! ChaCha20 is the conservative choice. ChaCha12 is what rand's `StdRng` and
//! `ThreadRng` use; ChaCha8 still has a wide margin (the best published
//! attacks reach 7 rounds) and is the fastest. All three share one
//! construction; only the round count differs.
//!
//! # The construction
//!
//! Precise enough to reimplement; `tests/core.rs` does exactly that on top of
//! `rand_chacha` and compares outputs.
//!
//! **Keystream.** `KS(K, n)` is the first `n` bytes of the ChaCha keystream
//! (8, 12 or 20 rounds) for the 32-byte key `K` with the RFC 8439 state
//! layout, an all-zero 96-bit nonce and the 32-bit block counter starting at
//! 0 — for ChaCha20, the RFC 8439 block function at counters 0, 1, 2, ….
//! With a zero nonce and fewer than 2^32 blocks this equals the original
//! ChaCha (64-bit counter) with a zero IV, i.e. `rand_chacha`'s
//! `ChaChaNRng::from_seed(K)` stream.
//!
//! **State.** A key `K` (32 bytes) and a buffer `B`: a queue of unread
//! output bytes, at most 2016.
//!
//! **Seeding.** `from_seed(s)`: `K = s`, `B` empty.
//!
//! **Refill** (only when `B` is empty): `S = KS(K, 2048)`; `K ← S[0..32]`;
//! `B ← S[32..2048]` (2016 bytes). The new key is fresh keystream — fast key
//! erasure (Bernstein, "Fast-key-erasure random-number generators", 2017).
//!
//! **take(n)**: hand out the next `n` bytes from the front of `B`, refilling
//! whenever `B` runs empty (a take may span refills). Every byte handed out
//! is overwritten with zero in the generator's memory at once.
//!
//! **A request for `L` bytes** (`fill_bytes`):
//!
//! ```text
//! while remaining >= 1024:
//!     D = min(remaining rounded down to a multiple of 1024, 2^30)
//!     K_next = take(32)                 # may refill (using K, replacing K)
//!     output KS(K, D)                   # straight into the caller's buffer
//!     K = K_next                        # the key just used is gone
//!     remaining -= D
//! output take(remaining)
//! ```
//!
//! So large requests cost one keystream call in whole 16-block batches plus
//! 32 buffered bytes for the rekey; small ones are a copy from the buffer.
//! `next_u32`/`next_u64` are `fill_bytes` of 4/8 bytes read little-endian.
//!
//! **Reseed(s)**: `K ← K ⊕ s`; `B` is emptied (wiped). XOR keeps the key at
//! least as unpredictable as the better of the two when they are
//! independent.
//!
//! **Invariants.** Every key value drives exactly one `KS` call and is
//! replaced before that call's output is returned. The state only ever holds
//! the current key (never output) and unread bytes, so a memory disclosure
//! reveals nothing already handed out (backtracking resistance).
//!
//! **Our own regression vectors** (not published vectors; pinned in the
//! self-test): seed `00 01 02 … 1f`, first 32 output bytes:
//!
//! | rounds | first 32 bytes |
//! | --- | --- |
//! | 8 | `ff9ead365f89ce3b6f4055bc759d90fd8f831d27c7b0df93b3b9ed8238a256d6` |
//! | 12 | `5940b308c2857c9f29d6e2548528d49a612b1b0ae6765d16e585aefb46368879` |
//! | 20 | `2b23cce7a26023ab3f0eef693ac87f64258235eab1f7a32dc22762a0485b410c` |
//!
//! # The DRBG (feature `std`)
//!
//! [`ChaChaDrbg`] is `secrets_drbg::Drbg` over [`ChaChaCore`] (its
//! `secrets_drbg::Mechanism` implementation): the engine shared by every
//! DRBG of the project does the following.
//!
//! - **Seeding:** 32 bytes from the source become the first key
//!   (`reseed` on an all-zero key, inside a heap allocation that never moves).
//! - **Every request** (`fill`, `try_fill_bytes`, `try_next_u32`,
//!   `try_next_u64`) first compares [`secrets_drbg::fork::generation`] with the
//!   generation of the last seeding — two loads on Linux — and checks
//!   the reseed budget. Checking only when the buffer is refilled would let a
//!   child hand out its parent's buffered bytes (rand issue 1362).
//! - **After a fork** (generation changed): the buffered output is wiped
//!   first, then the key is reseeded. If the reseed fails, the request fails
//!   and the next one retries; inherited bytes are never handed out.
//! - **Reseed interval:** counted in output bytes. A request larger than the
//!   remaining budget is served in segments with a reseed in between.
//!   Reseeding draws 32 bytes from the source: `K ← K ⊕ seed`, buffer wiped.
//! - **Failure:** if the source fails while a reseed is due, the request
//!   returns the error and the destination is zeroed (no partial output).
//!
//! **Default interval: 1 MiB** ([`DEFAULT_RESEED_INTERVAL`]). The key is
//! already replaced after every refill, so the interval does not bound key
//! use; it bounds how much output an attacker who once read the whole state
//! can predict before fresh entropy cuts them off. rand's `ThreadRng` uses
//! 64 KiB. A reseed costs about 0.3 µs here (the OS seed plus the refill it
//! forces, since the buffer is discarded): every 64 KiB that is 4.6 % of
//! ChaCha8's output time, every 1 MiB 0.3 %. 1 MiB of output takes 0.1 ms
//! (ChaCha8) to 0.45 ms (ChaCha20 without AVX-512), so recovery is still
//! quick in time. [`ChaChaDrbg::set_reseed_interval`] changes it (down to
//! 1 byte; `u64::MAX` leaves only fork and explicit reseeds).
//!
//! # Why RustCrypto `chacha20`'s cipher core
//!
//! Measured on this project's machine (AMD EPYC with AVX-512; GB/s, thread
//! CPU time, medians; then with the criterion bench that
//! `cargo xtask bench --section chacha` replaced):
//!
//! | 1 MiB requests | ChaCha8 | ChaCha12 | ChaCha20 |
//! | --- | --- | --- | --- |
//! | `rand_chacha` 0.10 RNG, `std` (ppv-lite86, AVX2 detected at run time) | 5.3 | 3.7 | 2.3 |
//! | `rand_chacha` 0.10 RNG without `std` (no run-time detection: SSE2) | 3.3 | 2.3 | 1.4 |
//! | `chacha20` 0.10 RNG types (`rng` feature, AVX2) | 4.7 | 3.3 | 2.1 |
//! | `chacha20` cipher, default build (AVX2) | 5.8 | 3.9 | 2.35 |
//! | `chacha20` cipher, `--cfg chacha20_avx512` | 10.5 | 7.4 | 4.7 |
//! | this crate's DRBG, `--cfg chacha20_avx512` | 10.5 | 7.3 | 4.65 |
//! | this crate's DRBG, 4 KiB requests, `--cfg chacha20_avx512` | 9.7 | 6.9 | 4.5 |
//!
//! 32-byte requests on a thread-local instance (a `RefCell` in a
//! `thread_local!`, as the facade holds it), against rand's `ThreadRng`
//! (ChaCha12, `rand::rng()` per call) in the same run: ChaCha8 0.69×,
//! ChaCha12 0.78×, ChaCha20 0.97× its time with AVX-512; without it
//! 0.87×, 1.08× and 1.45×.
//!
//! Without AVX-512 the two crates are equal; with it, only the `chacha20`
//! *cipher* path is twice as fast (its RNG types stay on AVX2 even then:
//! "AVX-512 doesn't support RNG" in its `rng.rs`). So the generator drives
//! `chacha20::ChaChaCore` through the cipher backend interface, always in
//! whole batches (the AVX-512 backend's single-block tail path takes about
//! 0.5 µs for one ChaCha20 block, against 0.23 µs for a 16-block batch):
//! refills are 2048 bytes and direct requests multiples of 1024 bytes, i.e.
//! whole 16-block batches. (This is also why the rekey after a direct
//! request takes 32 buffered bytes instead of one more keystream block.)
//! `chacha20` also zeroizes its cipher state on drop (`zeroize` feature).
//! `rand_chacha` stays as the independent reference in the tests and as a
//! baseline in the bench.
//!
//! # Our AVX2 kernel
//!
//! On x86-64 CPUs with AVX2 but no AVX-512 (or builds without
//! `chacha20_avx512`), whole groups of eight blocks come from this crate's
//! own kernel (`src/avx2.rs`, the crate's only `unsafe`; AVX2 detected at
//! run time, cached), and only a tail of fewer than eight blocks from
//! `chacha20`. It keeps one state word of eight blocks per register (the
//! "vertical" layout of OpenSSL's and Linux's AVX2 ChaCha), so the rounds
//! need no shuffles and run four independent chains, where `chacha20`'s
//! AVX2 backend keeps two blocks per register, shuffles three times per
//! half round and runs two chains. The keystream is the same bit for bit:
//! the published vectors run through a full 16-block batch, and a unit test
//! compares every round count, length and counter with `chacha20`'s own
//! cipher. Measured on the reference machine without AVX-512 (AMD EPYC,
//! AVX2; 1 MiB requests, same run): ChaCha8 6.7–6.9 GB/s against
//! `chacha20`'s 5.4 (1.24×), ChaCha20 3.0 GB/s against 2.1 (1.43×), on a
//! par with OpenSSL's assembly (`openssl speed -evp chacha20`: 3.1 GB/s).
//! Where AVX-512 is there and enabled, `chacha20`'s AVX-512 backend (about
//! twice its AVX2 speed, table above) stays in charge. The kernel wipes its
//! copy of the state and the stack it used after each call.
//!
//! # Getting the AVX-512 keystream: what a binary must set
//!
//! `chacha20` 0.10.2 compiles its AVX-512 backend only under the custom
//! cfg `chacha20_avx512`; with it set, `chacha20` detects AVX-512F + VL at
//! run time (`cpufeatures`, which also checks that the OS saves the ZMM
//! state) and falls back to AVX2, SSE2 or portable code otherwise. So the
//! flag is safe on any x86 machine. A cfg cannot be set by a dependency or
//! a cargo feature: the *final build* must pass it, e.g. in the
//! application's `.cargo/config.toml`:
//!
//! ```toml
//! [build]
//! rustflags = ["--cfg", "chacha20_avx512"]
//! ```
//!
//! or `RUSTFLAGS='--cfg chacha20_avx512' cargo build --release`. Note that a
//! `RUSTFLAGS` environment variable replaces (does not extend) the config's
//! `rustflags`. Alternatively `--cfg chacha20_backend="avx512"` together with
//! `-C target-feature=+avx512f,+avx512vl` forces the backend at compile time
//! (no detection; the binary then needs AVX-512). Output is identical with
//! or without the flag; only speed changes.
//!
//! # Memory hygiene and its limits
//!
//! Handed-out bytes are zeroed in the buffer as they go (a plain fill plus
//! `core::hint::black_box`: a volatile byte loop would cost as much as the
//! keystream on small requests); keys are replaced as described above; the
//! whole state is zeroized (`zeroize`) on drop; the cipher's working state is
//! zeroized by `chacha20`. Not covered: copies in registers or stack spills
//! made by the compiler, a [`ChaChaCore`] moved by value after seeding (the
//! DRBG keeps its core in a `Box` for this reason), swap and core dumps.
//!
//! # Neither `Copy` nor `Clone`
//!
//! Two copies of a generator would produce the same bytes.
//!
//! ```compile_fail
//! let core = secrets_chacha::ChaCha20Core::from_seed([0; 32]);
//! let twin = core.clone();
//! ```
//!
//! ```compile_fail
//! let core = secrets_chacha::ChaCha20Core::from_seed([0; 32]);
//! let moved = core;
//! let copied = core;
//! ```
#![cfg_attr(
    feature = "std",
    doc = r"
```compile_fail
let drbg = secrets_chacha::ChaCha20Drbg::new().unwrap();
let twin = drbg.clone();
```
"
)]
#![no_std]
// `unsafe` lives in the AVX2 kernel only (`avx2.rs`), each block with its
// `SAFETY:` reasoning; everything else is safe code.
#![deny(unsafe_code)]
// The module docs link the `std` layer, which a `no_std` build leaves out.
#![cfg_attr(not(feature = "std"), allow(rustdoc::broken_intra_doc_links))]

// The crate README's example is compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctest;

#[cfg(any(feature = "std", test))]
extern crate std;

#[cfg(target_arch = "x86_64")]
#[allow(unsafe_code)]
mod avx2;
mod core;
#[cfg(feature = "std")]
mod drbg;
mod kat;
mod keystream;
mod variant;

pub use crate::core::{
    BUFFER_BYTES, ChaCha8Core, ChaCha12Core, ChaCha20Core, ChaChaCore, DIRECT_CHUNK_BYTES,
    KEY_BYTES, MAX_DIRECT_BYTES, REFILL_BYTES,
};
#[cfg(feature = "std")]
pub use crate::drbg::{
    ChaCha8Drbg, ChaCha12Drbg, ChaCha20Drbg, ChaChaDrbg, DEFAULT_RESEED_INTERVAL,
};
#[doc(hidden)]
pub use crate::keystream::raw_keystream;
pub use crate::variant::ChaChaRounds;
#[doc(hidden)]
pub use crate::variant::KnownAnswerRef;
pub use chacha20::{R8, R12, R20};
pub use rand_core;
