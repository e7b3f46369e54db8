//! UUIDs of versions 4 and 7 (RFC 9562) with random bits from the backend
//! (feature `uuid`). The `uuid` crate sets the version and variant bits and
//! formats; the randomness is ours.

use std::time::{SystemTime, UNIX_EPOCH};

use rand_core::TryCryptoRng;
use uuid::{Builder, Uuid};

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

/// A version 4 UUID from 16 random bytes (the builder sets the version and
/// variant bits).
#[inline]
pub(crate) fn v4(random: [u8; 16]) -> Uuid {
    Builder::from_random_bytes(random).into_uuid()
}

/// A version 7 UUID of this millisecond from 10 random bytes.
fn v7_now(random: [u8; 10]) -> Result<Uuid, Error> {
    Ok(Builder::from_unix_timestamp_millis(unix_millis()?, &random).into_uuid())
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

impl<R> Secrets<R>
where
    R: TryCryptoRng,
    R::Error: 'static,
{
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
        self.try_uuid4_value().map(canonical)
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
    /// milliseconds, then 74 random bits (the 12-bit `rand_a` and the 62-bit
    /// `rand_b`), version 7, variant RFC 9562.
    ///
    /// **No monotonic counter.** RFC 9562 (§6.2) lets `rand_a` be random
    /// instead of a counter; we do, so UUIDs are ordered by millisecond but
    /// two made in the same millisecond are in random order. Uniqueness
    /// rests on the 74 random bits (a collision within one millisecond needs
    /// about 2^37 UUIDs), and no state is kept between calls, so nothing
    /// about one UUID can be learnt from another of the same millisecond.
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
        self.try_uuid7_value().map(canonical)
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
