//! The special functions the P-values need: `ln Γ`, the regularized incomplete
//! gamma functions `igam`/`igamc`, `erfc` and the normal CDF.
//!
//! SP 800-22 computes its P-values with Cephes; these follow the same
//! numerical methods (Lanczos for `ln Γ`, the power series of `igam` for
//! `x < a`, the Legendre continued fraction of `igamc` otherwise), so tiny
//! upper-tail probabilities keep their relative precision instead of being
//! computed as `1 - (something close to 1)`.

use std::f64::consts::PI;

/// Relative precision at which the series and continued fraction stop.
const EPSILON: f64 = 1e-16;
/// Iteration cap; the largest `a` we use (2^15, the serial test with m = 17)
/// converges in a few thousand terms.
const MAX_ITERATIONS: usize = 1_000_000;
/// exp(MIN_LOG) underflows to 0.
const MIN_LOG: f64 = -745.0;

/// `ln Γ(x)` for `x > 0` (Lanczos approximation, g = 7, 9 terms; relative
/// error about 1e-15), with the reflection formula below 1/2.
pub fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const COEFFICIENTS: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Γ(x) Γ(1 - x) = π / sin(πx); only used for 0 < x < 1/2 here.
        return (PI / (PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut series = COEFFICIENTS[0];
    for (i, &c) in COEFFICIENTS.iter().enumerate().skip(1) {
        series += c / (x + i as f64);
    }
    let t = x + G + 0.5;
    0.5 * (2.0 * PI).ln() + (x + 0.5) * t.ln() - t + series.ln()
}

/// `ln(x^a e^-x / Γ(a))`, the common factor of both incomplete gammas.
fn log_prefactor(a: f64, x: f64) -> f64 {
    a * x.ln() - x - ln_gamma(a)
}

/// The regularized lower incomplete gamma function P(a, x).
pub fn igam(a: f64, x: f64) -> f64 {
    if x <= 0.0 || a <= 0.0 {
        return 0.0;
    }
    if x > 1.0 && x > a {
        return 1.0 - igamc(a, x);
    }
    let log_ax = log_prefactor(a, x);
    if log_ax < MIN_LOG {
        return 0.0;
    }
    // P(a, x) = x^a e^-x / Γ(a + 1) · Σ x^k / ((a+1)…(a+k)).
    let mut r = a;
    let mut term = 1.0;
    let mut sum = 1.0;
    for _ in 0..MAX_ITERATIONS {
        r += 1.0;
        term *= x / r;
        sum += term;
        if term / sum <= EPSILON {
            break;
        }
    }
    sum * log_ax.exp() / a
}

/// The regularized upper incomplete gamma function Q(a, x) = 1 - P(a, x),
/// called `igamc` in SP 800-22. The chi-square upper tail with `k` degrees of
/// freedom at statistic `s` is `igamc(k / 2, s / 2)`.
pub fn igamc(a: f64, x: f64) -> f64 {
    if x <= 0.0 || a <= 0.0 {
        return 1.0;
    }
    if x < 1.0 || x < a {
        return 1.0 - igam(a, x);
    }
    let log_ax = log_prefactor(a, x);
    if log_ax < MIN_LOG {
        return 0.0;
    }
    // Continued fraction (Cephes `igamc`), evaluated with the three-term
    // recurrence and rescaled when the numbers grow.
    const BIG: f64 = 4.503_599_627_370_496e15;
    const BIG_INVERSE: f64 = 2.220_446_049_250_313e-16;
    let mut y = 1.0 - a;
    let mut z = x + y + 1.0;
    let mut c = 0.0;
    let mut p_prev2 = 1.0;
    let mut q_prev2 = x;
    let mut p_prev1 = x + 1.0;
    let mut q_prev1 = z * x;
    let mut answer = p_prev1 / q_prev1;
    for _ in 0..MAX_ITERATIONS {
        c += 1.0;
        y += 1.0;
        z += 2.0;
        let yc = y * c;
        let p = p_prev1 * z - p_prev2 * yc;
        let q = q_prev1 * z - q_prev2 * yc;
        let change = if q != 0.0 {
            let ratio = p / q;
            let change = ((answer - ratio) / ratio).abs();
            answer = ratio;
            change
        } else {
            1.0
        };
        p_prev2 = p_prev1;
        p_prev1 = p;
        q_prev2 = q_prev1;
        q_prev1 = q;
        if p.abs() > BIG {
            p_prev2 *= BIG_INVERSE;
            p_prev1 *= BIG_INVERSE;
            q_prev2 *= BIG_INVERSE;
            q_prev1 *= BIG_INVERSE;
        }
        if change <= EPSILON {
            break;
        }
    }
    answer * log_ax.exp()
}

/// The complementary error function, through `erfc(x) = Q(1/2, x²)` for
/// `x ≥ 0` (which keeps full relative precision in the far tail).
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

/// `P(X ≥ k)` for `X ~ Binomial(n, p)`, summed exactly in log space.
pub fn binomial_upper_tail(n: u64, p: f64, k: u64) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if k > n {
        return 0.0;
    }
    let ln_choose = |i: u64| {
        ln_gamma(n as f64 + 1.0) - ln_gamma(i as f64 + 1.0) - ln_gamma((n - i) as f64 + 1.0)
    };
    let mut total = 0.0;
    for i in k..=n {
        let ln_pmf = ln_choose(i) + i as f64 * p.ln() + (n - i) as f64 * (1.0 - p).ln();
        let term = ln_pmf.exp();
        total += term;
        // Terms decrease geometrically past the mode; stop once negligible.
        if i as f64 > n as f64 * p && term < total * 1e-17 {
            break;
        }
    }
    total.min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

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
