//! Stand-in for the vDSO module on builds without the fast path (not Linux,
//! an architecture we do not call the vDSO on, or `--cfg secrets_force_syscall`):
//! every request goes to the system call.

/// Why this build has no vDSO path.
const REASON: &str = if cfg!(secrets_force_syscall) {
    "disabled at build time by --cfg secrets_force_syscall"
} else {
    "the vDSO fast path exists only on Linux x86-64 and aarch64"
};

/// Always `Err(0)`: nothing was filled, use the system call.
#[inline]
pub(crate) fn fill(_dest: &mut [u8]) -> Result<(), usize> {
    Err(0)
}

/// See [`crate::vdso_info`].
pub(crate) fn info() -> Result<crate::VdsoInfo, &'static str> {
    Err(REASON)
}
