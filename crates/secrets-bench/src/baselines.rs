//! The raw primitive each backend is built on (the registry's
//! [`Baseline`]), measured the way the backends are, so `cargo xtask bench`
//! can report every backend as a ratio to it.

use chacha20::cipher::{KeyIvInit, StreamCipher, StreamCipherSeek};
use secrets::registry::Baseline;

use base64::Engine as _;
use rand::RngExt as _;

use crate::{Measurement, Operation, SIZES, TimingConfig, fill_sizes};

/// A fresh 32-byte key from the OS.
///
/// ```
/// assert_ne!(secrets_bench::baselines::os_seed(), [0; 32]);
/// ```
pub fn os_seed() -> [u8; 32] {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).expect("OS random source");
    seed
}

/// Keystream writer that rewinds before the 32-bit block counter of the
/// IETF variant could overflow (256 GiB).
fn chacha_keystream<C: KeyIvInit + StreamCipher + StreamCipherSeek>() -> impl FnMut(&mut [u8]) {
    let mut cipher =
        C::new_from_slices(&os_seed(), &[0u8; 12]).expect("ChaCha key and nonce sizes");
    let mut written = 0u64;
    move |buf: &mut [u8]| {
        if written > 1 << 36 {
            cipher.seek(0u64);
            written = 0;
        }
        cipher.write_keystream(buf);
        written += buf.len() as u64;
    }
}

fn aes_ctr<C: KeyIvInit + StreamCipher>() -> impl FnMut(&mut [u8]) {
    let mut key = [0u8; 64];
    getrandom::fill(&mut key).expect("OS random source");
    let mut cipher = C::new_from_slices(&key[..C::key_size()], &key[48..64]).expect("key sizes");
    move |buf: &mut [u8]| cipher.write_keystream(buf)
}

/// A bare Hashgen loop (SP 800-90A 10.1.1.4 without the DRBG around it): one
/// digest of a seedlen-byte big-endian counter per output block.
fn hashgen<D: sha2::Digest>(seedlen: usize) -> impl FnMut(&mut [u8]) {
    let mut v = vec![0u8; seedlen];
    getrandom::fill(&mut v).expect("OS random source");
    move |buf: &mut [u8]| {
        for block in buf.chunks_mut(<D as sha2::Digest>::output_size()) {
            let digest = D::digest(&v);
            block.copy_from_slice(&digest[..block.len()]);
            for byte in v.iter_mut().rev() {
                *byte = byte.wrapping_add(1);
                if *byte != 0 {
                    break;
                }
            }
        }
    }
}

/// A bare HMAC chain `V = HMAC(K, V)` from a state keyed once.
fn hmac_chain<M: hmac::Mac + hmac::KeyInit + Clone>() -> impl FnMut(&mut [u8]) {
    let mut key = [0u8; 64];
    getrandom::fill(&mut key).expect("OS random source");
    let keyed = <M as hmac::KeyInit>::new_from_slice(&key).expect("HMAC takes any key length");
    let mut v = keyed.clone().finalize().into_bytes().to_vec();
    v.fill(1);
    move |buf: &mut [u8]| {
        for block in buf.chunks_mut(v.len()) {
            let mut mac = keyed.clone();
            mac.update(&v);
            v.copy_from_slice(&mac.finalize().into_bytes());
            block.copy_from_slice(&v[..block.len()]);
        }
    }
}

/// Measures one registry baseline at every size of [`SIZES`] on `threads`
/// threads; an error when its instruction is missing.
///
/// ```
/// # use std::time::Duration;
/// # let tiny = secrets_bench::TimingConfig { warm_up: Duration::from_millis(1), sample_time: Duration::from_millis(1), repeats: 3 };
/// use secrets::registry::Baseline;
/// let rows = secrets_bench::baselines::measure(&tiny, 1, Baseline::GetrandomFill)?;
/// assert_eq!(rows.len(), secrets_bench::SIZES.len());
/// # Ok::<(), String>(())
/// ```
pub fn measure(
    config: &TimingConfig,
    threads: usize,
    baseline: Baseline,
) -> Result<Vec<(usize, Measurement)>, String> {
    use secrets::registry::{Digest, Instruction};
    // One measurement per arm; the arms differ in the generator's type.
    macro_rules! at_every_size {
        ($make:expr) => {
            fill_sizes(config, threads, &SIZES, $make)
        };
    }
    // The bare loop of an instruction the CPU must have (an error if not).
    macro_rules! bare_instruction {
        ($backend:ty, $fill:ident, $what:literal) => {{
            <$backend>::new().map_err(|e| e.to_string())?;
            at_every_size!(|| {
                let mut rng = <$backend>::new().expect("checked above");
                move |buf: &mut [u8]| secrets_rdrand::baseline::$fill(&mut rng, buf).expect($what)
            })
        }};
    }
    Ok(match baseline {
        Baseline::GetrandomFill => {
            at_every_size!(|| { |buf: &mut [u8]| getrandom::fill(buf).expect("getrandom") })
        }
        Baseline::BareInstruction(Instruction::RdRand) => {
            bare_instruction!(secrets_rdrand::RdRand, rdrand_fill_untested, "rdrand")
        }
        Baseline::BareInstruction(Instruction::RdSeed) => {
            bare_instruction!(secrets_rdrand::RdSeed, rdseed_fill_untested, "rdseed")
        }
        Baseline::ChaChaKeystream { rounds: 8 } => {
            at_every_size!(chacha_keystream::<chacha20::ChaCha8>)
        }
        Baseline::ChaChaKeystream { rounds: 12 } => {
            at_every_size!(chacha_keystream::<chacha20::ChaCha12>)
        }
        Baseline::ChaChaKeystream { .. } => at_every_size!(chacha_keystream::<chacha20::ChaCha20>),
        Baseline::AesCtr { key_bits: 128 } => at_every_size!(aes_ctr::<ctr::Ctr128BE<aes::Aes128>>),
        Baseline::AesCtr { .. } => at_every_size!(aes_ctr::<ctr::Ctr128BE<aes::Aes256>>),
        Baseline::Hashgen(Digest::Sha256) => {
            at_every_size!(|| hashgen::<sha2::Sha256>(55))
        }
        Baseline::Hashgen(Digest::Sha512) => {
            at_every_size!(|| hashgen::<sha2::Sha512>(111))
        }
        Baseline::HmacChain(Digest::Sha256) => {
            at_every_size!(hmac_chain::<hmac::Hmac<sha2::Sha256>>)
        }
        Baseline::HmacChain(Digest::Sha512) => {
            at_every_size!(hmac_chain::<hmac::Hmac<sha2::Sha512>>)
        }
    })
}

/// A generator's fill at every size of [`SIZES`], an instance per thread.
fn rng_sizes<R: rand_core::Rng>(
    config: &TimingConfig,
    threads: usize,
    make: impl Fn() -> R + Sync,
) -> Vec<(usize, Measurement)> {
    fill_sizes(config, threads, &SIZES, || {
        let mut rng = make();
        move |buf: &mut [u8]| rng.fill_bytes(buf)
    })
}

/// The generators people use instead of ours, measured like the backends:
/// rand's `ThreadRng` on `threads` threads and, as single-thread
/// references, the `chacha20` crate's and `rand_chacha`'s RNGs.
///
/// ```
/// # use std::time::Duration;
/// # let tiny = secrets_bench::TimingConfig { warm_up: Duration::from_millis(1), sample_time: Duration::from_millis(1), repeats: 3 };
/// let rows = secrets_bench::baselines::libraries(&tiny, 2);
/// assert_eq!(rows[0].0, "rand ThreadRng");
/// assert_eq!(rows.len(), 1); // the others run on one thread only
/// ```
pub fn libraries(
    config: &TimingConfig,
    threads: usize,
) -> Vec<(&'static str, Vec<(usize, Measurement)>)> {
    fn seeded<R: rand_core::Rng + rand_core::SeedableRng<Seed = [u8; 32]>>(
        config: &TimingConfig,
    ) -> Vec<(usize, Measurement)> {
        rng_sizes(config, 1, || R::from_seed(os_seed()))
    }
    let mut rows = vec![("rand ThreadRng", rng_sizes(config, threads, rand::rng))];
    if threads > 1 {
        return rows;
    }
    // One row per crate and round count, labelled "<crate> <type>".
    macro_rules! seeded_rows {
        ($($krate:literal $path:ident :: $ty:ident),* $(,)?) => {
            [$((concat!($krate, " ", stringify!($ty)), seeded::<$path::$ty>(config))),*]
        };
    }
    rows.extend(seeded_rows![
        "chacha20 crate" chacha20::ChaCha8Rng,
        "chacha20 crate" chacha20::ChaCha12Rng,
        "chacha20 crate" chacha20::ChaCha20Rng,
        "rand_chacha" rand_chacha::ChaCha8Rng,
        "rand_chacha" rand_chacha::ChaCha12Rng,
        "rand_chacha" rand_chacha::ChaCha20Rng,
    ]);
    rows
}

/// Bare-library equivalents of the token operations: bytes from
/// `getrandom` then `hex`/`base64`; rand's `ThreadRng` with `random_range`.
///
/// ```
/// # use std::time::Duration;
/// # let tiny = secrets_bench::TimingConfig { warm_up: Duration::from_millis(1), sample_time: Duration::from_millis(1), repeats: 3 };
/// let rows = secrets_bench::baselines::tokens(&tiny);
/// assert_eq!(rows[0].0, secrets_bench::Operation::TokenHex16);
/// ```
pub fn tokens(config: &TimingConfig) -> Vec<(Operation, &'static str, Measurement)> {
    const ALPHABET: &[u8] =
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    let mut thread_rng = rand::rng();
    vec![
        (
            Operation::TokenHex16,
            "getrandom::fill + hex::encode",
            crate::measure(config, || {
                let mut bytes = [0u8; 16];
                getrandom::fill(&mut bytes).expect("getrandom");
                hex::encode(bytes)
            }),
        ),
        (
            Operation::TokenUrlsafe32,
            "getrandom::fill + base64",
            crate::measure(config, || {
                let mut bytes = [0u8; 32];
                getrandom::fill(&mut bytes).expect("getrandom");
                base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
            }),
        ),
        (
            Operation::Randbelow1e6,
            "rand ThreadRng random_range",
            crate::measure(config, || thread_rng.random_range(0..1_000_000u64)),
        ),
        (
            Operation::Password16,
            "rand ThreadRng, 16 × random_range",
            crate::measure(config, || {
                (0..16)
                    .map(|_| char::from(ALPHABET[thread_rng.random_range(0..ALPHABET.len())]))
                    .collect::<String>()
            }),
        ),
    ]
}
