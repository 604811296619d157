//! No input makes the readers or the hunt panic: random bytes, and real-looking files cut short
//! or with bytes flipped, in every format. (cargo-fuzz runs the same idea for longer.)

use proptest::prelude::*;

use huntbench::engine::{self, near_misses, HuntParams};
use huntbench::ingest::{ReadOptions, LoadedFiles};

const SEEDS: [&[u8]; 6] = [
    b"TimeGenerated [UTC],AlertName,CompromisedEntity,WorkspaceSubscriptionId\r\n\"1/29/2026, 5:44:10.000 AM\",Atypical travel,ws01,s\r\n\"1/13/2026, 11:00:00.120 PM\",\"Password \"\"Spray\"\"\",WS02,s\r\n",
    b"TimeGenerated,EventID,LogonType,Account,Computer,IpAddress\n2026-03-02T09:05:00.1234567Z,4624,10,C\\A,ws01,1.2.3.4\n2026-03-02 09:06:00,4624,10.0,C\\B,ws01,-\n",
    br#"{"tables":[{"name":"PrimaryResult","columns":[{"name":"TimeGenerated","type":"datetime"},{"name":"EventID","type":"int"},{"name":"LogonType","type":"int"},{"name":"Account","type":"string"},{"name":"Computer","type":"string"}],"rows":[["2026-03-02T09:05:00Z",4624,10,"C\\A","ws01"],["2026-03-02T09:06:00Z",4624,"10","C\\B","ws01"]]}]}"#,
    b"{\"TimeGenerated\":\"2026-03-02T09:00:00Z\",\"AlertName\":\"Atypical travel\",\"CompromisedEntity\":\"WS01\"}\n{\"TimeGenerated\":\"2026-03-02T09:00:01Z\",\"AlertName\":\"x\",\"CompromisedEntity\":{\"a\":[1,2]}}\n",
    br#"[{"FrameType":"DataTable","TableKind":"PrimaryResult","Columns":[{"ColumnName":"TimeGenerated"},{"ColumnName":"Computer"},{"ColumnName":"EventID"},{"ColumnName":"EventData"}],"Rows":[["2026-03-02T09:00:00Z","WS01",4624,"{\"TargetUserName\":\"a\",\"LogonType\":\"10\"}"]]}]"#,
    br#"{"@timestamp":"2020-09-04T03:10:02.123Z","Hostname":"W5","EventID":4624,"LogonType":"10","TargetUserName":"p","SourceModuleName":"eventlog"}"#,
];

fn load_and_hunt(bytes: &[u8]) {
    let mut bench = LoadedFiles::new();
    bench.load("input", bytes, &ReadOptions::default());
    for order in [huntbench::ingest::DateOrder::MonthFirst, huntbench::ingest::DateOrder::DayFirst] {
        let opts = ReadOptions { date_order: Some(order), local_offset_minutes: Some(-300), dedupe_records: true };
        bench.load("again", bytes, &opts);
    }
    // Nothing lost: every row read is loaded or skipped (a failed file keeps none it did not count),
    // and the dataset holds exactly the rows the reports say were loaded.
    let mut alerts = 0;
    let mut logons = 0;
    for r in &bench.files {
        if r.date_order_question.is_none() && !r.error.as_deref().unwrap_or("").contains("mixes") {
            assert_eq!(r.rows_read, r.rows_loaded + r.rows_skipped, "{r:#?}");
        } else {
            assert_eq!(r.rows_loaded, 0, "{r:#?}");
        }
        match r.table.as_deref() {
            Some("SecurityAlert") => alerts += r.rows_loaded as usize,
            Some(_) => logons += r.rows_loaded as usize,
            None => assert_eq!(r.rows_loaded, 0, "{r:#?}"),
        }
    }
    assert_eq!((bench.data.alerts.len(), bench.data.logons.len()), (alerts, logons));
    let params = HuntParams { normalize_hosts: true, ..HuntParams::default() };
    let result = engine::run(&bench.data, &params);
    near_misses(&bench.data, &params, &result);
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        load_and_hunt(&bytes);
    }

    #[test]
    fn cut_and_flipped_files_never_panic(
        which in 0..SEEDS.len(),
        cut in 0.0f64..1.0,
        flips in prop::collection::vec((0.0f64..1.0, any::<u8>()), 0..4),
        wrap in 0..2u8,
    ) {
        let mut bytes = SEEDS[which].to_vec();
        for (at, value) in flips {
            let i = ((bytes.len() - 1) as f64 * at) as usize;
            bytes[i] = value;
        }
        bytes.truncate((bytes.len() as f64 * cut) as usize + 1);
        if wrap == 1 {
            let gz = gzip(&bytes);
            load_and_hunt(&gz[..gz.len() * 3 / 4]);
        }
        load_and_hunt(&bytes);
    }
}
