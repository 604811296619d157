//! `explore::summarize`: names and counts against a plain count of the real alert list, hosts on
//! either side and the spellings normalisation joins, time spans and their warnings.

use std::collections::HashMap;

use huntbench::engine::explore::{summarize, AlertNameCount, DataSummary, HostOverlap, LogonKindCount, TimeSpan};
use huntbench::engine::{HuntParams, Ticks};
use huntbench::ingest::ReadOptions;

use crate::fixtures::{shared, t, Data};

#[test]
fn alert_names_and_counts_equal_a_plain_count_of_the_real_alert_list() {
    let path = shared("realdata/msticpy/alertlist.csv");
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let column = reader.headers().unwrap().iter().position(|h| h == "AlertDisplayName").expect("an AlertDisplayName column");
    let mut plain: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        *plain.entry(record.unwrap()[column].to_string()).or_default() += 1;
    }
    assert_eq!(plain.values().sum::<u64>(), 189, "the MANIFEST's row count");

    let bytes = std::fs::read(&path).unwrap();
    let bench = crate::fixtures::load_with(&[("alertlist.csv", bytes.as_slice())], &ReadOptions::default());
    let summary = summarize(&bench.data, &HuntParams::default());
    let counted: HashMap<String, u64> = summary.alert_names.iter().map(|n| (n.name.clone(), n.count)).collect();
    assert_eq!(counted, plain);
    assert_eq!(counted.len(), summary.alert_names.len(), "each name once");
    assert!(summary.alert_names.windows(2).all(|w| w[0].count >= w[1].count), "most frequent first");
    assert!(summary.alert_names.iter().all(|n| !n.matched), "the seed's names match none of them");
    assert_eq!(summary.logons, 0);
    assert_eq!(summary.logons_span, None);
}

fn summary(data: &Data) -> DataSummary {
    summarize(&data.set, &HuntParams::default())
}

#[test]
fn names_are_counted_case_sensitively_and_matched_by_the_terms() {
    let data = Data::new()
        .alert("", "WS01", "Atypical travel", t(0))
        .alert("", "WS01", "atypical travel", t(1))
        .alert("", "WS01", "Atypical travel", t(2))
        .alert("", "WS01", "Atypical_travel", t(3))
        .alert("", "WS01", "", t(4));
    let names: Vec<AlertNameCount> = summary(&data).alert_names;
    let expected = [("Atypical travel", 2, true), ("", 1, false), ("Atypical_travel", 1, false), ("atypical travel", 1, true)];
    let got: Vec<(&str, u64, bool)> = names.iter().map(|n| (n.name.as_str(), n.count, n.matched)).collect();
    assert_eq!(got, expected);
}

#[test]
fn logons_by_event_and_type_say_which_the_hunt_keeps() {
    let data = Data::new()
        .logon_full("a", "x", t(0), Some(4624), Some(10))
        .logon_full("a", "x", t(0), Some(4624), Some(7))
        .logon_full("a", "x", t(0), Some(4624), Some(7))
        .logon_full("a", "x", t(0), Some(4625), Some(10))
        .logon_full("a", "x", t(0), None, Some(10))
        .logon_full("a", "x", t(0), Some(4624), None);
    let kinds = |params: &HuntParams| -> Vec<(Option<i32>, Option<i32>, u64, bool)> {
        summarize(&data.set, params).logon_kinds.iter().map(|k: &LogonKindCount| (k.event_id, k.logon_type, k.count, k.hunted)).collect()
    };
    assert_eq!(
        kinds(&HuntParams::default()),
        [
            (Some(4624), Some(7), 2, false),
            (None, Some(10), 1, false),
            (Some(4624), None, 1, false),
            (Some(4624), Some(10), 1, true),
            (Some(4625), Some(10), 1, false),
        ]
    );
    let failed = HuntParams { event_id: 4625, logon_types: vec![10, 7], ..HuntParams::default() };
    let hunted: Vec<_> = kinds(&failed).into_iter().filter(|k| k.3).map(|k| (k.0, k.1)).collect();
    assert_eq!(hunted, [(Some(4625), Some(10))]);
}

#[test]
fn hosts_on_either_side_and_the_spellings_normalisation_joins() {
    let data = Data::new()
        .alert("", "ws01", "x", t(0))
        .alert("", "WS02", "x", t(0))
        .alert("", "WS03.contoso.com", "x", t(0))
        .alert("", "WS04", "x", t(0))
        .alert("", "10.0.0.5", "x", t(0))
        .logon("WS01", "a", t(0))
        .logon("ws02.contoso.com", "a", t(0))
        .logon("WS02", "a", t(0))
        .logon("ws03", "a", t(0))
        .logon("WS03.fabrikam.com", "a", t(0))
        .logon("10.0.0.6", "a", t(0))
        .logon("SRV9", "a", t(0));
    let s = summary(&data);
    // Upper-cased: alerts WS01 WS02 WS03.CONTOSO.COM WS04 10.0.0.5; logons WS01 WS02.CONTOSO.COM
    // WS02 WS03 WS03.FABRIKAM.COM 10.0.0.6 SRV9. Short names in both: WS01, WS02, WS03.
    assert_eq!(s.hosts, HostOverlap { alerts_only: 3, logons_only: 5, both: 2, both_if_normalized: 3 });
    let pairs: Vec<(&str, &str)> = s.normalization_pairs.iter().map(|(a, l)| (a.as_str(), l.as_str())).collect();
    assert_eq!(
        pairs,
        [("WS02", "WS02.CONTOSO.COM"), ("WS03.CONTOSO.COM", "WS03"), ("WS03.CONTOSO.COM", "WS03.FABRIKAM.COM")],
        "IP addresses stay whole: 10.0.0.5 and 10.0.0.6 are no pair"
    );
    assert_eq!(s.normalization_pairs_omitted, 0);
}

#[test]
fn time_spans_and_the_warning_when_they_do_not_meet() {
    let apart = Data::new().alert("", "WS01", "x", t(100)).alert("", "WS01", "x", t(10)).logon("WS01", "a", t(0)).logon("WS01", "a", t(9));
    let s = summary(&apart);
    assert_eq!(s.alerts_span, Some(TimeSpan { from: t(10), to: t(100) }));
    assert_eq!(s.logons_span, Some(TimeSpan { from: t(0), to: t(9) }));
    assert_eq!(s.spans_overlap(), Some(false));
    assert_eq!(
        s.warnings(),
        ["the alerts (2026-03-02T09:10:00.0000000Z to 2026-03-02T10:40:00.0000000Z) and the logons (2026-03-02T09:00:00.0000000Z to 2026-03-02T09:09:00.0000000Z) do not overlap in time: every logon comes before the first alert, and the hunt looks forward only"]
    );
    let touching = apart.logon("WS01", "a", t(10));
    assert_eq!(summary(&touching).spans_overlap(), Some(true), "one shared instant is an overlap");
    assert!(summary(&touching).warnings().is_empty());
    let later = Data::new().alert("", "WS01", "x", t(0)).logon("WS01", "a", Ticks(t(20).0 + 1));
    assert!(summary(&later).warnings()[0].ends_with("every logon comes after the last alert, so no window under 21m joins any"));
    let empty = summary(&Data::new());
    assert_eq!((empty.alerts_span, empty.logons_span, empty.spans_overlap()), (None, None, None));
    assert_eq!(empty.warnings().len(), 2, "no alerts, no logons");
    let text = serde_json::to_string(&s).unwrap();
    assert_eq!(serde_json::from_str::<DataSummary>(&text).unwrap(), s);
}
