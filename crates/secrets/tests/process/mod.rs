//! Shared helpers for the tests that run cases in real processes (fork,
//! seccomp, resource limits, signals).

#![allow(dead_code)] // each test file uses a subset

use std::process::Command;

use secrets::{BackendId, BackendKind};

/// Runs `body` in a fresh process of this test binary that runs only the
/// test `name`: no other test thread exists there, so forking, seccomp
/// filters, resource limits and process-wide signal handlers are safe and
/// never touch the harness. The parent checks that the child ran the test
/// and passed, and relays its `torture:` lines (which `cargo xtask torture`
/// collects).
pub fn isolated(name: &str, body: impl FnOnce()) {
    const CHILD: &str = "SECRETS_TEST_ISOLATED";
    if std::env::var(CHILD).as_deref() == Ok(name) {
        body();
        return;
    }
    let exe = std::env::current_exe().expect("the test binary's path");
    let output = Command::new(exe)
        .args([name, "--exact", "--test-threads=1", "--nocapture"])
        .env(CHILD, name)
        .output()
        .expect("re-running the test binary");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    for line in stdout.lines().chain(stderr.lines()) {
        // libtest may print "test NAME ... " on the same line first.
        if let Some(at) = line.find("torture: ") {
            println!("{}", &line[at..]);
        }
    }
    assert!(
        output.status.success(),
        "isolated run of `{name}` failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
    assert!(
        stdout.contains("1 passed"),
        "isolated run of `{name}` did not run the test:\n{stdout}"
    );
}

/// The DRBG backends compiled in.
pub fn drbg_backends() -> Vec<BackendId> {
    BackendId::ALL
        .iter()
        .copied()
        .filter(|id| id.is_compiled() && id.kind() == BackendKind::Drbg)
        .collect()
}
