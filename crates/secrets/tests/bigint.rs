//! Arbitrary-size randbelow_big / randbits_big (feature `bigint`).
#![cfg(feature = "bigint")]

mod common;

use common::{assert_uniform, seeded};
use secrets::{BigUint, Error};

fn upper_bound_error() -> Error {
    Error::invalid("exclusive_upper_bound", "Upper bound must be positive.")
}

fn pow2(k: u32) -> BigUint {
    BigUint::from(1u8) << k
}

#[test]
fn cpython_edge_cases() {
    assert_eq!(secrets::randbits_big(0), Ok(BigUint::ZERO));
    assert_eq!(
        secrets::randbelow_big(&BigUint::ZERO),
        Err(upper_bound_error())
    );
    assert_eq!(
        secrets::randbelow_big(&BigUint::from(1u8)),
        Ok(BigUint::ZERO)
    );
    let mut s = seeded(1);
    assert_eq!(s.randbits_big(0), Ok(BigUint::ZERO));
    assert_eq!(s.randbelow_big(&BigUint::ZERO), Err(upper_bound_error()));
    let error = s.randbelow_big(&BigUint::ZERO).unwrap_err();
    assert!(error.to_string().contains("Upper bound must be positive."));
}

#[test]
fn randbits_big_sizes_up_to_8192_bits() {
    let mut s = seeded(2);
    for k in (1..=130u64).chain([255, 256, 257, 1000, 1024, 2047, 2048, 4096, 8191, 8192]) {
        let mut widest = 0;
        for _ in 0..24 {
            let v = s.randbits_big(k).unwrap();
            assert!(v.bits() <= k, "randbits_big({k}) has {} bits", v.bits());
            widest = widest.max(v.bits());
        }
        // The top bit is set in one of 24 draws except with probability 2^-24.
        assert_eq!(widest, k, "randbits_big({k}) never reached its top bit");
    }
    let free = secrets::randbits_big(8192).unwrap();
    assert!(free.bits() <= 8192);
}

#[test]
fn randbelow_big_stays_below_every_bound_up_to_8192_bits() {
    let mut s = seeded(3);
    let mut bounds = vec![
        BigUint::from(1u8),
        BigUint::from(2u8),
        BigUint::from(3u8),
        BigUint::from(u64::MAX),
        BigUint::from(u64::MAX) + 1u8,
        BigUint::from(u128::MAX) + 1u8,
    ];
    for k in [64, 127, 128, 1000, 1024, 2048, 4096, 8191, 8192] {
        bounds.push(pow2(k));
        bounds.push(pow2(k) + 1u8);
        bounds.push(pow2(k) - 1u8);
        bounds.push(pow2(k) - 12345u32);
    }
    for bound in &bounds {
        for _ in 0..20 {
            let v = s.randbelow_big(bound).unwrap();
            assert!(&v < bound, "{v} >= {bound}");
        }
        assert!(&secrets::randbelow_big(bound).unwrap() < bound);
    }
}

#[test]
fn randbelow_big_just_above_2_pow_1000_is_uniform() {
    // bound = 2^1000 + 2^999 + 1: 1001 bits, a draw is rejected about a
    // quarter of the time. Bucket by the top bits: v * 48 / bound.
    let bound = pow2(1000) + pow2(999) + 1u8;
    let buckets = 48u32;
    let mut s = seeded(4);
    let mut counts = vec![0u64; buckets as usize];
    let draws = 48 * 600;
    for _ in 0..draws {
        let v = s.randbelow_big(&bound).unwrap();
        assert!(v < bound);
        let bucket = (&v * buckets) / &bound;
        counts[bucket.iter_u32_digits().next().unwrap_or(0) as usize] += 1;
    }
    // bound is not a multiple of 48, but the buckets differ in size by at
    // most one integer out of 2^1000 / 48: uniform counts are exact enough.
    assert_uniform("randbelow_big(2^1000 + 2^999 + 1)", &counts);

    // The low bits are fair too.
    let mut low = [0u64; 16];
    for _ in 0..16 * 1000 {
        let v = s.randbelow_big(&bound).unwrap();
        low[v.iter_u32_digits().next().unwrap_or(0) as usize & 15] += 1;
    }
    assert_uniform("randbelow_big low nibble", &low);
}

#[test]
fn randbelow_big_bound_just_above_a_power_of_two_reaches_the_top() {
    // bound = 2^1000 + 1: the value 2^1000 itself must be reachable in
    // principle, and values above 2^999 must be about half of the draws.
    let bound = pow2(1000) + 1u8;
    let half = pow2(999);
    let mut s = seeded(5);
    let above = (0..4000)
        .filter(|_| s.randbelow_big(&bound).unwrap() >= half)
        .count() as u64;
    assert_uniform("above 2^999", &[above, 4000 - above]);
}

#[test]
fn small_bounds_match_randbelow_distribution() {
    let mut s = seeded(6);
    let bound = BigUint::from(7u8);
    let mut counts = [0u64; 7];
    for _ in 0..7000 {
        let v = s.randbelow_big(&bound).unwrap();
        counts[v.iter_u32_digits().next().unwrap_or(0) as usize] += 1;
    }
    assert_uniform("randbelow_big(7)", &counts);
}

#[test]
fn absurd_sizes_are_an_error_not_an_abort() {
    let mut s = seeded(7);
    let error = s.randbits_big(u64::MAX).unwrap_err();
    assert!(error.is_invalid_argument(), "{error:?}");
}
