//! The health-test cutoffs are computed by `const fn`s from the SP 800-90B
//! formulas; these tests check those functions against values computed
//! independently of this crate.

use secrets_rdrand::health::{
    ALPHA_NEG_LOG2, APT_CUTOFF, APT_WINDOW, MIN_ENTROPY_BITS, RCT_CUTOFF, SAMPLE_BITS, apt_cutoff,
    binomial_upper_critical, pow2_neg, rct_cutoff,
};

/// jitterentropy-library's `jent_apt_cutoff_lookup` and
/// `jent_apt_cutoff_permanent_lookup` (src/jitterentropy-health.c): the APT
/// cutoff for W = 512, H = 1/osr (osr = 1..=15) and alpha = 2^-30 resp.
/// 2^-60, computed there with R's qbinom and SageMath as
/// C = 2 + qbinom(1 - alpha, 511, 2^(-H)) (SP 800-90B public comment 10b),
/// and capped at 512.
const JENT_APT_2_30: [u32; 15] = [
    325, 422, 459, 477, 488, 494, 499, 502, 505, 507, 508, 509, 510, 511, 512,
];
const JENT_APT_2_60: [u32; 15] = [
    355, 447, 479, 494, 502, 507, 510, 512, 512, 512, 512, 512, 512, 512, 512,
];

#[test]
fn apt_cutoff_matches_jitterentropy_tables() {
    for (index, (&expected_30, &expected_60)) in
        JENT_APT_2_30.iter().zip(&JENT_APT_2_60).enumerate()
    {
        let osr = f64::from(u32::try_from(index).unwrap() + 1);
        let p = (-1.0 / osr).exp2();
        let capped = |c: u32| c.min(512);
        assert_eq!(
            capped(apt_cutoff(512, p, pow2_neg(30))),
            expected_30,
            "osr {osr}, alpha 2^-30"
        );
        assert_eq!(
            capped(apt_cutoff(512, p, pow2_neg(60))),
            expected_60,
            "osr {osr}, alpha 2^-60"
        );
    }
}

#[test]
fn rct_cutoff_matches_jitterentropy() {
    // jitterentropy: "this RCT cutoff value is equal to 31" (alpha 2^-30) and
    // 61 (2^-60) for H = 1, and 30 * osr + 1 in general.
    for osr in 1..=20 {
        assert_eq!(rct_cutoff(30, 1, osr), 30 * osr + 1);
        assert_eq!(rct_cutoff(60, 1, osr), 60 * osr + 1);
    }
}

/// P(X >= k) for X ~ Binomial(n, p), the slow and obvious way in log space:
/// ln C(n, j) from a running sum of logarithms.
fn upper_tail(n: u32, p: f64, k: u32) -> f64 {
    let mut ln_choose = 0.0_f64; // ln C(n, 0)
    let mut tail = 0.0;
    for j in 0..=n {
        if j > 0 {
            ln_choose += f64::from(n - j + 1).ln() - f64::from(j).ln();
        }
        if j >= k {
            let ln_pmf = ln_choose + f64::from(j) * p.ln() + f64::from(n - j) * (-p).ln_1p();
            tail += ln_pmf.exp();
        }
    }
    tail
}

#[test]
fn binomial_critical_value_is_the_smallest_valid_one() {
    for n in [10_u32, 100, 511, 1023] {
        for p in [0.5, 0.25, 0.1, 2f64.powi(-8), 0.9] {
            for alpha_log2 in [20_u32, 30, 40] {
                let alpha = pow2_neg(alpha_log2);
                let c = binomial_upper_critical(n, p, alpha);
                // Valid: the tail from c is within alpha (with a little slack
                // for the two methods' rounding).
                assert!(
                    c > n || upper_tail(n, p, c) <= alpha * (1.0 + 1e-9),
                    "n {n} p {p} alpha 2^-{alpha_log2}: tail from {c} too large"
                );
                // Smallest: the tail from c - 1 exceeds alpha.
                assert!(
                    c == 0 || upper_tail(n, p, c - 1) > alpha * (1.0 - 1e-9),
                    "n {n} p {p} alpha 2^-{alpha_log2}: {c} is not the smallest"
                );
            }
        }
    }
}

#[test]
fn this_crates_parameters_and_cutoffs() {
    // The documented choice.
    assert_eq!(SAMPLE_BITS, 64);
    assert_eq!(MIN_ENTROPY_BITS, 64);
    assert_eq!(ALPHA_NEG_LOG2, 40);
    assert!((20..=40).contains(&ALPHA_NEG_LOG2), "SP 800-90B's range");
    assert_eq!(APT_WINDOW, 512);
    // RCT: 1 + ceil(40 / 64).
    assert_eq!(
        RCT_CUTOFF,
        1 + (f64::from(ALPHA_NEG_LOG2) / f64::from(MIN_ENTROPY_BITS)).ceil() as u32
    );
    // APT: P(B >= C) = P(Bin(511, 2^-64) >= C - 1) <= alpha, C smallest.
    let p = pow2_neg(MIN_ENTROPY_BITS);
    let alpha = pow2_neg(ALPHA_NEG_LOG2);
    // P(Bin(511, p) >= 1) = 1 - (1 - p)^511, computed without cancellation.
    let at_least_one = -(f64::from(APT_WINDOW - 1) * (-p).ln_1p()).exp_m1();
    assert_eq!(APT_CUTOFF, 2);
    assert!(at_least_one <= alpha, "C = 2 is valid");
    // C = 1 would mean P(B >= 1) = 1 > alpha: not valid, so 2 is smallest.
    assert_eq!(RCT_CUTOFF, 2);
}

#[test]
fn the_uncorrected_critbinom_shorthand_would_be_degenerate() {
    // 1 + CRITBINOM(W, 2^-64, 1 - alpha) is 1 (a test that fails every
    // window); the defining inequality gives 2. This is why the code follows
    // the inequality.
    let p = pow2_neg(64);
    let alpha = pow2_neg(40);
    // CRITBINOM(n, p, 1 - alpha) is the smallest k with P(X <= k) >= 1 - alpha,
    // i.e. P(X >= k + 1) <= alpha, so 1 + CRITBINOM is the upper critical value.
    let shorthand = binomial_upper_critical(512, p, alpha);
    assert_eq!(shorthand, 1);
    assert_eq!(apt_cutoff(512, p, alpha), 2);
}
