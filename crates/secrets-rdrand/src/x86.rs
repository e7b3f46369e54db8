//! The real instructions, on x86 and x86_64. All of the crate's `unsafe` is
//! here.
//!
//! The proof that the CPU has an instruction is a value: an
//! [`RdRandSource`] or [`RdSeedSource`] is only made after CPUID reported the
//! instruction, so every `unsafe` call below rests on "this source exists".
#![allow(unsafe_code)]

#[cfg(target_arch = "x86")]
use core::arch::x86::{_rdrand32_step, _rdseed32_step};
#[cfg(target_arch = "x86_64")]
use core::arch::x86_64::{_rdrand64_step, _rdseed64_step};

use secrets_core::Error;

use crate::tested::{HealthTested, Instruction, WordSource, fill_untested};
/// A fill loop compiled inside a `target_feature` function, so that the
/// instruction is inlined into the loop instead of called once per word,
/// and its safe entry point: the argument holds a source, which exists only
/// after CPUID reported the instruction.
macro_rules! feature_fill {
    (
        $(#[$doc:meta])*
        $entry:ident, $enabled:ident, $feature:tt, $arg:ident: $ty:ty, $dest:ident => $body:block
    ) => {
        $(#[$doc])*
        pub(crate) fn $entry($arg: $ty, $dest: &mut [u8]) -> Result<(), Error> {
            // SAFETY: `$arg` holds a source, which exists only after CPUID
            // reported the instruction this function's `target_feature`
            // enables.
            unsafe { $enabled($arg, $dest) }
        }

        #[target_feature(enable = $feature)]
        fn $enabled($arg: $ty, $dest: &mut [u8]) -> Result<(), Error> $body
    };
}

/// One instruction's CPUID check, proof-of-presence type, step and fill
/// loops: the same for RDRAND and RDSEED but for the names.
macro_rules! instruction {
    (
        $(#[$source_doc:meta])*
        $source:ident: $feature:tt as $instruction:ident,
        missing: $missing:literal,
        cpuid: $cpuid:ident, $available:ident, $make:ident,
        steps: $step:ident($step64:ident, $step32:ident),
        fills: $fill:ident($fill_enabled:ident), $untested:ident($untested_enabled:ident) $(,)?
    ) => {
        // CPUID, read once and cached in an atomic by cpufeatures.
        cpufeatures::new!($cpuid, $feature);

        pub(crate) fn $available() -> bool {
            $cpuid::get()
        }

        $(#[$source_doc])*
        pub(crate) struct $source {
            _detected: (),
        }

        pub(crate) fn $make() -> Result<$source, Error> {
            if $available() {
                Ok($source { _detected: () })
            } else {
                Err(Error::unavailable(Instruction::$instruction.name(), $missing))
            }
        }

        /// One instruction: `Some(word)` if the carry flag was set.
        #[cfg(target_arch = "x86_64")]
        #[target_feature(enable = $feature)]
        #[inline]
        #[allow(unused_unsafe)] // the intrinsic is a safe fn from Rust 1.93; MSRV is 1.89
        fn $step() -> Option<u64> {
            let mut word = 0;
            // SAFETY: the intrinsic writes only the `u64` it is lent; its one
            // requirement, a CPU with the instruction, is this function's
            // `target_feature` contract, which every caller upholds.
            let ok = unsafe { $step64(&mut word) };
            (ok == 1).then_some(word)
        }

        /// Two 32-bit steps make one 64-bit sample; both must succeed.
        #[cfg(target_arch = "x86")]
        #[target_feature(enable = $feature)]
        #[inline]
        #[allow(unused_unsafe)] // the intrinsic is a safe fn from Rust 1.93; MSRV is 1.89
        fn $step() -> Option<u64> {
            let (mut low, mut high) = (0_u32, 0_u32);
            // SAFETY: the intrinsic writes only the `u32`s it is lent; its one
            // requirement, a CPU with the instruction, is this function's
            // `target_feature` contract, which every caller upholds.
            let ok = unsafe { $step32(&mut low) & $step32(&mut high) };
            (ok == 1).then_some((u64::from(high) << 32) | u64::from(low))
        }

        impl WordSource for $source {
            #[inline(always)]
            fn try_word(&mut self) -> Option<u64> {
                // SAFETY: a source exists only after CPUID reported its
                // instruction (see its constructor), so this CPU runs code
                // compiled with that feature.
                unsafe { $step() }
            }
        }

        feature_fill!($fill, $fill_enabled, $feature, tested: &mut HealthTested<$source>, dest => {
            tested.fill(dest)
        });
        feature_fill!(
            /// The benchmark baseline: the same loop and retries, no health tests.
            $untested, $untested_enabled, $feature, source: &mut $source, dest => {
                fill_untested(source, Instruction::$instruction, dest)
            }
        );
    };
}

instruction! {
    /// RDRAND, known to be present.
    RdRandSource: "rdrand" as RdRand,
    missing: "this CPU does not have the RDRAND instruction (CPUID leaf 1, ECX bit 30 is clear)",
    cpuid: cpuid_rdrand, rdrand_available, rdrand_source,
    steps: rdrand_step(_rdrand64_step, _rdrand32_step),
    fills: fill_rdrand(fill_rdrand_enabled), untested_fill_rdrand(untested_fill_rdrand_enabled),
}

instruction! {
    /// RDSEED, known to be present.
    RdSeedSource: "rdseed" as RdSeed,
    missing: "this CPU does not have the RDSEED instruction (CPUID leaf 7, EBX bit 18 is clear)",
    cpuid: cpuid_rdseed, rdseed_available, rdseed_source,
    steps: rdseed_step(_rdseed64_step, _rdseed32_step),
    fills: fill_rdseed(fill_rdseed_enabled), untested_fill_rdseed(untested_fill_rdseed_enabled),
}
