#![allow(missing_docs)]
use secrets_ctr_drbg::{Config, CtrDrbgAes256};
fn main() {
    let mut d = CtrDrbgAes256::instantiate(Config::with_df(), &[1; 32], &[2; 16], &[]).unwrap();
    for _ in 0..20_000_000 {
        d.generate(&mut [], &[]).unwrap();
    }
}
