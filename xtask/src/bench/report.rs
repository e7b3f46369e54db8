//! Tables (Markdown, printed and written to docs/benchmarks.md) and SVG
//! charts (plotters) of a bench run.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use plotters::prelude::*;
use secrets_bench::{
    Column, Measurement, Operation, SIZES, Table, format_rate, format_rate_range, format_time,
    size_label,
};

use super::{Results, Role, ThroughputRow};

/// A command's trimmed standard output, or `unknown`.
fn command_output(program: &str, args: &[&str]) -> String {
    crate::output_of(Command::new(program).args(args))
        .map_or_else(|_| "unknown".into(), |out| out.trim().to_owned())
}

/// CPU, kernel, compiler and build flags, as Markdown list items.
pub fn machine_description() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let field = |name: &str| {
        cpuinfo
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_once(':'))
            .map(|(_, v)| v.trim().to_owned())
    };
    let cpus = cpuinfo
        .lines()
        .filter(|l| l.starts_with("processor"))
        .count();
    let flags = field("flags").unwrap_or_default();
    let interesting: Vec<&str> = ["aes", "vaes", "avx2", "avx512f", "rdrand", "rdseed"]
        .into_iter()
        .filter(|f| flags.split_whitespace().any(|x| x == *f))
        .collect();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "- CPU: {} ({cpus} logical CPUs; flags: {})",
        field("model name").unwrap_or_else(|| "unknown".into()),
        interesting.join(", ")
    );
    let _ = writeln!(s, "- Kernel: {}", command_output("uname", &["-srvmo"]));
    let _ = writeln!(s, "- Compiler: {}", command_output("rustc", &["-V"]));
    let _ = writeln!(
        s,
        "- Build: `--release` (codegen-units = 1, thin LTO) with `--cfg chacha20_avx512` from `.cargo/config.toml`"
    );
    s
}

fn cell(row: &ThroughputRow, size: usize) -> String {
    match row.at(size) {
        Some(m) => format_rate_range(m.bytes_per_second(size), m.bytes_per_second_range(size)),
        None => "–".into(),
    }
}

/// The size columns of a throughput table, after `first`.
fn size_columns(first: impl IntoIterator<Item = Column>) -> Vec<Column> {
    first
        .into_iter()
        .chain(SIZES.iter().map(|&s| Column::right(size_label(s))))
        .collect()
}

fn find<'a>(results: &'a Results, subject: &str, threads: usize) -> Option<&'a ThroughputRow> {
    results
        .throughput
        .iter()
        .find(|r| r.subject == subject && r.threads == threads)
}

/// A subject's name in a table: backends (ours) in bold.
fn display_name(subject: &str, role: Role) -> String {
    if role == Role::Backend {
        format!("**{subject}**")
    } else {
        subject.to_owned()
    }
}

fn throughput_table(out: &mut String, results: &Results, threads: usize) {
    let mut table = Table::new(size_columns([Column::left("subject")]));
    for role in [Role::Backend, Role::Baseline] {
        for row in results
            .throughput
            .iter()
            .filter(|r| r.threads == threads && r.role == role)
        {
            let name = display_name(&row.subject, role);
            table.push_row(std::iter::once(name).chain(SIZES.iter().map(|&s| cell(row, s))));
        }
    }
    out.push_str(&table.markdown());
}

fn ratio_table(out: &mut String, results: &Results) {
    let mut columns = size_columns([Column::left("backend"), Column::left("baseline")]);
    columns.push(Column::right("32 B vs ThreadRng"));
    let mut table = Table::new(columns);
    let thread_rng = find(results, "rand ThreadRng", 1);
    for row in results
        .throughput
        .iter()
        .filter(|r| r.threads == 1 && r.role == Role::Backend)
    {
        let base_name = row.baseline.clone().unwrap_or_default();
        let base = find(results, &base_name, 1);
        let mut cells = vec![display_name(&row.subject, row.role), base_name];
        for size in SIZES {
            cells.push(speedup(row.at(size), base.and_then(|b| b.at(size))));
        }
        cells.push(match (row.at(32), thread_rng.and_then(|t| t.at(32))) {
            (Some(m), Some(t)) => format!("{:.2}× the time", m.median_ns / t.median_ns),
            _ => "–".into(),
        });
        table.push_row(cells);
    }
    out.push_str(&table.markdown());
}

/// How many times faster `ours` is than `base` (`–` where either is
/// missing).
fn speedup(ours: Option<&Measurement>, base: Option<&Measurement>) -> String {
    match (ours, base) {
        (Some(m), Some(b)) => format!("{:.2}×", b.median_ns / m.median_ns),
        _ => "–".into(),
    }
}

fn versus_openssl_table(out: &mut String, results: &Results) {
    let mut table = Table::new([
        Column::left("backend"),
        Column::right("1 MiB"),
        Column::right("vs bare loop"),
        Column::left("OpenSSL DRBG"),
        Column::right("OpenSSL"),
        Column::right("ours / OpenSSL"),
        Column::right("32 B request"),
    ]);
    for (name, versus) in &results.versus_openssl {
        let row = find(results, name, 1);
        let base = row.and_then(|r| find(results, r.baseline.as_deref()?, 1));
        let mib = 1 << 20;
        let (ours, bare) = (row.and_then(|r| r.at(mib)), base.and_then(|b| b.at(mib)));
        table.push_row([
            display_name(name, Role::Backend),
            ours.map_or("–".into(), |m| format_rate(m.bytes_per_second(mib))),
            speedup(ours, bare),
            versus.openssl.clone(),
            format_rate(versus.openssl_rate.median),
            format!(
                "{:.2}× ({:.2}–{:.2})",
                versus.ratio.median, versus.ratio.min, versus.ratio.max
            ),
            (row.and_then(|r| r.at(32))).map_or("–".into(), |m| format_time(m.median_ns)),
        ]);
    }
    out.push_str(&table.markdown());
}

fn scaling_table(out: &mut String, results: &Results) {
    let mut table = Table::new([
        Column::left("subject"),
        Column::right("4 KiB, 2 threads"),
        Column::right("2 / 1 thread"),
        Column::right("1 MiB, 2 threads"),
        Column::right("2 / 1 thread"),
    ]);
    for row in results.throughput.iter().filter(|r| r.threads == 2) {
        let mut cells = vec![row.subject.clone()];
        for size in [4 << 10, 1 << 20] {
            let one = find(results, &row.subject, 1).and_then(|r| r.at(size));
            match (row.at(size), one) {
                (Some(two), Some(one)) => {
                    cells.push(format_rate(two.bytes_per_second(size)));
                    cells.push(format!(
                        "{:.2}×",
                        two.bytes_per_second(size) / one.bytes_per_second(size)
                    ));
                }
                _ => cells.extend(["–".to_owned(), "–".to_owned()]),
            }
        }
        table.push_row(cells);
    }
    out.push_str(&table.markdown());
}

fn latency_tables(out: &mut String, results: &Results) {
    for op in Operation::ALL.map(Operation::label) {
        let mut rows: Vec<_> = results
            .latency
            .iter()
            .filter(|r| r.operation == op)
            .collect();
        if rows.is_empty() {
            continue;
        }
        rows.sort_by(|a, b| a.measurement.median_ns.total_cmp(&b.measurement.median_ns));
        let cpython = rows
            .iter()
            .find(|r| r.subject.contains("secrets") && r.role == Role::Baseline)
            .map(|r| r.measurement.median_ns);
        let _ = writeln!(out, "\n### `{op}`\n");
        let mut table = Table::new([
            Column::left("subject"),
            Column::right("median"),
            Column::right("min–max"),
            Column::right("CPython time / ours"),
        ]);
        for r in rows {
            let m = &r.measurement;
            let speedup = cpython
                .map(|c| format!("{:.1}×", c / m.median_ns))
                .unwrap_or_else(|| "–".into());
            table.push_row([
                display_name(&r.subject, r.role),
                format_time(m.median_ns),
                format!("{}–{}", format_time(m.min_ns), format_time(m.max_ns)),
                speedup,
            ]);
        }
        out.push_str(&table.markdown());
    }
}

/// The whole report.
pub fn markdown(results: &Results, machine: &str) -> String {
    let mut out = String::new();
    let config = if results.quick {
        "`--quick`: 5 samples of 2 ms per figure"
    } else {
        "11 samples of 20 ms per figure"
    };
    let date = command_output("date", &["-u", "+%Y-%m-%d %H:%M UTC"]);
    let _ = writeln!(
        out,
        "# Benchmarks\n\nGenerated by `cargo xtask bench` ({config}) on {date}. Every figure is the \
         median over the samples, with the min–max range in parentheses; each sample times a batch \
         of calls sized to last the sample time, after a warm-up. Numbers from a shared machine are \
         noisy: compare figures from the same run (the ratios), not across runs.\n"
    );
    let _ = writeln!(out, "## Machine\n\n{machine}");
    out.push_str(
        "## How to reproduce\n\n```sh\ncargo xtask bench           # full run, rewrites this file and docs/img/*.svg\n\
         cargo xtask bench --quick   # about a minute, same tables\ncargo xtask bench --no-write  # print only\n\
         cargo xtask bench --section chacha [--quick]   # one comparison section, printed\n```\n\n\
         Everything is timed by one core, the `secrets-bench` crate (a development tool, not \
         published). The command has no `bench` subcommand: a figure is only worth printing beside \
         a baseline measured in the same run, which needs the baselines and peers linked into a \
         development build, not into the shipped binary (`pv`, `dd` or `time` measure \
         `secrets bytes` on a user's machine).\n\n\
         Backends are measured through `secrets::AnyBackend` (the dispatch the facade and the CLI use); \
         baselines are the raw primitives each backend is built on. CPython is timed with `timeit` \
         inside one interpreter; `openssl rand` with a large count, its start-up time subtracted.\n\n",
    );
    out.push_str("## Throughput by request size, 1 thread\n\n![throughput by request size](img/throughput.svg)\n\n");
    throughput_table(&mut out, results, 1);
    out.push_str(
        "\n## Each backend against its baseline, 1 thread\n\n**Backend throughput / baseline throughput** \
         at the medians (1.00× = as fast as the raw primitive it is built on). The last column is the \
         time of a 32-byte request relative to rand's `ThreadRng` (below 1 is faster).\n\n",
    );
    ratio_table(&mut out, results);
    if !results.versus_openssl.is_empty() {
        out.push_str(
            "\n## Hash_DRBG and HMAC_DRBG against their bare loops and OpenSSL\n\nThroughput at 1 MiB \
             requests and its ratio to the bare loop of the same crate (the baseline above); then \
             `openssl rand -out /dev/null` with OpenSSL's own DRBG of the same mechanism and digest \
             (`OPENSSL_CONF` pointing at a generated config file: `[random_sect]` `random = HASH-DRBG` \
             or `HMAC-DRBG`, `digest = SHA256` or `SHA512`), timed in interleaved rounds with ours \
             filling as many bytes in 1 MiB requests, OpenSSL's start-up subtracted: the ratio is \
             the median (min–max) of per-round ratios, above 1× = ours faster. Last, the time of \
             one 32-byte request.\n\n",
        );
        versus_openssl_table(&mut out, results);
    }
    out.push_str(
        "\n## Two threads\n\nAggregate throughput of two threads, each with its own instance.\n\n",
    );
    throughput_table(&mut out, results, 2);
    out.push('\n');
    scaling_table(&mut out, results);
    out.push_str("\n## Small-token latency\n\n![small-token latency against the peers](img/latency.svg)\n\n\
        Time per call, fastest first. `(2 threads)` rows run two threads at once and give the time per \
        call on each. Baselines: the bare libraries doing the same job (bytes from `getrandom` then \
        `hex`/`base64` encoding; rand's `ThreadRng` with its `random_range`, which is not exactly \
        unbiased by default).\n");
    latency_tables(&mut out, results);
    out.push_str("\n## Peers\n\n");
    if let Some((version, bytes, rates)) = &results.openssl {
        let ctr = find(results, "ctr-drbg-aes256", 1).and_then(|r| r.at(1 << 20));
        let _ = writeln!(
            out,
            "- `openssl rand -out /dev/null {bytes}` ({version}, its default CTR-DRBG): {} ({}–{}){}",
            format_rate(rates.median),
            format_rate(rates.min),
            format_rate(rates.max),
            ctr.map(|m| format!(
                "; `ctr-drbg-aes256` at 1 MiB requests is {:.2}× that",
                m.bytes_per_second(1 << 20) / rates.median
            ))
            .unwrap_or_default()
        );
    }
    for note in &results.notes {
        let _ = writeln!(out, "- {note}");
    }
    out
}

/// Writes `benchmarks.md` and the charts (`img/*.svg`) into `docs`.
pub fn write(docs: &Path, results: &Results, markdown: &str) -> Result<(), String> {
    let img = docs.join("img");
    std::fs::create_dir_all(&img).map_err(|e| format!("{}: {e}", img.display()))?;
    std::fs::write(docs.join("benchmarks.md"), markdown)
        .map_err(|e| format!("benchmarks.md: {e}"))?;
    throughput_chart(&img.join("throughput.svg"), results)
        .map_err(|e| format!("throughput.svg: {e}"))?;
    latency_chart(&img.join("latency.svg"), results).map_err(|e| format!("latency.svg: {e}"))?;
    Ok(())
}

type ChartResult = Result<(), Box<dyn std::error::Error>>;

/// Draws a legend (colour swatch + label per line) in its own area, so it
/// never hides data.
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    entries: &[(String, RGBAColor)],
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    for (i, (label, color)) in entries.iter().enumerate() {
        let y = 60 + i as i32 * 22;
        area.draw(&Rectangle::new([(8, y), (24, y + 12)], color.filled()))?;
        area.draw(&Text::new(label.clone(), (32, y - 1), ("sans-serif", 14)))?;
    }
    Ok(())
}

fn throughput_chart(path: &Path, results: &Results) -> ChartResult {
    let rows: Vec<&ThroughputRow> = results
        .throughput
        .iter()
        .filter(|r| {
            r.threads == 1
                && (r.role == Role::Backend
                    || ["getrandom::fill", "rand ThreadRng"].contains(&r.subject.as_str()))
        })
        .collect();
    let rate_mb =
        |r: &ThroughputRow, size: usize| r.at(size).map(|m| m.bytes_per_second(size) / 1e6);
    let all: Vec<f64> = rows
        .iter()
        .flat_map(|r| SIZES.iter().filter_map(move |&s| rate_mb(r, s)))
        .collect();
    let lo = all.iter().copied().fold(f64::MAX, f64::min).max(0.1) / 1.5;
    let hi = all.iter().copied().fold(0.0, f64::max) * 1.5;
    let root = SVGBackend::new(path, (1100, 600)).into_drawing_area();
    root.fill(&WHITE)?;
    let (plot_area, legend_area) = root.split_horizontally(860);
    // x is log2 of the request size, so the ticks land on the sizes.
    let mut chart = ChartBuilder::on(&plot_area)
        .caption("Throughput by request size (1 thread)", ("sans-serif", 22))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(70)
        .build_cartesian_2d(4f64..20f64, (lo..hi).log_scale())?;
    chart
        .configure_mesh()
        .x_desc("bytes per request")
        .y_desc("MB/s")
        .x_labels(9)
        .x_label_formatter(&|x| size_label(2f64.powf(*x).round() as usize))
        .y_label_formatter(&|y| format!("{y:.0}"))
        .draw()?;
    let mut legend = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let color = Palette99::pick(i).to_rgba();
        let style = if row.role == Role::Backend {
            color.stroke_width(2)
        } else {
            color.stroke_width(1)
        };
        let points: Vec<(f64, f64)> = SIZES
            .iter()
            .filter_map(|&s| rate_mb(row, s).map(|r| ((s as f64).log2(), r)))
            .collect();
        chart.draw_series(LineSeries::new(points.clone(), style))?;
        chart.draw_series(points.iter().map(|&p| Circle::new(p, 3, color.filled())))?;
        legend.push((row.subject.clone(), color));
    }
    draw_legend(&legend_area, &legend)?;
    root.present()?;
    Ok(())
}

fn latency_chart(path: &Path, results: &Results) -> ChartResult {
    // Subjects: every 1-thread backend, then the peers and baselines.
    let mut subjects: Vec<String> = Vec::new();
    for r in &results.latency {
        if !r.subject.contains("2 threads") && !subjects.contains(&r.subject) {
            subjects.push(r.subject.clone());
        }
    }
    let ops: Vec<&str> = Operation::ALL
        .map(Operation::label)
        .into_iter()
        .filter(|op| results.latency.iter().any(|r| r.operation == *op))
        .collect();
    let times: Vec<f64> = results
        .latency
        .iter()
        .map(|r| r.measurement.median_ns)
        .collect();
    let lo = times.iter().copied().fold(f64::MAX, f64::min).max(0.1) / 2.0;
    let hi = times.iter().copied().fold(0.0, f64::max) * 2.0;
    let root = SVGBackend::new(path, (1240, 620)).into_drawing_area();
    root.fill(&WHITE)?;
    let (plot_area, legend_area) = root.split_horizontally(960);
    let mut legend = Vec::new();
    let mut chart = ChartBuilder::on(&plot_area)
        .caption(
            "Small-token latency (1 thread; lower is better)",
            ("sans-serif", 22),
        )
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(70)
        .build_cartesian_2d(0f64..ops.len() as f64, (lo..hi).log_scale())?;
    let op_labels = ops.clone();
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(ops.len() * 2 + 1)
        .x_label_formatter(&|x| {
            let i = x.floor() as usize;
            if (x - x.floor() - 0.5).abs() < 0.01 && i < op_labels.len() {
                op_labels[i].to_string()
            } else {
                String::new()
            }
        })
        .y_desc("ns per call")
        .y_label_formatter(&|y| format!("{y:.0}"))
        .draw()?;
    let width = 0.8 / subjects.len().max(1) as f64;
    for (si, subject) in subjects.iter().enumerate() {
        let color = Palette99::pick(si).to_rgba();
        let bars: Vec<Rectangle<(f64, f64)>> = ops
            .iter()
            .enumerate()
            .filter_map(|(oi, op)| {
                let row = results
                    .latency
                    .iter()
                    .find(|r| r.operation == *op && &r.subject == subject)?;
                let x0 = oi as f64 + 0.1 + si as f64 * width;
                Some(Rectangle::new(
                    [(x0, lo), (x0 + width * 0.9, row.measurement.median_ns)],
                    color.filled(),
                ))
            })
            .collect();
        chart.draw_series(bars)?;
        legend.push((subject.clone(), color));
    }
    draw_legend(&legend_area, &legend)?;
    root.present()?;
    Ok(())
}
