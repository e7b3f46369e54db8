//! `choices` with replacement: uniform, integer-weighted and float-weighted,
//! all exactly unbiased.
//!
//! Weighted draws use cumulative integer weights, one exact `randbelow` on
//! the total and a binary search, so element `i` comes up with probability
//! exactly `w_i / total` — no floating point decides anything (Python draws a
//! float in `[0, total)` and bisects, which is off by about 2^-53).

use rand_core::TryCryptoRng;
use secrets_core::sample;

use crate::{Error, Secrets};

const EMPTY_POPULATION: Error =
    Error::invalid("population", "Cannot choose from an empty population");
const WEIGHTS_LENGTH: Error = Error::invalid(
    "weights",
    "The number of weights does not match the population",
);
const ZERO_TOTAL: Error = Error::invalid("weights", "Total of weights must be greater than zero");
const NON_FINITE: Error = Error::invalid(
    "weights",
    "weights must be finite numbers (no NaN or infinity)",
);
const NEGATIVE: Error = Error::invalid("weights", "weights must not be negative");

/// The float weights' sum is scaled to just below 2^SCALE_BITS.
const SCALE_BITS: i32 = 100;

impl<R: TryCryptoRng<Error: 'static>> Secrets<R> {
    /// `k` elements drawn from `population` with replacement, as Python's
    /// `SystemRandom().choices`: uniformly when `weights` is `None`, else
    /// element `i` with probability exactly `weights[i] / sum(weights)`
    /// (the sum is computed in 128 bits, so it cannot overflow).
    ///
    /// Errors: an empty population, `weights` of a different length than the
    /// population ("The number of weights does not match the population"),
    /// or weights summing to zero ("Total of weights must be greater than
    /// zero").
    ///
    /// ```
    /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
    /// let loaded_die = handle.choices(&[1, 2, 3, 4, 5, 6], Some(&[1, 1, 1, 1, 1, 5]), 10)?;
    /// assert_eq!(loaded_die.len(), 10);
    /// assert!(handle.choices(&[1, 2], Some(&[0, 0]), 1).is_err()); // total of weights is zero
    /// # Ok::<(), secrets::Error>(())
    /// ```
    pub fn choices<T: Clone>(
        &mut self,
        population: &[T],
        weights: Option<&[u64]>,
        k: usize,
    ) -> Result<Vec<T>, Error> {
        if population.is_empty() {
            return Err(EMPTY_POPULATION);
        }
        let Some(weights) = weights else {
            let mut chosen = result_vec(k)?;
            let mut draws = self.buffered(k.saturating_mul(4));
            for _ in 0..k {
                chosen.push(sample::choice(&mut draws, population)?.clone());
            }
            return Ok(chosen);
        };
        if weights.len() != population.len() {
            return Err(WEIGHTS_LENGTH);
        }
        let cumulative = cumulative_sums(weights.iter().map(|&w| u128::from(w)))?;
        self.choices_cumulative(population, &cumulative, k)
    }

    /// As [`choices`](Self::choices) with float weights.
    ///
    /// Each weight must be finite and non-negative, and at least one
    /// positive; otherwise an error says which rule was broken.
    ///
    /// **How float weights are converted.** Every weight is multiplied by the
    /// same power of two, chosen so the sum lands just below 2^100, and
    /// rounded *up* to an integer; the draw is then exact over those integers.
    /// Scaling by a power of two is exact, so when no positive weight is
    /// smaller than about 2^-45 of the largest (always the case for integer
    /// weights and typical fractions such as 0.1, 0.2, 0.7) element `i` is
    /// chosen with probability exactly `weights[i] / sum` in exact
    /// arithmetic. A tinier weight is rounded up by less than one part in
    /// 2^(99 - ceil(log2 n)) of the total for `n` weights (2^-89 for a
    /// thousand), so a positive weight never becomes impossible. (Python's
    /// float bisection is off by about 2^-53.)
    ///
    /// ```
    /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
    /// let picks = handle.choices_f64(&["a", "b"], &[0.25, 0.75], 4)?;
    /// assert_eq!(picks.len(), 4);
    /// assert!(handle.choices_f64(&["a"], &[-1.0], 1).is_err());
    /// # Ok::<(), secrets::Error>(())
    /// ```
    pub fn choices_f64<T: Clone>(
        &mut self,
        population: &[T],
        weights: &[f64],
        k: usize,
    ) -> Result<Vec<T>, Error> {
        if population.is_empty() {
            return Err(EMPTY_POPULATION);
        }
        if weights.len() != population.len() {
            return Err(WEIGHTS_LENGTH);
        }
        let integers = float_weights_to_integers(weights)?;
        let cumulative = cumulative_sums(integers.iter().copied())?;
        self.choices_cumulative(population, &cumulative, k)
    }

    fn choices_cumulative<T: Clone>(
        &mut self,
        population: &[T],
        cumulative: &[u128],
        k: usize,
    ) -> Result<Vec<T>, Error> {
        let total = cumulative.last().copied().unwrap_or(0);
        if total == 0 {
            return Err(ZERO_TOTAL);
        }
        let mut chosen = result_vec(k)?;
        let word_bytes = if total > u128::from(u64::MAX) { 16 } else { 8 };
        let mut draws = self.buffered(k.saturating_mul(word_bytes));
        for _ in 0..k {
            let r = sample::randbelow(&mut draws, total)?;
            // The first element whose cumulative weight exceeds r; a
            // zero-weight element never qualifies (its cumulative weight
            // equals its predecessor's).
            let index = cumulative.partition_point(|&c| c <= r);
            chosen.push(population[index].clone());
        }
        Ok(chosen)
    }
}

/// The running totals of `weights`, in one fallible allocation. (u64
/// weights sum exactly in u128; float weights are scaled to sum below 2^100.)
fn cumulative_sums(weights: impl ExactSizeIterator<Item = u128>) -> Result<Vec<u128>, Error> {
    let mut sums = Vec::new();
    sums.try_reserve_exact(weights.len()).map_err(|_| {
        Error::invalid(
            "weights",
            "too many weights: their sums would not fit in memory",
        )
    })?;
    sums.extend(weights.scan(0u128, |total, w| {
        *total += w;
        Some(*total)
    }));
    Ok(sums)
}

/// An empty vector with room for `k` results, or an error if `k` is too
/// large to allocate.
fn result_vec<T>(k: usize) -> Result<Vec<T>, Error> {
    let mut chosen = Vec::new();
    chosen.try_reserve_exact(k).map_err(|_| {
        Error::invalid("k", "too many elements: the result would not fit in memory")
    })?;
    Ok(chosen)
}

/// An f64 as `mantissa * 2^exponent` with an integer mantissa below 2^53.
fn decompose(x: f64) -> (u64, i32) {
    let bits = x.to_bits();
    let exponent_field = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1u64 << 52) - 1);
    if exponent_field == 0 {
        (fraction, -1074) // zero or subnormal
    } else {
        (fraction | (1u64 << 52), exponent_field - 1075)
    }
}

/// `ceil(mantissa * 2^shift)` for `mantissa * 2^shift < 2^SCALE_BITS`.
fn scale_up(mantissa: u64, shift: i32) -> u128 {
    let mantissa = u128::from(mantissa);
    if mantissa == 0 {
        0
    } else if shift >= 0 {
        mantissa << shift
    } else if shift <= -128 {
        1
    } else {
        let drop = shift.unsigned_abs();
        (mantissa + (1u128 << drop) - 1) >> drop
    }
}

/// Validates float weights and converts them to integers by one common
/// power-of-two scale (see `choices_f64`).
pub(crate) fn float_weights_to_integers(weights: &[f64]) -> Result<Vec<u128>, Error> {
    // Exponent of the bit just above the largest weight: every weight < 2^top.
    let mut top: Option<i32> = None;
    for &w in weights {
        if !w.is_finite() {
            return Err(NON_FINITE);
        }
        if w < 0.0 {
            return Err(NEGATIVE);
        }
        let (mantissa, exponent) = decompose(w);
        if mantissa != 0 {
            let bits = 64 - mantissa.leading_zeros() as i32;
            let w_top = exponent + bits;
            top = Some(top.map_or(w_top, |t| t.max(w_top)));
        }
    }
    let Some(top) = top else {
        return Err(ZERO_TOTAL);
    };
    // n weights each below 2^(top + shift) sum below 2^SCALE_BITS when
    // top + shift + ceil(log2 n) <= SCALE_BITS; rounding up adds < n more.
    let log2_n = usize::BITS as i32 - (weights.len() - 1).leading_zeros() as i32;
    let shift = SCALE_BITS - top - log2_n;
    Ok(weights
        .iter()
        .map(|&w| {
            let (mantissa, exponent) = decompose(w);
            scale_up(mantissa, exponent + shift)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decompose_round_trips() {
        for x in [
            0.0,
            1.0,
            0.1,
            0.7,
            3.5e300,
            f64::MIN_POSITIVE,
            5e-324,
            1e-310,
            f64::MAX,
        ] {
            let (m, e) = decompose(x);
            // Rebuild in two steps so 2^e itself never overflows.
            let rebuilt = (m as f64) * 2f64.powi(e / 2) * 2f64.powi(e - e / 2);
            assert_eq!(rebuilt, x, "{x}");
        }
    }

    #[test]
    fn integer_and_dyadic_weights_keep_exact_ratios() {
        let ints = float_weights_to_integers(&[1.0, 2.0, 3.0]).unwrap();
        assert_eq!(ints[1], 2 * ints[0]);
        assert_eq!(ints[2], 3 * ints[0]);
        let tenths = float_weights_to_integers(&[0.1, 0.2, 0.7]).unwrap();
        // 0.2 is exactly twice 0.1 in binary floating point too.
        assert_eq!(tenths[1], 2 * tenths[0]);
        let total: u128 = tenths.iter().sum();
        assert!(total < 1 << 100 && total > 1 << 97, "{total}");
    }

    #[test]
    fn extreme_weights_stay_in_range_and_positive() {
        let ints = float_weights_to_integers(&[f64::MAX, 5e-324, 0.0, f64::MAX]).unwrap();
        assert_eq!(ints[1], 1, "a positive weight never rounds to zero");
        assert_eq!(ints[2], 0);
        assert!(ints.iter().sum::<u128>() < 1 << 100);
        let tiny = float_weights_to_integers(&[5e-324, 1e-320]).unwrap();
        assert!(tiny[0] > 0 && tiny[1] > tiny[0]);
    }

    #[test]
    fn bad_float_weights_are_refused() {
        assert_eq!(float_weights_to_integers(&[1.0, f64::NAN]), Err(NON_FINITE));
        assert_eq!(float_weights_to_integers(&[f64::INFINITY]), Err(NON_FINITE));
        assert_eq!(float_weights_to_integers(&[1.0, -0.5]), Err(NEGATIVE));
        assert_eq!(float_weights_to_integers(&[0.0, -0.0]), Err(ZERO_TOTAL));
        assert_eq!(float_weights_to_integers(&[]), Err(ZERO_TOTAL));
    }
}
