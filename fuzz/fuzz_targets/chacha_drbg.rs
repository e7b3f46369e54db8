//! The ChaCha DRBGs (8, 12 and 20 rounds) seeded and reseeded from the fuzz
//! input, driven by arbitrary sequences of request sizes, reseed intervals
//! and word draws; and the bare fast-key-erasure core with arbitrary seeds.
//!
//! Oracle: a model of the documented reseed schedule (a reseed draws 32 bytes
//! from the source whenever the byte budget runs out; the budget is the
//! reseed interval). Every request must succeed exactly when the model's
//! source still has the bytes it needs; a failed request must return the
//! source's error and leave the whole buffer zeroed (contract rule 1). After
//! every request the handed-out region of the buffer must be wiped (fast key
//! erasure), and two cores given the same seed and the same calls must agree.
#![no_main]

use libfuzzer_sys::arbitrary::{Result as ArbResult, Unstructured};
use libfuzzer_sys::fuzz_target;
use secrets_chacha::{ChaChaCore, ChaChaDrbg, ChaChaRounds, DIRECT_CHUNK_BYTES, R8, R12, R20};
use secrets_core::test_support::{ReplayTape, TAPE_EXHAUSTED as SOURCE_FAILED};

/// The reseed schedule as documented: what the DRBG must do, independently.
struct Model {
    tape_left: usize,
    budget: u64,
    interval: u64,
}

impl Model {
    fn reseed(&mut self) -> bool {
        if self.tape_left < 32 {
            return false;
        }
        self.tape_left -= 32;
        self.budget = self.interval;
        true
    }
    /// Whether a request of `len` bytes succeeds.
    fn request(&mut self, mut len: u64) -> bool {
        if len <= self.budget {
            self.budget -= len;
            return true;
        }
        loop {
            if self.budget == 0 && !self.reseed() {
                return false;
            }
            let take = len.min(self.budget);
            self.budget -= take;
            len -= take;
            if len == 0 {
                return true;
            }
        }
    }
}

fn request_len(u: &mut Unstructured<'_>) -> ArbResult<usize> {
    Ok(match u.int_in_range(0u8..=19)? {
        0 => 70_000,
        1 | 2 => u.int_in_range(1024..=9_000)?,
        3 => 992,
        4 => 1024,
        _ => u.int_in_range(0..=300)?,
    })
}

fn drbg<R: ChaChaRounds>(u: &mut Unstructured<'_>) -> ArbResult<()> {
    let tape_len = u.int_in_range(0..=200)?;
    let tape = u.bytes(tape_len)?.to_vec();
    let mut model = Model {
        tape_left: tape.len(),
        budget: 0,
        interval: 1 << 20,
    };
    let constructed = ChaChaDrbg::<R>::from_source(ReplayTape::new(tape));
    let mut drbg = match constructed {
        Ok(drbg) => {
            assert!(model.reseed(), "constructed from a source that failed");
            drbg
        }
        Err(error) => {
            assert!(!model.reseed());
            assert_eq!(error, SOURCE_FAILED);
            return Ok(());
        }
    };
    assert_eq!(drbg.source_name(), "replay tape (test only)");
    while !u.is_empty() {
        match u.int_in_range(0u8..=7)? {
            0 => {
                let interval = u.int_in_range(0..=3000)?;
                match drbg.set_reseed_interval(interval) {
                    Ok(()) => {
                        assert!(interval > 0);
                        model.interval = interval;
                        model.budget = model.budget.min(interval);
                    }
                    Err(error) => {
                        assert_eq!(interval, 0);
                        assert!(error.is_invalid_argument());
                    }
                }
                assert_eq!(drbg.reseed_interval(), model.interval);
            }
            1 => {
                use rand_core::TryRng;
                let expected = model.request(8);
                assert_eq!(drbg.try_next_u64().is_ok(), expected);
            }
            _ => {
                let len = request_len(u)?;
                let expected = model.request(len as u64);
                let mut out = vec![0x5au8; len];
                match drbg.fill(&mut out) {
                    Ok(()) => assert!(expected, "served a request without the reseed it needed"),
                    Err(error) => {
                        assert!(!expected, "refused a request: {error}");
                        assert_eq!(error, SOURCE_FAILED);
                        assert!(out.iter().all(|&b| b == 0), "a failed request left output");
                    }
                }
                assert!(
                    drbg.core().consumed_region_is_zero(),
                    "handed-out bytes not wiped"
                );
            }
        }
    }
    Ok(())
}

fn core<R: ChaChaRounds>(u: &mut Unstructured<'_>) -> ArbResult<()> {
    let seed: [u8; 32] = u.arbitrary()?;
    let mut a = ChaChaCore::<R>::from_seed(seed);
    let mut b = ChaChaCore::<R>::from_seed(seed);
    let mut last_output: Option<[u8; 32]> = None;
    while !u.is_empty() {
        match u.int_in_range(0u8..=5)? {
            0 => {
                let reseed: [u8; 32] = u.arbitrary()?;
                a.reseed(&reseed);
                b.reseed(&reseed);
                assert_eq!(a.buffered(), 0);
            }
            1 => {
                a.discard_buffer();
                b.discard_buffer();
                assert_eq!(a.buffered(), 0);
            }
            _ => {
                let len = request_len(u)?;
                let before = a.buffered();
                let mut x = vec![0u8; len];
                let mut y = vec![0u8; len];
                a.fill_bytes(&mut x);
                b.fill_bytes(&mut y);
                assert_eq!(x, y, "the core is not deterministic");
                // Documented: requests below DIRECT_CHUNK_BYTES that the
                // buffer can serve come from the buffer; larger ones are
                // generated directly (the next key is taken from the buffer).
                if len < DIRECT_CHUNK_BYTES && len <= before {
                    assert_eq!(a.buffered(), before - len);
                }
                assert!(a.consumed_region_is_zero());
                if len >= 32 {
                    last_output = x[len - 32..].try_into().ok();
                }
            }
        }
    }
    // The bytes handed out last are no longer in the generator's memory
    // (checked once per input: the scan is slow under the sanitizer).
    if let Some(last) = last_output {
        assert!(
            last == [0; 32] || !a.memory_contains(&last),
            "handed-out output still in memory"
        );
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let _ = match u.int_in_range(0u8..=5) {
        Ok(0) => drbg::<R8>(&mut u),
        Ok(1) => drbg::<R12>(&mut u),
        Ok(2) => drbg::<R20>(&mut u),
        Ok(3) => core::<R8>(&mut u),
        Ok(4) => core::<R12>(&mut u),
        Ok(5) => core::<R20>(&mut u),
        _ => Ok(()),
    };
});
