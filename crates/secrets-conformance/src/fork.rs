//! Fork behaviour: a child process must never repeat its parent's bytes.
//!
//! A generator is created and used in the parent (so a DRBG is seeded and
//! may hold buffered output), then two children are forked from that same
//! state. Each child draws 64 bytes and sends them back through a pipe; the
//! parent then draws its own 64 bytes. All three must differ. A userspace
//! generator without fork detection fails this (the unit test shows it on
//! rand_chacha); the OS and hardware sources pass trivially.

use std::io::{Read, Write};

use rand_core::TryCryptoRng;

use crate::stats::Decision;
use crate::suite::CheckResult;

const DRAW: usize = 64;

/// What one child reported.
enum ChildOutcome {
    Bytes([u8; DRAW]),
    Failed(String),
}

#[cfg(unix)]
#[allow(unsafe_code)]
fn fork_and_draw<R: TryCryptoRng>(rng: &mut R) -> Result<ChildOutcome, String> {
    let (mut reader, mut writer) = std::io::pipe().map_err(|e| format!("pipe: {e}"))?;
    // SAFETY: `fork` has no memory-safety preconditions. The suite forks
    // only while it runs no other threads of its own; the child touches only
    // the generator, a stack buffer and the pipe, then leaves with `_exit`
    // so that no destructor or atexit handler of the parent runs twice.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(format!("fork failed: {}", std::io::Error::last_os_error()));
    }
    if pid == 0 {
        drop(reader);
        let mut bytes = [0u8; DRAW];
        let code = match rng.try_fill_bytes(&mut bytes) {
            Ok(()) => match writer.write_all(&bytes) {
                Ok(()) => 0,
                Err(_) => 2,
            },
            Err(_) => 1,
        };
        // SAFETY: ends the child immediately, without unwinding or running
        // the parent's exit handlers; always sound to call.
        unsafe { libc::_exit(code) };
    }
    drop(writer);
    let mut received = Vec::new();
    let read = reader.read_to_end(&mut received);
    let mut status = 0;
    // SAFETY: waits for our own child; `status` is a valid out-pointer.
    let waited = unsafe { libc::waitpid(pid, &mut status, 0) };
    if waited != pid {
        return Err(format!("waitpid: {}", std::io::Error::last_os_error()));
    }
    read.map_err(|e| format!("reading the child's bytes: {e}"))?;
    if !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
        return Ok(ChildOutcome::Failed(format!(
            "child exited with status {status:#x} (its generator errored or could not write)"
        )));
    }
    match <[u8; DRAW]>::try_from(received.as_slice()) {
        Ok(bytes) => Ok(ChildOutcome::Bytes(bytes)),
        Err(_) => Ok(ChildOutcome::Failed(format!(
            "child sent {} bytes, not {DRAW}",
            received.len()
        ))),
    }
}

/// Runs the fork check on a fresh generator from `make_rng`.
pub(crate) fn check<R: TryCryptoRng>(make_rng: &dyn Fn() -> Result<R, String>) -> CheckResult {
    CheckResult::from_result("fork", decisions(make_rng))
}

#[cfg(unix)]
fn decisions<R: TryCryptoRng>(
    make_rng: &dyn Fn() -> Result<R, String>,
) -> Result<Vec<Decision>, String> {
    let mut rng = make_rng()?;
    let mut warm = [0u8; DRAW];
    rng.try_fill_bytes(&mut warm).map_err(|e| e.to_string())?;
    let first = fork_and_draw(&mut rng)?;
    let second = fork_and_draw(&mut rng)?;
    let mut parent = [0u8; DRAW];
    rng.try_fill_bytes(&mut parent).map_err(|e| e.to_string())?;
    let mut d = Vec::new();
    let children = match (first, second) {
        (ChildOutcome::Bytes(a), ChildOutcome::Bytes(b)) => [a, b],
        (ChildOutcome::Failed(why), _) | (_, ChildOutcome::Failed(why)) => {
            return Ok(vec![Decision::exact("child draws bytes", false, why)]);
        }
    };
    let differ = |name: &str, a: &[u8; DRAW], b: &[u8; DRAW]| {
        let detail = if a == b {
            format!("identical {DRAW}-byte outputs")
        } else {
            "different".into()
        };
        Decision::exact(name, a != b, detail)
    };
    d.push(differ("first child vs parent", &children[0], &parent));
    d.push(differ("second child vs parent", &children[1], &parent));
    d.push(differ(
        "first child vs second child",
        &children[0],
        &children[1],
    ));
    d.push(differ("parent before vs after fork", &warm, &parent));
    Ok(d)
}

#[cfg(not(unix))]
fn decisions<R: TryCryptoRng>(
    _make_rng: &dyn Fn() -> Result<R, String>,
) -> Result<Vec<Decision>, String> {
    Ok(Vec::new())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::suite::Status;
    use rand_chacha::ChaCha20Rng;
    use rand_core::SeedableRng;

    #[test]
    fn a_drbg_without_fork_detection_fails() {
        let result = check(&|| Ok(ChaCha20Rng::from_seed([3; 32])));
        assert_eq!(result.status, Status::Fail, "{result:?}");
        assert!(
            result.summary.contains("child vs parent"),
            "{}",
            result.summary
        );
    }

    #[test]
    fn the_os_generator_passes() {
        let result = check(&|| Ok(getrandom::SysRng));
        assert_eq!(result.status, Status::Pass, "{result:?}");
        assert_eq!(result.decisions.len(), 4);
    }
}
