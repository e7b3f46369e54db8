//! Fault injection through the public seam: the real health-test code
//! (`HealthTested`, the same code the backends run) driven by fake sources
//! that play a broken CPU. Every fault must be caught with the buffer zeroed;
//! a healthy source must pass, so each test can fail both ways.

use rand_core::TryRng;
use secrets_core::Error;
use secrets_rdrand::faults::{CarryFails, Cycle, FailsAfter, Healthy, Script, Stuck, ZeroRuns};
use secrets_rdrand::health::{APT_WINDOW, Failure, STARTUP_SAMPLES};
use secrets_rdrand::{HealthTested, Instruction, RDRAND_RETRIES, RDSEED_RETRIES, WordSource};

const BOTH: [Instruction; 2] = [Instruction::RdRand, Instruction::RdSeed];

/// Healthy words for the start-up test, so a fault can be placed after it.
const STARTUP: u64 = STARTUP_SAMPLES as u64;

fn health_error(instruction: Instruction, failure: Failure) -> Error {
    Error::HealthTest {
        backend: instruction.name(),
        test: failure.test_name(),
    }
}

fn startup_error(instruction: Instruction, failure: Failure) -> Error {
    Error::HealthTest {
        backend: instruction.name(),
        test: failure.startup_test_name(),
    }
}

/// Constructs over a source that breaks after the start-up test, then
/// requests `len` bytes into a buffer pre-filled with 0xAA: the request must
/// fail with `expected` and leave the buffer all zeros.
fn assert_caught_in_service<B: WordSource>(
    instruction: Instruction,
    then: B,
    len: usize,
    expected: Failure,
) {
    let mut rng = HealthTested::new(FailsAfter::new(STARTUP + 3, then), instruction)
        .expect("the source is healthy during the start-up test");
    assert_refused_and_zeroed(&mut rng, instruction, len, expected);
}

/// A request for `len` bytes into a buffer pre-filled with 0xAA fails with
/// `expected` and leaves the buffer all zeros.
fn assert_refused_and_zeroed<S: WordSource>(
    rng: &mut HealthTested<S>,
    instruction: Instruction,
    len: usize,
    expected: Failure,
) {
    let mut buf = vec![0xAA_u8; len];
    assert_eq!(rng.fill(&mut buf), Err(health_error(instruction, expected)));
    assert!(
        buf.iter().all(|&b| b == 0),
        "a failed request must be zeroed"
    );
}

#[test]
fn a_healthy_source_passes_start_up_and_a_mebibyte() {
    for instruction in BOTH {
        let mut rng = HealthTested::new(Healthy::new(42), instruction).unwrap();
        let mut buf = vec![0_u8; 1 << 20];
        rng.fill(&mut buf).unwrap();
        assert!(buf.iter().any(|&b| b != 0));
        assert_eq!(rng.latched_failure(), None);
        // Odd sizes too: a word's tail is used, the rest dropped.
        for len in [0, 1, 7, 9, 33] {
            let mut small = vec![0_u8; len];
            rng.fill(&mut small).unwrap();
        }
        rng.try_next_u32().unwrap();
        rng.try_next_u64().unwrap();
    }
}

#[test]
fn a_stuck_source_fails_start_up() {
    for instruction in BOTH {
        let err = HealthTested::new(Stuck(0x0123_4567_89AB_CDEF), instruction).unwrap_err();
        assert_eq!(err, startup_error(instruction, Failure::RepetitionCount));
    }
}

#[test]
fn all_ones_and_all_zeros_fail_start_up_on_the_first_word() {
    for instruction in BOTH {
        for value in [u64::MAX, 0] {
            let err = HealthTested::new(Stuck(value), instruction).unwrap_err();
            assert_eq!(err, startup_error(instruction, Failure::ConstantWord));
        }
    }
}

#[test]
fn a_stuck_source_in_service_is_caught_and_zeroed() {
    for instruction in BOTH {
        assert_caught_in_service(
            instruction,
            Stuck(0x5555_0000_AAAA_1234),
            64,
            Failure::RepetitionCount,
        );
    }
}

#[test]
fn all_ones_in_service_is_caught_and_zeroed() {
    for instruction in BOTH {
        assert_caught_in_service(instruction, Stuck(u64::MAX), 4096, Failure::ConstantWord);
    }
}

#[test]
fn zero_runs_are_caught_in_start_up_and_in_service() {
    for instruction in BOTH {
        // Runs of 4 zeros after every 100 good words: inside the start-up test.
        let err = HealthTested::new(ZeroRuns::new(100, 4), instruction).unwrap_err();
        assert_eq!(err, startup_error(instruction, Failure::ConstantWord));
        // Even a single zero after start-up.
        assert_caught_in_service(instruction, ZeroRuns::new(0, 1), 40, Failure::ConstantWord);
    }
}

#[test]
fn a_carry_flag_that_never_sets_fails_with_exactly_the_retry_limit() {
    for instruction in BOTH {
        let err = HealthTested::new(CarryFails::never(), instruction).unwrap_err();
        assert_eq!(err, startup_error(instruction, Failure::RetryLimit));

        let mut rng =
            HealthTested::new(FailsAfter::new(STARTUP, CarryFails::never()), instruction).unwrap();
        assert_refused_and_zeroed(&mut rng, instruction, 32, Failure::RetryLimit);
        // One first try plus the retries, then it gave up.
        assert_eq!(
            rng.source_mut().then.attempts,
            u64::from(instruction.max_attempts())
        );
        // The retry limit is not latched: the hardware said "not now".
        assert_eq!(rng.latched_failure(), None);
    }
}

#[test]
fn the_retry_limit_is_exact() {
    for (instruction, retries) in [
        (Instruction::RdRand, RDRAND_RETRIES),
        (Instruction::RdSeed, RDSEED_RETRIES),
    ] {
        assert_eq!(instruction.max_attempts(), retries + 1);
        // Every word after exactly `retries` failed tries: served.
        let mut rng = HealthTested::new(CarryFails::new(retries), instruction).unwrap();
        let mut buf = [0_u8; 64];
        rng.fill(&mut buf).unwrap();
        // One failure more: refused.
        let err = HealthTested::new(CarryFails::new(retries + 1), instruction).unwrap_err();
        assert_eq!(err, startup_error(instruction, Failure::RetryLimit));
    }
    assert_eq!(RDRAND_RETRIES, 10, "Intel's DRNG guide: ten retries");
    assert!(!Instruction::RdRand.pauses_between_attempts());
    assert!(Instruction::RdSeed.pauses_between_attempts());
}

#[test]
fn a_low_entropy_cycle_trips_the_adaptive_proportion_test_not_the_rct() {
    for instruction in BOTH {
        let err = HealthTested::new(Cycle::new(3), instruction).unwrap_err();
        assert_eq!(err, startup_error(instruction, Failure::AdaptiveProportion));
        // Started 3 words into an APT window, whose first word is a healthy
        // one: the APT would see the cycle only from the next window, 509
        // words on. The repeated-word test catches its first repeat, the
        // 100th word.
        assert_caught_in_service(instruction, Cycle::new(100), 8192, Failure::RepeatedWord);
    }
}

#[test]
fn the_adaptive_proportion_window_is_exactly_512_words() {
    let window = u64::from(APT_WINDOW);
    // A word recurring every 512 words never meets its window's first word
    // inside the window, wherever the windows start: the APT lets it pass
    // (health.rs's unit tests run it alone), and the repeated-word test
    // catches it at its first repeat.
    let err = HealthTested::new(Cycle::new(window), Instruction::RdSeed).unwrap_err();
    assert_eq!(
        err,
        startup_error(Instruction::RdSeed, Failure::RepeatedWord)
    );
    // Every 511 words: the window's first word comes back as its last.
    let err = HealthTested::new(Cycle::new(window - 1), Instruction::RdSeed).unwrap_err();
    assert_eq!(
        err,
        startup_error(Instruction::RdSeed, Failure::AdaptiveProportion)
    );
}

/// A fake whose words are chosen by the test, one per try.
fn scripted_words(words: &[u64]) -> Vec<Option<u64>> {
    words.iter().copied().map(Some).collect()
}

/// Serves `words` to a health-tested `instruction` in 8-byte requests:
/// the first `passing` succeed, the next fails with `failure` and is zeroed.
fn fails_after_requests(words: &[u64], instruction: Instruction, passing: usize, failure: Failure) {
    let script = scripted_words(words);
    let mut rng = HealthTested::new(Script::new(&script), instruction).unwrap();
    let mut word = [0_u8; 8];
    for _ in 0..passing {
        rng.fill(&mut word).unwrap();
    }
    assert_refused_and_zeroed(&mut rng, instruction, 8, failure);
}

#[test]
fn test_state_persists_across_calls() {
    // Build a stream whose only repeat straddles two 8-byte requests.
    let mut healthy = Healthy::new(99);
    let mut words: Vec<u64> = (0..STARTUP + 4).map(|_| healthy.word()).collect();
    let last = *words.last().unwrap();
    words.push(last);
    // The fifth request sees the same word as the fourth: caught only if the
    // RCT remembers the previous call.
    fails_after_requests(&words, Instruction::RdRand, 4, Failure::RepetitionCount);

    // The APT window spans calls as well: the window's first word (the first
    // word after start-up) reappears 100 words and 100 calls later.
    let mut healthy = Healthy::new(123);
    let mut words: Vec<u64> = (0..STARTUP + 100).map(|_| healthy.word()).collect();
    words.push(words[STARTUP as usize]);
    fails_after_requests(
        &words,
        Instruction::RdSeed,
        100,
        Failure::AdaptiveProportion,
    );
}

#[test]
fn a_health_failure_latches_until_a_start_up_test_passes() {
    let instruction = Instruction::RdRand;
    let mut rng = HealthTested::new(FailsAfter::new(STARTUP + 10, Stuck(77)), instruction).unwrap();
    let mut buf = [0xAA_u8; 256];
    assert!(rng.fill(&mut buf).is_err());
    assert_eq!(rng.latched_failure(), Some(Failure::RepetitionCount));

    // Still failing, without touching the source, and still zeroing.
    assert_refused_and_zeroed(&mut rng, instruction, 16, Failure::RepetitionCount);
    assert_eq!(
        rng.try_next_u64(),
        Err(health_error(instruction, Failure::RepetitionCount))
    );

    // A start-up test on the still-broken source fails and stays latched.
    assert_eq!(
        rng.startup_test(),
        Err(startup_error(instruction, Failure::RepetitionCount))
    );
    assert!(rng.fill(&mut [0xAA_u8; 16]).is_err());

    // Repaired, the start-up test passes and service resumes.
    rng.source_mut().remaining = u64::MAX;
    rng.startup_test().unwrap();
    assert_eq!(rng.latched_failure(), None);
    rng.fill(&mut buf).unwrap();
    assert!(buf.iter().any(|&b| b != 0));
}

#[test]
fn next_u32_and_u64_are_tested_too() {
    let mut rng =
        HealthTested::new(FailsAfter::new(STARTUP + 1, Stuck(9)), Instruction::RdSeed).unwrap();
    rng.try_next_u32().unwrap();
    rng.try_next_u32().unwrap();
    assert_eq!(
        rng.try_next_u32(),
        Err(health_error(Instruction::RdSeed, Failure::RepetitionCount))
    );
}

#[test]
fn errors_are_source_failures_that_name_backend_and_test() {
    let err = HealthTested::new(Stuck(u64::MAX), Instruction::RdRand).unwrap_err();
    assert!(err.is_source_failure());
    let text = err.to_string();
    assert!(
        text.contains("rdrand") && text.contains("all-zeros/all-ones"),
        "{text}"
    );
}
