//! Fork safety with a real `fork`: parent and child draw after the fork and
//! must never see the same bytes — with an empty buffer, in the middle of a
//! buffered stream, and in the middle of a large request stream.
//!
//! One test function on purpose: forking while other test threads run could
//! leave the child holding a lock some thread had at the time of the fork.

use rand_core::TryRng;
use secrets_ctr_drbg::{CtrDrbgAes128Rng, CtrDrbgAes256Rng};

const CHILD_BYTES: usize = 4096;

#[path = "../../secrets-drbg/tests/support/fork.rs"]
mod support;

/// Forks; the child runs `draw` over `CHILD_BYTES` and sends them back
/// through a pipe. The parent returns them.
fn child_output(draw: &mut dyn FnMut(&mut [u8]) -> bool) -> Vec<u8> {
    let out = support::fork_and_collect(&mut || {
        let mut buf = vec![0u8; CHILD_BYTES];
        draw(&mut buf).then_some(buf)
    });
    assert_eq!(out.len(), CHILD_BYTES, "short read from the child");
    out
}

/// True when any 16-byte window of `needle` occurs anywhere in `haystack`.
fn shares_a_block(needle: &[u8], haystack: &[u8]) -> bool {
    let windows: std::collections::HashSet<&[u8]> = haystack.windows(16).collect();
    needle.chunks_exact(16).any(|block| windows.contains(block))
}

fn check_no_overlap(
    rng: &mut dyn TryRng<Error = secrets_core::Error>,
    before_fork: usize,
    request: usize,
    what: &str,
) {
    // Leave the generator mid-stream (a partly used buffer, or none).
    let mut warm = vec![0u8; before_fork];
    rng.try_fill_bytes(&mut warm).unwrap();
    let mut draw = |buf: &mut [u8]| {
        buf.chunks_mut(request)
            .all(|c| rng.try_fill_bytes(c).is_ok())
    };
    let child = child_output(&mut draw);
    // The parent continues as if nothing happened; it must not share a
    // block with the child, neither in what it draws next nor later.
    let mut parent = vec![0u8; 64 * 1024];
    for chunk in parent.chunks_mut(request) {
        rng.try_fill_bytes(chunk).unwrap();
    }
    assert!(
        child.iter().any(|&b| b != 0),
        "{what}: the child drew zeros"
    );
    assert!(
        !shares_a_block(&child, &parent),
        "{what}: the child repeated the parent's output"
    );
}

#[test]
fn parent_and_child_never_share_output() {
    let mut aes256 = CtrDrbgAes256Rng::new().unwrap();
    // Fresh generator, nothing buffered yet; small requests.
    check_no_overlap(&mut aes256, 0, 32, "fresh, 32-byte requests");
    // In the middle of a buffered stream: 100 bytes of the 4 KiB buffer used.
    check_no_overlap(&mut aes256, 100, 32, "mid-buffer, 32-byte requests");
    check_no_overlap(&mut aes256, 4000, 7, "buffer nearly used, 7-byte requests");
    // In the middle of a stream of large requests (direct Generate calls).
    check_no_overlap(&mut aes256, 100_000, 4096, "mid-stream, 4 KiB requests");
    check_no_overlap(&mut aes256, 10, 2048, "2 KiB requests");

    let mut aes128 = CtrDrbgAes128Rng::new().unwrap();
    check_no_overlap(&mut aes128, 50, 16, "AES-128, mid-buffer");

    // A child of a child is still distinct from its parent.
    let mut nested = CtrDrbgAes256Rng::new().unwrap();
    let mut first = [0u8; 32];
    nested.try_fill_bytes(&mut first).unwrap();
    let mut draw = |buf: &mut [u8]| {
        // In the child: fork again and compare grandchild with child.
        let mut inner = |b: &mut [u8]| nested.try_fill_bytes(b).is_ok();
        let grandchild = child_output(&mut inner);
        let mut mine = vec![0u8; CHILD_BYTES];
        if nested.try_fill_bytes(&mut mine).is_err() || shares_a_block(&grandchild, &mine) {
            return false;
        }
        buf.copy_from_slice(&mine);
        true
    };
    let grandchild_vs_child = child_output(&mut draw);
    let mut parent = vec![0u8; CHILD_BYTES];
    nested.try_fill_bytes(&mut parent).unwrap();
    assert!(!shares_a_block(&grandchild_vs_child, &parent));
}
