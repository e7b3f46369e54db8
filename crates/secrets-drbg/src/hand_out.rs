//! Moving buffered output to the caller and wiping it behind.

/// Copies `src` into `dest` (same length), then overwrites `src` with zeros:
/// once handed out, a byte exists only in the caller's memory.
///
/// Small requests use fixed-size overlapping moves: for a 32-byte request the
/// variable-length `memcpy` and `memset` calls cost about 4 ns, more than
/// half of a ChaCha keystream block. The wipe is a plain store rather than
/// `zeroize` (volatile byte by byte, as costly as generating the bytes);
/// `black_box` keeps the compiler from treating the stores as dead, and the
/// buffer stays reachable through its owner anyway. Final wipes on drop use
/// `zeroize`.
///
/// # Panics
/// Never for equal lengths; unequal lengths are a caller bug and copy
/// nothing (debug builds assert).
///
/// ```
/// let mut buffer = [7u8; 16];
/// let mut dest = [0u8; 16];
/// secrets_drbg::hand_out(&mut dest, &mut buffer);
/// assert_eq!(dest, [7; 16]);
/// assert_eq!(buffer, [0; 16]); // the handed-out bytes are gone from the buffer
/// ```
#[inline(always)]
pub fn hand_out(dest: &mut [u8], src: &mut [u8]) {
    debug_assert_eq!(dest.len(), src.len());
    if dest.len() != src.len() {
        return;
    }
    match dest.len() {
        32..=64 => overlapping::<32>(dest, src),
        16..=31 => overlapping::<16>(dest, src),
        8..=15 => overlapping::<8>(dest, src),
        4..=7 => overlapping::<4>(dest, src),
        0..=3 => {
            for (d, s) in dest.iter_mut().zip(src.iter_mut()) {
                *d = *s;
                *s = 0;
            }
        }
        _ => {
            dest.copy_from_slice(src);
            src.fill(0);
        }
    }
    core::hint::black_box(src);
}

/// Hands out as much of `unread` as fits at the front of `*dest` (as
/// [`hand_out`]: the bytes taken are wiped), moves `*dest` past them and
/// returns how many were taken: the step of every buffer-draining loop.
///
/// ```
/// let mut buffer = [7u8; 4];
/// let mut out = [0u8; 6];
/// let mut dest = &mut out[..];
/// let taken = secrets_drbg::hand_out_front(&mut dest, &mut buffer);
/// assert_eq!(taken, 4);
/// assert_eq!(dest.len(), 2); // what is still to fill
/// assert_eq!(buffer, [0; 4]); // what was handed out is wiped
/// assert_eq!(out, [7, 7, 7, 7, 0, 0]);
/// ```
#[inline(always)]
pub fn hand_out_front(dest: &mut &mut [u8], unread: &mut [u8]) -> usize {
    let n = dest.len().min(unread.len());
    let (head, rest) = core::mem::take(dest).split_at_mut(n);
    let (src, _) = unread.split_at_mut(n);
    hand_out(head, src);
    *dest = rest;
    n
}

/// `W <= len <= 2W`: the first and the last `W` bytes cover everything.
/// Both copies happen before either wipe, since the two ranges overlap.
#[inline(always)]
fn overlapping<const W: usize>(dest: &mut [u8], src: &mut [u8]) {
    let n = dest.len();
    if let (Some(d_head), Some(s_head)) = (dest.get_mut(..W), src.get(..W)) {
        d_head.copy_from_slice(s_head);
    }
    let tail = n.saturating_sub(W);
    if let (Some(d_tail), Some(s_tail)) = (dest.get_mut(tail..), src.get(tail..)) {
        d_tail.copy_from_slice(s_tail);
    }
    if let Some(s) = src.get_mut(..W) {
        s.fill(0);
    }
    if let Some(s) = src.get_mut(tail..) {
        s.fill(0);
    }
}

/// Overwrites unread bytes with zeros (discarding them).
///
/// ```
/// let mut seed = [0x5au8; 48];
/// secrets_drbg::wipe(&mut seed);
/// assert_eq!(seed, [0; 48]);
/// ```
#[inline(always)]
pub fn wipe(bytes: &mut [u8]) {
    bytes.fill(0);
    core::hint::black_box(bytes);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_length_moves_and_wipes() {
        for len in 0..=200usize {
            let original: std::vec::Vec<u8> = (0..len).map(|i| (i as u8) | 1).collect();
            let mut src = original.clone();
            let mut dest = std::vec![0u8; len];
            hand_out(&mut dest, &mut src);
            assert_eq!(dest, original, "{len}");
            assert!(src.iter().all(|&b| b == 0), "{len}");
        }
    }

    #[test]
    fn hand_out_front_takes_what_fits_and_moves_dest_on() {
        for (dest_len, unread_len) in [(5usize, 3usize), (3, 5), (4, 4), (0, 2), (2, 0)] {
            let mut storage = std::vec![0u8; dest_len];
            let mut unread: std::vec::Vec<u8> = (1..=unread_len as u8).collect();
            let mut dest = &mut storage[..];
            let taken = hand_out_front(&mut dest, &mut unread);
            let n = dest_len.min(unread_len);
            assert_eq!(taken, n);
            assert_eq!(dest.len(), dest_len - n);
            assert!(unread[..n].iter().all(|&b| b == 0));
            assert!(
                unread[n..]
                    .iter()
                    .zip(n + 1..)
                    .all(|(&b, i)| usize::from(b) == i)
            );
            let expected: std::vec::Vec<u8> = (1..=n as u8).collect();
            assert_eq!(storage[..n], expected[..]);
        }
    }
}
