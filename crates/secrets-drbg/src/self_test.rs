//! The known-answer self-test before a mechanism's first instance
//! (SP 800-90A 11.3), once per mechanism and process.
//!
//! Lock-free, so a process forked while another thread runs a self-test
//! cannot deadlock: passed mechanisms are remembered by their `RNG_NAME` in
//! a fixed table of atomic pointers; if two threads test at once both run
//! the test, and if the table is full the test simply runs every time.

use core::sync::atomic::{AtomicPtr, Ordering};

use secrets_core::Error;

use crate::Mechanism;

const SLOTS: usize = 64;

static PASSED: [AtomicPtr<u8>; SLOTS] = [const { AtomicPtr::new(core::ptr::null_mut()) }; SLOTS];

fn key<M: Mechanism>() -> *mut u8 {
    M::RNG_NAME.as_ptr().cast_mut()
}

fn has_passed<M: Mechanism>() -> bool {
    let key = key::<M>();
    PASSED.iter().any(|slot| {
        let seen = slot.load(Ordering::Acquire);
        // The pointer identifies the constant; the name confirms it (two
        // mechanisms could share a pointer only by sharing the name).
        seen == key
    })
}

fn remember<M: Mechanism>() {
    let key = key::<M>();
    for slot in &PASSED {
        match slot.compare_exchange(
            core::ptr::null_mut(),
            key,
            Ordering::AcqRel,
            Ordering::Acquire,
        ) {
            Ok(_) => return,
            Err(existing) if existing == key => return,
            Err(_) => {}
        }
    }
}

/// Runs `M::self_test()` unless it already passed in this process.
pub(crate) fn once<M: Mechanism>() -> Result<(), Error> {
    if has_passed::<M>() {
        return Ok(());
    }
    M::self_test()?;
    remember::<M>();
    Ok(())
}
