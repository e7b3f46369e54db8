//! Properties of the sampling functions over arbitrary arguments: results stay
//! in bounds, CPython's semantics hold, out-of-domain input is an error (never
//! a panic), and a failing generator's error comes back instead of a value.
//!
//! Under Miri the number of cases is cut (each case is interpreted, roughly a
//! thousand times slower); the assertions are the same.

use proptest::prelude::*;
use proptest::test_runner::Config;
use rand_chacha::ChaCha8Rng;
use rand_core::SeedableRng;
use secrets_core::Error;
use secrets_core::sample::{
    choice, randbelow, randbits, randint, random, randrange, sample, sample_indices, shuffle,
    uniform,
};
use secrets_core::test_support::{ReplayTape, TAPE_EXHAUSTED};

fn config() -> Config {
    if cfg!(miri) {
        // No regression files under Miri's isolation, and few cases.
        Config {
            cases: 6,
            failure_persistence: None,
            ..Config::default()
        }
    } else {
        Config::with_cases(512)
    }
}

fn rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// The number of elements of Python's `range(start, stop, step)`, in i128.
fn python_range_len(start: i64, stop: i64, step: i64) -> i128 {
    let (start, stop, step) = (i128::from(start), i128::from(stop), i128::from(step));
    if step > 0 && start < stop {
        (stop - start - 1) / step + 1
    } else if step < 0 && start > stop {
        (start - stop - 1) / (-step) + 1
    } else {
        0
    }
}

/// Step values that exercise the edges as well as typical small steps.
fn any_step() -> impl Strategy<Value = i64> {
    prop_oneof![
        -10i64..=10,
        any::<i64>(),
        Just(i64::MIN),
        Just(i64::MAX),
        Just(1),
        Just(-1)
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn randbelow_is_below_the_bound(seed: u64, b32: u32, b64: u64, b128: u128, bsize: usize) {
        let mut r = rng(seed);
        match randbelow(&mut r, b32) {
            Ok(v) => prop_assert!(v < b32),
            Err(e) => prop_assert!(b32 == 0 && e.is_invalid_argument()),
        }
        match randbelow(&mut r, b64) {
            Ok(v) => prop_assert!(v < b64),
            Err(e) => prop_assert!(b64 == 0 && e.is_invalid_argument()),
        }
        match randbelow(&mut r, b128) {
            Ok(v) => prop_assert!(v < b128),
            Err(e) => prop_assert!(b128 == 0 && e.is_invalid_argument()),
        }
        match randbelow(&mut r, bsize) {
            Ok(v) => prop_assert!(v < bsize),
            Err(e) => prop_assert!(bsize == 0 && e.is_invalid_argument()),
        }
    }

    #[test]
    fn randbelow_small_bounds(seed: u64, bound in 0u64..=4) {
        let mut r = rng(seed);
        let result = randbelow(&mut r, bound);
        if bound == 0 {
            prop_assert_eq!(
                result,
                Err(Error::invalid("exclusive_upper_bound", "Upper bound must be positive."))
            );
        } else {
            prop_assert!(result? < bound);
        }
    }

    #[test]
    fn randbits_has_k_bits(seed: u64, k in 0u32..=200) {
        let mut r = rng(seed);
        match randbits::<u128, _>(&mut r, k) {
            Ok(v) => {
                prop_assert!(k <= 128);
                prop_assert!(k == 128 || v >> k == 0, "k={} v={}", k, v);
                if k == 0 {
                    prop_assert_eq!(v, 0);
                }
            }
            Err(e) => prop_assert!(k > 128 && e.is_invalid_argument()),
        }
        match randbits::<u32, _>(&mut r, k) {
            Ok(v) => prop_assert!(k <= 32 && (k == 32 || v >> k == 0)),
            Err(e) => prop_assert!(k > 32 && e.is_invalid_argument()),
        }
        match randbits::<u64, _>(&mut r, k) {
            Ok(v) => prop_assert!(k <= 64 && (k == 64 || v >> k == 0)),
            Err(e) => prop_assert!(k > 64 && e.is_invalid_argument()),
        }
    }

    #[test]
    fn choice_picks_an_element(seed: u64, seq in proptest::collection::vec(any::<u16>(), 0..40)) {
        let mut r = rng(seed);
        match choice(&mut r, &seq) {
            Ok(picked) => {
                // The reference points into the slice itself.
                let index = seq.iter().position(|x| std::ptr::eq(x, picked));
                prop_assert!(index.is_some());
            }
            Err(e) => {
                prop_assert!(seq.is_empty());
                prop_assert_eq!(e, Error::invalid("seq", "Cannot choose from an empty sequence"));
            }
        }
    }

    #[test]
    fn shuffle_permutes(seed: u64, mut items in proptest::collection::vec(any::<u8>(), 0..64)) {
        let mut sorted = items.clone();
        sorted.sort_unstable();
        shuffle(&mut rng(seed), &mut items)?;
        items.sort_unstable();
        prop_assert_eq!(items, sorted);
    }

    #[test]
    fn sample_is_distinct_and_from_the_population(
        seed: u64,
        population in 0usize..80,
        k in 0usize..100,
    ) {
        let mut r = rng(seed);
        match sample_indices(&mut r, population, k) {
            Ok(indices) => {
                prop_assert!(k <= population);
                prop_assert_eq!(indices.len(), k);
                let mut sorted = indices.clone();
                sorted.sort_unstable();
                sorted.dedup();
                prop_assert_eq!(sorted.len(), k, "repeated index");
                prop_assert!(indices.iter().all(|&i| i < population));
            }
            Err(e) => prop_assert!(k > population && e.is_invalid_argument()),
        }
        let items: Vec<usize> = (1000..1000 + population).collect();
        match sample(&mut r, &items, k) {
            Ok(picked) => {
                prop_assert_eq!(picked.len(), k);
                prop_assert!(picked.iter().all(|x| items.contains(x)));
            }
            Err(e) => prop_assert!(k > population && e.is_invalid_argument()),
        }
    }

    #[test]
    fn random_is_a_53_bit_fraction(seed: u64) {
        let x = random(&mut rng(seed))?;
        prop_assert!((0.0..1.0).contains(&x));
        let scaled = x * (1u64 << 53) as f64;
        prop_assert_eq!(scaled, scaled.trunc());
    }

    #[test]
    fn randrange_follows_python(seed: u64, start: i64, stop: i64, step in any_step()) {
        let mut r = rng(seed);
        let len = python_range_len(start, stop, step);
        match randrange(&mut r, start, stop, step) {
            Ok(v) => {
                prop_assert!(len > 0);
                let offset = i128::from(v) - i128::from(start);
                prop_assert_eq!(offset % i128::from(step), 0);
                let index = offset / i128::from(step);
                prop_assert!((0..len).contains(&index), "v={} index={} len={}", v, index, len);
            }
            Err(e) => {
                prop_assert!(e.is_invalid_argument());
                prop_assert!(step == 0 || len == 0, "refused a non-empty range: {}", e);
            }
        }
    }

    #[test]
    fn randrange_near_edges(seed: u64, start in -3i64..=3, width in 0i64..=6, step in -3i64..=3) {
        // Small ranges, so empty/one-element/negative-step cases are dense.
        let mut r = rng(seed);
        let stop = start + width * if step < 0 { -1 } else { 1 };
        let len = python_range_len(start, stop, step);
        match randrange(&mut r, start, stop, step) {
            Ok(v) => {
                let members: Vec<i64> = (0..len as i64).map(|i| start + i * step).collect();
                prop_assert!(members.contains(&v), "{} not in {:?}", v, members);
            }
            Err(_) => prop_assert!(step == 0 || len == 0),
        }
    }

    #[test]
    fn randint_is_inclusive(seed: u64, a: i64, b: i64) {
        match randint(&mut rng(seed), a, b) {
            Ok(v) => prop_assert!(a <= v && v <= b),
            Err(e) => prop_assert!(a > b && e.is_invalid_argument()),
        }
    }

    #[test]
    fn uniform_stays_between_the_bounds(seed: u64, a: f64, b: f64) {
        match uniform(&mut rng(seed), a, b) {
            Ok(v) => {
                prop_assert!(a.is_finite() && b.is_finite());
                prop_assert!(v.is_finite());
                prop_assert!(a.min(b) <= v && v <= a.max(b), "{} not in [{}, {}]", v, a, b);
            }
            Err(e) => prop_assert!((!a.is_finite() || !b.is_finite()) && e.is_invalid_argument()),
        }
    }

    /// A generator that runs dry mid-call: every function returns its error
    /// (or a correct value, if the bytes sufficed), never a panic, never a
    /// value outside the domain.
    #[test]
    fn a_failing_generator_gives_its_error(
        tape in proptest::collection::vec(any::<u8>(), 0..24),
        bound in 1u128..,
        k in 1u32..=128,
        a: i64,
        b: i64,
    ) {
        let failed = |e: Error| e == TAPE_EXHAUSTED || e.is_invalid_argument();
        let mut r = ReplayTape::new(tape.clone());
        match randbelow(&mut r, bound) {
            Ok(v) => prop_assert!(v < bound),
            Err(e) => prop_assert_eq!(e, TAPE_EXHAUSTED),
        }
        let mut r = ReplayTape::new(tape.clone());
        match randbits::<u128, _>(&mut r, k) {
            Ok(v) => prop_assert!(k == 128 || v >> k == 0),
            Err(e) => prop_assert_eq!(e, TAPE_EXHAUSTED),
        }
        let mut r = ReplayTape::new(tape.clone());
        match randint(&mut r, a.min(b), a.max(b)) {
            Ok(v) => prop_assert!(a.min(b) <= v && v <= a.max(b)),
            Err(e) => prop_assert_eq!(e, TAPE_EXHAUSTED),
        }
        let mut r = ReplayTape::new(tape.clone());
        let mut items = [1, 2, 3, 4, 5, 6, 7, 8];
        match shuffle(&mut r, &mut items) {
            Ok(()) | Err(TAPE_EXHAUSTED) => {
                // Either way the slice is a permutation of its input.
                let mut sorted = items;
                sorted.sort_unstable();
                prop_assert_eq!(sorted, [1, 2, 3, 4, 5, 6, 7, 8]);
            }
            Err(e) => prop_assert!(false, "unexpected error {}", e),
        }
        let mut r = ReplayTape::new(tape.clone());
        match sample(&mut r, &items, 5) {
            Ok(picked) => prop_assert_eq!(picked.len(), 5),
            Err(e) => prop_assert_eq!(e, TAPE_EXHAUSTED),
        }
        let mut r = ReplayTape::new(tape.clone());
        if let Err(e) = random(&mut r) {
            prop_assert_eq!(e, TAPE_EXHAUSTED);
        }
        let mut r = ReplayTape::new(tape);
        if let Err(e) = randrange(&mut r, a, b, 1) {
            prop_assert!(failed(e));
        }
    }
}
