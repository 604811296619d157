//! A scenario's files: the tables it writes ([`Table`]), their names, and each table's export
//! streamed as it is or wrapped in gzip or zip (`Options::compression`).

use std::io::{self, Seek, Write};

use crate::scenario::{Compression, Scenario, WindowsEvents, ANSWER_KEY_FILE};

/// A table the generator writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Table {
    SecurityAlert,
    SecurityEvent,
    WindowsEvent,
}

impl Table {
    pub fn name(self) -> &'static str {
        match self {
            Table::SecurityAlert => "SecurityAlert",
            Table::SecurityEvent => "SecurityEvent",
            Table::WindowsEvent => "WindowsEvent",
        }
    }
}

impl Scenario {
    /// The tables this scenario writes, in order: SecurityAlert, then SecurityEvent and/or
    /// WindowsEvent.
    pub fn tables(&self) -> Vec<Table> {
        let mut tables = vec![Table::SecurityAlert];
        if self.options.windows_events != WindowsEvents::All {
            tables.push(Table::SecurityEvent);
        }
        if self.options.windows_events != WindowsEvents::Off {
            tables.push(Table::WindowsEvent);
        }
        tables
    }

    /// Rows of a table's export.
    pub fn row_count(&self, table: Table) -> usize {
        match table {
            Table::SecurityAlert => self.answer.alerts,
            Table::SecurityEvent => self.answer.events - self.answer.windows_event_rows,
            Table::WindowsEvent => self.answer.windows_event_rows,
        }
    }

    /// The export's name before any compression: `SecurityAlert.csv`, `WindowsEvent.json`.
    pub fn export_name(&self, table: Table) -> String {
        let format = if table == Table::SecurityAlert { self.config.alert_format } else { self.config.event_format };
        format!("{}.{}", table.name(), format.extension())
    }

    /// The file's name: the export's, plus `.gz` or `.zip` when compressed.
    pub fn file_name(&self, table: Table) -> String {
        format!("{}{}", self.export_name(table), self.options.compression.suffix())
    }

    /// Streams the SecurityAlert export in the config's alert format.
    pub fn write_alerts(&self, out: &mut impl Write) -> io::Result<()> {
        super::alerts(self, out)
    }

    /// Streams the SecurityEvent export in the config's event format (the events not routed to
    /// WindowsEvent).
    pub fn write_events(&self, out: &mut impl Write) -> io::Result<()> {
        super::events(self, out)
    }

    /// Streams the WindowsEvent export in the config's event format (the events routed to it).
    pub fn write_windows_events(&self, out: &mut impl Write) -> io::Result<()> {
        super::windows_events(self, out)
    }

    /// Streams a table's export, uncompressed.
    pub fn write_table(&self, table: Table, out: &mut impl Write) -> io::Result<()> {
        match table {
            Table::SecurityAlert => self.write_alerts(out),
            Table::SecurityEvent => self.write_events(out),
            Table::WindowsEvent => self.write_windows_events(out),
        }
    }

    /// Streams a table's file: the export, gzip- or zip-wrapped as the options say (deflate at
    /// its fastest level; natively only, not in WebAssembly). Gives back the writer (zip needs `Seek` to write sizes into its local
    /// headers, which streamed readers use). Same bytes for the same scenario: no time stamps.
    pub fn write_file<W: Write + Seek>(&self, table: Table, mut out: W) -> io::Result<W> {
        match self.options.compression {
            Compression::None => {
                self.write_table(table, &mut out)?;
                Ok(out)
            }
            // The page never writes compressed files; leaving the deflate encoder and the zip
            // writer out of its worker keeps about 100 KB off the wasm.
            Compression::Gzip | Compression::Zip if cfg!(target_arch = "wasm32") => {
                Err(io::Error::new(io::ErrorKind::Unsupported, "compressed exports are written by the CLI only"))
            }
            Compression::Gzip => {
                let mut gz = flate2::GzBuilder::new().write(out, flate2::Compression::fast());
                self.write_table(table, &mut gz)?;
                gz.finish()
            }
            Compression::Zip => {
                let mut zip = zip::ZipWriter::new(out);
                let options = zip::write::SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Deflated)
                    .compression_level(Some(1))
                    .last_modified_time(zip::DateTime::default());
                zip.start_file(self.export_name(table), options).map_err(io::Error::other)?;
                self.write_table(table, &mut zip)?;
                zip.finish().map_err(io::Error::other)
            }
        }
    }

    /// The files, in memory: (name, bytes) of each export (compressed as the options say), then
    /// the answer key.
    pub fn files(&self) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = self
            .tables()
            .into_iter()
            .map(|table| {
                let bytes = self.write_file(table, io::Cursor::new(Vec::new())).expect("writing to memory").into_inner();
                (self.file_name(table), bytes)
            })
            .collect();
        files.push((ANSWER_KEY_FILE.to_string(), self.answer.to_json()));
        files
    }
}

