//! Weighted and unweighted `choices` (with replacement) and their errors.

mod common;

use common::{assert_fits, assert_uniform, seeded};
use secrets::Error;

fn reason(error: Error) -> &'static str {
    match error {
        Error::InvalidArgument { reason, .. } => reason,
        other => panic!("expected an invalid-argument error, got {other:?}"),
    }
}

fn counts<T: PartialEq>(population: &[T], drawn: &[T]) -> Vec<u64> {
    let mut counts = vec![0u64; population.len()];
    for item in drawn {
        counts[population.iter().position(|p| p == item).unwrap()] += 1;
    }
    counts
}

#[test]
fn unweighted_choices_are_uniform() {
    let population: Vec<u32> = (0..20).collect();
    let drawn = seeded(1).choices(&population, None, 20_000).unwrap();
    assert_eq!(drawn.len(), 20_000);
    assert_uniform("choices unweighted", &counts(&population, &drawn));
    assert!(seeded(1).choices(&population, None, 0).unwrap().is_empty());
}

#[test]
fn integer_weights_give_exact_proportions() {
    let population = ['a', 'b', 'c', 'd', 'e'];
    let weights = [1u64, 0, 3, 6, 10];
    let draws = 40_000;
    let drawn = seeded(2)
        .choices(&population, Some(&weights), draws)
        .unwrap();
    let observed = counts(&population, &drawn);
    assert_eq!(observed[1], 0, "a zero weight is never chosen");
    let total: u64 = weights.iter().sum();
    let kept: Vec<usize> = (0..5).filter(|&i| weights[i] > 0).collect();
    let obs: Vec<u64> = kept.iter().map(|&i| observed[i]).collect();
    let exp: Vec<f64> = kept
        .iter()
        .map(|&i| weights[i] as f64 / total as f64 * draws as f64)
        .collect();
    assert_fits("choices integer weights", &obs, &exp);
}

#[test]
fn huge_integer_weights_do_not_overflow() {
    let population = [0u8, 1, 2];
    let weights = [u64::MAX, u64::MAX, u64::MAX];
    let drawn = seeded(3)
        .choices(&population, Some(&weights), 9000)
        .unwrap();
    assert_uniform("choices u64::MAX weights", &counts(&population, &drawn));
}

#[test]
fn float_weights_give_their_proportions() {
    let population = ["x", "y", "z", "w"];
    let weights = [0.1, 0.2, 0.7, 0.0];
    let draws = 30_000;
    let drawn = seeded(4).choices_f64(&population, &weights, draws).unwrap();
    let observed = counts(&population, &drawn);
    assert_eq!(observed[3], 0);
    let expected: Vec<f64> = weights[..3]
        .iter()
        .map(|w| w / 1.0 * draws as f64)
        .collect();
    assert_fits("choices_f64", &observed[..3], &expected);

    // A tiny positive weight stays possible (never rounded to zero) and
    // extreme magnitudes neither overflow nor panic.
    let drawn = seeded(5)
        .choices_f64(&[1, 2], &[f64::MAX, f64::MAX], 1000)
        .unwrap();
    assert_uniform("choices_f64 f64::MAX", &counts(&[1, 2], &drawn));
    let drawn = seeded(6)
        .choices_f64(&[1, 2], &[5e-324, 5e-324], 1000)
        .unwrap();
    assert_uniform("choices_f64 subnormal", &counts(&[1, 2], &drawn));
}

#[test]
fn bad_inputs_are_clear_errors() {
    let mut s = seeded(7);
    let empty: [u8; 0] = [];
    assert_eq!(
        reason(s.choices(&empty, None, 1).unwrap_err()),
        "Cannot choose from an empty population"
    );
    assert_eq!(
        reason(s.choices(&empty, Some(&[]), 1).unwrap_err()),
        "Cannot choose from an empty population"
    );
    assert_eq!(
        reason(s.choices_f64(&empty, &[], 1).unwrap_err()),
        "Cannot choose from an empty population"
    );
    assert_eq!(
        reason(s.choices(&[1, 2], Some(&[1]), 1).unwrap_err()),
        "The number of weights does not match the population"
    );
    assert_eq!(
        reason(s.choices_f64(&[1, 2], &[1.0, 2.0, 3.0], 1).unwrap_err()),
        "The number of weights does not match the population"
    );
    assert_eq!(
        reason(s.choices(&[1, 2], Some(&[0, 0]), 1).unwrap_err()),
        "Total of weights must be greater than zero"
    );
    assert_eq!(
        reason(s.choices_f64(&[1, 2], &[0.0, -0.0], 1).unwrap_err()),
        "Total of weights must be greater than zero"
    );
    assert_eq!(
        reason(s.choices_f64(&[1, 2], &[1.0, -1.0], 1).unwrap_err()),
        "weights must not be negative"
    );
    assert!(reason(s.choices_f64(&[1, 2], &[1.0, f64::NAN], 1).unwrap_err()).contains("finite"));
    assert!(
        reason(
            s.choices_f64(&[1, 2], &[f64::INFINITY, 1.0], 1)
                .unwrap_err()
        )
        .contains("finite")
    );
    assert!(
        reason(
            s.choices_f64(&[1, 2], &[f64::NEG_INFINITY, 1.0], 1)
                .unwrap_err()
        )
        .contains("finite")
    );
    // Errors come first even for k = 0, so a bad call never "works".
    assert!(s.choices(&[1, 2], Some(&[0, 0]), 0).is_err());
}

#[test]
fn free_functions() {
    let population = ["a", "b", "c"];
    let picked = secrets::choices(&population, Some(&[1, 1, 1]), 10).unwrap();
    assert_eq!(picked.len(), 10);
    assert!(picked.iter().all(|p| population.contains(p)));
    assert_eq!(
        secrets::choices_f64(&population, &[0.0, 1.0, 0.0], 5).unwrap(),
        ["b"; 5]
    );
    let sample = secrets::sample(&population, 3).unwrap();
    let mut sorted = sample.clone();
    sorted.sort();
    assert_eq!(sorted, population);
    assert!(
        secrets::sample(&population, 4)
            .unwrap_err()
            .is_invalid_argument()
    );
    assert!(secrets::sample::<u8>(&[], 0).unwrap().is_empty());
}

#[test]
fn absurd_sizes_are_errors_not_aborts() {
    let mut s = seeded(8);
    assert!(
        s.choices(&[1u8, 2], None, usize::MAX)
            .unwrap_err()
            .is_invalid_argument()
    );
    assert!(
        s.choices(&[1u8, 2], Some(&[1, 1]), usize::MAX)
            .unwrap_err()
            .is_invalid_argument()
    );
    assert!(
        s.try_token_bytes(usize::MAX)
            .unwrap_err()
            .is_invalid_argument()
    );
    assert!(
        s.try_token_hex(usize::MAX)
            .unwrap_err()
            .is_invalid_argument()
    );
    assert!(
        s.try_token_urlsafe(usize::MAX / 2)
            .unwrap_err()
            .is_invalid_argument()
    );
    let huge = secrets::PasswordPolicy {
        length: usize::MAX,
        ..Default::default()
    };
    assert!(s.password(&huge).unwrap_err().is_invalid_argument());
    let words = secrets::Wordlist::Custom(vec!["a".into(), "b".into()]);
    let many = secrets::PassphrasePolicy {
        words: usize::MAX,
        separator: " ".into(),
        wordlist: words,
    };
    assert!(s.passphrase(&many).unwrap_err().is_invalid_argument());
}
