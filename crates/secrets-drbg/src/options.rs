//! The one options type of every DRBG.

use secrets_core::Error;

use crate::Mechanism;

/// How a [`Drbg`](crate::Drbg) reseeds, and its mechanism's configuration.
///
/// `Options::default()` is the mechanism's documented default: its default
/// configuration and reseed intervals
/// ([`Mechanism::DEFAULT_RESEED_INTERVAL_REQUESTS`],
/// [`Mechanism::DEFAULT_RESEED_INTERVAL_BYTES`]), prediction resistance off.
///
/// ```
/// # #[cfg(feature = "std")] {
/// use secrets_drbg::Options;
/// // Reseed at least every 1 MiB and every 1,000 Generate calls.
/// let options = Options::<()>::default()
///     .reseed_interval_bytes(1 << 20)
///     .reseed_interval_requests(1_000);
/// assert_eq!(options.requested_reseed_interval_bytes(), Some(1 << 20));
/// # }
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options<C> {
    config: C,
    reseed_requests: Option<u64>,
    reseed_bytes: Option<u64>,
    prediction_resistance: bool,
}

impl<C> Options<C> {
    /// Options with this mechanism configuration and default intervals.
    ///
    /// ```
    /// let options = secrets_drbg::Options::with_config(secrets_ctr_drbg::Config::without_df());
    /// assert!(!options.config().uses_df());
    /// ```
    pub const fn with_config(config: C) -> Self {
        Options {
            config,
            reseed_requests: None,
            reseed_bytes: None,
            prediction_resistance: false,
        }
    }

    /// Replaces the mechanism configuration (CTR_DRBG: with or without the
    /// derivation function).
    ///
    /// ```
    /// let options = secrets_drbg::Options::default().mechanism_config(secrets_ctr_drbg::Config::without_df());
    /// assert!(!options.config().uses_df());
    /// ```
    #[must_use]
    pub fn mechanism_config(mut self, config: C) -> Self {
        self.config = config;
        self
    }

    /// Reseed before the Generate call that would exceed this many calls
    /// since the last reseed (1 to the mechanism's maximum, 2^48 for
    /// SP 800-90A; checked when the generator is built).
    ///
    /// ```
    /// let options = secrets_drbg::Options::<()>::default().reseed_interval_requests(1_000);
    /// assert_eq!(options.requested_reseed_interval_requests(), Some(1_000));
    /// ```
    #[must_use]
    pub const fn reseed_interval_requests(mut self, requests: u64) -> Self {
        self.reseed_requests = Some(requests);
        self
    }

    /// Reseed before output would exceed this many bytes since the last
    /// reseed (at least the mechanism's
    /// [`MIN_RESEED_INTERVAL_BYTES`](Mechanism::MIN_RESEED_INTERVAL_BYTES);
    /// `u64::MAX` leaves only the request interval, fork and explicit
    /// reseeds).
    ///
    /// ```
    /// let options = secrets_drbg::Options::<()>::default().reseed_interval_bytes(1 << 20);
    /// assert_eq!(options.requested_reseed_interval_bytes(), Some(1 << 20));
    /// ```
    #[must_use]
    pub const fn reseed_interval_bytes(mut self, bytes: u64) -> Self {
        self.reseed_bytes = Some(bytes);
        self
    }

    /// Prediction resistance (SP 800-90A 8.8): every Generate call draws
    /// fresh entropy first, so no output can be predicted from an earlier
    /// state. Nothing is buffered ahead of a request, and every request
    /// costs one entropy draw.
    ///
    /// ```
    /// let options = secrets_drbg::Options::<()>::default().prediction_resistance(true);
    /// assert!(options.uses_prediction_resistance());
    /// ```
    #[must_use]
    pub const fn prediction_resistance(mut self, on: bool) -> Self {
        self.prediction_resistance = on;
        self
    }

    /// The mechanism configuration.
    ///
    /// ```
    /// let options = secrets_drbg::Options::<secrets_ctr_drbg::Config>::default();
    /// assert!(options.config().uses_df());
    /// ```
    pub const fn config(&self) -> &C {
        &self.config
    }

    /// The request interval set with
    /// [`reseed_interval_requests`](Self::reseed_interval_requests), if any.
    ///
    /// ```
    /// assert_eq!(secrets_drbg::Options::<()>::default().requested_reseed_interval_requests(), None); // the mechanism's default
    /// ```
    pub const fn requested_reseed_interval_requests(&self) -> Option<u64> {
        self.reseed_requests
    }

    /// The byte interval set with
    /// [`reseed_interval_bytes`](Self::reseed_interval_bytes), if any.
    ///
    /// ```
    /// assert_eq!(secrets_drbg::Options::<()>::default().requested_reseed_interval_bytes(), None);
    /// ```
    pub const fn requested_reseed_interval_bytes(&self) -> Option<u64> {
        self.reseed_bytes
    }

    /// Whether prediction resistance is on.
    ///
    /// ```
    /// assert!(!secrets_drbg::Options::<()>::default().uses_prediction_resistance());
    /// ```
    pub const fn uses_prediction_resistance(&self) -> bool {
        self.prediction_resistance
    }
}

/// [`Options`] checked against a mechanism: every interval explicit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Policy {
    pub(crate) reseed_requests: u64,
    pub(crate) reseed_bytes: u64,
    pub(crate) prediction_resistance: bool,
}

impl Policy {
    pub(crate) fn of<M: Mechanism>(options: &Options<M::Config>) -> Result<Self, Error> {
        let reseed_requests = options
            .reseed_requests
            .unwrap_or(M::DEFAULT_RESEED_INTERVAL_REQUESTS);
        if reseed_requests == 0 || reseed_requests > M::MAX_RESEED_INTERVAL {
            return Err(Error::invalid(
                "reseed_interval_requests",
                "must be between 1 and the mechanism's maximum (2^48 Generate calls for SP 800-90A)",
            ));
        }
        let reseed_bytes = options
            .reseed_bytes
            .unwrap_or(M::DEFAULT_RESEED_INTERVAL_BYTES);
        Self::check_bytes::<M>(reseed_bytes)?;
        Ok(Policy {
            reseed_requests,
            reseed_bytes,
            prediction_resistance: options.prediction_resistance,
        })
    }

    pub(crate) fn check_bytes<M: Mechanism>(bytes: u64) -> Result<(), Error> {
        if bytes == 0 || bytes < M::MIN_RESEED_INTERVAL_BYTES {
            return Err(Error::invalid(
                "reseed_interval_bytes",
                if M::MIN_RESEED_INTERVAL_BYTES > 1 {
                    "must be at least the mechanism's minimum: one maximal Generate call (65536 bytes for SP 800-90A)"
                } else {
                    "the reseed interval must be at least 1 byte"
                },
            ));
        }
        Ok(())
    }
}
