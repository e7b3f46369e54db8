#![allow(missing_docs)]
use aes::cipher::{KeyIvInit, StreamCipher};
use secrets_ctr_drbg::{Config, CtrDrbgAes256};
use std::hint::black_box;
use std::time::Instant;
fn main() {
    let mut d = CtrDrbgAes256::instantiate(Config::with_df(), &[1; 32], &[2; 16], &[]).unwrap();
    let mut raw = ctr::Ctr128BE::<aes::Aes256>::new(&[7u8; 32].into(), &[0u8; 16].into());
    for n in [32usize, 4096] {
        let mut out = vec![0u8; n];
        let iters = 2_000_000 / (n + 100);
        let (mut g, mut r) = (vec![], vec![]);
        for _ in 0..301 {
            let t = Instant::now();
            for _ in 0..iters {
                d.generate(black_box(&mut out), &[]).unwrap();
            }
            g.push(t.elapsed().as_nanos() as f64 / iters as f64);
            let t = Instant::now();
            for _ in 0..iters {
                raw.write_keystream(black_box(&mut out));
            }
            r.push(t.elapsed().as_nanos() as f64 / iters as f64);
        }
        g.sort_by(f64::total_cmp);
        r.sort_by(f64::total_cmp);
        println!(
            "{n}: generate {:.1} ns (min {:.1}), raw {:.1} ns (min {:.1}), overhead {:.1} ns, ratio {:.3}",
            g[10],
            g[0],
            r[10],
            r[0],
            g[10] - r[10],
            r[10] / g[10]
        );
    }
}
