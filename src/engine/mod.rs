//! The engine: the hunt's rules over columns in memory.
//!
//! It does no IO and knows nothing of files, the browser or the terminal: readers in `ingest`
//! fill a `Dataset`, `hunt::run` turns it and `HuntParams` into a `HuntResult`, and
//! `kql::render` writes the same hunt as KQL; `sessions::build` rebuilds RDP sessions and
//! `pivot::pivot` follows one account or address across every host. Main types: `Dataset`,
//! `HuntParams`, `AlertGroup`, `HuntRow`, `Ticks`.

pub mod hunt;
pub mod kql;
pub mod nearmiss;
pub mod pivot;
pub mod sessions;
pub mod table;
pub mod text;
pub mod time;
pub mod window;

pub use hunt::{run, AlertGroup, HuntParams, HuntResult, HuntRow, OUTPUT_COLUMNS, SEED_ALERT_NAMES};
pub use nearmiss::{near_misses, MissReason, NearMiss};
pub use table::{AlertRow, Dataset, FileId, LogonRow, Origin, StringPool, Sym};
pub use time::{Span, Ticks};
pub use window::Window;
