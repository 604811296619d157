//! `explore::explain` held to the hunt itself. For every near miss of generated scenarios (each
//! difficulty, hostile values, WindowsEvent exports, several parameter sets) and of the real
//! exports: the pair is no row today; a single change, applied to the parameters, makes it one
//! through `engine::run`; several changes do only all together; `Never` stays out whatever is
//! lifted. Near misses of matched groups are exactly the timeline's (`near_misses`), and every
//! planted near miss of a scenario gets the change its reason calls for.

use std::collections::{HashMap, HashSet};

use huntbench::engine::explore::{explain, summarize, Change, Explanation, Verdict};
use huntbench::engine::text::upper_simple;
use huntbench::engine::time::TICKS_PER_MINUTE;
use huntbench::engine::{self, near_misses, Dataset, HuntParams, Span, Ticks};
use huntbench::ingest::{ReadOptions, LoadedFiles};
use huntbench::scenario::{Config, Difficulty, Format, NearMissReason, Options, Scenario, WindowsEvents};

use crate::fixtures::shared;

/// A (group, logon) pair: subscription, entity, alert time, logon row.
type Pair = (String, String, Ticks, usize);

fn pair(e: &Explanation) -> Pair {
    (e.subscription.clone(), e.compromised_entity.clone(), e.alert_time, e.logon_row)
}

/// The rows of each parameter set hunted, as pairs, hunting each set once.
struct Hunts<'a> {
    data: &'a Dataset,
    rows: HashMap<String, HashSet<Pair>>,
}

impl<'a> Hunts<'a> {
    fn new(data: &'a Dataset) -> Self {
        Hunts { data, rows: HashMap::new() }
    }

    fn joins(&mut self, params: &HuntParams, e: &Explanation) -> bool {
        let data = self.data;
        let rows = self.rows.entry(serde_json::to_string(params).unwrap()).or_insert_with(|| {
            let result = engine::run(data, params);
            result.rows.iter().map(|r| (result.groups[r.group].subscription.clone(), r.compromised_entity.clone(), r.time_generated, r.logon_row)).collect()
        });
        rows.contains(&pair(e))
    }
}

/// Tallies of what the checks saw, so the sweep can show that it met every kind.
#[derive(Default, Debug)]
struct Seen {
    kinds: HashMap<&'static str, usize>,
}

impl Seen {
    fn add(&mut self, e: &Explanation) {
        let kind = match &e.verdict {
            Verdict::One(Change::Window(_)) => "window",
            Verdict::One(Change::LogonType(_)) => "logon type",
            Verdict::One(Change::EventId(_)) => "event id",
            Verdict::One(Change::NormalizeHosts) => "normalize",
            Verdict::One(Change::AlertName(_)) => "alert name",
            Verdict::Several(_) => "several",
            Verdict::Never(_) => "never",
        };
        *self.kinds.entry(kind).or_default() += 1;
    }

    fn changes(&self) -> usize {
        self.kinds.iter().filter(|(k, _)| !matches!(**k, "several" | "never")).map(|(_, n)| n).sum()
    }
}

/// Every check of the module's overview, over one dataset and parameter set.
fn check_all(data: &Dataset, params: &HuntParams, what: &str, seen: &mut Seen) -> Vec<Explanation> {
    let result = engine::run(data, params);
    let explained = explain(data, params, &result);
    let misses = near_misses(data, params, &result);
    let of_groups: Vec<&Explanation> = explained.iter().filter(|e| e.group.is_some()).collect();
    assert_eq!(of_groups.len(), misses.len(), "{what}: the timeline's near misses");
    for (e, m) in of_groups.iter().zip(&misses) {
        assert_eq!((e.group, e.logon_row, e.logon_time), (Some(m.group), m.logon_row, m.time), "{what}");
        assert_eq!(e.blockers[0].describe(params), m.reason.describe(params), "{what}");
    }
    let mut hunts = Hunts::new(data);
    for e in &explained {
        seen.add(e);
        let show = || format!("{what}: {e:#?}\n{}", e.reason(params));
        assert!(!e.blockers.is_empty(), "{}", show());
        assert!(!hunts.joins(params, e), "a near miss is a row: {}", show());
        match &e.verdict {
            Verdict::One(change) => {
                assert_eq!(e.blockers.len(), 1, "{}", show());
                assert!(hunts.joins(&change.apply(params), e), "the change does not join it: {}", show());
            }
            Verdict::Several(changes) => {
                assert!(changes.len() >= 2, "{}", show());
                let all = changes.iter().fold(params.clone(), |p, c| c.apply(&p));
                assert!(hunts.joins(&all, e), "all the changes do not join it: {}", show());
                for c in changes {
                    assert!(!hunts.joins(&c.apply(params), e), "{c:?} alone joins it: {}", show());
                }
            }
            Verdict::Never(_) => {
                let mut all = e.blockers.iter().filter_map(|b| b.fix()).fold(params.clone(), |p, c| c.apply(&p));
                all.window = Span::minutes(24 * 60);
                assert!(!hunts.joins(&all, e), "lifting all it can joins it: {}", show());
            }
        }
    }
    explained
}

/// The changes each planted near miss calls for, found among the explanations.
fn check_planted(s: &Scenario, explained: &[Explanation], what: &str) {
    for nm in &s.answer_key().near_misses {
        let entity = upper_simple(&nm.alert_entity);
        let e = explained
            .iter()
            .find(|e| e.compromised_entity == entity && e.alert_time.to_iso() == nm.alert_time && e.logon_time.to_iso() == nm.logon_time)
            .unwrap_or_else(|| panic!("{what}: no explanation of near miss {}", nm.summary));
        let gap = e.logon_time.0 - e.alert_time.0;
        let agrees = match (nm.reason, &e.verdict) {
            (NearMissReason::AfterWindow, Verdict::One(Change::Window(span))) => {
                span.0 % TICKS_PER_MINUTE == 0 && span.0 >= gap && span.0 - TICKS_PER_MINUTE < gap
            }
            (NearMissReason::BeforeAlert, Verdict::Never(_)) => gap < 0,
            (NearMissReason::LogonType, Verdict::One(Change::LogonType(t))) => Some(*t) == nm.logon_type,
            (NearMissReason::FailedLogon, Verdict::One(Change::EventId(id))) => *id == 4625,
            (NearMissReason::HostSpelling, Verdict::One(Change::NormalizeHosts)) => true,
            (NearMissReason::AlertName, Verdict::One(Change::AlertName(name))) => *name == nm.alert_name,
            _ => false,
        };
        assert!(agrees, "{what}: near miss {:?} explained as {:?}: {}", nm.reason, e.verdict, nm.summary);
    }
}

fn parameter_sets() -> Vec<(&'static str, HuntParams)> {
    let seed = HuntParams::default();
    vec![
        ("the seed query", seed.clone()),
        ("5m, LogonType 10 or 2, normalised", HuntParams { window: Span::minutes(5), logon_types: vec![10, 2], normalize_hosts: true, ..seed.clone() }),
        ("Password Spray only, 0m", HuntParams { alert_names: vec!["Password Spray".into()], window: Span::minutes(0), ..seed.clone() }),
        ("EventID 4625, 30m", HuntParams { event_id: 4625, window: Span::minutes(30), ..seed }),
    ]
}

#[test]
fn every_change_joins_its_pair_in_generated_scenarios() {
    let mut seen = Seen::default();
    for seed in 0..9u64 {
        let format = Format::ALL[seed as usize % Format::ALL.len()];
        let config = Config { difficulty: Difficulty::ALL[seed as usize % 3], ..Config::new(seed, 40 + 10 * seed as usize, 400, format) };
        let options = Options { hostile: seed % 4 == 3, windows_events: WindowsEvents::ALL[seed as usize % 3], ..Options::default() };
        let s = Scenario::generate_with(&config, &options);
        let bench = crate::scenario::load_all(&s, &s.files());
        for (name, params) in parameter_sets() {
            let what = format!("seed {seed}, {:?}, {name}", config.difficulty);
            let explained = check_all(&bench.data, &params, &what, &mut seen);
            if params == HuntParams::default() {
                check_planted(&s, &explained, &what);
            }
        }
    }
    for kind in ["window", "logon type", "event id", "normalize", "alert name", "several", "never"] {
        assert!(seen.kinds.get(kind).is_some_and(|&n| n > 0), "no '{kind}' near miss met: {seen:?}");
    }
}

#[test]
fn every_change_joins_its_pair_in_the_real_exports() {
    let mut bench = LoadedFiles::new();
    for file in [
        "msticpy/alertlist.csv",
        "msticpy/host_logons.csv",
        "msticpy/az_mon_raw_query.json",
        "azure-sentinel/Microsoft_Security Events_Authentication_IngestedLogs.csv",
        "otrf/rdp_interactive_taskmanager_lsass_dump.zip",
        "evtx-attack-samples/DE_RDP_Tunneling_4624.evtx",
        "evtx-attack-samples/DE_RDP_Tunnel_5156.evtx",
    ] {
        let bytes = std::fs::read(shared(&format!("realdata/{file}"))).unwrap();
        bench.load(file, bytes.as_slice(), &ReadOptions::default());
    }
    // The seed's names match none of these alerts: hunt for every name they hold, as an
    // analyst would after reading the summary, and with the seed's own.
    let names: Vec<String> = summarize(&bench.data, &HuntParams::default()).alert_names.into_iter().map(|n| n.name).collect();
    let every_name = HuntParams { alert_names: names, ..HuntParams::default() };
    let sets = [
        ("the seed query", HuntParams::default()),
        ("every name", every_name.clone()),
        ("every name, 0m, LogonType 3, 4 or 5", HuntParams { window: Span::minutes(0), logon_types: vec![3, 4, 5], ..every_name.clone() }),
        ("every name, 5m, LogonType 5, normalised", HuntParams { window: Span::minutes(5), logon_types: vec![5], normalize_hosts: true, ..every_name }),
    ];
    let mut seen = Seen::default();
    let mut counts = Vec::new();
    for (name, params) in sets {
        counts.push((name, check_all(&bench.data, &params, name, &mut seen).len()));
    }
    // MSTICALERTSWIN1's alerts at 05:15:10 to 05:15:55 and its seven logons from 04:28 to
    // 05:15:14: three pairs a logon of type 5 follows (within seconds), the rest before the alert.
    assert_eq!(
        counts,
        [("the seed query", 0), ("every name", 42), ("every name, 0m, LogonType 3, 4 or 5", 42), ("every name, 5m, LogonType 5, normalised", 39)]
    );
    let kinds: HashMap<&str, usize> = [("logon type", 3), ("window", 3), ("never", 3 * 39)].into_iter().collect();
    assert_eq!(seen.kinds, kinds);
    assert_eq!(seen.changes(), 6);
}
