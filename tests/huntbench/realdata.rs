//! The public exports in ../shared/realdata load with the row counts of its MANIFEST.md.
//! None of them gives a result row for the seed hunt as written.

use std::fs::File;

use huntbench::engine::{self, HuntParams};
use huntbench::ingest::{Precision, ReadOptions, LoadedFiles};

use crate::fixtures::shared;

struct Expect {
    path: &'static str,
    format: &'static str,
    table: &'static str,
    rows_read: u64,
    rows_loaded: u64,
    precision: Precision,
}

const FILES: [Expect; 9] = [
    Expect { path: "msticpy/alertlist.csv", format: "pandas CSV (index column)", table: "SecurityAlert", rows_read: 189, rows_loaded: 189, precision: Precision::Seconds },
    Expect { path: "msticpy/host_logons.csv", format: "pandas CSV (index column)", table: "SecurityEvent", rows_read: 14, rows_loaded: 14, precision: Precision::Milliseconds },
    Expect { path: "msticpy/az_mon_raw_query.json", format: "Log Analytics API JSON", table: "SecurityAlert", rows_read: 3, rows_loaded: 3, precision: Precision::Ticks },
    Expect {
        path: "azure-sentinel/Microsoft_Security Events_Authentication_IngestedLogs.csv",
        format: "portal CSV",
        table: "SecurityEvent",
        rows_read: 21,
        rows_loaded: 21,
        precision: Precision::Milliseconds,
    },
    // Two rows hold the impossible `3/31/2022, 14:51:35.857 PM`: reported and skipped.
    Expect { path: "azure-sentinel/RiskIQ_scenrio.json", format: "JSON array", table: "SecurityEvent", rows_read: 4, rows_loaded: 2, precision: Precision::Milliseconds },
    Expect {
        path: "otrf/rdp_interactive_taskmanager_lsass_dump.zip",
        format: "zip › JSON Lines",
        table: "OTRF/Mordor Windows events",
        rows_read: 5_489,
        rows_loaded: 5_489,
        precision: Precision::Milliseconds,
    },
    Expect {
        path: "otrf/empire_persistence_registry_modification_run_keys_standard_user.zip",
        format: "zip › JSON Lines",
        table: "OTRF/Mordor Windows events",
        rows_read: 40_569,
        rows_loaded: 40_569,
        precision: Precision::Milliseconds,
    },
    Expect { path: "evtx-attack-samples/DE_RDP_Tunneling_4624.evtx", format: "EVTX (Windows event log)", table: "WindowsEvent", rows_read: 18, rows_loaded: 18, precision: Precision::Ticks },
    Expect { path: "evtx-attack-samples/DE_RDP_Tunnel_5156.evtx", format: "EVTX (Windows event log)", table: "WindowsEvent", rows_read: 101, rows_loaded: 101, precision: Precision::Ticks },
];

/// Loads one real file of ../shared/realdata; a missing file fails the test.
fn load(path: &str) -> LoadedFiles {
    let full = shared(&format!("realdata/{path}"));
    let file = File::open(&full).unwrap_or_else(|e| panic!("../shared/realdata/{path}: {e}"));
    let mut bench = LoadedFiles::new();
    bench.load(path, file, &ReadOptions::default());
    bench
}

#[test]
fn every_real_export_loads_with_its_manifest_counts() {
    for e in &FILES {
        let bench = load(e.path);
        assert_eq!(bench.files.len(), 1, "{}", e.path);
        let r = &bench.files[0];
        assert_eq!(r.error, None, "{}", e.path);
        assert_eq!(
            (r.format.as_str(), r.table.as_deref(), r.rows_read, r.rows_loaded, r.precision),
            (e.format, Some(e.table), e.rows_read, e.rows_loaded, Some(e.precision)),
            "{}",
            e.path
        );
        assert_eq!(r.rows_skipped, e.rows_read - e.rows_loaded);
        let hunt = engine::run(&bench.data, &HuntParams::default());
        assert!(hunt.rows.is_empty(), "{}: the seed hunt finds nothing here", e.path);
    }
}

#[test]
fn riskiq_impossible_times_are_reported_with_lines() {
    let bench = load("azure-sentinel/RiskIQ_scenrio.json");
    let r = &bench.files[0];
    assert_eq!(r.skipped.len(), 2);
    for skip in &r.skipped {
        assert!(skip.reason.contains("'3/31/2022, 14:51:35.857 PM'") && skip.reason.contains("hour 14 with PM"), "{skip:?}");
    }
    assert!(r.skipped[0].line > 1 && r.skipped[1].line > r.skipped[0].line);
}

#[test]
fn portal_export_warns_of_spreadsheet_damage() {
    let bench = load("azure-sentinel/Microsoft_Security Events_Authentication_IngestedLogs.csv");
    let r = &bench.files[0];
    assert!(r.warnings.iter().any(|w| w.starts_with("19 values read '#NAME?'")), "{:?}", r.warnings);
    assert_eq!(bench.data.logons.time[0].to_iso(), "2024-10-18T09:29:21.1250000Z");
    let computers: std::collections::BTreeSet<&str> =
        bench.data.logons.computer.iter().map(|&s| bench.data.strings.resolve(s)).collect();
    assert!(computers.contains("devops-vm") && computers.contains("VNEVADO-Win11U.vnevado.alpineskihouse.co"));
}

#[test]
fn mordor_rdp_logons_are_found_on_workstation5() {
    let bench = load("otrf/empire_persistence_registry_modification_run_keys_standard_user.zip");
    let l = &bench.data.logons;
    let rdp: Vec<usize> = (0..l.len()).filter(|&i| l.event_id[i] == Some(4624) && l.logon_type[i] == Some(10)).collect();
    assert_eq!(rdp.len(), 2);
    for i in rdp {
        assert_eq!(bench.data.strings.resolve(l.computer[i]), "WORKSTATION5.theshire.local");
    }
    let other = load("otrf/rdp_interactive_taskmanager_lsass_dump.zip");
    let l = &other.data.logons;
    let mut by_type = std::collections::BTreeMap::new();
    for i in (0..l.len()).filter(|&i| l.event_id[i] == Some(4624)) {
        *by_type.entry(l.logon_type[i]).or_insert(0) += 1;
    }
    assert_eq!(by_type, [(Some(3), 12), (Some(5), 2), (Some(7), 4)].into_iter().collect());
}

#[test]
fn an_alert_on_the_real_rdp_host_joins_its_logons() {
    // The real Mordor logons, joined with one hand-made alert 5 minutes before the first of them.
    let mut bench = load("otrf/empire_persistence_registry_modification_run_keys_standard_user.zip");
    let l = &bench.data.logons;
    let first = (0..l.len()).filter(|&i| l.logon_type[i] == Some(10) && l.event_id[i] == Some(4624)).map(|i| l.time[i]).min().unwrap();
    let alert_time = first.checked_add(-5 * huntbench::engine::time::TICKS_PER_MINUTE).unwrap();
    let csv = format!("TimeGenerated,AlertName,CompromisedEntity\n{},Password Spray,workstation5.theshire.local\n", alert_time.to_iso());
    bench.load("alert.csv", csv.as_bytes(), &ReadOptions::default());
    let hunt = engine::run(&bench.data, &HuntParams::default());
    assert!(!hunt.rows.is_empty());
    assert!(hunt.rows.iter().all(|r| r.compromised_entity == "WORKSTATION5.THESHIRE.LOCAL" && r.account == "theshire\\pgustavo"));
}

#[test]
fn evtx_logons_map_with_their_rdp_hosts() {
    for (path, logons_4624, rdp_host) in [
        ("evtx-attack-samples/DE_RDP_Tunneling_4624.evtx", 18, "PC02.example.corp"),
        ("evtx-attack-samples/DE_RDP_Tunnel_5156.evtx", 5, "PC01.example.corp"),
    ] {
        let bench = load(path);
        let l = &bench.data.logons;
        let s = |sym| bench.data.strings.resolve(sym);
        assert_eq!((0..l.len()).filter(|&i| l.event_id[i] == Some(4624)).count(), logons_4624, "{path}");
        let rdp: Vec<usize> = (0..l.len()).filter(|&i| l.event_id[i] == Some(4624) && l.logon_type[i] == Some(10)).collect();
        assert_eq!(rdp.len(), 1, "{path}");
        let i = rdp[0];
        assert_eq!(s(l.computer[i]), rdp_host);
        assert!(s(l.account[i]).contains('\\'), "DOMAIN\\user: {}", s(l.account[i]));
        assert_eq!(s(l.logon_type_name[i]), "10 - RemoteInteractive");
        assert!(l.origin[i].line > 0, "the record number stands in for the line");
    }
}
