#![allow(missing_docs)]
use aes::cipher::{BlockCipherEncrypt, InnerIvInit, KeyInit, StreamCipherCore};
use secrets_ctr_drbg::{Config, CtrDrbgAes256};
use std::hint::black_box;
use std::time::Instant;

fn time<F: FnMut()>(name: &str, n: usize, mut f: F) {
    for _ in 0..n / 10 {
        f();
    }
    let mut best = f64::MAX;
    for _ in 0..7 {
        let t = Instant::now();
        for _ in 0..n {
            f();
        }
        best = best.min(t.elapsed().as_secs_f64() * 1e9 / n as f64);
    }
    println!("{name:40} {best:10.1} ns");
}

fn main() {
    let key = [7u8; 32];
    println!(
        "size Aes256Enc {} Aes128Enc {} CtrDrbgAes256 {}",
        std::mem::size_of::<aes::Aes256Enc>(),
        std::mem::size_of::<aes::Aes128Enc>(),
        std::mem::size_of::<CtrDrbgAes256>()
    );
    let mut slot = aes::Aes256Enc::new(&key.into());
    time("replace key in slot", 1_000_000, || {
        slot = aes::Aes256Enc::new(black_box(&key.into()));
        black_box(&slot);
    });
    time("Aes256Enc::new", 1_000_000, || {
        black_box(aes::Aes256Enc::new(black_box(&key.into())));
    });
    time("Aes128Enc::new", 1_000_000, || {
        black_box(aes::Aes128Enc::new(black_box(&[7u8; 16].into())));
    });
    let c = aes::Aes256Enc::new(&key.into());
    let mut blocks = [aes::Block::default(); 5];
    time("encrypt_blocks x5", 1_000_000, || {
        c.encrypt_blocks(black_box(&mut blocks));
    });
    let mut one = aes::Block::default();
    time("encrypt_block x1", 1_000_000, || {
        c.encrypt_block(black_box(&mut one));
    });
    time("ctr core 5 blocks", 1_000_000, || {
        let mut core = ctr::CtrCore::<&aes::Aes256Enc, ctr::flavors::Ctr128BE>::inner_iv_init(
            &c,
            &Default::default(),
        );
        core.write_keystream_blocks(black_box(&mut blocks));
    });
    let mut big = vec![aes::Block::default(); 256];
    time("ctr core 256 blocks", 100_000, || {
        let mut core = ctr::CtrCore::<&aes::Aes256Enc, ctr::flavors::Ctr128BE>::inner_iv_init(
            &c,
            &Default::default(),
        );
        core.write_keystream_blocks(black_box(&mut big));
    });
    let mut d = CtrDrbgAes256::instantiate(Config::with_df(), &[1; 32], &[2; 16], &[]).unwrap();
    let mut out = [0u8; 32];
    time("generate 32", 1_000_000, || {
        d.generate(black_box(&mut out), &[]).unwrap();
    });
    let mut out = vec![0u8; 4096];
    time("generate 4096", 100_000, || {
        d.generate(black_box(&mut out), &[]).unwrap();
    });
    let mut w = secrets_ctr_drbg::CtrDrbgAes256Rng::new().unwrap();
    use rand_core::TryRng;
    for _ in 0..3 {
        time("mech generate 4096", 100_000, || {
            d.generate(black_box(&mut out), &[]).unwrap();
        });
        time("wrapper 4096", 100_000, || {
            w.try_fill_bytes(black_box(&mut out)).unwrap();
        });
        let mut raw = ctr::Ctr128BE::<aes::Aes256>::new(&[7u8; 32].into(), &[0u8; 16].into());
        use aes::cipher::{KeyIvInit, StreamCipher};
        time("raw 4096", 100_000, || {
            raw.write_keystream(black_box(&mut out));
        });
    }
    let mut out = vec![0u8; 65536];
    time("generate 65536", 10_000, || {
        d.generate(black_box(&mut out), &[]).unwrap();
    });
}
