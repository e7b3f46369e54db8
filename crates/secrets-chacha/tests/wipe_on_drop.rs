//! Secrets don't linger: the generator's key and buffer are zeroized on drop
//! and on reseed, and a reseed's seed is not kept.
//!
//! Inspected through the `memory()` test hook, never by reading freed
//! memory: the core is dropped in place inside a `ManuallyDrop` that the test
//! still owns, and its storage is read back through the same raw pointer the
//! drop went through.

use std::mem::ManuallyDrop;
use std::ptr;

use secrets_chacha::{
    ChaCha8Core, ChaCha8Drbg, ChaCha12Core, ChaCha20Core, ChaChaCore, ChaChaRounds, KEY_BYTES, R8,
    R12, R20, REFILL_BYTES,
};
use secrets_core::Backend;
use secrets_core::test_support::FixedSource;

/// Drops a seeded, partly consumed core in place and returns its storage as
/// it is after the drop.
fn storage_after_drop<R: ChaChaRounds>(seed: [u8; KEY_BYTES]) -> [u8; REFILL_BYTES] {
    let mut slot = ManuallyDrop::new(ChaChaCore::<R>::from_seed(seed));
    let mut out = [0u8; 100];
    slot.fill_bytes(&mut out);
    let core: *mut ChaChaCore<R> = &mut *slot;
    // SAFETY: `core` points to the live value in `slot`.
    let (offset, before) = unsafe {
        let memory = (*core).memory();
        (memory.as_ptr().addr() - core.addr(), *memory)
    };
    assert!(
        before[..KEY_BYTES].iter().any(|&b| b != 0),
        "the key is all zero before the drop: the test would prove nothing"
    );
    assert!(before[KEY_BYTES + 100..].iter().any(|&b| b != 0));
    // SAFETY: `slot` is never used or dropped again; its memory stays
    // allocated (it is this function's local) while we read it below.
    unsafe { ptr::drop_in_place(core) };
    let mut after = [0u8; REFILL_BYTES];
    // SAFETY: the storage is `REFILL_BYTES` initialized bytes at `offset`
    // inside the still-allocated `slot`, reached through the pointer the drop
    // itself used.
    unsafe {
        ptr::copy_nonoverlapping(
            core.cast::<u8>().add(offset),
            after.as_mut_ptr(),
            REFILL_BYTES,
        )
    };
    after
}

#[test]
fn drop_wipes_key_and_buffer() {
    let seed = [0x5au8; KEY_BYTES];
    assert_eq!(storage_after_drop::<R8>(seed), [0u8; REFILL_BYTES]);
    assert_eq!(storage_after_drop::<R12>(seed), [0u8; REFILL_BYTES]);
    assert_eq!(storage_after_drop::<R20>(seed), [0u8; REFILL_BYTES]);
    // The aliases name the same types.
    let _: fn([u8; 32]) -> ChaCha8Core = ChaChaCore::from_seed;
    let _: fn([u8; 32]) -> ChaCha12Core = ChaChaCore::from_seed;
    let _: fn([u8; 32]) -> ChaCha20Core = ChaChaCore::from_seed;
}

#[test]
fn reseed_wipes_the_buffer_and_keeps_no_seed() {
    let seed = [0xc3u8; KEY_BYTES];
    let mut drbg = ChaCha8Drbg::from_source(FixedSource::new(seed)).expect("seeded");
    let mut out = [0u8; 64];
    drbg.fill(&mut out).expect("fill");
    let before = *drbg.core().memory();
    let unread_start = REFILL_BYTES - drbg.core().buffered();
    assert!(drbg.core().buffered() > 0);
    let old_key: [u8; KEY_BYTES] = before[..KEY_BYTES].try_into().expect("key");
    // A window of still-unread output, to look for after the reseed.
    let unread: [u8; KEY_BYTES] = before[unread_start..unread_start + KEY_BYTES]
        .try_into()
        .expect("unread");

    Backend::reseed(&mut drbg).expect("reseed");
    let after = drbg.core().memory();
    assert_eq!(drbg.core().buffered(), 0);
    assert!(
        after[KEY_BYTES..].iter().all(|&b| b == 0),
        "the buffer is not wiped by a reseed"
    );
    assert!(
        !drbg.core().memory_contains(&old_key),
        "the old key survived"
    );
    assert!(
        !drbg.core().memory_contains(&unread),
        "unread output survived"
    );
    assert!(
        !drbg.core().memory_contains(&seed),
        "the seed is kept in the state"
    );
    // And the generator goes on from the new key.
    drbg.fill(&mut out).expect("fill after reseed");
    assert!(drbg.core().consumed_region_is_zero());
}
