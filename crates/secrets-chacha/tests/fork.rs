//! Fork safety with a real `fork`: parent and child never share output,
//! including when the fork happens in the middle of a buffered stream
//! (rand issue 1362: checking only when a block is refilled is not enough).
//!
//! One `#[test]` in its own binary, so no other test thread can hold a lock
//! (e.g. the allocator's) at the moment of the fork.
#![allow(missing_docs)]
#![cfg(unix)]

use secrets_chacha::{ChaCha20Core, ChaChaDrbg, ChaChaRounds};
use secrets_core::rand_core::TryRng;

/// What the child draws after the fork, written to the pipe in this order.
const CHILD_SMALL: usize = 32;
const CHILD_LARGE: usize = 4096;
const CHILD_REPORT: usize = CHILD_SMALL + 8 + CHILD_LARGE;

#[path = "../../secrets-drbg/tests/support/fork.rs"]
mod support;
use support::fork_and_collect;

/// The child's draws: a small request (served from the buffer unless the
/// fork was noticed), a word, a large request (direct path).
fn child_draws<R: ChaChaRounds>(drbg: &mut ChaChaDrbg<R>) -> Option<Vec<u8>> {
    let mut out = vec![0u8; CHILD_SMALL];
    drbg.fill(&mut out).ok()?;
    out.extend(drbg.try_next_u64().ok()?.to_le_bytes());
    let mut large = vec![0u8; CHILD_LARGE];
    drbg.fill(&mut large).ok()?;
    out.extend(large);
    Some(out)
}

fn child_word_first<R: ChaChaRounds>(drbg: &mut ChaChaDrbg<R>) -> Option<Vec<u8>> {
    let mut out = drbg.try_next_u32().ok()?.to_le_bytes().to_vec();
    let mut rest = vec![0u8; CHILD_REPORT - 4];
    drbg.fill(&mut rest).ok()?;
    out.extend(rest);
    Some(out)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Everything the parent draws after the fork must be disjoint from what
/// the child drew: no 16-byte run of the child's output may appear in the
/// parent's next 16 KiB (buffered bytes, the key, anything).
fn assert_disjoint(child: &[u8], parent: &[u8], case: &str) {
    assert!(child.len() >= 32, "{case}: the child reported too little");
    let parent_windows: std::collections::HashSet<&[u8]> = parent.windows(16).collect();
    for window in child.chunks_exact(16) {
        assert!(
            !parent_windows.contains(window),
            "{case}: the child handed out bytes the parent also produced"
        );
    }
}

fn parent_draws<R: ChaChaRounds>(drbg: &mut ChaChaDrbg<R>) -> Vec<u8> {
    // Small requests first, so the parent consumes its buffer in order, as
    // the child would have had it not reseeded.
    let mut out = Vec::new();
    for _ in 0..64 {
        let mut small = [0u8; 32];
        drbg.fill(&mut small).unwrap();
        out.extend(small);
    }
    let mut large = vec![0u8; 14 * 1024];
    drbg.fill(&mut large).unwrap();
    out.extend(large);
    out
}

fn fork_cases<R: ChaChaRounds>() {
    let name = R::NAME;

    // 1. Fork in the middle of a buffered stream.
    let mut drbg = ChaChaDrbg::<R>::new().unwrap();
    let mut warm = [0u8; 100];
    drbg.fill(&mut warm).unwrap();
    assert!(
        drbg.core().buffered() > 0,
        "the buffer holds unread bytes at the fork"
    );
    let child = fork_and_collect(&mut || child_draws(&mut drbg));
    assert_eq!(child.len(), CHILD_REPORT);
    assert_disjoint(
        &child,
        &parent_draws(&mut drbg),
        &format!("{name} mid-buffer"),
    );

    // 2. Fork right after seeding (empty buffer, same key in both).
    let mut drbg = ChaChaDrbg::<R>::new().unwrap();
    let child = fork_and_collect(&mut || child_draws(&mut drbg));
    assert_disjoint(&child, &parent_draws(&mut drbg), &format!("{name} fresh"));

    // 3. The child's first request is a word (the u32 path checks too).
    let mut drbg = ChaChaDrbg::<R>::new().unwrap();
    let mut warm = [0u8; 7];
    drbg.fill(&mut warm).unwrap();
    let child = fork_and_collect(&mut || child_word_first(&mut drbg));
    assert_disjoint(
        &child,
        &parent_draws(&mut drbg),
        &format!("{name} word first"),
    );

    // 4. Two children of the same parent state differ from each other and
    //    from the parent.
    let mut drbg = ChaChaDrbg::<R>::new().unwrap();
    let mut warm = [0u8; 40];
    drbg.fill(&mut warm).unwrap();
    let first = fork_and_collect(&mut || child_draws(&mut drbg));
    let second = fork_and_collect(&mut || child_draws(&mut drbg));
    assert_disjoint(&first, &second, &format!("{name} sibling children"));
    let parent = parent_draws(&mut drbg);
    assert_disjoint(&first, &parent, &format!("{name} first child"));
    assert_disjoint(&second, &parent, &format!("{name} second child"));
}

/// The check has teeth: two copies of one state (what a fork gives a DRBG
/// that does not notice it) fail `assert_disjoint`'s condition at once. Uses
/// the core with stack buffers and small requests, like `parent_draws`.
fn control_an_unnoticed_fork_would_be_caught() {
    let mut parent = ChaCha20Core::from_seed([9; 32]);
    let mut child = ChaCha20Core::from_seed([9; 32]);
    let mut warm = [0u8; 100];
    parent.fill_bytes(&mut warm);
    child.fill_bytes(&mut warm);
    let mut child_out = [0u8; 32];
    child.fill_bytes(&mut child_out);
    let mut parent_out = [0u8; 2048];
    for chunk in parent_out.chunks_mut(32) {
        parent.fill_bytes(chunk);
    }
    assert!(
        contains(&parent_out, &child_out[..16]),
        "the control must detect shared output"
    );
}

/// One test function, so no other test thread runs (and could hold a lock)
/// while it forks.
#[test]
fn parent_and_child_never_share_output() {
    control_an_unnoticed_fork_would_be_caught();
    fork_cases::<secrets_chacha::R8>();
    fork_cases::<secrets_chacha::R12>();
    fork_cases::<secrets_chacha::R20>();
}
