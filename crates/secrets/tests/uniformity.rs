//! Uniformity of the sampling surface, by chi-square at alpha = 1e-6 with a
//! seeded generator (see `common`): randbelow over many bounds, choice over
//! 62 symbols, and the 24 orders of a 4-element shuffle.

mod common;

use common::{assert_fits, assert_uniform, seeded};

const DRAWS: u64 = 60_000;

/// Exact expected counts when the draws of `0..bound` are put in `buckets`
/// buckets by `floor(v * buckets / bound)` (top-part bucketing).
fn expected_top(bound: u128, buckets: u128, draws: u64) -> Vec<f64> {
    // Bucket i holds the v with i*bound <= v*buckets < (i+1)*bound, i.e.
    // ceil(i*bound/buckets) <= v < ceil((i+1)*bound/buckets). Computed in
    // f64 quotients of exact integers via u128 where it fits.
    let start = |i: u128| -> u128 {
        // ceil(i * bound / buckets) without overflowing u128.
        let (q, r) = (bound / buckets, bound % buckets);
        i * q + (i * r).div_ceil(buckets)
    };
    (0..buckets)
        .map(|i| (start(i + 1) - start(i)) as f64 / bound as f64 * draws as f64)
        .collect()
}

fn top_bucket(v: u128, bound: u128, buckets: u128) -> usize {
    // floor(v * buckets / bound) without overflow: v = q*bound/buckets...
    let (q, r) = (bound / buckets, bound % buckets);
    // Find i with start(i) <= v < start(i+1) by binary search.
    let start = |i: u128| i * q + (i * r).div_ceil(buckets);
    let (mut lo, mut hi) = (0u128, buckets);
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        if start(mid) <= v { lo = mid } else { hi = mid }
    }
    lo as usize
}

/// Exact expected counts of `v % modulus` for v uniform in `0..bound`.
fn expected_mod(bound: u128, modulus: u128, draws: u64) -> Vec<f64> {
    (0..modulus)
        .map(|r| {
            let count = if r < bound {
                (bound - 1 - r) / modulus + 1
            } else {
                0
            };
            count as f64 / bound as f64 * draws as f64
        })
        .collect()
}

/// Chi-square over both the top part and the residue mod a small prime, so
/// both "high" and "low" biases would show.
fn check_u64_bound(bound: u64, seed: u64) {
    let mut s = seeded(seed);
    let bound128 = u128::from(bound);
    let buckets = bound128.min(64);
    let modulus = bound128.min(61);
    let mut top = vec![0u64; buckets as usize];
    let mut low = vec![0u64; modulus as usize];
    for _ in 0..DRAWS {
        let v = s.randbelow(bound).unwrap();
        assert!(v < bound);
        top[top_bucket(u128::from(v), bound128, buckets)] += 1;
        low[(u128::from(v) % modulus) as usize] += 1;
    }
    if buckets > 1 {
        assert_fits(
            &format!("randbelow({bound}) top"),
            &top,
            &expected_top(bound128, buckets, DRAWS),
        );
        assert_fits(
            &format!("randbelow({bound}) mod {modulus}"),
            &low,
            &expected_mod(bound128, modulus, DRAWS),
        );
    }
}

#[test]
fn randbelow_bound_1_is_always_0() {
    let mut s = seeded(1);
    for _ in 0..1000 {
        assert_eq!(s.randbelow(1u64), Ok(0));
        assert_eq!(s.randbelow(1u32), Ok(0));
        assert_eq!(s.randbelow(1u128), Ok(0));
    }
}

#[test]
fn randbelow_small_bounds() {
    for (i, bound) in [2u64, 3, 7].into_iter().enumerate() {
        check_u64_bound(bound, 10 + i as u64);
    }
}

#[test]
fn randbelow_powers_of_two_and_one_more() {
    for k in [1u32, 4, 8, 16, 31, 32, 33, 52, 62, 63] {
        check_u64_bound(1 << k, 100 + u64::from(k));
        check_u64_bound((1 << k) + 1, 200 + u64::from(k));
    }
}

#[test]
fn randbelow_million_and_near_max() {
    check_u64_bound(1_000_000, 300);
    check_u64_bound(u64::MAX - 1, 301);
    // Two thirds of 2^64: where modulo reduction would be most biased.
    check_u64_bound(u64::MAX / 3 * 2, 302);
}

#[test]
fn randbelow_other_widths() {
    let mut s = seeded(400);
    for bound in [3u32, 7, (1 << 31) + 1, u32::MAX - 1] {
        let mut top = vec![0u64; 32];
        for _ in 0..DRAWS {
            let v = s.randbelow(bound).unwrap();
            top[top_bucket(u128::from(v), u128::from(bound), 32.min(u128::from(bound)))] += 1;
        }
        let buckets = 32.min(u128::from(bound));
        top.truncate(buckets as usize);
        assert_fits(
            &format!("u32 {bound}"),
            &top,
            &expected_top(u128::from(bound), buckets, DRAWS),
        );
    }
    for bound in [
        (1u128 << 64) + 1,
        (1u128 << 100) + 1,
        u128::MAX / 3 * 2,
        u128::MAX - 1,
    ] {
        let mut top = vec![0u64; 64];
        let mut low = vec![0u64; 61];
        for _ in 0..DRAWS {
            let v = s.randbelow(bound).unwrap();
            assert!(v < bound);
            top[top_bucket(v, bound, 64)] += 1;
            low[(v % 61) as usize] += 1;
        }
        assert_fits(
            &format!("u128 {bound} top"),
            &top,
            &expected_top(bound, 64, DRAWS),
        );
        assert_fits(
            &format!("u128 {bound} mod 61"),
            &low,
            &expected_mod(bound, 61, DRAWS),
        );
    }
    let mut counts = [0u64; 10];
    for _ in 0..DRAWS {
        counts[s.randbelow(10usize).unwrap()] += 1;
    }
    assert_uniform("usize 10", &counts);
}

#[test]
fn randbits_every_bit_is_fair() {
    let mut s = seeded(500);
    for k in [1u32, 7, 64, 65, 128] {
        let mut ones = vec![0u64; k as usize];
        let draws = 20_000u64;
        for _ in 0..draws {
            let v = s.randbits(k).unwrap();
            assert!(k == 128 || v >> k == 0);
            for (bit, count) in ones.iter_mut().enumerate() {
                *count += ((v >> bit) & 1) as u64;
            }
        }
        for (bit, &count) in ones.iter().enumerate() {
            assert_uniform(&format!("randbits({k}) bit {bit}"), &[count, draws - count]);
        }
    }
}

#[test]
fn choice_over_62_symbols() {
    let symbols: Vec<char> = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
        .chars()
        .collect();
    assert_eq!(symbols.len(), 62);
    let mut s = seeded(600);
    let mut counts = vec![0u64; 62];
    for _ in 0..62 * 1000 {
        let c = s.choice(&symbols).unwrap();
        counts[symbols.iter().position(|x| x == c).unwrap()] += 1;
    }
    assert_uniform("choice over 62", &counts);
}

#[test]
fn shuffle_all_24_orders_equally_likely() {
    let mut s = seeded(700);
    let mut counts = std::collections::HashMap::new();
    let draws = 24 * 1000;
    for _ in 0..draws {
        let mut items = [0u8, 1, 2, 3];
        s.shuffle(&mut items).unwrap();
        *counts.entry(items).or_insert(0u64) += 1;
    }
    assert_eq!(counts.len(), 24, "every order appears");
    let observed: Vec<u64> = counts.values().copied().collect();
    assert_uniform("shuffle of 4", &observed);
}

#[test]
fn sample_every_ordered_pair_equally_likely() {
    let mut s = seeded(800);
    let population = ['a', 'b', 'c', 'd', 'e'];
    let mut counts = std::collections::HashMap::new();
    for _ in 0..20 * 1000 {
        let picked = s.sample(&population, 2).unwrap();
        assert_ne!(picked[0], picked[1]);
        *counts.entry((picked[0], picked[1])).or_insert(0u64) += 1;
    }
    assert_eq!(counts.len(), 20);
    assert_uniform(
        "sample(5, 2)",
        &counts.values().copied().collect::<Vec<_>>(),
    );
    assert!(s.sample(&population, 6).unwrap_err().is_invalid_argument());
    assert_eq!(s.sample(&population, 5).unwrap().len(), 5);
    assert!(s.sample(&population, 0).unwrap().is_empty());
}

#[test]
fn randint_randrange_random_uniform() {
    let mut s = seeded(900);
    let mut dice = [0u64; 6];
    for _ in 0..DRAWS {
        dice[(s.randint(1, 6).unwrap() - 1) as usize] += 1;
    }
    assert_uniform("randint(1, 6)", &dice);
    let mut evens = [0u64; 5];
    for _ in 0..DRAWS {
        let v = s.randrange(0, 10, 2).unwrap();
        evens[(v / 2) as usize] += 1;
    }
    assert_uniform("randrange(0, 10, 2)", &evens);
    let mut deciles = [0u64; 10];
    for _ in 0..DRAWS {
        let x = s.random().unwrap();
        assert!((0.0..1.0).contains(&x));
        deciles[(x * 10.0) as usize] += 1;
    }
    assert_uniform("random()", &deciles);
    for _ in 0..1000 {
        let u = s.uniform(-1.0, 1.0).unwrap();
        assert!((-1.0..=1.0).contains(&u));
    }
    assert!(s.randint(2, 1).is_err());
    assert!(s.randrange(0, 10, 0).is_err());
    assert!(s.uniform(f64::NAN, 1.0).is_err());
}

#[test]
fn the_detector_catches_modulo_bias() {
    // Guard against a chi-square helper that passes everything: byte % 100
    // makes 56 residues 3/256 likely and 44 residues 2/256 likely.
    let mut s = seeded(1000);
    let mut counts = vec![0u64; 100];
    for _ in 0..DRAWS {
        counts[usize::from(s.token_bytes(1)[0] % 100)] += 1;
    }
    let expected = vec![DRAWS as f64 / 100.0; 100];
    let statistic = common::chi_square(&counts, &expected);
    assert!(statistic > common::critical_value(99), "{statistic}");
}
