//! UUIDs of versions 4 and 7 (RFC 9562) with random bits from the backend
//! (feature `uuid`). The `uuid` crate sets the version and variant bits and
//! formats; the randomness is ours.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use rand_core::TryCryptoRng;
use uuid::{Builder, Uuid, Variant, Version};

use crate::handle::source_failed;
use crate::{Error, Secrets};

const CLOCK_BEFORE_EPOCH: Error = Error::unavailable(
    "system clock",
    "the system clock reads before 1970-01-01, so a version 7 UUID has no timestamp",
);

/// The canonical lowercase hyphenated form, in one exact allocation.
pub(crate) fn canonical(uuid: Uuid) -> String {
    let mut buffer = Uuid::encode_buffer();
    String::from(&*uuid.hyphenated().encode_lower(&mut buffer))
}

/// [`canonical`] for the `try_` methods: the allocation is fallible too.
fn try_canonical(uuid: Uuid) -> Result<String, Error> {
    let mut buffer = Uuid::encode_buffer();
    let text = uuid.hyphenated().encode_lower(&mut buffer);
    let mut out = String::new();
    out.try_reserve_exact(text.len())
        .map_err(|_| Error::invalid("uuid", "out of memory for 36 characters"))?;
    out.push_str(text);
    Ok(out)
}

/// A version 4 UUID from 16 random bytes (the builder sets the version and
/// variant bits).
#[inline]
pub(crate) fn v4(random: [u8; 16]) -> Uuid {
    Builder::from_random_bytes(random).into_uuid()
}

/// The last (timestamp, counter) handed out by this process, packed as
/// `unix_ms << 16 | counter`: see [`v7_now`].
static LAST_V7: AtomicU64 = AtomicU64::new(0);

/// Bits of the per-process counter: the 12 of `rand_a` and the 4 leftmost of
/// `rand_b` (after the variant).
const COUNTER_BITS: u32 = 16;
/// Largest timestamp the layout holds (48 bits, until the year 10889).
const MAX_MILLIS: u64 = (1 << 48) - 1;

/// A version 7 UUID of this millisecond, monotonic within the process
/// (RFC 9562 section 6.2, method 1: a fixed-length dedicated counter).
///
/// Layout: `unix_ts_ms` (48 bits) | version | 16-bit counter (the 12 bits of
/// `rand_a`, then the 4 leftmost bits of `rand_b`) | variant | 58 random bits.
/// At the first UUID of a new millisecond the counter is seeded with 15
/// random bits (the leftmost counter bit starts at 0, the RFC's rollover
/// guard, leaving at least 32,768 increments); every later UUID of the same
/// millisecond, or of an earlier one if the clock stepped back, takes the
/// last value plus one. So (timestamp, counter) strictly increases over the
/// process, and so do the UUIDs, in every thread; a counter overflow carries
/// into the timestamp (more than 32,768 UUIDs in one millisecond run the
/// timestamp ahead of the clock until it catches up, as the RFC permits).
///
/// The state is one `AtomicU64` updated by compare-and-swap: no lock, so a
/// child forked while another thread was inside this function is not stuck.
/// Uniqueness within the process comes from the counter; across processes
/// (and forked children, which inherit the state) from the 58 random bits
/// and the random seed of each millisecond.
fn v7_now(random: [u8; 10]) -> Result<Uuid, Error> {
    let now = unix_millis()?.min(MAX_MILLIS);
    let seed = u64::from(u16::from_be_bytes([random[0], random[1]]) >> 1);
    let fresh = (now << COUNTER_BITS) | seed;
    let mut last = LAST_V7.load(Ordering::Relaxed);
    let next = loop {
        let next = if now > last >> COUNTER_BITS {
            fresh
        } else {
            // Same millisecond (or the clock went back): count on. Wraps
            // only after the year 10889.
            last.wrapping_add(1)
        };
        match LAST_V7.compare_exchange_weak(last, next, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => break next,
            Err(current) => last = current,
        }
    };
    let millis = next >> COUNTER_BITS;
    let counter = next & ((1 << COUNTER_BITS) - 1);
    let mut bytes = [0u8; 16];
    bytes[..6].copy_from_slice(&millis.to_be_bytes()[2..]);
    // rand_a = the counter's 12 leftmost bits.
    bytes[6] = (counter >> 12) as u8;
    bytes[7] = (counter >> 4) as u8;
    // rand_b: the counter's 4 last bits, then 58 random bits (the builder
    // overwrites the 2 variant bits at the top of this byte).
    bytes[8] = (((counter & 0x0f) as u8) << 2) | (random[2] & 0x03);
    bytes[9..].copy_from_slice(&random[3..]);
    Ok(Builder::from_bytes(bytes)
        .with_version(Version::SortRand)
        .with_variant(Variant::RFC4122)
        .into_uuid())
}

/// As [`v7_now`], panicking if the clock reads before 1970.
#[track_caller]
pub(crate) fn v7_now_or_panic(random: [u8; 10]) -> Uuid {
    match v7_now(random) {
        Ok(uuid) => uuid,
        Err(error) => source_failed(error),
    }
}

/// Milliseconds since the Unix epoch, for the version 7 timestamp.
fn unix_millis() -> Result<u64, Error> {
    let since_epoch = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|_| CLOCK_BEFORE_EPOCH)?;
    // 2^64 ms is 584 million years away; saturate rather than wrap. The
    // uuid crate keeps the low 48 bits (enough until the year 10889).
    Ok(u64::try_from(since_epoch.as_millis()).unwrap_or(u64::MAX))
}

impl<R: TryCryptoRng<Error: 'static>> Secrets<R> {
    /// A version 4 UUID as a [`Uuid`]: 122 random bits, version 4, variant
    /// RFC 9562 (`10`).
    ///
    /// ```
    /// # #[cfg(feature = "uuid")] {
    /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
    /// let id = handle.try_uuid4_value()?;
    /// assert_eq!(id.get_version_num(), 4);
    /// # }
    /// # Ok::<(), secrets::Error>(())
    /// ```
    pub fn try_uuid4_value(&mut self) -> Result<Uuid, Error> {
        let mut bytes = [0u8; 16];
        self.try_fill_bytes(&mut bytes)?;
        Ok(v4(bytes))
    }

    /// A version 4 UUID in canonical form
    /// (`xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`, lowercase).
    ///
    /// ```
    /// # #[cfg(feature = "uuid")] {
    /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
    /// assert_eq!(handle.try_uuid4()?.len(), 36);
    /// # }
    /// # Ok::<(), secrets::Error>(())
    /// ```
    pub fn try_uuid4(&mut self) -> Result<String, Error> {
        self.try_uuid4_value().and_then(try_canonical)
    }

    /// As [`try_uuid4`](Self::try_uuid4); panics only if the generator fails.
    ///
    /// ```
    /// # #[cfg(feature = "uuid")] {
    /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
    /// assert_eq!(&handle.uuid4()[14..15], "4");
    /// # }
    /// # Ok::<(), secrets::Error>(())
    /// ```
    #[track_caller]
    pub fn uuid4(&mut self) -> String {
        match self.try_uuid4() {
            Ok(value) => value,
            Err(error) => source_failed(error),
        }
    }

    /// A version 4 UUID as its 16 bytes (big-endian field order, RFC 9562).
    ///
    /// ```
    /// # #[cfg(feature = "uuid")] {
    /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
    /// assert_eq!(handle.try_uuid4_bytes()?[6] >> 4, 4);
    /// # }
    /// # Ok::<(), secrets::Error>(())
    /// ```
    pub fn try_uuid4_bytes(&mut self) -> Result<[u8; 16], Error> {
        self.try_uuid4_value().map(Uuid::into_bytes)
    }

    /// As [`try_uuid4_bytes`](Self::try_uuid4_bytes); panics only if the
    /// generator fails.
    ///
    /// ```
    /// # #[cfg(feature = "uuid")] {
    /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
    /// assert_eq!(handle.uuid4_bytes().len(), 16);
    /// # }
    /// # Ok::<(), secrets::Error>(())
    /// ```
    #[track_caller]
    pub fn uuid4_bytes(&mut self) -> [u8; 16] {
        match self.try_uuid4_bytes() {
            Ok(value) => value,
            Err(error) => source_failed(error),
        }
    }

    /// A version 7 UUID as a [`Uuid`]: a 48-bit Unix timestamp in
    /// milliseconds, a 16-bit per-process counter (the 12-bit `rand_a` and
    /// the first 4 bits of `rand_b`) and 58 random bits, version 7, variant
    /// RFC 9562.
    ///
    /// **Monotonic within the process** (RFC 9562 section 6.2, method 1):
    /// every UUIDv7 this process makes, from any thread and any handle,
    /// sorts after the ones made before it, also within one millisecond.
    /// The counter starts from 15 random bits at each new millisecond and
    /// counts up within it; the timestamp never goes back, even if the
    /// clock does. Lock-free (one atomic compare-and-swap).
    ///
    /// A system clock before 1970 is an error ([`Error::Unavailable`]).
    ///
    /// ```
    /// # #[cfg(feature = "uuid")] {
    /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
    /// let id = handle.try_uuid7_value()?;
    /// assert_eq!(id.get_version_num(), 7);
    /// # }
    /// # Ok::<(), secrets::Error>(())
    /// ```
    pub fn try_uuid7_value(&mut self) -> Result<Uuid, Error> {
        // Check the clock first so a broken clock draws nothing.
        unix_millis()?;
        let mut random = [0u8; 10];
        self.try_fill_bytes(&mut random)?;
        v7_now(random)
    }

    /// A version 7 UUID in canonical form; see
    /// [`try_uuid7_value`](Self::try_uuid7_value).
    ///
    /// ```
    /// # #[cfg(feature = "uuid")] {
    /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
    /// assert_eq!(&handle.try_uuid7()?[14..15], "7");
    /// # }
    /// # Ok::<(), secrets::Error>(())
    /// ```
    pub fn try_uuid7(&mut self) -> Result<String, Error> {
        self.try_uuid7_value().and_then(try_canonical)
    }

    /// As [`try_uuid7`](Self::try_uuid7); panics if the generator fails or
    /// the clock reads before 1970.
    ///
    /// ```
    /// # #[cfg(feature = "uuid")] {
    /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
    /// assert_eq!(handle.uuid7().len(), 36);
    /// # }
    /// # Ok::<(), secrets::Error>(())
    /// ```
    #[track_caller]
    pub fn uuid7(&mut self) -> String {
        match self.try_uuid7() {
            Ok(value) => value,
            Err(error) => source_failed(error),
        }
    }

    /// A version 7 UUID as its 16 bytes.
    ///
    /// ```
    /// # #[cfg(feature = "uuid")] {
    /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
    /// assert_eq!(handle.try_uuid7_bytes()?[6] >> 4, 7);
    /// # }
    /// # Ok::<(), secrets::Error>(())
    /// ```
    pub fn try_uuid7_bytes(&mut self) -> Result<[u8; 16], Error> {
        self.try_uuid7_value().map(Uuid::into_bytes)
    }

    /// As [`try_uuid7_bytes`](Self::try_uuid7_bytes); panics if the generator
    /// fails or the clock reads before 1970.
    ///
    /// ```
    /// # #[cfg(feature = "uuid")] {
    /// # let mut handle = secrets::Secrets::new(secrets::AnyBackend::new_default()?);
    /// assert_eq!(handle.uuid7_bytes()[6] >> 4, 7);
    /// # }
    /// # Ok::<(), secrets::Error>(())
    /// ```
    #[track_caller]
    pub fn uuid7_bytes(&mut self) -> [u8; 16] {
        match self.try_uuid7_bytes() {
            Ok(value) => value,
            Err(error) => source_failed(error),
        }
    }
}
