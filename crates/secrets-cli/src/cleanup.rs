//! The one temporary file of `--output`, removed on every exit we can catch.
//!
//! Destructors run on an error return, but not when a signal ends the process
//! or when the panic hook calls `exit`. So the path of the pending temporary
//! file is also kept here, process-wide:
//!
//! - SIGINT, SIGTERM and SIGHUP are caught (on Unix, by a `signal-hook`
//!   thread created with the first temporary file): the thread removes the
//!   file, then ends the process by the same signal, so the shell sees what it
//!   expects (a loop stops on Ctrl-C).
//! - SIGXFSZ (a file-size limit) is made harmless: the write fails with
//!   EFBIG, and the error path removes the file.
//! - SIGPIPE is ignored by every Rust program, so a closed pipe is a write
//!   error (EPIPE), handled by the error path too.
//! - A panic: the panic hook calls [`remove_pending`] before it exits.
//!
//! SIGKILL (and a power loss) cannot be caught: they leave the temporary file,
//! named `.NAME.secrets-tmp-PID-N` beside the target, mode 0600. It holds
//! random bytes that may be secret: delete it.
//!
//! Committing holds the same lock as the signal thread, so a signal that
//! arrives while the output is renamed or copied into place waits until that
//! is done: the target never holds part of an output because of a signal.

use std::fs;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// The temporary file to remove if the process ends now.
static PENDING: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Locks the pending path. A panic while it was held leaves nothing
/// half-changed (it is one `Option`), so poisoning is ignored.
pub fn lock() -> MutexGuard<'static, Option<PathBuf>> {
    PENDING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Installs the signal handlers (once). Call it before creating the
/// temporary file, and create and record the file while holding [`lock`], so
/// no signal can come between the file's creation and its record.
pub fn install() -> std::io::Result<()> {
    #[cfg(unix)]
    signals::install()?;
    Ok(())
}

/// Removes the pending temporary file, if any: the panic hook's last act. It
/// only tries the lock, since the panicking thread may hold it.
pub fn remove_pending() {
    if let Ok(mut pending) = PENDING.try_lock()
        && let Some(path) = pending.take()
    {
        let _ = fs::remove_file(path);
    }
}

#[cfg(unix)]
mod signals {
    use std::io;
    use std::sync::atomic::AtomicBool;
    use std::sync::{Arc, OnceLock};

    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGXFSZ};
    use signal_hook::iterator::Signals;

    /// Installs the handlers once; later calls return the first outcome.
    pub fn install() -> io::Result<()> {
        static INSTALLED: OnceLock<Result<(), io::ErrorKind>> = OnceLock::new();
        INSTALLED
            .get_or_init(|| install_now().map_err(|e| e.kind()))
            .map_err(io::Error::from)
    }

    fn install_now() -> io::Result<()> {
        // A flag nobody reads: its only effect is that SIGXFSZ no longer
        // kills the process, so an over-long write returns EFBIG instead.
        signal_hook::flag::register(SIGXFSZ, Arc::new(AtomicBool::new(false)))?;
        let mut signals = Signals::new([SIGINT, SIGTERM, SIGHUP])?;
        std::thread::Builder::new()
            .name("output-cleanup".to_owned())
            .spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    // Held until the process is gone, so no commit can start.
                    let mut pending = super::lock();
                    if let Some(path) = pending.take() {
                        let _ = std::fs::remove_file(path);
                    }
                    let _ = signal_hook::low_level::emulate_default_handler(signal);
                    // Only reached if the default action could not be restored.
                    std::process::exit(128 + signal);
                }
            })?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_panic_hooks_cleanup_removes_the_pending_file() {
        let path = std::env::temp_dir().join(format!(".cleanup-test-{}", std::process::id()));
        fs::write(&path, b"secret").unwrap();
        *lock() = Some(path.clone());
        remove_pending();
        assert!(!path.exists());
        assert!(lock().is_none());
        // Nothing pending: a no-op.
        remove_pending();
    }
}
