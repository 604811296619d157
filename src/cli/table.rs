//! What `summary`, `explain` and `sensitivity` share: `TableOrJson`, their `--format`, and
//! `write_table`, an aligned table whose every cell goes out through `inert_text`, as the hunt's
//! own table does.

use std::io::{self, Write};

use clap::ValueEnum;

use crate::export::inert_text;

/// How a report prints: an aligned table for the terminal, or JSON for programs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TableOrJson {
    Table,
    Json,
}

/// A header and rows in columns two spaces apart, each line after `indent`, trailing blanks cut.
pub fn write_table(w: &mut dyn Write, indent: &str, header: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    let mut cells: Vec<Vec<String>> = vec![header.iter().map(|h| inert_text(h)).collect()];
    cells.extend(rows.iter().map(|row| row.iter().map(|v| inert_text(v)).collect()));
    let widths: Vec<usize> =
        (0..header.len()).map(|c| cells.iter().map(|row| row.get(c).map_or(0, |v| v.chars().count())).max().unwrap_or(0)).collect();
    for row in &cells {
        let line: Vec<String> = row.iter().zip(&widths).map(|(v, &n)| format!("{v:<n$}")).collect();
        writeln!(w, "{indent}{}", line.join("  ").trim_end())?;
    }
    Ok(())
}
