//! Small builders shared by the tests.

use huntbench::engine::time::TICKS_PER_MINUTE;
use huntbench::engine::{self, AlertRow, Dataset, FileId, HuntParams, HuntResult, LogonRow, Origin, Ticks};
use huntbench::ingest::{ReadOptions, LoadedFiles};

/// 2026-03-02T09:00:00Z plus `minutes`.
pub fn t(minutes: i64) -> Ticks {
    Ticks(639_080_388_000_000_000 + minutes * TICKS_PER_MINUTE)
}

pub const TICK: i64 = 1;

#[derive(Default)]
pub struct Data {
    pub set: Dataset,
    line: u64,
}

impl Data {
    pub fn new() -> Data {
        Data::default()
    }

    fn origin(&mut self) -> Origin {
        self.line += 1;
        Origin { file: FileId(0), line: self.line }
    }

    pub fn alert(mut self, subscription: &str, entity: &str, name: &str, time: Ticks) -> Data {
        let origin = self.origin();
        self.set.push_alert(&AlertRow { time, subscription, compromised_entity: entity, alert_name: name, origin });
        self
    }

    pub fn logon_full(mut self, computer: &str, account: &str, time: Ticks, event_id: Option<i32>, logon_type: Option<i32>) -> Data {
        let origin = self.origin();
        self.set.push_logon(&LogonRow {
            time,
            event_id,
            logon_type,
            account,
            computer,
            ip_address: "203.0.113.7",
            account_type: "User",
            activity: "4624 - An account was successfully logged on.",
            logon_type_name: "10 - RemoteInteractive",
            origin,
        });
        self
    }

    /// An RDP logon: 4624, LogonType 10.
    pub fn logon(self, computer: &str, account: &str, time: Ticks) -> Data {
        self.logon_full(computer, account, time, Some(4624), Some(10))
    }

    pub fn hunt(&self) -> HuntResult {
        engine::run(&self.set, &HuntParams::default())
    }

    pub fn hunt_with(&self, params: &HuntParams) -> HuntResult {
        engine::run(&self.set, params)
    }
}

/// Loads in-memory files into a workbench.
pub fn load(files: &[(&str, &[u8])]) -> LoadedFiles {
    load_with(files, &ReadOptions::default())
}

pub fn load_with(files: &[(&str, &[u8])], opts: &ReadOptions) -> LoadedFiles {
    let mut bench = LoadedFiles::new();
    for (name, bytes) in files {
        bench.load(name, *bytes, opts);
    }
    bench
}

/// A file of the shared folder beside the repository (the specs and the real exports). Panics,
/// naming the folder, when it or the file is missing: a test that needs it must fail, not skip.
pub fn shared(path: &str) -> std::path::PathBuf {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    assert!(
        root.is_dir(),
        "../shared is missing: the tests need the shared folder (spec/, realdata/) beside this checkout, at {}",
        root.display()
    );
    let full = root.join(path);
    assert!(full.exists(), "../shared/{path} is missing (looked for {})", full.display());
    full
}
