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
use crate::{RDRAND_NAME, RDSEED_NAME};

// CPUID, read once and cached in an atomic by cpufeatures.
cpufeatures::new!(cpuid_rdrand, "rdrand");
cpufeatures::new!(cpuid_rdseed, "rdseed");

pub(crate) fn rdrand_available() -> bool {
    cpuid_rdrand::get()
}

pub(crate) fn rdseed_available() -> bool {
    cpuid_rdseed::get()
}

/// RDRAND, known to be present.
pub(crate) struct RdRandSource {
    _detected: (),
}

/// RDSEED, known to be present.
pub(crate) struct RdSeedSource {
    _detected: (),
}

pub(crate) fn rdrand_source() -> Result<RdRandSource, Error> {
    if rdrand_available() {
        Ok(RdRandSource { _detected: () })
    } else {
        Err(Error::unavailable(
            RDRAND_NAME,
            "this CPU does not have the RDRAND instruction (CPUID leaf 1, ECX bit 30 is clear)",
        ))
    }
}

pub(crate) fn rdseed_source() -> Result<RdSeedSource, Error> {
    if rdseed_available() {
        Ok(RdSeedSource { _detected: () })
    } else {
        Err(Error::unavailable(
            RDSEED_NAME,
            "this CPU does not have the RDSEED instruction (CPUID leaf 7, EBX bit 18 is clear)",
        ))
    }
}

/// One RDRAND: `Some(word)` if the carry flag was set.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "rdrand")]
#[inline]
#[allow(unused_unsafe)] // the intrinsic is a safe fn from Rust 1.93; MSRV is 1.89
fn rdrand_step() -> Option<u64> {
    let mut word = 0;
    // SAFETY: the intrinsic writes only the `u64` it is lent; its one
    // requirement, a CPU with RDRAND, is this function's `target_feature`
    // contract, which every caller upholds.
    let ok = unsafe { _rdrand64_step(&mut word) };
    (ok == 1).then_some(word)
}

/// One RDSEED: `Some(word)` if the carry flag was set.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "rdseed")]
#[inline]
#[allow(unused_unsafe)] // the intrinsic is a safe fn from Rust 1.93; MSRV is 1.89
fn rdseed_step() -> Option<u64> {
    let mut word = 0;
    // SAFETY: as in `rdrand_step`, with RDSEED.
    let ok = unsafe { _rdseed64_step(&mut word) };
    (ok == 1).then_some(word)
}

/// Two 32-bit RDRANDs make one 64-bit sample; both must succeed.
#[cfg(target_arch = "x86")]
#[target_feature(enable = "rdrand")]
#[inline]
#[allow(unused_unsafe)] // the intrinsic is a safe fn from Rust 1.93; MSRV is 1.89
fn rdrand_step() -> Option<u64> {
    let (mut low, mut high) = (0_u32, 0_u32);
    // SAFETY: the intrinsic writes only the `u32`s it is lent; its one
    // requirement, a CPU with RDRAND, is this function's `target_feature`
    // contract, which every caller upholds.
    let ok = unsafe { _rdrand32_step(&mut low) & _rdrand32_step(&mut high) };
    (ok == 1).then_some((u64::from(high) << 32) | u64::from(low))
}

/// Two 32-bit RDSEEDs make one 64-bit sample; both must succeed.
#[cfg(target_arch = "x86")]
#[target_feature(enable = "rdseed")]
#[inline]
#[allow(unused_unsafe)] // the intrinsic is a safe fn from Rust 1.93; MSRV is 1.89
fn rdseed_step() -> Option<u64> {
    let (mut low, mut high) = (0_u32, 0_u32);
    // SAFETY: as in `rdrand_step`, with RDSEED.
    let ok = unsafe { _rdseed32_step(&mut low) & _rdseed32_step(&mut high) };
    (ok == 1).then_some((u64::from(high) << 32) | u64::from(low))
}

impl WordSource for RdRandSource {
    #[inline(always)]
    fn try_word(&mut self) -> Option<u64> {
        // SAFETY: an RdRandSource exists only after CPUID reported RDRAND
        // (`rdrand_source`), so this CPU runs `rdrand`-enabled code.
        unsafe { rdrand_step() }
    }
}

impl WordSource for RdSeedSource {
    #[inline(always)]
    fn try_word(&mut self) -> Option<u64> {
        // SAFETY: an RdSeedSource exists only after CPUID reported RDSEED
        // (`rdseed_source`), so this CPU runs `rdseed`-enabled code.
        unsafe { rdseed_step() }
    }
}

// The fill loops are compiled inside `target_feature` functions so that the
// instruction is inlined into the loop instead of called once per word.

pub(crate) fn fill_rdrand(
    tested: &mut HealthTested<RdRandSource>,
    dest: &mut [u8],
) -> Result<(), Error> {
    // SAFETY: `tested` holds an RdRandSource, which exists only after CPUID
    // reported RDRAND.
    unsafe { fill_rdrand_enabled(tested, dest) }
}

#[target_feature(enable = "rdrand")]
fn fill_rdrand_enabled(
    tested: &mut HealthTested<RdRandSource>,
    dest: &mut [u8],
) -> Result<(), Error> {
    tested.fill(dest)
}

pub(crate) fn fill_rdseed(
    tested: &mut HealthTested<RdSeedSource>,
    dest: &mut [u8],
) -> Result<(), Error> {
    // SAFETY: `tested` holds an RdSeedSource, which exists only after CPUID
    // reported RDSEED.
    unsafe { fill_rdseed_enabled(tested, dest) }
}

#[target_feature(enable = "rdseed")]
fn fill_rdseed_enabled(
    tested: &mut HealthTested<RdSeedSource>,
    dest: &mut [u8],
) -> Result<(), Error> {
    tested.fill(dest)
}

/// The benchmark baseline: the same loop and retries, no health tests.
pub(crate) fn untested_fill_rdrand(
    source: &mut RdRandSource,
    dest: &mut [u8],
) -> Result<(), Error> {
    // SAFETY: an RdRandSource exists only after CPUID reported RDRAND.
    unsafe { untested_fill_rdrand_enabled(source, dest) }
}

#[target_feature(enable = "rdrand")]
fn untested_fill_rdrand_enabled(source: &mut RdRandSource, dest: &mut [u8]) -> Result<(), Error> {
    fill_untested(source, Instruction::RdRand, dest)
}

/// The benchmark baseline: the same loop and retries, no health tests.
pub(crate) fn untested_fill_rdseed(
    source: &mut RdSeedSource,
    dest: &mut [u8],
) -> Result<(), Error> {
    // SAFETY: an RdSeedSource exists only after CPUID reported RDSEED.
    unsafe { untested_fill_rdseed_enabled(source, dest) }
}

#[target_feature(enable = "rdseed")]
fn untested_fill_rdseed_enabled(source: &mut RdSeedSource, dest: &mut [u8]) -> Result<(), Error> {
    fill_untested(source, Instruction::RdSeed, dest)
}
