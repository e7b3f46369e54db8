//! Secrets don't linger: `V` is zeroized when the mechanism is dropped, the
//! RNG wrapper's output buffer is wiped on reseed and before it is freed on
//! drop, and handed-out bytes are wiped as they go.
//!
//! Inspected through test hooks (`v_memory`, `buffer_memory`, and the
//! `test-hooks` drop observer), never by reading freed memory: the mechanism
//! is dropped in place inside a `ManuallyDrop` the test still owns, and read
//! back through the pointer the drop went through.

use std::mem::ManuallyDrop;
use std::ptr;

use secrets_core::test_support::FixedSource;
use secrets_core::{Backend, Error};
use secrets_ctr_drbg::{BUFFER_LEN, Config, CtrDrbgAes128Rng, CtrDrbgAes256, CtrDrbgAes256Rng};

#[test]
fn dropping_the_mechanism_wipes_v() {
    let mut slot = ManuallyDrop::new(
        CtrDrbgAes256::instantiate(Config::with_df(), &[7u8; 32], &[9u8; 16], b"wipe test")
            .expect("valid inputs"),
    );
    let mut out = [0u8; 64];
    slot.generate(&mut out, &[]).expect("generate");
    let drbg: *mut CtrDrbgAes256 = &mut *slot;
    // SAFETY: `drbg` points to the live value in `slot`.
    let (offset, v_before) = unsafe {
        let v = (*drbg).v_memory();
        (ptr::from_ref(v).addr() - drbg.addr(), *v)
    };
    assert_ne!(
        v_before, 0,
        "V is zero before the drop: the test would prove nothing"
    );
    // SAFETY: `slot` is never used or dropped again and stays allocated (a
    // local of this function) while we read it below.
    unsafe { ptr::drop_in_place(drbg) };
    // SAFETY: V is an initialized u128 at `offset` inside the still-allocated
    // `slot`, reached through the pointer the drop itself used. Read
    // unaligned-safe in case the field is packed differently one day.
    let v_after = unsafe { ptr::read_unaligned(drbg.cast::<u8>().add(offset).cast::<u128>()) };
    assert_eq!(v_after, 0, "V survived the drop");
}

#[test]
fn reseed_wipes_the_buffer_and_handed_out_bytes_are_wiped() {
    let mut rng = CtrDrbgAes256Rng::from_source(FixedSource::new([0x42])).expect("seeded");
    let mut token = [0u8; 32];
    rng.try_fill_bytes_checked(&mut token);
    let buffer = rng.buffer_memory();
    assert_eq!(buffer.len(), BUFFER_LEN);
    assert!(
        buffer[..32].iter().all(|&b| b == 0),
        "handed-out bytes are still in the buffer"
    );
    assert!(
        buffer[32..].iter().any(|&b| b != 0),
        "no unread output: the test would prove nothing"
    );

    Backend::reseed(&mut rng).expect("reseed");
    assert!(
        rng.buffer_memory().iter().all(|&b| b == 0),
        "unread output survived a reseed"
    );
    // The generator goes on, from the reseeded state.
    let mut after = [0u8; 32];
    rng.try_fill_bytes_checked(&mut after);
    assert_ne!(after, token);
}

#[test]
fn dropping_the_rng_wipes_its_buffer_before_freeing_it() {
    let (wiped_before, dirty_before) = secrets_ctr_drbg::drop_observer::counts();
    for _ in 0..3 {
        let mut rng = CtrDrbgAes128Rng::from_source(FixedSource::new([0x17])).expect("seeded");
        let mut token = [0u8; 16];
        rng.try_fill_bytes_checked(&mut token);
        assert!(rng.buffer_memory().iter().any(|&b| b != 0));
        drop(rng);
    }
    let (wiped, dirty) = secrets_ctr_drbg::drop_observer::counts();
    // Other tests of this binary may drop generators concurrently: they can
    // only add to the counts, and none of them may leave a buffer unwiped.
    assert!(
        wiped >= wiped_before + 3,
        "the drop observer saw {} drops",
        wiped - wiped_before
    );
    assert_eq!(
        dirty, dirty_before,
        "a buffer was freed without being wiped"
    );
    assert_eq!(dirty, 0);
}

/// Fills through the rand_core trait, panicking on error (test helper).
trait FillChecked {
    fn try_fill_bytes_checked(&mut self, dest: &mut [u8]);
}

impl<R: rand_core::TryRng<Error = Error>> FillChecked for R {
    fn try_fill_bytes_checked(&mut self, dest: &mut [u8]) {
        if let Err(error) = self.try_fill_bytes(dest) {
            panic!("fill failed: {error}");
        }
    }
}
