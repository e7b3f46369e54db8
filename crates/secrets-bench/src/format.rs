//! Units and tables: the same figures print the same way as aligned plain
//! text (split on whitespace by scripts) and as Markdown (docs/benchmarks.md).
//!
//! ```
//! use secrets_bench::{Column, Table, format_rate, size_label};
//! let mut table = Table::new([Column::left("size"), Column::right("rate")]);
//! table.push_row([size_label(4096), format_rate(2.5e9)]);
//! assert!(table.markdown().contains("| 4 KiB | 2.500 GB/s |"));
//! ```

/// The decimal unit a rate is shown in: (divisor, name).
fn rate_unit(bytes_per_second: f64) -> (f64, &'static str) {
    if bytes_per_second >= 1e9 {
        (1e9, "GB/s")
    } else if bytes_per_second >= 1e6 {
        (1e6, "MB/s")
    } else {
        (1e3, "kB/s")
    }
}

/// `2.5e9` → `"2.500 GB/s"` (decimal units).
///
/// ```
/// assert_eq!(secrets_bench::format_rate(2.5e9), "2.500 GB/s");
/// ```
pub fn format_rate(bytes_per_second: f64) -> String {
    let (divisor, unit) = rate_unit(bytes_per_second);
    format!("{:.3} {unit}", bytes_per_second / divisor)
}

/// A rate with its range in the rate's unit: `"2.500 GB/s (2.10–2.61)"`.
///
/// ```
/// assert_eq!(secrets_bench::format_rate_range(2.5e9, (2.1e9, 2.61e9)), "2.500 GB/s (2.10–2.61)");
/// ```
pub fn format_rate_range(bytes_per_second: f64, (low, high): (f64, f64)) -> String {
    let (divisor, _) = rate_unit(bytes_per_second);
    format!(
        "{} ({:.2}–{:.2})",
        format_rate(bytes_per_second),
        low / divisor,
        high / divisor
    )
}

/// `12.34` → `"12.3 ns"`, `1234.0` → `"1.23 µs"`, `1.5e6` → `"1.50 ms"`.
///
/// ```
/// assert_eq!(secrets_bench::format_time(1234.0), "1.23 µs");
/// assert_eq!(secrets_bench::format_time(12.34), "12.3 ns");
/// ```
pub fn format_time(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.1} ns")
    }
}

/// `16` → `"16 B"`, `4096` → `"4 KiB"`, `1 << 20` → `"1 MiB"`.
///
/// ```
/// assert_eq!(secrets_bench::size_label(4096), "4 KiB");
/// assert_eq!(secrets_bench::size_label(16), "16 B");
/// ```
pub fn size_label(size: usize) -> String {
    match size {
        s if s >= 1 << 20 => format!("{} MiB", s >> 20),
        s if s >= 1 << 10 => format!("{} KiB", s >> 10),
        s => format!("{s} B"),
    }
}

/// How a column's cells line up.
///
/// ```
/// use secrets_bench::{Align, Column};
/// assert_eq!(Column::right("MiB/s").align, Align::Right);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Text: padded on the right.
    Left,
    /// Figures: padded on the left (`---:` in Markdown).
    Right,
}

/// One column of a [`Table`].
///
/// ```
/// let column = secrets_bench::Column::left("BACKEND").width(16);
/// assert_eq!((column.title.as_str(), column.width), ("BACKEND", 16));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// The header.
    pub title: String,
    /// Alignment of the header and the cells.
    pub align: Align,
    /// Minimum width in plain text (characters); Markdown ignores it.
    pub width: usize,
}

impl Column {
    /// A left-aligned column as wide as its title.
    ///
    /// ```
    /// use secrets_bench::{Align, Column};
    /// assert_eq!(Column::left("name").align, Align::Left);
    /// ```
    pub fn left(title: impl Into<String>) -> Column {
        Column::new(title, Align::Left)
    }

    /// A right-aligned column as wide as its title.
    ///
    /// ```
    /// use secrets_bench::{Align, Column};
    /// assert_eq!(Column::right("ns").align, Align::Right);
    /// ```
    pub fn right(title: impl Into<String>) -> Column {
        Column::new(title, Align::Right)
    }

    fn new(title: impl Into<String>, align: Align) -> Column {
        let title = title.into();
        Column {
            width: title.chars().count(),
            title,
            align,
        }
    }

    /// The same column at least `width` characters wide in plain text.
    ///
    /// ```
    /// use secrets_bench::{Column, Table};
    /// let table = Table::new([Column::left("A").width(4), Column::left("B")]);
    /// assert!(table.text_header().starts_with("A   "));
    /// ```
    pub fn width(self, width: usize) -> Column {
        Column {
            width: width.max(self.width),
            ..self
        }
    }

    fn pad(&self, cell: &str) -> String {
        match self.align {
            Align::Left => format!("{cell:<width$}", width = self.width),
            Align::Right => format!("{cell:>width$}", width = self.width),
        }
    }
}

/// A table of text cells, rendered as Markdown or as aligned plain text.
///
/// Plain text is rendered a line at a time ([`Table::text_line`]), so a
/// command can print each row as soon as it is measured.
///
/// ```
/// use secrets_bench::{Column, Table};
/// let mut table = Table::new([Column::left("backend"), Column::right("MiB/s")]);
/// table.push_row(["os", "512"]);
/// println!("{}", table.markdown());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    columns: Vec<Column>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// An empty table with these columns.
    ///
    /// ```
    /// let table = secrets_bench::Table::new([secrets_bench::Column::left("x")]);
    /// assert!(table.markdown().starts_with("| x |"));
    /// ```
    pub fn new(columns: impl IntoIterator<Item = Column>) -> Table {
        Table {
            columns: columns.into_iter().collect(),
            rows: Vec::new(),
        }
    }

    /// Appends a row (for [`Table::markdown`]).
    ///
    /// ```
    /// use secrets_bench::{Column, Table};
    /// let mut table = Table::new([Column::left("k"), Column::left("v")]);
    /// table.push_row(["a", "1"]);
    /// assert!(table.markdown().contains("| a | 1 |"));
    /// ```
    pub fn push_row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) {
        self.rows.push(cells.into_iter().map(Into::into).collect());
    }

    /// The table in Markdown: header, alignment line, one line per row, each
    /// ending in a newline.
    ///
    /// ```
    /// use secrets_bench::{Column, Table};
    /// let mut table = Table::new([Column::left("k"), Column::right("v")]);
    /// table.push_row(["a", "1"]);
    /// assert_eq!(table.markdown().lines().nth(1), Some("| --- | ---: |"));
    /// ```
    pub fn markdown(&self) -> String {
        let line = |cells: &mut dyn Iterator<Item = &str>| {
            let mut out = String::from("|");
            for cell in cells {
                out.push(' ');
                out.push_str(cell);
                out.push_str(" |");
            }
            out.push('\n');
            out
        };
        let mut out = line(&mut self.columns.iter().map(|c| c.title.as_str()));
        out.push_str(&line(&mut self.columns.iter().map(|c| match c.align {
            Align::Left => "---",
            Align::Right => "---:",
        })));
        for row in &self.rows {
            out.push_str(&line(&mut row.iter().map(String::as_str)));
        }
        out
    }

    /// The header in plain text.
    ///
    /// ```
    /// use secrets_bench::{Column, Table};
    /// let table = Table::new([Column::left("NAME").width(6), Column::left("KIND")]);
    /// assert_eq!(table.text_header().trim_end(), "NAME   KIND");
    /// ```
    pub fn text_header(&self) -> String {
        let titles: Vec<&str> = self.columns.iter().map(|c| c.title.as_str()).collect();
        self.text_line(&titles)
    }

    /// One row in plain text, without a newline: cells padded to their
    /// columns' widths, one space apart, trailing spaces removed. A row
    /// with fewer cells than columns ends with its last cell unpadded (a
    /// note such as `unavailable: …` spanning the rest of the line).
    ///
    /// ```
    /// use secrets_bench::{Column, Table};
    /// let table = Table::new([Column::left("NAME").width(6), Column::right("N").width(3)]);
    /// println!("{}", table.text_header());
    /// println!("{}", table.text_line(&["os", "1"]));
    /// ```
    pub fn text_line<S: AsRef<str>>(&self, cells: &[S]) -> String {
        let short = cells.len() < self.columns.len();
        let mut out = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            let cell = cell.as_ref();
            match self.columns.get(i) {
                Some(column) if !(short && i + 1 == cells.len()) => out.push_str(&column.pad(cell)),
                _ => out.push_str(cell),
            }
        }
        out.truncate(out.trim_end().len());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_units() {
        assert_eq!(format_rate(2.5e9), "2.500 GB/s");
        assert_eq!(format_rate(4.46e8), "446.000 MB/s");
        assert_eq!(format_rate(1.5e3), "1.500 kB/s");
        assert_eq!(
            format_rate_range(2.5e9, (2.1e9, 2.61e9)),
            "2.500 GB/s (2.10–2.61)"
        );
        assert_eq!(
            format_rate_range(4.46e8, (4e8, 5e8)),
            "446.000 MB/s (400.00–500.00)"
        );
        assert_eq!(format_time(12.34), "12.3 ns");
        assert_eq!(format_time(1234.0), "1.23 µs");
        assert_eq!(format_time(1.5e6), "1.50 ms");
        assert_eq!(size_label(16), "16 B");
        assert_eq!(size_label(4 << 10), "4 KiB");
        assert_eq!(size_label(1 << 20), "1 MiB");
    }

    fn sample() -> Table {
        Table::new([
            Column::left("name").width(6),
            Column::right("MB/s"),
            Column::right("ns"),
        ])
    }

    #[test]
    fn markdown_has_header_alignment_and_rows() {
        let mut table = sample();
        table.push_row(["os", "12", "3.5"]);
        table.push_row(["**chacha8**", "900", "1.0"]);
        assert_eq!(
            table.markdown(),
            "| name | MB/s | ns |\n| --- | ---: | ---: |\n| os | 12 | 3.5 |\n| **chacha8** | 900 | 1.0 |\n"
        );
        assert_eq!(
            sample().markdown(),
            "| name | MB/s | ns |\n| --- | ---: | ---: |\n"
        );
    }

    #[test]
    fn text_pads_aligns_and_trims() {
        let table = sample();
        assert_eq!(table.text_header(), "name   MB/s ns");
        assert_eq!(table.text_line(&["os", "12", "3.5"]), "os       12 3.5");
        // A cell wider than its column pushes the rest right, never cut.
        assert_eq!(
            table.text_line(&["ctr-drbg", "12345", "3"]),
            "ctr-drbg 12345  3"
        );
        // A short row's last cell spans: not right-aligned in "MB/s".
        assert_eq!(
            table.text_line(&["rdseed", "unavailable: no CPU support"]),
            "rdseed unavailable: no CPU support"
        );
        // A left-aligned last column leaves no trailing spaces.
        let left = Table::new([Column::left("a").width(4), Column::left("b").width(8)]);
        assert_eq!(left.text_line(&["x", "y"]), "x    y");
    }
}
