//! The comparison sections of `cargo xtask bench`: each backend family
//! against the raw primitive it is built on and against the libraries
//! people would use instead, in interleaved rounds of one run. They replace
//! the criterion benches and the examples that each had a harness of their
//! own; every figure those printed is here.
//!
//! | section | what |
//! | --- | --- |
//! | `chacha` | ChaCha DRBGs vs the raw `chacha20` keystream, the `chacha20` and `rand_chacha` RNGs, `ThreadRng`; thread-local requests; the reseed cost; two-thread scaling |
//! | `ctr-drbg` | CTR_DRBG vs the raw `Ctr128BE<Aes>` keystream and `ThreadRng` |
//! | `os` | the vDSO path vs `getrandom::fill` and the system call alone |
//! | `rdrand` | health-tested RDRAND/RDSEED vs the bare instruction loop and the `rdrand` crate; the health tests' own cost |
//! | `encode` | our encoders vs `hex`, `base64`, `const-hex`, `faster-hex`, `data-encoding`, `base64-simd` |
//! | `facade` | the facade's token functions and sampling vs bare fill + encode, rand's `random_range`, `uuid` |

use std::time::Duration;

use crate::baselines::os_seed;
use crate::compare::{Comparison, fill};

mod chacha;
mod ctr_drbg;
mod encode;
mod facade;
mod os;
mod rdrand;

/// How long the comparisons run.
#[derive(Clone, Copy, Debug)]
pub struct Effort {
    /// Interleaved rounds per comparison.
    pub rounds: usize,
    /// Time of one candidate's sample in a round.
    pub sample: Duration,
}

impl Effort {
    /// `cargo xtask bench`.
    pub const FULL: Effort = Effort {
        rounds: 21,
        sample: Duration::from_millis(10),
    };
    /// `cargo xtask bench --quick`.
    pub const QUICK: Effort = Effort {
        rounds: 5,
        sample: Duration::from_millis(1),
    };

    /// Runs `comparison` at this effort; returns its Markdown table.
    fn run(&self, comparison: Comparison) -> String {
        comparison.run(self.rounds, self.sample).markdown()
    }
}

/// One section: a name for `--section`, a heading, and what it measures.
pub struct Section {
    /// The name `cargo xtask bench --section` takes.
    pub name: &'static str,
    /// The heading in docs/benchmarks.md.
    pub title: &'static str,
    /// Runs it: Markdown (tables and notes), or why it could not run.
    pub run: fn(&Effort) -> Result<String, String>,
}

/// Every section, in report order.
pub const SECTIONS: [Section; 6] = [
    Section {
        name: "chacha",
        title: "ChaCha DRBGs against the keystream they are built on",
        run: chacha::run,
    },
    Section {
        name: "ctr-drbg",
        title: "CTR_DRBG against the AES-CTR keystream",
        run: ctr_drbg::run,
    },
    Section {
        name: "os",
        title: "The OS backend: vDSO against the system call",
        run: os::run,
    },
    Section {
        name: "rdrand",
        title: "RDRAND and RDSEED: what the health tests cost",
        run: rdrand::run,
    },
    Section {
        name: "encode",
        title: "Encoders against the encoding crates",
        run: encode::run,
    },
    Section {
        name: "facade",
        title: "The facade against bare baselines",
        run: facade::run,
    },
];

/// The sections named (every one when `names` is empty), run at `effort`,
/// as Markdown under one heading; an error names a section that could not
/// run.
///
/// ```
/// use std::time::Duration;
/// use secrets_bench::sections::{Effort, markdown};
/// let tiny = Effort { rounds: 1, sample: Duration::from_micros(20) };
/// let text = markdown(&["encode".to_owned()], &tiny)?;
/// assert!(text.contains("### Encoders against the encoding crates"));
/// # Ok::<(), String>(())
/// ```
pub fn markdown(names: &[String], effort: &Effort) -> Result<String, String> {
    let mut text = String::from(
        "## Comparisons\n\nEach table times its candidates in interleaved rounds \
         (every round samples each once, so background load hits all alike): median and best \
         per candidate, and its speed relative to the first row as the median (min–max) of \
         per-round ratios; above 1× is faster. The title says the design's target.\n",
    );
    for section in SECTIONS
        .iter()
        .filter(|s| names.is_empty() || names.iter().any(|n| n == s.name))
    {
        eprintln!("section {}…", section.name);
        let body = (section.run)(effort)?;
        text.push_str(&format!("\n### {}\n\n{body}", section.title));
    }
    Ok(text)
}

/// The comparison of 32-byte requests, starting with `rand::rng()` called
/// per request and held, the baselines that `claim` refers to.
fn small_requests(claim: &str) -> Comparison {
    use rand::Rng;
    let mut small = Comparison::new("32-byte requests", claim);
    small.add(
        "ThreadRng, rand::rng() per call",
        fill(32, |buf| rand::rng().fill_bytes(buf)),
    );
    let mut held = rand::rng();
    small.add("ThreadRng held", fill(32, move |buf| held.fill_bytes(buf)));
    small
}
