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

    /// The chain of functions by which `root` reaches `function` (both
    /// included), as found by [`Self::search`]'s parent links.
    fn chain(&self, parents: &BTreeMap<u64, u64>, root: u64, function: u64) -> Vec<u64> {
        let mut chain = vec![function];
        let mut current = function;
        while current != root {
            let Some(&parent) = parents.get(&current) else {
                break;
            };
            chain.push(parent);
            current = parent;
        }
        chain.reverse();
        chain
    }

    /// Every call into a panic entry point reachable from `root` by direct
    /// calls and jumps.
    fn search(&self, root: u64) -> Search {
        let mut seen = BTreeSet::from([root]);
        let mut parents = BTreeMap::new();
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
                    parents.insert(callee, function);
                    stack.push(callee);
                }
            }
        }
        let indirect = seen.iter().filter_map(|f| self.indirect.get(f)).sum();
        Search {
            found,
            reached: seen.len(),
            indirect,
            parents,
        }
    }
}

/// What [`CallGraph::search`] found from one root.
struct Search {
    /// (call site, caller, panic function) for each panic call.
    found: Vec<(u64, u64, u64)>,
    /// Functions reached.
    reached: usize,
    /// Indirect calls among them (not followed).
    indirect: usize,
    /// Each reached function's caller on the path that reached it.
    parents: BTreeMap<u64, u64>,
}

/// The source location of `address`, innermost inlined frame first.
fn source_of(library: &str, address: u64) -> Vec<String> {
    let Ok(text) = crate::output_of(Command::new("addr2line").args([
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
        crate::root_dir()
            .canonicalize()
            .unwrap_or_default()
            .display()
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

/// Arguments of `cargo xtask nopanic`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Also list the panics reachable outside our crates.
    #[arg(long)]
    show_outside: bool,
}

/// Entry point of `cargo xtask nopanic`.
pub fn main(args: Args) -> Result<(), String> {
    let show_outside = args.show_outside;
    let root = crate::root_dir();
    let manifest = root.join("fuzz/nopanic/Cargo.toml");
    let target_dir = root.join("target/nopanic");
    println!("building fuzz/nopanic (cdylib, release, panic = abort, fat LTO)…");
    crate::run(
        "building fuzz/nopanic",
        crate::cargo()
            .args(["build", "--release", "--manifest-path"])
            .arg(&manifest)
            .arg("--target-dir")
            .arg(&target_dir),
    )?;
    let library = target_dir.join("release/libsecrets_nopanic.so");
    let library = library.to_string_lossy().into_owned();
    let disassembly = crate::output_of(Command::new("objdump").args([
        "-d",
        "-C",
        "--no-show-raw-insn",
        &library,
    ]))?;
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
    let mut outside_total = 0;
    for (start, name) in &roots {
        let backend = name.trim_start_matches("secrets_nopanic_fill_");
        let Search {
            found,
            reached,
            indirect,
            parents,
        } = graph.search(*start);
        // One entry per distinct source location.
        let mut reported = BTreeSet::new();
        let mut ours = Vec::new();
        let mut outside = Vec::new();
        for (site, caller, callee) in found {
            let frames = source_of(&library, site);
            let key = (
                frames.first().cloned().unwrap_or_default(),
                graph.name(callee).to_string(),
            );
            if !reported.insert(key) {
                continue;
            }
            match owner(graph.name(caller), &frames) {
                Owner::Ours => ours.push((caller, callee, frames)),
                // How the fill path gets there, for `--show-outside`.
                other => {
                    let chain: Vec<&str> = graph
                        .chain(&parents, *start, caller)
                        .into_iter()
                        .map(|f| graph.name(f))
                        .collect();
                    outside.push((other, chain, callee));
                }
            }
        }
        let verdict = if ours.is_empty() {
            "no panic in our code"
        } else {
            "CAN PANIC"
        };
        println!(
            "{backend:<18} {verdict:<21} ({reached} functions reached, {indirect} indirect calls not followed, {} panic calls inside std or dependencies)",
            outside.len()
        );
        for (caller, callee, frames) in &ours {
            println!("    {} -> {}", graph.name(*caller), graph.name(*callee));
            for frame in frames.iter().take(5) {
                println!("        at {frame}");
            }
        }
        if show_outside {
            for (owner, chain, callee) in &outside {
                println!(
                    "    [{owner}] {} -> {}",
                    chain.join(" -> "),
                    graph.name(*callee)
                );
            }
        }
        outside_total += outside.len();
        if !ours.is_empty() {
            failing.push(backend.to_string());
        }
    }
    if !show_outside && outside_total > 0 {
        println!(
            "(`cargo xtask nopanic --show-outside` lists the std and dependency panic calls and how each is reached)"
        );
    }
    if failing.is_empty() {
        println!("no fill path reaches a panic in our code");
        Ok(())
    } else {
        Err(format!(
            "panics reachable in our code from the fill path of: {}",
            failing.join(", ")
        ))
    }
}

/// Who answers for a panic call the optimizer kept.
#[derive(Debug, PartialEq)]
enum Owner {
    /// Our code: the call site (or a frame inlined into it) is in this
    /// repository, or the calling function is one of ours.
    Ours,
    /// The standard library's runtime (locks, TLS, environment).
    Std,
    /// A third-party crate, by its registry directory (`aes-0.9.4`).
    Dependency(String),
}

impl std::fmt::Display for Owner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Owner::Ours => f.write_str("ours"),
            Owner::Std => f.write_str("std"),
            Owner::Dependency(name) => write!(f, "dependency {name}"),
        }
    }
}

/// Attributes a panic call by its caller's name and the call site's frames
/// (repository-relative paths for our files, as [`source_of`] prints them).
fn owner(caller: &str, frames: &[String]) -> Owner {
    let ours = caller.starts_with("secrets_")
        || caller.starts_with("<secrets_")
        || frames
            .iter()
            .any(|frame| frame.starts_with("crates/") || frame.starts_with("fuzz/"));
    if ours {
        return Owner::Ours;
    }
    let dependency = frames.iter().find_map(|frame| {
        let (_, after) = frame.split_once("/registry/src/")?;
        // "index.crates.io-…/aes-0.9.4/src/…" → "aes-0.9.4"
        after.split('/').nth(1).map(str::to_string)
    });
    dependency.map_or(Owner::Std, Owner::Dependency)
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
        let search = graph.search(0x1000);
        assert_eq!(search.found, vec![(0x2004, 0x2000, 0x3000)]);
        assert_eq!(search.reached, 2);
        assert_eq!(search.indirect, 1);
        assert!(graph.search(0x3000).found.is_empty());
    }

    #[test]
    fn panic_markers() {
        assert!(is_panic("core::option::unwrap_failed"));
        assert!(is_panic("core::slice::index::slice_index_fail"));
        assert!(!is_panic("secrets_os::fill"));
    }

    #[test]
    fn attributes_each_panic_to_its_owner() {
        let frames = |list: &[&str]| list.iter().map(|f| f.to_string()).collect::<Vec<_>>();
        let ours = frames(&[
            "/rustc/x/library/core/src/slice/index.rs:456 (fill)",
            "crates/secrets-ctr-drbg/src/rng.rs:235 (fill)",
        ]);
        assert_eq!(owner("core::slice::copy", &ours), Owner::Ours);
        assert_eq!(owner("secrets_os::vdso::set_up", &[]), Owner::Ours);
        assert_eq!(
            owner(
                "<secrets_chacha::core::ChaChaCore<R>>::take",
                &frames(&["/rustc/x/library/core/src/slice/index.rs:31 (index)"])
            ),
            Owner::Ours
        );
        let dependency = frames(&[
            "/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/aes-0.9.4/src/backends/fixslice/utils.rs:86 (xor_columns)",
        ]);
        assert_eq!(
            owner(
                "aes::backends::soft::fixslice::utils::xor_columns",
                &dependency
            ),
            Owner::Dependency("aes-0.9.4".into())
        );
        let std = frames(&["/rustc/x/library/std/src/sys/env/unix.rs:95 ({closure#0})"]);
        assert_eq!(
            owner("std::sys::env::unix::getenv::{closure#0}", &std),
            Owner::Std
        );
    }

    #[test]
    fn chains_lead_from_the_root() {
        let graph = CallGraph::parse(SAMPLE);
        let search = graph.search(0x1000);
        let (_, caller, _) = search.found[0];
        assert_eq!(
            graph.chain(&search.parents, 0x1000, caller),
            vec![0x1000, 0x2000]
        );
    }
}
