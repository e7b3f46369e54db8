//! `Wiped` buffers are zero after they are dropped, on every path.
//!
//! Inspected without reading freed memory: an array is dropped in place
//! inside a `ManuallyDrop` the test still owns and read back through the
//! pointer the drop went through; a borrowed buffer is read after its
//! wrapper is gone. (A panic runs the same `Drop`.)

use std::mem::ManuallyDrop;
use std::ptr;

use secrets_core::Wiped;

const SECRET: [u8; 64] = [0xa5; 64];

/// Drops `Wiped<[u8; 64]>` holding a secret in place and returns its bytes
/// as they are after the drop.
fn array_after_drop(fill: impl FnOnce(&mut Wiped<[u8; 64]>)) -> [u8; 64] {
    let mut slot = ManuallyDrop::new(Wiped::<[u8; 64]>::zeroed());
    fill(&mut slot);
    assert_eq!(slot.0, SECRET, "not filled: the test would prove nothing");
    let wiped: *mut Wiped<[u8; 64]> = &mut *slot;
    // SAFETY: `wiped` points to the live value in `slot`, which is never used
    // or dropped again and stays allocated (a local) while read below.
    unsafe { ptr::drop_in_place(wiped) };
    // SAFETY: the array is 64 initialized bytes at the start of the
    // still-allocated `slot` (a newtype over it), read through the pointer
    // the drop used.
    unsafe { ptr::read(wiped.cast::<[u8; 64]>()) }
}

#[test]
fn an_array_is_zero_after_drop() {
    assert_eq!(array_after_drop(|b| b.0 = SECRET), [0u8; 64]);
    assert_eq!(array_after_drop(|b| b.copy_from_slice(&SECRET)), [0u8; 64]);
}

#[test]
fn a_borrowed_buffer_is_zero_after_the_wrapper_drops() {
    // The generic path (`AsMut<[u8]>`), on memory the test owns and reads
    // back safely; `Vec<u8>` takes the same path.
    let mut heap = SECRET.to_vec();
    drop(Wiped(heap.as_mut_slice()));
    assert_eq!(heap, vec![0u8; 64]);
    let mut early = SECRET;
    let result: Result<(), ()> = (|| {
        let _buffer = Wiped(&mut early[..]);
        Err(())?;
        Ok(())
    })();
    assert!(result.is_err());
    assert_eq!(early, [0u8; 64], "an early return wipes too");
}

#[test]
fn debug_shows_nothing() {
    assert_eq!(format!("{:?}", Wiped(SECRET)), "Wiped { .. }");
}
