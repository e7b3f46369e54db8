//! Units and tables: the same figures print the same way in `secrets bench`
//! (aligned plain text, split on whitespace by scripts) and in
//! `cargo xtask bench` (Markdown for docs/benchmarks.md).

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
pub fn format_rate(bytes_per_second: f64) -> String {
    let (divisor, unit) = rate_unit(bytes_per_second);
    format!("{:.3} {unit}", bytes_per_second / divisor)
}

/// A rate with its range in the rate's unit: `"2.500 GB/s (2.10–2.61)"`.
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
pub fn size_label(size: usize) -> String {
    match size {
        s if s >= 1 << 20 => format!("{} MiB", s >> 20),
        s if s >= 1 << 10 => format!("{} KiB", s >> 10),
        s => format!("{s} B"),
    }
}

/// How a column's cells line up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Text: padded on the right.
    Left,
    /// Figures: padded on the left (`---:` in Markdown).
    Right,
}

/// One column of a [`Table`].
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
    pub fn left(title: impl Into<String>) -> Column {
        Column::new(title, Align::Left)
    }

    /// A right-aligned column as wide as its title.
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
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    columns: Vec<Column>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// An empty table with these columns.
    pub fn new(columns: impl IntoIterator<Item = Column>) -> Table {
        Table {
            columns: columns.into_iter().collect(),
            rows: Vec::new(),
        }
    }

    /// Appends a row (for [`Table::markdown`]).
    pub fn push_row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) {
        self.rows.push(cells.into_iter().map(Into::into).collect());
    }

    /// The table in Markdown: header, alignment line, one line per row, each
    /// ending in a newline.
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
    pub fn text_header(&self) -> String {
        let titles: Vec<&str> = self.columns.iter().map(|c| c.title.as_str()).collect();
        self.text_line(&titles)
    }

    /// One row in plain text, without a newline: cells padded to their
    /// columns' widths, one space apart, trailing spaces removed. A row
    /// with fewer cells than columns ends with its last cell unpadded (a
    /// note such as `unavailable: …` spanning the rest of the line).
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
