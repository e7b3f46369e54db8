//! The raw CTR_DRBG mechanism (AES-128/192/256, with and without df) driven
//! by arbitrary call sequences with arbitrary input lengths.
//!
//! Oracle: SP 800-90A's input rules as the crate documents them, written out
//! again here (`expect_*`): every call must succeed exactly when the rules
//! allow it, and fail with the documented error otherwise. A second instance
//! receives only the calls that succeed: both must keep producing identical
//! output, which shows that a refused call leaves the state unchanged; a
//! refused Generate must also leave the output buffer untouched.
#![no_main]

use libfuzzer_sys::arbitrary::{Result as ArbResult, Unstructured};
use libfuzzer_sys::fuzz_target;
use secrets_core::Error;
use secrets_ctr_drbg::aes::{Aes128Enc, Aes192Enc, Aes256Enc};
use secrets_ctr_drbg::{AesVariant, Config, CtrDrbg, MAX_BYTES_PER_REQUEST};

/// Security strength and seedlen of each variant, in bytes (SP 800-90A table 3).
struct Sizes {
    strength: usize,
    seedlen: usize,
}

fn bytes<'a>(u: &mut Unstructured<'a>, max: usize) -> ArbResult<&'a [u8]> {
    let len = u.int_in_range(0..=max)?;
    u.bytes(len)
}

/// A length biased towards the boundaries of the rules.
fn input<'a>(u: &mut Unstructured<'a>, sizes: &Sizes) -> ArbResult<&'a [u8]> {
    let len = match u.int_in_range(0u8..=7)? {
        0 => sizes.strength,
        1 => sizes.seedlen,
        2 => sizes.strength / 2,
        3 => sizes.seedlen + 1,
        4 => sizes.strength.saturating_sub(1),
        5 => (sizes.strength / 2).saturating_sub(1),
        _ => u.int_in_range(0..=200)?,
    };
    u.bytes(len)
}

fn expect_instantiate(df: bool, s: &Sizes, interval: u64, e: &[u8], n: &[u8], p: &[u8]) -> bool {
    let interval_ok = (1..=1u64 << 48).contains(&interval);
    let inputs_ok = if df {
        e.len() >= s.strength && n.len() >= s.strength / 2
    } else {
        e.len() == s.seedlen && n.is_empty() && p.len() <= s.seedlen
    };
    interval_ok && inputs_ok
}

fn expect_reseed(df: bool, s: &Sizes, e: &[u8], a: &[u8]) -> bool {
    if df {
        e.len() >= s.strength
    } else {
        e.len() == s.seedlen && a.len() <= s.seedlen
    }
}

fn run<C: AesVariant>(u: &mut Unstructured<'_>, df: bool, sizes: Sizes) -> ArbResult<()> {
    let interval = match u.int_in_range(0u8..=3)? {
        0 => 0,
        1 => (1 << 48) + 1,
        _ => u.int_in_range(1..=6)?,
    };
    let config = if df {
        Config::with_df()
    } else {
        Config::without_df()
    }
    .reseed_interval(interval);
    let (e, n, p) = (input(u, &sizes)?, input(u, &sizes)?, bytes(u, 64)?);
    let expected = expect_instantiate(df, &sizes, interval, e, n, p);
    let mut drbg = match CtrDrbg::<C>::instantiate(config, e, n, p) {
        Ok(drbg) => {
            assert!(expected, "instantiate accepted bad input");
            drbg
        }
        Err(error) => {
            assert!(!expected, "instantiate refused good input: {error}");
            assert!(error.is_invalid_argument(), "{error}");
            return Ok(());
        }
    };
    let Ok(mut twin) = CtrDrbg::<C>::instantiate(config, e, n, p) else {
        panic!("instantiate is not deterministic");
    };
    assert_eq!(drbg.uses_df(), df);
    assert_eq!(drbg.reseed_counter(), 1);

    while !u.is_empty() {
        match u.int_in_range(0u8..=3)? {
            0 | 1 => {
                let len = match u.int_in_range(0u8..=5)? {
                    0 => MAX_BYTES_PER_REQUEST,
                    1 => MAX_BYTES_PER_REQUEST + 1,
                    _ => u.int_in_range(0..=300)?,
                };
                let additional = input(u, &sizes)?;
                let additional_ok = df || additional.len() <= sizes.seedlen;
                let mut out = vec![0x5a; len];
                let counter = drbg.reseed_counter();
                match drbg.generate(&mut out, additional) {
                    Ok(()) => {
                        assert!(
                            len <= MAX_BYTES_PER_REQUEST
                                && !drbg_needed_reseed(counter, interval)
                                && additional_ok
                        );
                        assert_eq!(drbg.reseed_counter(), counter + 1);
                        let mut expected_out = vec![0u8; len];
                        let Ok(()) = twin.generate(&mut expected_out, additional) else {
                            panic!("the twin refused what the instance accepted");
                        };
                        assert_eq!(out, expected_out, "a refused call changed the state");
                    }
                    Err(error) => {
                        assert!(
                            out.iter().all(|&b| b == 0x5a),
                            "a refused Generate wrote output"
                        );
                        assert_eq!(drbg.reseed_counter(), counter);
                        // The documented order: size, then reseed, then input.
                        let expected = if len > MAX_BYTES_PER_REQUEST {
                            Error::RequestTooLarge {
                                max_bytes: MAX_BYTES_PER_REQUEST as u64,
                            }
                        } else if drbg_needed_reseed(counter, interval) {
                            Error::ReseedRequired
                        } else {
                            assert!(!additional_ok, "generate refused good input: {error}");
                            assert!(error.is_invalid_argument(), "{error}");
                            continue;
                        };
                        assert_eq!(error, expected);
                    }
                }
                assert_eq!(drbg.needs_reseed(), drbg.reseed_counter() > interval);
            }
            2 => {
                let (entropy, additional) = (input(u, &sizes)?, input(u, &sizes)?);
                let expected = expect_reseed(df, &sizes, entropy, additional);
                match drbg.reseed(entropy, additional) {
                    Ok(()) => {
                        assert!(expected, "reseed accepted bad input");
                        assert_eq!(drbg.reseed_counter(), 1);
                        let Ok(()) = twin.reseed(entropy, additional) else {
                            panic!("the twin refused a reseed");
                        };
                    }
                    Err(error) => {
                        assert!(!expected, "reseed refused good input: {error}");
                        assert!(error.is_invalid_argument(), "{error}");
                    }
                }
            }
            _ => {
                let len = u.int_in_range(0..=300)?;
                let (entropy, additional) = (input(u, &sizes)?, input(u, &sizes)?);
                let expected = expect_reseed(df, &sizes, entropy, additional);
                let mut out = vec![0x5a; len];
                match drbg.generate_with_prediction_resistance(&mut out, entropy, additional) {
                    Ok(()) => {
                        assert!(expected, "prediction-resistant generate accepted bad input");
                        let mut expected_out = vec![0u8; len];
                        let Ok(()) = twin.generate_with_prediction_resistance(
                            &mut expected_out,
                            entropy,
                            additional,
                        ) else {
                            panic!("the twin refused");
                        };
                        assert_eq!(out, expected_out);
                    }
                    Err(error) => {
                        assert!(!expected, "refused good input: {error}");
                        assert!(out.iter().all(|&b| b == 0x5a));
                    }
                }
            }
        }
    }
    Ok(())
}

fn drbg_needed_reseed(counter: u64, interval: u64) -> bool {
    counter > interval
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(selector) = u.int_in_range(0u8..=5) else {
        return;
    };
    let df = selector % 2 == 0;
    let _ = match selector / 2 {
        0 => run::<Aes128Enc>(
            &mut u,
            df,
            Sizes {
                strength: 16,
                seedlen: 32,
            },
        ),
        1 => run::<Aes192Enc>(
            &mut u,
            df,
            Sizes {
                strength: 24,
                seedlen: 40,
            },
        ),
        _ => run::<Aes256Enc>(
            &mut u,
            df,
            Sizes {
                strength: 32,
                seedlen: 48,
            },
        ),
    };
});
