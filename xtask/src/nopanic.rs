//! `cargo xtask nopanic`: can the backends' fill paths panic?
//!
//! In the spirit of getrandom's `nopanic_check`: `fuzz/nopanic` is a cdylib
//! exporting one `extern "C"` fill function per backend (plus the OS
//! backend's free `fill`), built in release mode with `panic = "abort"` and
//! fat LTO, so that the library holds only code reachable from those
//! functions, after the optimizer has removed every check it can prove
//! dead. getrandom can then simply look for any panic symbol; our backends
//! link `std`, whose runtime always carries the panic machinery, so this
//! task goes one step further: it disassembles the library (`objdump`),
//! builds the direct call graph (calls and tail jumps between functions),
//! and reports, per exported fill function, every reachable call into a
//! panic entry point (`core::panicking::*`, `unwrap_failed`,
//! `slice_index_fail`, …) with the source line of the call site
//! (`addr2line`, inlined frames included).
//!
//! Limits: indirect calls (trait objects such as a DRBG's `dyn
//! EntropySource`) are counted but not followed — in practice their target
//! is another backend's fill path, which is a root of its own here. A panic
//! call that the optimizer kept is *reachable in the code*, not necessarily
//! at run time (an index the code keeps in range by an invariant the
//! compiler cannot see); each one is listed so that it can be judged or
//! removed.
//!
//! Exit status: non-zero if any fill path reaches a panic.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::Command;

/// Demangled names of the functions a panic goes through.
const PANIC_MARKERS: &[&str] = &[
    "core::panicking::",
    "std::panicking::",
    "rust_begin_unwind",
    "unwrap_failed",
    "expect_failed",
    "slice_index_fail",
    "slice_error_fail",
    "_len_fail",
    "panic_already_borrowed",
    "panic_already_mutably_borrowed",
    "assert_failed",
    "capacity_overflow",
];

fn is_panic(name: &str) -> bool {
    PANIC_MARKERS.iter().any(|marker| name.contains(marker))
}

/// A disassembled library: functions by start address, their direct calls
/// and jumps to other functions, and their indirect calls.
#[derive(Default)]
pub struct CallGraph {
    /// Start address → demangled name.
    pub names: BTreeMap<u64, String>,
    /// Function start → (call-site address, target address).
    pub calls: BTreeMap<u64, Vec<(u64, u64)>>,
    /// Function start → number of indirect calls.
    pub indirect: BTreeMap<u64, usize>,
}

impl CallGraph {
    /// Parses `objdump -d -C --no-show-raw-insn` output (x86-64, AT&T).
    pub fn parse(disassembly: &str) -> CallGraph {
        let mut graph = CallGraph::default();
        let mut current: Option<u64> = None;
        for line in disassembly.lines() {
            // "0000000000013490 <name>:" starts a function.
            if let Some((address, rest)) = line.split_once(" <")
                && let Some(name) = rest.strip_suffix(">:")
                && let Ok(start) = u64::from_str_radix(address.trim(), 16)
            {
                graph.names.insert(start, name.to_string());
                current = Some(start);
                continue;
            }
            let Some(function) = current else { continue };
            // "   2cb6d:\tcall   10400 <target>"
            let Some((site, instruction)) = line.split_once(":\t") else {
                continue;
            };
            let Ok(site) = u64::from_str_radix(site.trim(), 16) else {
                continue;
            };
            let mut words = instruction.split_whitespace();
            let Some(mnemonic) = words.next() else {
                continue;
            };
            let is_call = mnemonic.starts_with("call");
            let is_jump = mnemonic.starts_with('j');
            if !is_call && !is_jump {
                continue;
            }
            match words.next() {
                // Jump tables (`jmp *…`) stay inside a function; only
                // indirect calls leave it.
                Some(operand) if operand.starts_with('*') && is_call => {
                    *graph.indirect.entry(function).or_default() += 1;
                }
                Some(operand) if operand.starts_with('*') => {}
                Some(operand) => {
                    if let Ok(target) = u64::from_str_radix(operand, 16) {
                        graph
                            .calls
                            .entry(function)
                            .or_default()
                            .push((site, target));
                    }
                }
                None => {}
            }
        }
        graph
    }

    /// The function containing `address`.
    fn function_at(&self, address: u64) -> Option<u64> {
        self.names
            .range(..=address)
            .next_back()
            .map(|(&start, _)| start)
    }

    fn name(&self, start: u64) -> &str {
        self.names.get(&start).map_or("?", String::as_str)
    }

    /// Every call into a panic entry point reachable from `root` by direct
    /// calls and jumps: (call site, caller, panic function). Also returns how
    /// many functions were reached and their indirect calls.
    pub fn panics_reachable_from(&self, root: u64) -> (Vec<(u64, u64, u64)>, usize, usize) {
        let mut seen = BTreeSet::from([root]);
        let mut stack = vec![root];
        let mut found = Vec::new();
        while let Some(function) = stack.pop() {
            for &(site, target) in self.calls.get(&function).into_iter().flatten() {
                let Some(callee) = self.function_at(target) else {
                    continue;
                };
                if callee == function {
                    continue; // a branch inside the function
                }
                if is_panic(self.name(callee)) {
                    found.push((site, function, callee));
                } else if seen.insert(callee) {
                    stack.push(callee);
                }
            }
        }
        let indirect = seen.iter().filter_map(|f| self.indirect.get(f)).sum();
        (found, seen.len(), indirect)
    }
}

fn root_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn run(command: &mut Command) -> Result<String, String> {
    let output = command
        .output()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "{command:?} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The source location of `address`, innermost inlined frame first.
fn source_of(library: &str, address: u64) -> Vec<String> {
    let Ok(text) = run(Command::new("addr2line").args([
        "-i",
        "-f",
        "-C",
        "-e",
        library,
        &format!("{address:#x}"),
    ])) else {
        return vec!["(addr2line failed)".into()];
    };
    let root = format!(
        "{}/",
        root_dir().canonicalize().unwrap_or_default().display()
    );
    let lines: Vec<&str> = text.lines().collect();
    lines
        .chunks(2)
        .filter_map(|pair| match pair {
            [function, place] => Some(format!(
                "{} ({})",
                place.replace(&root, ""),
                function.rsplit("::").next().unwrap_or(function)
            )),
            _ => None,
        })
        .collect()
}

/// Entry point of `cargo xtask nopanic`.
pub fn main(args: &[String]) -> Result<(), String> {
    if let Some(arg) = args.first() {
        return Err(format!("nopanic: unknown argument `{arg}`"));
    }
    let root = root_dir();
    let manifest = root.join("fuzz/nopanic/Cargo.toml");
    let target_dir = root.join("target/nopanic");
    println!("building fuzz/nopanic (cdylib, release, panic = abort, fat LTO)…");
    let status = Command::new("cargo")
        .args(["build", "--release", "--manifest-path"])
        .arg(&manifest)
        .arg("--target-dir")
        .arg(&target_dir)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("building fuzz/nopanic failed".into());
    }
    let library = target_dir.join("release/libsecrets_nopanic.so");
    let library = library.to_string_lossy().into_owned();
    let disassembly =
        run(Command::new("objdump").args(["-d", "-C", "--no-show-raw-insn", &library]))?;
    let graph = CallGraph::parse(&disassembly);
    let roots: Vec<(u64, String)> = graph
        .names
        .iter()
        .filter(|(_, name)| name.starts_with("secrets_nopanic_fill_"))
        .map(|(&start, name)| (start, name.clone()))
        .collect();
    if roots.is_empty() {
        return Err("no exported fill function found in the library".into());
    }
    let mut failing = Vec::new();
    for (start, name) in &roots {
        let backend = name.trim_start_matches("secrets_nopanic_fill_");
        let (found, reached, indirect) = graph.panics_reachable_from(*start);
        let verdict = if found.is_empty() {
            "no panic reachable"
        } else {
            "CAN PANIC"
        };
        println!(
            "{backend:<18} {verdict:<20} ({reached} functions reached, {indirect} indirect calls not followed)"
        );
        // One entry per distinct source location.
        let mut reported = BTreeSet::new();
        for (site, caller, callee) in found {
            let frames = source_of(&library, site);
            let key = (
                frames.first().cloned().unwrap_or_default(),
                graph.name(callee).to_string(),
            );
            if !reported.insert(key) {
                continue;
            }
            println!("    {} -> {}", graph.name(caller), graph.name(callee));
            for frame in frames.iter().take(5) {
                println!("        at {frame}");
            }
        }
        if !reported.is_empty() {
            failing.push(backend.to_string());
        }
    }
    if failing.is_empty() {
        println!("no fill path can panic");
        Ok(())
    } else {
        Err(format!(
            "panics reachable from the fill path of: {}",
            failing.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\
0000000000001000 <secrets_nopanic_fill_x>:
    1000:\tcall   2000 <helper>
    1005:\tjmp    1000 <secrets_nopanic_fill_x>
    100a:\tcall   *0x18(%rax)

0000000000002000 <helper>:
    2000:\tjb     2010 <helper+0x10>
    2004:\tcall   3000 <core::panicking::panic_bounds_check>
    2010:\tret

0000000000003000 <core::panicking::panic_bounds_check>:
    3000:\tud2

0000000000004000 <unreached>:
    4000:\tcall   3000 <core::panicking::panic_bounds_check>
";

    #[test]
    fn finds_panics_through_direct_calls_only() {
        let graph = CallGraph::parse(SAMPLE);
        assert_eq!(graph.names.len(), 4);
        let (found, reached, indirect) = graph.panics_reachable_from(0x1000);
        assert_eq!(found, vec![(0x2004, 0x2000, 0x3000)]);
        assert_eq!(reached, 2);
        assert_eq!(indirect, 1);
        let (clean, _, _) = graph.panics_reachable_from(0x3000);
        assert!(clean.is_empty());
    }

    #[test]
    fn panic_markers() {
        assert!(is_panic("core::option::unwrap_failed"));
        assert!(is_panic("core::slice::index::slice_index_fail"));
        assert!(!is_panic("secrets_os::fill"));
    }
}
