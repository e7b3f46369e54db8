#![allow(missing_docs)]
use aes::cipher::{KeyIvInit, StreamCipher};
use secrets_ctr_drbg::{Config, CtrDrbgAes256};
use std::hint::black_box;
use std::time::Instant;
fn t(name: &str, iters: usize, f: &mut dyn FnMut()) -> f64 {
    let mut v = vec![];
    for _ in 0..101 {
        let s = Instant::now();
        for _ in 0..iters {
            f();
        }
        v.push(s.elapsed().as_nanos() as f64 / iters as f64);
    }
    v.sort_by(f64::total_cmp);
    println!("{name:30} min {:8.1}  p10 {:8.1}", v[0], v[10]);
    v[0]
}
fn main() {
    let mut d = CtrDrbgAes256::instantiate(Config::with_df(), &[1; 32], &[2; 16], &[]).unwrap();
    let mut raw = ctr::Ctr128BE::<aes::Aes256>::new(&[7u8; 32].into(), &[0u8; 16].into());
    let mut out = vec![0u8; 4096];
    for _ in 0..2 {
        t("raw 4096", 5000, &mut || {
            raw.write_keystream(black_box(&mut out));
        });
        t("generate 4096", 5000, &mut || {
            d.generate(black_box(&mut out), &[]).unwrap();
        });
    t("generate B 4096", 5000, &mut || { d.generate(black_box(&mut out), &[]).unwrap(); });
    t("generate 0", 50000, &mut || {
            d.generate(&mut [], &[]).unwrap();
        });
        t("generate 32", 50000, &mut || {
            d.generate(black_box(&mut out[..32]), &[]).unwrap();
        });
    }
}
