//! `secrets bytes` and `secrets token-bytes`: raw bytes with constant memory.
//!
//! One reusable block is filled by the backend and handed to one `write_all`
//! on an unbuffered stdout (or the atomic file), so the command adds one
//! memory pass over the backend's own cost and its memory never grows with
//! the count.

use std::io::{self, IsTerminal};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use zeroize::Zeroize;

use crate::cli::{BytesArgs, TokenBytesArgs};
use crate::engine::Engine;
use crate::error::CliError;
use crate::sink::Sink;

/// Block size of the stream: large enough that per-call costs (a system call,
/// a backend's request overhead) vanish, small enough to stay in L2 cache.
pub const BLOCK_SIZE: usize = 256 * 1024;

/// Runs `secrets bytes`.
pub fn bytes(engine: &mut Engine, args: &BytesArgs) -> Result<(), CliError> {
    crate::threads::check_backend(engine, args.threads)?;
    let mut sink = Sink::open(args.output.as_deref())?;
    refuse_terminal(&sink, args.force)?;
    let progress = if !args.no_progress && io::stderr().is_terminal() {
        progress_bar(args.count)
    } else {
        ProgressBar::hidden()
    };
    let result = match args.threads {
        1 => stream(engine, &mut sink, args.count, &progress),
        threads => crate::threads::stream(engine, threads, &mut sink, args.count, &progress),
    };
    progress.finish_and_clear();
    result?;
    sink.finish()
}

/// Runs `secrets token-bytes`.
pub fn token_bytes(engine: &mut Engine, args: &TokenBytesArgs) -> Result<(), CliError> {
    let mut sink = Sink::open(None)?;
    refuse_terminal(&sink, args.force)?;
    let nbytes = args.nbytes;
    crate::text::warn_if_weak("the token", nbytes as f64 * 8.0);
    stream(engine, &mut sink, Some(nbytes), &ProgressBar::hidden())?;
    sink.finish()
}

/// Refuses to write binary to a terminal unless forced: it garbles the
/// terminal, and secrets on screen end up in scrollback.
fn refuse_terminal(sink: &Sink, force: bool) -> Result<(), CliError> {
    if sink.is_terminal() && !force {
        return Err(CliError::usage(
            "refusing to write binary output to a terminal; redirect stdout \
             (e.g. '> file' or '| xxd') or pass --force",
        ));
    }
    Ok(())
}

/// Writes exactly `count` bytes (or endlessly for `None`) from the engine to
/// the sink, one block at a time.
fn stream(
    engine: &mut Engine,
    sink: &mut Sink,
    count: Option<u64>,
    progress: &ProgressBar,
) -> Result<(), CliError> {
    let first_block = match count {
        // Small counts get a small buffer: token-bytes 32 needs 32 bytes.
        Some(count) => usize::try_from(count).map_or(BLOCK_SIZE, |c| c.min(BLOCK_SIZE)),
        None => BLOCK_SIZE,
    };
    let mut block = vec![0u8; first_block];
    let mut remaining = count;
    let result = loop {
        let len = match remaining {
            Some(0) => break Ok(()),
            Some(left) => usize::try_from(left).map_or(block.len(), |l| l.min(block.len())),
            None => block.len(),
        };
        let chunk = &mut block[..len];
        if let Err(e) = crate::engine::fill(engine, chunk) {
            break Err(e);
        }
        if let Err(e) = sink.write_all(chunk) {
            break Err(e);
        }
        progress.inc(len as u64);
        if let Some(left) = remaining.as_mut() {
            *left -= len as u64;
        }
    };
    // The block held secrets that were just handed out; don't leave a copy.
    block.zeroize();
    result
}

/// A bar with a total for `--count`, a byte counter and rate otherwise.
fn progress_bar(count: Option<u64>) -> ProgressBar {
    let template = match count {
        Some(_) => "{bar:40} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} ETA {eta}",
        None => "{spinner} {binary_bytes} {binary_bytes_per_sec}",
    };
    let bar = ProgressBar::with_draw_target(count, ProgressDrawTarget::stderr());
    // The templates are constants; a bad one would only lose the styling.
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar
}
