//! Chi-square goodness-of-fit tests: byte frequencies, and the uniformity of
//! the sampling functions (`randbelow` over several bounds, `choice`,
//! `shuffle`), which is where a biased reduction (`x % n`, floating-point
//! scaling) would show.

use super::Decision;
use super::special::chi_square_upper_tail;

/// Pearson's chi-square of `observed` counts against `probabilities`
/// (summing to 1). Returns (statistic, degrees of freedom, P-value).
pub fn chi_square(observed: &[u64], probabilities: &[f64]) -> (f64, f64, f64) {
    assert_eq!(observed.len(), probabilities.len());
    let total: u64 = observed.iter().sum();
    let statistic: f64 = observed
        .iter()
        .zip(probabilities)
        .map(|(&o, &p)| {
            let expected = total as f64 * p;
            (o as f64 - expected).powi(2) / expected
        })
        .sum();
    let dof = (observed.len() - 1) as f64;
    (statistic, dof, chi_square_upper_tail(statistic, dof))
}

/// Chi-square of 256 byte counts against the uniform distribution
/// (255 degrees of freedom). Returns (statistic, P-value).
pub fn byte_chi_square(counts: &[u64; 256]) -> (f64, f64) {
    let (statistic, _, p) = chi_square(counts, &[1.0 / 256.0; 256]);
    (statistic, p)
}

/// Largest number of bins a bounded-integer test uses.
pub const MAX_BINS: u64 = 1000;

/// The bins of values `0..bound` used by [`randbelow_decision`]: `bins`
/// equal-width intervals, value `v` in bin `v * bins / bound`; returns the
/// exact probability of each bin (bins differ by at most one value).
pub fn bin_probabilities(bound: u64, bins: u64) -> Vec<f64> {
    let (bound, bins) = (u128::from(bound), u128::from(bins));
    // Values of bin i: ceil(i·bound/bins) .. ceil((i+1)·bound/bins).
    let start = |i: u128| (i * bound).div_ceil(bins);
    (0..bins)
        .map(|i| (start(i + 1) - start(i)) as f64 / bound as f64)
        .collect()
}

/// The decision of a chi-square test of `counts` against `probabilities`;
/// `what` (the draws and cells) starts its detail.
fn chi_square_decision(
    name: String,
    counts: &[u64],
    probabilities: &[f64],
    what: String,
) -> Decision {
    let (statistic, dof, p) = chi_square(counts, probabilities);
    Decision::from_p_value(
        name,
        p,
        format!("{what}; chi-square {statistic:.1} ({dof} dof), P = {p:.3e}"),
    )
}

/// `draws` values of `draw` counted in `probabilities.len()` equal-width
/// bins over `0..bound` and fitted to `probabilities`: the decision
/// "`subject` uniformity", or a failed "`subject` range" for the first value
/// not below `bound` (a failure by itself), described by `outside`.
fn binned_uniformity(
    subject: &str,
    detail: String,
    draws: u64,
    bound: u64,
    probabilities: &[f64],
    draw: &mut dyn FnMut() -> Result<u64, String>,
    outside: &dyn Fn(u64) -> String,
) -> Result<Decision, String> {
    let bins = probabilities.len() as u64;
    let mut counts = vec![0u64; probabilities.len()];
    for _ in 0..draws {
        let v = draw()?;
        if v >= bound {
            return Ok(Decision::exact(
                format!("{subject} range"),
                false,
                outside(v),
            ));
        }
        let bin = u128::from(v) * u128::from(bins) / u128::from(bound);
        counts[bin as usize] += 1;
    }
    Ok(chi_square_decision(
        format!("{subject} uniformity"),
        &counts,
        probabilities,
        detail,
    ))
}

/// Chi-square uniformity of `draws` values from `draw(bound)`, which must
/// return a value in `0..bound` (a value outside is a failure by itself).
pub fn randbelow_decision(
    label: &str,
    bound: u64,
    draws: u64,
    draw: &mut dyn FnMut(u64) -> Result<u64, String>,
) -> Result<Decision, String> {
    binned_uniformity(
        &format!("{label}: randbelow({bound})"),
        format!("{draws} draws in {} bins", bound.min(MAX_BINS)),
        draws,
        bound,
        &bin_probabilities(bound, bound.min(MAX_BINS)),
        &mut || draw(bound),
        &|v| format!("returned {v}, not below {bound}"),
    )
}

/// Chi-square uniformity of the index `pick(n)` chooses among `n` items.
pub fn choice_decision(
    label: &str,
    n: usize,
    draws: u64,
    pick: &mut dyn FnMut(usize) -> Result<usize, String>,
) -> Result<Decision, String> {
    binned_uniformity(
        label,
        format!("{draws} draws over {n} items"),
        draws,
        n as u64,
        &vec![1.0 / n as f64; n],
        &mut || pick(n).map(|i| i as u64),
        &|i| format!("picked index {i} of {n}"),
    )
}

/// Chi-square uniformity of the 24 orders `shuffle` puts 4 items in.
pub fn shuffle_decision(
    label: &str,
    draws: u64,
    shuffle: &mut dyn FnMut(&mut [u8; 4]) -> Result<(), String>,
) -> Result<Decision, String> {
    let mut counts = [0u64; 24];
    for _ in 0..draws {
        let mut items = [0u8, 1, 2, 3];
        shuffle(&mut items)?;
        counts[permutation_rank(&items)] += 1;
    }
    Ok(chi_square_decision(
        format!("{label} uniformity"),
        &counts,
        &[1.0 / 24.0; 24],
        format!("{draws} shuffles of 4 items"),
    ))
}

/// Lehmer rank of a permutation of 0..4 (0..24).
fn permutation_rank(items: &[u8; 4]) -> usize {
    let mut rank = 0;
    for i in 0..4 {
        let smaller_after = items[i + 1..].iter().filter(|&&x| x < items[i]).count();
        rank = rank * (4 - i) + smaller_after;
    }
    rank
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_chacha::ChaCha12Rng;
    use rand_core::{Rng, SeedableRng};

    #[test]
    fn bin_probabilities_are_exact() {
        let p = bin_probabilities(10, 3); // {0,1,2,3} {4,5,6} {7,8,9}
        assert_eq!(p, vec![0.4, 0.3, 0.3]);
        let p = bin_probabilities(u64::MAX, 1000);
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn permutation_ranks_are_a_bijection() {
        let mut seen = [false; 24];
        for a in 0..4u8 {
            for b in 0..4u8 {
                for c in 0..4u8 {
                    for d in 0..4u8 {
                        let p = [a, b, c, d];
                        let mut sorted = p;
                        sorted.sort_unstable();
                        if sorted == [0, 1, 2, 3] {
                            seen[permutation_rank(&p)] = true;
                        }
                    }
                }
            }
        }
        assert!(seen.iter().all(|&s| s));
    }

    #[test]
    fn unbiased_randbelow_passes_and_modulo_bias_fails() {
        let mut rng = ChaCha12Rng::from_seed([1; 32]);
        // 3·2^62: `x % bound` maps twice as many values into the lowest third.
        let bound = 3u64 << 62;
        let mut unbiased =
            |b: u64| secrets_core::sample::randbelow(&mut rng, b).map_err(|e| e.to_string());
        let good = randbelow_decision("lemire", bound, 30_000, &mut unbiased).unwrap();
        assert!(good.passed, "{good:?}");
        let good = randbelow_decision("lemire", 10, 30_000, &mut unbiased).unwrap();
        assert!(good.passed, "{good:?}");
        let mut modulo = |b: u64| Ok(rng.next_u64() % b);
        let bad = randbelow_decision("modulo", bound, 30_000, &mut modulo).unwrap();
        assert!(!bad.passed, "{bad:?}");
        let mut out_of_range = |b: u64| Ok(b);
        let bad = randbelow_decision("broken", 10, 10, &mut out_of_range).unwrap();
        assert!(!bad.passed);
    }

    #[test]
    fn a_float_scaled_choice_fails() {
        // Scaling a 16-bit draw by n = 3 miscounts one value of 65536: too
        // small to see; scaling a byte shows (86 of 256 vs 85 of 256).
        let mut rng = ChaCha12Rng::from_seed([2; 32]);
        let mut biased = |n: usize| Ok((rng.next_u32() & 0xff) as usize % n);
        let bad = choice_decision("byte % 3", 3, 2_000_000, &mut biased).unwrap();
        assert!(!bad.passed, "{bad:?}");
        let mut fair =
            |n: usize| secrets_core::sample::randbelow(&mut rng, n).map_err(|e| e.to_string());
        assert!(
            choice_decision("fair", 3, 200_000, &mut fair)
                .unwrap()
                .passed
        );
    }

    #[test]
    fn a_naive_shuffle_fails() {
        let mut rng = ChaCha12Rng::from_seed([3; 32]);
        // Swapping each position with any position is the classic biased shuffle.
        let mut naive = |items: &mut [u8; 4]| {
            for i in 0..4 {
                let j = (rng.next_u32() % 4) as usize;
                items.swap(i, j);
            }
            Ok(())
        };
        let bad = shuffle_decision("naive", 50_000, &mut naive).unwrap();
        assert!(!bad.passed, "{bad:?}");
        let mut fisher_yates = |items: &mut [u8; 4]| {
            secrets_core::sample::shuffle(&mut rng, items).map_err(|e| e.to_string())
        };
        assert!(
            shuffle_decision("fisher-yates", 50_000, &mut fisher_yates)
                .unwrap()
                .passed
        );
    }
}
