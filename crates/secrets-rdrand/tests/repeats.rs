//! A repeating generator never hands out a repeated word, wherever its fault
//! starts. The SP 800-90B adaptive proportion test only compares words with
//! the first word of their 512-word window, so a fault that starts in the
//! middle of a window used to get through: a 2-word cycle handed out
//! hundreds of repeated requests before the window's end, and a cycle longer
//! than the window was never caught at all. Here every fault starts at every
//! offset of the repeated-word window, and every word handed out is checked.

use std::collections::HashSet;

use secrets_core::Error;
use secrets_rdrand::faults::{Cycle, FailsAfter, Stuck, ZeroRuns};
use secrets_rdrand::health::{REPEAT_WINDOW, STARTUP_SAMPLES};
use secrets_rdrand::{HealthTested, Instruction, WordSource};

/// What a run of requests against a breaking source came to.
struct Outcome {
    /// Words of the fault handed out before the failing request.
    fault_words_served: u64,
    /// Of those, how many repeated a word handed out before (counted only
    /// when asked for: the set is slow in a debug build).
    repeats_served: u64,
    /// The error of the failing request.
    error: Error,
}

/// A source healthy for the start-up test and `offset` more words, then
/// `fault`; requests of `request` bytes until one fails (at most `limit`
/// words). The failing request must come back zeroed.
fn run<B: WordSource>(
    instruction: Instruction,
    fault: B,
    offset: u64,
    request: usize,
    limit: u64,
) -> Outcome {
    run_counting(instruction, fault, offset, request, limit, false)
}

fn run_counting<B: WordSource>(
    instruction: Instruction,
    fault: B,
    offset: u64,
    request: usize,
    limit: u64,
    count_repeats: bool,
) -> Outcome {
    let source = FailsAfter::new(u64::from(STARTUP_SAMPLES) + offset, fault);
    let mut rng = HealthTested::new(source, instruction).expect("healthy during start-up");
    let words_per_request = request.div_ceil(8) as u64;
    let mut drawn = 0; // words drawn after the start-up test
    let mut seen = HashSet::new();
    let mut outcome = Outcome {
        fault_words_served: 0,
        repeats_served: 0,
        error: Error::ReseedRequired,
    };
    let mut buf = vec![0u8; request];
    while drawn < offset + limit {
        buf.fill(0xA5);
        if let Err(error) = rng.fill(&mut buf) {
            assert!(buf.iter().all(|&b| b == 0), "a failed request is zeroed");
            outcome.error = error;
            return outcome;
        }
        for (i, word) in buf.chunks(8).enumerate() {
            if drawn + i as u64 >= offset {
                outcome.fault_words_served += 1;
                // A word's truncated tail is no word to compare.
                if let Ok(word) = <[u8; 8]>::try_from(word)
                    && count_repeats
                    && !seen.insert(u64::from_le_bytes(word))
                {
                    outcome.repeats_served += 1;
                }
            }
        }
        drawn += words_per_request;
    }
    panic!(
        "the fault was never caught: {} of its words served, {} of them repeats",
        outcome.fault_words_served, outcome.repeats_served
    );
}

/// Every offset of the window, for a fault whose first repeated word is its
/// `first_repeat`-th (0-based): the request holding that word fails, so no
/// repeated word is handed out, and nothing after it. (Serving at most
/// `first_repeat` words of the fault is exactly "no repeat served"; the
/// repeats are also counted at the window's edges.)
fn every_offset<B: WordSource>(
    instruction: Instruction,
    make: impl Fn() -> B,
    first_repeat: u64,
    offsets: impl Iterator<Item = u64>,
) {
    for offset in offsets {
        let edge = offset % 512 < 2 || offset % 512 > 509;
        let outcome = run_counting(instruction, make(), offset, 16, first_repeat + 2, edge);
        assert_eq!(
            outcome.repeats_served, 0,
            "offset {offset}: {} repeated words served",
            outcome.repeats_served
        );
        assert!(
            outcome.fault_words_served <= first_repeat,
            "offset {offset}: {} words served past the first repeat",
            outcome.fault_words_served - first_repeat
        );
        assert!(
            matches!(outcome.error, Error::HealthTest { .. }),
            "offset {offset}: {:?}",
            outcome.error
        );
    }
}

fn all_offsets() -> impl Iterator<Item = u64> {
    0..u64::from(REPEAT_WINDOW)
}

#[test]
fn a_stuck_word_is_never_served_twice() {
    for instruction in [Instruction::RdRand, Instruction::RdSeed] {
        every_offset(
            instruction,
            || Stuck(0x5555_0000_aaaa_1234),
            1,
            all_offsets(),
        );
    }
}

#[test]
fn short_cycles_are_caught_at_their_first_repeat_from_every_offset() {
    for instruction in [Instruction::RdRand, Instruction::RdSeed] {
        every_offset(instruction, || Cycle::new(2), 2, all_offsets());
        every_offset(instruction, || Cycle::new(3), 3, all_offsets());
    }
}

#[test]
fn a_cycle_longer_than_the_adaptive_proportion_window_is_caught() {
    every_offset(Instruction::RdRand, || Cycle::new(600), 600, all_offsets());
}

#[test]
fn a_cycle_of_4000_words_is_caught() {
    every_offset(
        Instruction::RdSeed,
        || Cycle::new(4000),
        4000,
        all_offsets(),
    );
}

#[test]
fn zero_runs_are_caught_from_every_offset() {
    for offset in all_offsets() {
        let outcome = run(Instruction::RdRand, ZeroRuns::new(0, 5), offset, 16, 4);
        assert_eq!(outcome.fault_words_served, 0, "offset {offset}");
    }
}

#[test]
fn the_window_is_the_documented_size() {
    // A cycle of exactly REPEAT_WINDOW words has no two equal words among
    // any REPEAT_WINDOW consecutive ones: it passes the test (which is what
    // makes the window's size checkable), one word shorter does not.
    let window = u64::from(REPEAT_WINDOW);
    let outcome = run(
        Instruction::RdRand,
        Cycle::new(window - 1),
        0,
        4096,
        4 * window,
    );
    // 512-word requests: those before the one holding the first repeat.
    assert_eq!(outcome.fault_words_served, (window - 1) / 512 * 512);
    let source = FailsAfter::new(u64::from(STARTUP_SAMPLES), Cycle::new(window));
    let mut rng = HealthTested::new(source, Instruction::RdRand).unwrap();
    let mut buf = vec![0u8; 8 * 4 * window as usize];
    rng.fill(&mut buf).unwrap();
}

#[test]
fn requests_of_every_size_stop_before_the_repeat() {
    for request in [1, 8, 15, 16, 33, 4096, 65536] {
        for offset in [0, 1, 255, 511, 512, 513, 4095] {
            let outcome = run_counting(
                Instruction::RdRand,
                Cycle::new(600),
                offset,
                request,
                70_000,
                true,
            );
            assert_eq!(
                outcome.repeats_served, 0,
                "{request} bytes at offset {offset}"
            );
            // The 600th word is the first repeat: it and all after stay in.
            assert!(
                outcome.fault_words_served <= 600,
                "{request} bytes at offset {offset}"
            );
        }
    }
}
