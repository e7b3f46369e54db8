//! CTR_DRBG (`secrets-ctr-drbg`) against the raw AES-CTR keystream of the
//! same `aes` crate and against `rand::rng()`. Targets: at 1 MiB and 4 KiB
//! `CtrDrbgAes256Rng` ≥ 0.9× the raw `Ctr128BE<Aes256>` keystream; a
//! 32-byte request ≤ 1.5× the time of `rand::rng()`.

use std::cell::RefCell;

use aes::Aes256;
use cipher::{KeyIvInit, StreamCipher};
use rand_core::TryRng;
use secrets_ctr_drbg::{
    Config, CtrDrbgAes128Rng, CtrDrbgAes256, CtrDrbgAes256Rng, MAX_BYTES_PER_REQUEST,
};

use super::{Effort, os_seed};
use crate::compare::{Comparison, fill};

fn raw_cipher() -> ctr::Ctr128BE<Aes256> {
    ctr::Ctr128BE::<Aes256>::new(&os_seed().into(), &[0u8; 16].into())
}

/// The raw mechanism: Generate calls of at most 64 KiB, no buffering.
fn mechanism() -> impl FnMut(&mut [u8]) {
    let mut drbg = CtrDrbgAes256::instantiate(
        Config::with_df().reseed_interval(1 << 48),
        &os_seed(),
        &[2u8; 16],
        b"bench",
    )
    .expect("instantiate");
    move |buf: &mut [u8]| {
        for chunk in buf.chunks_mut(MAX_BYTES_PER_REQUEST) {
            drbg.generate(chunk, &[]).expect("generate");
        }
    }
}

fn aes256() -> impl FnMut(&mut [u8]) {
    let mut rng = CtrDrbgAes256Rng::new().expect("the OS seeds the DRBG");
    move |buf: &mut [u8]| rng.try_fill_bytes(buf).expect("DRBG output")
}

fn aes128() -> impl FnMut(&mut [u8]) {
    let mut rng = CtrDrbgAes128Rng::new().expect("the OS seeds the DRBG");
    move |buf: &mut [u8]| rng.try_fill_bytes(buf).expect("DRBG output")
}

/// A request on this thread's AES-256 instance: the facade's access pattern.
fn thread_local_256(buf: &mut [u8]) {
    thread_local! {
        static DRBG: RefCell<Option<CtrDrbgAes256Rng>> = const { RefCell::new(None) };
    }
    DRBG.with(|cell| {
        let mut slot = cell.borrow_mut();
        let drbg = match &mut *slot {
            Some(drbg) => drbg,
            empty => empty.insert(CtrDrbgAes256Rng::new().expect("the OS seeds the DRBG")),
        };
        drbg.try_fill_bytes(buf).expect("DRBG output");
    });
}

/// The section.
pub fn run(effort: &Effort) -> Result<String, String> {
    let mut text = format!(
        "AES hardware acceleration detected: {}.\n\n",
        aes::hardware_accelerated()
    );
    for size in [1 << 20, 4 << 10] {
        let mut c = Comparison::throughput("CTR_DRBG", "CtrDrbgAes256Rng ≥ 0.9× raw", size);
        let mut cipher = raw_cipher();
        c.add(
            "raw Ctr128BE<Aes256> write_keystream",
            fill(size, move |b| cipher.write_keystream(b)),
        );
        let mut cipher = raw_cipher();
        c.add(
            "raw Ctr128BE<Aes256> apply_keystream over zeros",
            fill(size, move |b| {
                b.fill(0);
                cipher.apply_keystream(b);
            }),
        );
        c.add(
            "CtrDrbgAes256 mechanism (64 KiB Generate calls)",
            fill(size, mechanism()),
        );
        c.add("CtrDrbgAes256Rng", fill(size, aes256()));
        c.add("CtrDrbgAes128Rng", fill(size, aes128()));
        text.push_str(&effort.run(c));
        text.push('\n');
    }
    let mut small = super::small_requests("CtrDrbgAes256Rng ≤ 1.5× the time of rand::rng()");
    small.add("CtrDrbgAes256Rng held", fill(32, aes256()));
    small.add("CtrDrbgAes256Rng thread-local", fill(32, thread_local_256));
    small.add("CtrDrbgAes128Rng held", fill(32, aes128()));
    small.add(
        "CtrDrbgAes256 mechanism, one Generate per request",
        fill(32, mechanism()),
    );
    text.push_str(&effort.run(small));
    Ok(text)
}
