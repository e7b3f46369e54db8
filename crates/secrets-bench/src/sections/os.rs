//! The OS backend (`secrets-os`): the vDSO path of `secrets_os::fill`
//! against a bare `getrandom::fill` (the system call) and the backend's own
//! system-call path. Targets: 32 bytes ≥ 4.5× faster than
//! `getrandom::fill`, 1 MiB ≥ 1.6×.

use rand_core::TryRng;

use super::Effort;
use crate::compare::{Comparison, fill};

/// The section.
pub fn run(effort: &Effort) -> Result<String, String> {
    let mut text = format!(
        "Path: {} ({:?}).\n\n",
        secrets_os::active_path(),
        secrets_os::vdso_info()
    );
    for size in [16, 32, 1 << 20] {
        let mut c =
            Comparison::throughput("OS", "vDSO ≥ 4.5× getrandom at 32 B, ≥ 1.6× at 1 MiB", size);
        c.add(
            "getrandom::fill",
            fill(size, |b| getrandom::fill(b).expect("getrandom")),
        );
        c.add(
            "secrets_os::fill (vDSO)",
            fill(size, |b| secrets_os::fill(b).expect("secrets-os")),
        );
        let mut syscall = secrets_os::OsRng::syscall_only();
        c.add(
            "OsRng::syscall_only",
            fill(size, move |b| syscall.try_fill_bytes(b).expect("getrandom")),
        );
        text.push_str(&effort.run(c));
        text.push('\n');
    }
    text.push_str("The cost of the facade over a bare fill: the `facade` section.\n");
    Ok(text)
}
