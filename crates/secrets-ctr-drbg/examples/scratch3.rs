#![allow(missing_docs)]
use secrets_ctr_drbg::{Config, CtrDrbgAes256};
use std::hint::black_box;
fn main() {
    let mut d = CtrDrbgAes256::instantiate(Config::with_df(), &[1; 32], &[2; 16], &[]).unwrap();
    let n: usize = std::env::args()
        .nth(1)
        .map(|s| s.parse().unwrap())
        .unwrap_or(32);
    let mut out = vec![0u8; n];
    for _ in 0..(2_000_000_000 / (n + 200)) {
        d.generate(black_box(&mut out), &[]).unwrap();
    }
}
