//! The special functions the P-values need, from `statrs` (a maintained,
//! widely used implementation of Cephes' methods, as SP 800-22's own code
//! uses): `ln Γ`, the regularized incomplete gamma functions `igam`/`igamc`,
//! `erfc`, and the normal, chi-square and binomial tails built on them.
//!
//! Only the domain rules (and `erfc`, see there) are ours: a statistic of zero or below has P-value
//! 1, an infinite one P-value 0, and anything undefined is NaN (which fails
//! every decision) instead of a panic. The tests pin our use of `statrs`
//! to known values.

use statrs::distribution::{Binomial, DiscreteCDF};
use statrs::function::gamma;

pub use statrs::function::gamma::ln_gamma;

/// The regularized lower incomplete gamma function P(a, x).
pub fn igam(a: f64, x: f64) -> f64 {
    regularized_gamma(x, 0.0, 1.0, || gamma::checked_gamma_lr(a, x))
}

/// The regularized upper incomplete gamma function Q(a, x) = 1 - P(a, x),
/// called `igamc` in SP 800-22. The chi-square upper tail with `k` degrees of
/// freedom at statistic `s` is `igamc(k / 2, s / 2)`.
pub fn igamc(a: f64, x: f64) -> f64 {
    regularized_gamma(x, 1.0, 0.0, || gamma::checked_gamma_ur(a, x))
}

/// A regularized incomplete gamma ratio: its limits at `x <= 0` and
/// `x = ∞`, else statrs' value (NaN where statrs refuses the arguments).
fn regularized_gamma<E>(
    x: f64,
    at_zero: f64,
    at_infinity: f64,
    ratio: impl FnOnce() -> Result<f64, E>,
) -> f64 {
    if x <= 0.0 {
        at_zero
    } else if x == f64::INFINITY {
        at_infinity
    } else {
        ratio().unwrap_or(f64::NAN)
    }
}

/// The complementary error function, through `erfc(x) = Q(1/2, x²)` for
/// `x ≥ 0`: `statrs`'s own `erfc` is off by about 10⁻¹⁰ relative (0.5 gives
/// 0.47950012224 for 0.47950012219), its incomplete gamma is exact to the
/// last digits and keeps full relative precision in the far tail.
pub fn erfc(x: f64) -> f64 {
    if x < 0.0 {
        2.0 - erfc(-x)
    } else {
        igamc(0.5, x * x)
    }
}

/// The standard normal cumulative distribution function Φ(x).
pub fn normal_cdf(x: f64) -> f64 {
    0.5 * erfc(-x / std::f64::consts::SQRT_2)
}

/// The upper tail of the chi-square distribution with `dof` degrees of
/// freedom: the P-value of statistic `chi_square`.
pub fn chi_square_upper_tail(chi_square: f64, dof: f64) -> f64 {
    igamc(dof / 2.0, chi_square / 2.0)
}

/// `P(X ≥ k)` for `X ~ Binomial(n, p)`.
pub fn binomial_upper_tail(n: u64, p: f64, k: u64) -> f64 {
    match (k, Binomial::new(p, n)) {
        (0, _) => 1.0,
        (k, _) if k > n => 0.0,
        // P(X ≥ k) = P(X > k - 1), the survival function at k - 1.
        (k, Ok(binomial)) => binomial.sf(k - 1),
        (_, Err(_)) => f64::NAN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::PI;

    fn assert_close(got: f64, want: f64, relative: f64) {
        let error = ((got - want) / want).abs();
        assert!(
            error <= relative,
            "got {got:e}, want {want:e} (relative error {error:e} > {relative:e})"
        );
    }

    #[test]
    fn ln_gamma_matches_factorials_and_half_integers() {
        // Γ(n) = (n-1)!, Γ(1/2) = √π, Γ(5/2) = 3√π/4.
        assert_close(ln_gamma(1.0).exp(), 1.0, 1e-14);
        assert_close(ln_gamma(5.0).exp(), 24.0, 1e-13);
        assert_close(ln_gamma(21.0), (2_432_902_008_176_640_000f64).ln(), 1e-14);
        assert_close(ln_gamma(0.5).exp(), PI.sqrt(), 1e-14);
        assert_close(ln_gamma(2.5).exp(), 0.75 * PI.sqrt(), 1e-14);
        assert_close(ln_gamma(0.1).exp(), 9.513_507_698_668_732, 1e-13);
        // ln Γ(1000) from Stirling's series to many digits.
        assert_close(ln_gamma(1000.0), 5_905.220_423_209_181, 1e-14);
    }

    #[test]
    fn erfc_matches_known_values() {
        // Values of erfc from Abramowitz & Stegun table 7.1 / high-precision references.
        assert_eq!(erfc(0.0), 1.0);
        assert_close(erfc(0.5), 0.479_500_122_186_953_5, 1e-14);
        assert_close(erfc(1.0), 0.157_299_207_050_285_13, 1e-14);
        assert_close(erfc(2.0), 4.677_734_981_047_266e-3, 1e-13);
        assert_close(erfc(3.0), 2.209_049_699_858_544e-5, 1e-12);
        assert_close(erfc(5.0), 1.537_459_794_428_035e-12, 1e-11);
        assert_close(erfc(10.0), 2.088_487_583_762_545e-45, 1e-10);
        assert_close(erfc(-1.0), 2.0 - 0.157_299_207_050_285_13, 1e-14);
    }

    #[test]
    fn normal_cdf_matches_known_values() {
        assert_close(normal_cdf(0.0), 0.5, 1e-15);
        assert_close(normal_cdf(1.96), 0.975_002_104_851_780, 1e-13);
        assert_close(normal_cdf(-3.0), 1.349_898_031_630_094_6e-3, 1e-12);
    }

    #[test]
    fn igamc_matches_closed_forms() {
        // Q(1, x) = e^-x; Q(n, x) = e^-x Σ_{k<n} x^k / k!.
        for x in [0.1, 1.0, 5.0, 30.0, 200.0] {
            assert_close(igamc(1.0, x), (-x).exp(), 1e-13);
            let poisson3 = (-x).exp() * (1.0 + x + x * x / 2.0);
            assert_close(igamc(3.0, x), poisson3, 1e-12);
        }
        // Q(1/2, x²) = erfc(x) is the definition used above; check Q(3/2, x)
        // against its closed form erfc(√x) + 2√(x/π) e^-x.
        for x in [0.3f64, 2.0, 9.0] {
            let closed = erfc(x.sqrt()) + 2.0 * (x / PI).sqrt() * (-x).exp();
            assert_close(igamc(1.5, x), closed, 1e-12);
        }
        assert_close(igam(2.0, 3.0) + igamc(2.0, 3.0), 1.0, 1e-15);
    }

    #[test]
    fn chi_square_tail_matches_tables() {
        // Critical values from standard chi-square tables.
        assert_close(
            chi_square_upper_tail(3.841_458_820_694_124, 1.0),
            0.05,
            1e-9,
        );
        assert_close(
            chi_square_upper_tail(23.209_251_158_954_36, 10.0),
            0.01,
            1e-9,
        );
        assert_close(
            chi_square_upper_tail(310.457_388_219_766_9, 255.0),
            0.01,
            1e-8,
        );
        // Large degrees of freedom (the serial test with m = 16 has 2^15):
        // the median of chi-square(k) is close to k(1 - 2/(9k))^3.
        let k = 32_768.0f64;
        let median = k * (1.0 - 2.0 / (9.0 * k)).powi(3);
        assert_close(chi_square_upper_tail(median, k), 0.5, 1e-4);
    }

    #[test]
    fn binomial_tail_matches_direct_sum() {
        // P(X ≥ 1) = 1 - (1-p)^n.
        assert_close(
            binomial_upper_tail(64, 0.01, 1),
            1.0 - 0.99f64.powi(64),
            1e-12,
        );
        // P(X ≥ 2) for Bin(10, 1/2) = 1 - 11/1024.
        assert_close(binomial_upper_tail(10, 0.5, 2), 1.0 - 11.0 / 1024.0, 1e-13);
        assert_eq!(binomial_upper_tail(10, 0.5, 0), 1.0);
        assert_eq!(binomial_upper_tail(10, 0.5, 11), 0.0);
        assert_close(binomial_upper_tail(10, 0.5, 10), 1.0 / 1024.0, 1e-12);
    }
}
