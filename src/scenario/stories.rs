//! Planted stories: true positives and labelled near misses, each on a host of its own, and the
//! expected rows each one gives, written down as the story is planted.

use std::collections::BTreeSet;

use super::answer::{ExpectedRow, KeyAlert, NearMissKey, NearMissReason, StoryKey};
use super::hostile;
use super::rng::SplitMix64;
use super::vocab::{self, RECON_ALERTS};
use super::write::split_account;
use super::{account_type, Config, Difficulty, Host, Hostile, Options, OwnedAlert, OwnedEvent, Pools};
use crate::engine::time::{TICKS_PER_MINUTE, TICKS_PER_SECOND};
use crate::engine::Ticks;

const MINUTE: i64 = TICKS_PER_MINUTE;
const SECOND: i64 = TICKS_PER_SECOND;
/// The query's `TimeGenerated + 15m`.
const WINDOW: i64 = 15 * MINUTE;

pub(super) struct Setting<'a> {
    pub config: &'a Config,
    pub options: &'a Options,
    pub rng: SplitMix64,
    pub start: Ticks,
    pub span: i64,
    pub pools: &'a Pools,
    pub subscription: &'a str,
    pub other_subscription: &'a str,
}

pub(super) struct Planted {
    /// Sorted by time.
    pub alerts: Vec<OwnedAlert>,
    /// Sorted by time.
    pub events: Vec<OwnedEvent>,
    /// Sorted.
    pub rows: Vec<ExpectedRow>,
    pub stories: Vec<StoryKey>,
    pub near_misses: Vec<NearMissKey>,
    pub hosts: Vec<String>,
    pub accounts: Vec<String>,
    pub ips: Vec<String>,
    /// Ids of the stories with hostile keys.
    pub hostile_stories: Vec<usize>,
}

/// Plants one deck of stories per 40 requested alerts (at least one deck).
pub(super) fn plant(setting: Setting<'_>) -> Planted {
    let config = setting.config;
    let unit = config.event_format.resolution();
    let grid = unit.max(config.alert_format.resolution());
    let csv = config.alert_format.is_csv() || config.event_format.is_csv();
    let hostile_values = if setting.options.hostile { hostile::story_values(csv) } else { Vec::new() };
    let mut p = Planter {
        hostile_values,
        stories_keyed: 0,
        dressed: 0,
        mark: Hostile::No,
        hostile_stories: Vec::new(),
        s: setting,
        unit,
        grid,
        alerts: Vec::new(),
        events: Vec::new(),
        rows: Vec::new(),
        stories: Vec::new(),
        near: Vec::new(),
        next_id: 1,
        next_host: 0,
        serial: 1 << 40,
    };
    let hard = config.difficulty == Difficulty::Hard;
    let rounds = (config.alerts / 40).max(1);
    for round in 0..rounds {
        p.password_spray();
        p.single_alert();
        p.multi_alert();
        p.repeated_alert();
        if hard {
            p.window_edges();
            p.hidden_key();
            p.cross_product();
            p.term_edge(vocab::HARD_MATCHING_NAMES[round % vocab::HARD_MATCHING_NAMES.len()]);
            p.same_tick_repeat();
        }
        for reason in NearMissReason::ALL {
            if reason != NearMissReason::AlertName {
                p.near_miss(reason, None, false);
            }
        }
        for name in vocab::NEAR_NAMES {
            p.near_miss(NearMissReason::AlertName, Some(name), false);
        }
        if hard {
            p.near_miss(NearMissReason::AfterWindow, None, true);
            p.near_miss(NearMissReason::BeforeAlert, None, true);
            let name = vocab::HARD_NEAR_NAMES[round % vocab::HARD_NEAR_NAMES.len()];
            p.near_miss(NearMissReason::AlertName, Some(name), false);
        }
    }
    p.finish()
}

struct Planter<'a> {
    s: Setting<'a>,
    /// The values stories may carry in their keys (empty unless hostile).
    hostile_values: Vec<&'static str>,
    /// Stories that have drawn their keys.
    stories_keyed: usize,
    /// Stories dressed in hostile keys.
    dressed: u32,
    /// The mark of the rows of the story being planted.
    mark: Hostile,
    hostile_stories: Vec<usize>,
    /// The time step of the event export (1 tick, or 1 ms for the portal).
    unit: i64,
    /// The time step of story alerts: a step both exports hold.
    grid: i64,
    alerts: Vec<OwnedAlert>,
    events: Vec<OwnedEvent>,
    rows: Vec<ExpectedRow>,
    stories: Vec<StoryKey>,
    near: Vec<NearMissKey>,
    next_id: usize,
    next_host: usize,
    serial: u64,
}

fn floor_to(t: i64, step: i64) -> i64 {
    t - t.rem_euclid(step)
}

/// `+6 min 12.3456789 s`, `-45 s`, `+15 min`.
fn relative(offset: i64) -> String {
    let sign = if offset < 0 { '-' } else { '+' };
    let a = offset.abs();
    let (m, rest) = (a / MINUTE, a % MINUTE);
    let (s, frac) = (rest / SECOND, rest % SECOND);
    let seconds = if frac == 0 {
        format!("{s} s")
    } else {
        let digits = format!("{frac:07}");
        format!("{s}.{} s", digits.trim_end_matches('0'))
    };
    match (m, rest) {
        (0, _) => format!("{sign}{seconds}"),
        (_, 0) => format!("{sign}{m} min"),
        _ => format!("{sign}{m} min {seconds}"),
    }
}

fn clock(t: Ticks) -> String {
    let iso = t.to_iso();
    format!("{} {}", &iso[..10], &iso[11..19])
}

impl Planter<'_> {
    fn id(&mut self) -> usize {
        self.next_id += 1;
        self.next_id - 1
    }

    fn easy(&self) -> bool {
        self.s.config.difficulty == Difficulty::Easy
    }

    /// A story's alert time: on the grid, at least an hour inside the scenario's span.
    fn anchor(&mut self) -> Ticks {
        let lo = self.s.start.0 + 60 * MINUTE;
        let hi = self.s.start.0 + self.s.span - 60 * MINUTE;
        let t = self.s.rng.range(lo, hi);
        Ticks(floor_to(t, self.grid))
    }

    /// An offset in `lo..hi`, on the event export's time step.
    fn offset(&mut self, lo: i64, hi: i64) -> i64 {
        let d = self.s.rng.range(lo, hi);
        floor_to(d, self.unit)
    }

    fn new_host(&mut self) -> Host {
        let prefix = *self.s.rng.pick(&vocab::STORY_HOST_PREFIXES);
        let short = format!("{prefix}{}", 5000 + self.next_host);
        self.next_host += 1;
        super::host(&short, &self.s.pools.dns)
    }

    /// (CompromisedEntity of the alert, Computer of the logons): equal once upper-cased.
    fn spellings(&mut self, h: &Host) -> (String, String) {
        let choice = if self.easy() { 2 * self.s.rng.below(2) } else { self.s.rng.below(4) };
        match choice {
            0 => (h.short.clone(), h.short.clone()),
            1 => (h.short.to_ascii_lowercase(), h.short.clone()),
            2 => (h.fqdn.clone(), h.fqdn.clone()),
            _ => (h.fqdn.to_ascii_lowercase(), h.fqdn.clone()),
        }
    }

    /// The account an attacker logs on with: a user, now and then an admin or a service account,
    /// its case changed in normal and hard scenarios (`CONTOSO\ASmith`).
    fn victim(&mut self) -> String {
        let pools = self.s.pools;
        let roll = self.s.rng.below(10);
        let account = match roll {
            0 | 1 => self.s.rng.pick(&pools.admins).clone(),
            2 => self.s.rng.pick(&pools.services).clone(),
            _ => self.s.rng.pick(&pools.users).clone(),
        };
        if self.easy() || self.s.rng.chance(400) {
            return account;
        }
        let (domain, user) = account.split_once('\\').expect("DOMAIN\\user");
        let mut user: Vec<char> = user.chars().collect();
        for c in user.iter_mut().take(2) {
            *c = c.to_ascii_uppercase();
        }
        format!("{domain}\\{}", user.into_iter().collect::<String>())
    }

    /// A story's host (as the alert and as the logons spell it), account and address. With
    /// hostile on, every other story gets a hostile value before its host's name, a hostile
    /// account (bare, or after the domain) or its own, and a hostile address; its rows are marked
    /// so the export dresses their other columns too. No random numbers are drawn for this, so
    /// the stories are those of the same scenario without it.
    fn keys(&mut self) -> (String, String, String, String) {
        let host = self.new_host();
        let (mut entity, mut computer) = self.spellings(&host);
        let (mut account, mut ip) = (self.victim(), self.attacker_ip());
        self.mark = Hostile::No;
        if self.hostile_values.is_empty() {
            return (entity, computer, account, ip);
        }
        self.stories_keyed += 1;
        if self.stories_keyed.is_multiple_of(2) {
            return (entity, computer, account, ip);
        }
        let k = self.dressed as usize;
        self.dressed += 1;
        let values = &self.hostile_values;
        let n = values.len();
        let prefix = values[(k + 5) % n];
        entity.insert_str(0, prefix);
        computer.insert_str(0, prefix);
        let user = values[(k + 11) % n];
        account = match k % 3 {
            0 => format!("{}\\{user}", split_account(&account).0),
            1 => user.to_string(),
            _ => account,
        };
        ip = values[k % n].to_string();
        self.mark = Hostile::Free(k as u32);
        (entity, computer, account, ip)
    }

    fn attacker_ip(&mut self) -> String {
        self.s.rng.pick(&self.s.pools.external_ips).clone()
    }

    fn recon_name(&mut self) -> &'static str {
        self.s.rng.pick(&RECON_ALERTS).name
    }

    fn alert(&mut self, time: Ticks, name: &str, entity: &str, subscription: &str, ip: &str) -> KeyAlert {
        self.serial += 1;
        self.alerts.push(OwnedAlert {
            time,
            name: name.to_string(),
            entity: entity.to_string(),
            subscription: subscription.to_string(),
            ip: ip.to_string(),
            serial: self.serial,
            hostile: self.mark,
        });
        KeyAlert { time: time.to_iso(), name: name.to_string(), subscription: subscription.to_string() }
    }

    #[allow(clippy::too_many_arguments)]
    fn event(
        &mut self,
        time: Ticks,
        event_id: i32,
        logon_type: Option<i32>,
        account: &str,
        computer: &str,
        ip: &str,
        logon_process: &'static str,
        auth_package: &'static str,
        workstation: &str,
    ) -> OwnedEvent {
        let e = OwnedEvent {
            time,
            event_id,
            logon_type,
            account: account.to_string(),
            computer: computer.to_string(),
            ip: ip.to_string(),
            logon_process,
            auth_package,
            workstation: workstation.to_string(),
            hostile: self.mark,
        };
        self.events.push(e.clone());
        e
    }

    /// A successful RDP logon: 4624, LogonType 10.
    fn rdp(&mut self, time: Ticks, account: &str, computer: &str, ip: &str) -> OwnedEvent {
        let workstation = self.s.rng.pick(&self.s.pools.attacker_workstations).clone();
        self.event(time, 4624, Some(10), account, computer, ip, "User32 ", "Negotiate", &workstation)
    }

    /// What follows an RDP logon and cannot join: special privileges, a process, the logoff.
    fn aftermath(&mut self, logon: &OwnedEvent) {
        let (account, computer) = (logon.account.clone(), logon.computer.clone());
        if account.contains("\\adm-") || self.s.rng.chance(300) {
            self.event(logon.time, 4672, None, &account, &computer, "", "", "", "");
        }
        let process = Ticks(logon.time.0 + self.offset(20 * SECOND, 4 * MINUTE));
        self.event(process, 4688, None, &account, &computer, "", "", "", "");
        let logoff = Ticks(logon.time.0 + self.offset(20 * MINUTE, 45 * MINUTE));
        self.event(logoff, 4634, Some(10), &account, &computer, "", "", "", "");
    }

    /// Writes down the row that the group (`group_time`, `entity`) and `logon` give.
    fn expect(&mut self, group_time: Ticks, entity: &str, logon: &OwnedEvent) {
        // The generator's own check of its stories, not the engine's rule.
        assert!(
            logon.event_id == 4624
                && logon.logon_type == Some(10)
                && group_time <= logon.time
                && logon.time.0 <= group_time.0 + WINDOW
                && entity.eq_ignore_ascii_case(&logon.computer)
                && hostile::caseless_beyond_ascii(entity)
                && hostile::caseless_beyond_ascii(&logon.account),
            "a planted true positive must join: {group_time:?} {entity} {logon:?}"
        );
        // What the readers give for the logon: as written to SecurityEvent, or as the
        // WindowsEvent mapping makes it (Account = TargetDomainName\TargetUserName, AccountType
        // from TargetUserName, Activity from EventID).
        let (account, account_type, activity) = if self.s.options.windows_events.routes(&logon.computer) {
            let (domain, user) = split_account(&logon.account);
            let account = if domain.is_empty() { user.to_string() } else { logon.account.clone() };
            (account, vocab::windows_account_type(user), vocab::windows_activity(4624))
        } else {
            (logon.account.clone(), account_type(&logon.account), vocab::activity(4624))
        };
        self.rows.push(ExpectedRow {
            time_generated: group_time.to_iso(),
            interactive_logon_time: logon.time.to_iso(),
            account: hostile::lower(&account),
            account_type: account_type.to_string(),
            compromised_entity: hostile::upper(entity),
            activity: activity.to_string(),
            ip_address: logon.ip.clone(),
            time_window: Ticks(group_time.0 + WINDOW).to_iso(),
        });
    }

    #[allow(clippy::too_many_arguments)]
    fn story(
        &mut self,
        kind: &str,
        summary: String,
        entity: &str,
        computer: &str,
        account: &str,
        ip: &str,
        alerts: Vec<KeyAlert>,
        logons: &[&OwnedEvent],
        rows_before: usize,
    ) {
        let id = self.id();
        if self.mark != Hostile::No {
            self.hostile_stories.push(id);
            self.mark = Hostile::No;
        }
        self.stories.push(StoryKey {
            id,
            kind: kind.to_string(),
            summary,
            alert_entity: entity.to_string(),
            logon_computer: computer.to_string(),
            account: account.to_string(),
            ip_address: ip.to_string(),
            alerts,
            logons: logons.iter().map(|l| l.time.to_iso()).collect(),
            expected_rows: self.rows.len() - rows_before,
        });
    }

    /// Failed logons from one address, the Password Spray alert, then the RDP logon that worked.
    fn password_spray(&mut self) {
        let rows_before = self.rows.len();
        let (entity, computer, account, ip) = self.keys();
        let t = self.anchor();
        let name = if !self.easy() && self.s.rng.chance(500) { "Password spray" } else { "Password Spray" };
        let failures = 3 + self.s.rng.below(4) as usize;
        for _ in 0..failures {
            let at = Ticks(t.0 + self.offset(-6 * MINUTE, -10 * SECOND));
            let guessed = if self.s.rng.chance(300) { account.clone() } else { self.s.rng.pick(&vocab::GUESSED_ACCOUNTS).to_string() };
            self.event(at, 4625, Some(3), &guessed, &computer, &ip, "NtLmSsp ", "NTLM", "-");
        }
        let sub = self.s.subscription.to_string();
        let alerts = vec![self.alert(t, name, &entity, &sub, &ip)];
        let d = self.offset(30 * SECOND, 14 * MINUTE);
        let logon = self.rdp(Ticks(t.0 + d), &account, &computer, &ip);
        self.aftermath(&logon);
        self.expect(t, &entity, &logon);
        let summary = format!(
            "{failures} failed logons from {ip}, then {name} on {entity} at {}, then an RDP logon of {account} at {}",
            clock(t),
            relative(d)
        );
        self.story("password-spray", summary, &entity, &computer, &account, &ip, alerts, &[&logon], rows_before);
    }

    fn single_alert(&mut self) {
        let rows_before = self.rows.len();
        let (entity, computer, account, ip) = self.keys();
        let t = self.anchor();
        let name = self.recon_name();
        let sub = self.s.subscription.to_string();
        let alerts = vec![self.alert(t, name, &entity, &sub, &ip)];
        let (lo, hi) = if self.easy() { (2 * MINUTE, 12 * MINUTE) } else { (5 * SECOND, WINDOW - 5 * SECOND) };
        let d = self.offset(lo, hi);
        let logon = self.rdp(Ticks(t.0 + d), &account, &computer, &ip);
        self.aftermath(&logon);
        self.expect(t, &entity, &logon);
        let summary = format!("{name} on {entity} at {}, RDP logon of {account} from {ip} at {}", clock(t), relative(d));
        self.story("single-alert", summary, &entity, &computer, &account, &ip, alerts, &[&logon], rows_before);
    }

    /// Two recon names at the same tick on one host: one group, number_alerts 2.
    fn multi_alert(&mut self) {
        let rows_before = self.rows.len();
        let (entity, computer, account, ip) = self.keys();
        let t = self.anchor();
        let first = self.s.rng.index(0, RECON_ALERTS.len());
        let second = (first + self.s.rng.index(1, RECON_ALERTS.len())) % RECON_ALERTS.len();
        let (a, b) = (RECON_ALERTS[first].name, RECON_ALERTS[second].name);
        let sub = self.s.subscription.to_string();
        let alerts = vec![self.alert(t, a, &entity, &sub, &ip), self.alert(t, b, &entity, &sub, &ip)];
        let d1 = self.offset(MINUTE, 7 * MINUTE);
        let mut logons = vec![self.rdp(Ticks(t.0 + d1), &account, &computer, &ip)];
        if self.s.rng.chance(500) {
            // The session drops and the attacker reconnects.
            let d2 = self.offset(8 * MINUTE, 14 * MINUTE);
            logons.push(self.rdp(Ticks(t.0 + d2), &account, &computer, &ip));
        }
        for logon in &logons {
            self.expect(t, &entity, logon);
        }
        self.aftermath(&logons[logons.len() - 1].clone());
        let times: Vec<String> = logons.iter().map(|l| relative(l.time.0 - t.0)).collect();
        let summary = format!(
            "{a} and {b} at the same tick on {entity} at {} (one group), RDP logon(s) of {account} from {ip} at {}",
            clock(t),
            times.join(" and ")
        );
        let refs: Vec<&OwnedEvent> = logons.iter().collect();
        self.story("multi-alert", summary, &entity, &computer, &account, &ip, alerts, &refs, rows_before);
    }

    /// One name raised twice a few minutes apart: two groups, and a logon in both windows.
    fn repeated_alert(&mut self) {
        let rows_before = self.rows.len();
        let (entity, computer, account, ip) = self.keys();
        let t = self.anchor();
        let r = floor_to(self.s.rng.range(2 * MINUTE, 6 * MINUTE), self.grid);
        let t2 = Ticks(t.0 + r);
        let name = self.recon_name();
        let sub = self.s.subscription.to_string();
        let alerts = vec![self.alert(t, name, &entity, &sub, &ip), self.alert(t2, name, &entity, &sub, &ip)];
        let d = r + self.offset(30 * SECOND, 8 * MINUTE);
        let logon = self.rdp(Ticks(t.0 + d), &account, &computer, &ip);
        self.aftermath(&logon);
        self.expect(t, &entity, &logon);
        self.expect(t2, &entity, &logon);
        let summary = format!(
            "{name} on {entity} at {} and again at {}; one RDP logon of {account} at {} falls in both windows (2 rows)",
            clock(t),
            relative(r),
            relative(d)
        );
        self.story("repeated-alert", summary, &entity, &computer, &account, &ip, alerts, &[&logon], rows_before);
    }

    /// Logons at the alert's own tick and at exactly +15 min: `between` includes both ends.
    fn window_edges(&mut self) {
        let rows_before = self.rows.len();
        let (entity, computer, account, ip) = self.keys();
        let t = self.anchor();
        let name = self.recon_name();
        let sub = self.s.subscription.to_string();
        let alerts = vec![self.alert(t, name, &entity, &sub, &ip)];
        let at_start = self.rdp(t, &account, &computer, &ip);
        let at_end = self.rdp(Ticks(t.0 + WINDOW), &account, &computer, &ip);
        self.expect(t, &entity, &at_start);
        self.expect(t, &entity, &at_end);
        let summary = format!(
            "{name} on {entity} at {}; RDP logons of {account} at +0 and at exactly +15 min (both ends of between are inside)",
            clock(t)
        );
        self.story("window-edges", summary, &entity, &computer, &account, &ip, alerts, &[&at_start, &at_end], rows_before);
    }

    /// The same alert in two workspace subscriptions: two groups, two identical-looking rows.
    fn hidden_key(&mut self) {
        let rows_before = self.rows.len();
        let (entity, computer, account, ip) = self.keys();
        let t = self.anchor();
        let name = self.recon_name();
        let (main, other) = (self.s.subscription.to_string(), self.s.other_subscription.to_string());
        let alerts = vec![self.alert(t, name, &entity, &main, &ip), self.alert(t, name, &entity, &other, &ip)];
        let d = self.offset(MINUTE, 14 * MINUTE);
        let logon = self.rdp(Ticks(t.0 + d), &account, &computer, &ip);
        self.expect(t, &entity, &logon);
        self.expect(t, &entity, &logon);
        let summary = format!(
            "{name} on {entity} at {} in two WorkspaceSubscriptionIds (a hidden key: two groups); one RDP logon at {} gives two identical rows",
            clock(t),
            relative(d)
        );
        self.story("hidden-key", summary, &entity, &computer, &account, &ip, alerts, &[&logon], rows_before);
    }

    /// Two groups three minutes apart and two logons in both windows: 2 × 2 rows.
    fn cross_product(&mut self) {
        let rows_before = self.rows.len();
        let (entity, computer, account, ip) = self.keys();
        let t = self.anchor();
        let t2 = Ticks(t.0 + 3 * MINUTE);
        let (a, b) = (RECON_ALERTS[self.s.rng.index(0, 3)].name, RECON_ALERTS[self.s.rng.index(3, 7)].name);
        let sub = self.s.subscription.to_string();
        let alerts = vec![self.alert(t, a, &entity, &sub, &ip), self.alert(t2, b, &entity, &sub, &ip)];
        let d1 = 5 * MINUTE + self.offset(0, 3 * MINUTE);
        let d2 = 9 * MINUTE + self.offset(0, 3 * MINUTE);
        let first = self.rdp(Ticks(t.0 + d1), &account, &computer, &ip);
        let second = self.rdp(Ticks(t.0 + d2), &account, &computer, &ip);
        for group in [t, t2] {
            for logon in [&first, &second] {
                self.expect(group, &entity, logon);
            }
        }
        let summary = format!(
            "{a} on {entity} at {}, {b} at +3 min; RDP logons at {} and {} are in both windows (2 × 2 rows)",
            clock(t),
            relative(d1),
            relative(d2)
        );
        self.story("cross-product", summary, &entity, &computer, &account, &ip, alerts, &[&first, &second], rows_before);
    }

    /// An alert name that matches a term though it is not spelled as in the query.
    fn term_edge(&mut self, name: &str) {
        let rows_before = self.rows.len();
        let (entity, computer, account, ip) = self.keys();
        let t = self.anchor();
        let sub = self.s.subscription.to_string();
        let alerts = vec![self.alert(t, name, &entity, &sub, &ip)];
        let d = self.offset(MINUTE, 14 * MINUTE);
        let logon = self.rdp(Ticks(t.0 + d), &account, &computer, &ip);
        self.expect(t, &entity, &logon);
        let summary = format!("'{name}' (has_any matches it) on {entity} at {}, RDP logon of {account} at {}", clock(t), relative(d));
        self.story("term-edge", summary, &entity, &computer, &account, &ip, alerts, &[&logon], rows_before);
    }

    /// The same alert row twice at one tick: one group with count_ 2, one row per logon.
    fn same_tick_repeat(&mut self) {
        let rows_before = self.rows.len();
        let (entity, computer, account, ip) = self.keys();
        let t = self.anchor();
        let name = self.recon_name();
        let sub = self.s.subscription.to_string();
        let alerts = vec![self.alert(t, name, &entity, &sub, &ip), self.alert(t, name, &entity, &sub, &ip)];
        let d = self.offset(MINUTE, 14 * MINUTE);
        let logon = self.rdp(Ticks(t.0 + d), &account, &computer, &ip);
        self.expect(t, &entity, &logon);
        let summary = format!(
            "{name} twice at the same tick on {entity} at {} (one group, count_ 2); RDP logon of {account} at {} gives one row",
            clock(t),
            relative(d)
        );
        self.story("same-tick-repeat", summary, &entity, &computer, &account, &ip, alerts, &[&logon], rows_before);
    }

    /// An alert and a logon on a host of their own that must not join, for `reason`.
    /// `edge`: the one-tick (one-step) versions of AfterWindow and BeforeAlert.
    fn near_miss(&mut self, reason: NearMissReason, alert_name: Option<&str>, edge: bool) {
        use NearMissReason::*;
        let host = self.new_host();
        let (mut entity, mut computer) = self.spellings(&host);
        if reason == HostSpelling {
            // The alert names the short host, the logon the FQDN.
            entity = host.short.clone();
            computer = host.fqdn.clone();
        }
        let (account, ip) = (self.victim(), self.attacker_ip());
        let t = self.anchor();
        let name = alert_name.map(str::to_string).unwrap_or_else(|| self.recon_name().to_string());
        let sub = self.s.subscription.to_string();
        self.alert(t, &name, &entity, &sub, &ip);
        let easy = self.easy();
        let unit = self.unit;
        let d = match (reason, edge, easy) {
            (AfterWindow, true, _) => WINDOW + unit,
            (AfterWindow, false, true) => self.offset(25 * MINUTE, 40 * MINUTE),
            (AfterWindow, false, false) => self.offset(16 * MINUTE, 16 * MINUTE + 50 * SECOND),
            (BeforeAlert, true, _) => -unit,
            (BeforeAlert, false, true) => self.offset(-30 * MINUTE, -10 * MINUTE),
            (BeforeAlert, false, false) => self.offset(-5 * MINUTE, -30 * SECOND),
            _ => self.offset(MINUTE, 14 * MINUTE),
        };
        let at = Ticks(t.0 + d);
        let logon = match reason {
            LogonType if self.s.rng.chance(500) => {
                let internal = self.s.rng.pick(&self.s.pools.internal_ips).clone();
                self.event(at, 4624, Some(3), &account, &computer, &internal, "Kerberos", "Kerberos", "-")
            }
            LogonType => self.event(at, 4624, Some(7), &account, &computer, "127.0.0.1", "User32 ", "Negotiate", &host.short),
            FailedLogon => self.event(at, 4625, Some(10), &account, &computer, &ip, "User32 ", "Negotiate", "kali"),
            _ => self.rdp(at, &account, &computer, &ip),
        };
        let why = match reason {
            AfterWindow if edge => format!("RDP logon at {}: one step past the 15 min window", relative(d)),
            AfterWindow => format!("RDP logon at {}: after the 15 min window", relative(d)),
            BeforeAlert if edge => format!("RDP logon at {}: one step before the alert; the hunt looks forward only", relative(d)),
            BeforeAlert => format!("RDP logon at {}: before the alert; the hunt looks forward only", relative(d)),
            LogonType => format!(
                "4624 of LogonType {} ({}) at {}: not RemoteInteractive",
                logon.logon_type.unwrap_or_default(),
                vocab::logon_type_name(logon.logon_type),
                relative(d)
            ),
            FailedLogon => format!("4625 (a failed RDP logon) at {}: not a 4624", relative(d)),
            HostSpelling => format!(
                "RDP logon to {computer} at {}: the alert names {entity}, and Kusto compares whole names (joins with --normalize-hosts)",
                relative(d)
            ),
            AlertName => format!("'{name}' is not matched by has_any; an RDP logon follows at {}", relative(d)),
        };
        let id = self.id();
        self.near.push(NearMissKey {
            id,
            reason,
            summary: format!("{name} on {entity} at {}; {why}", clock(t)),
            alert_name: name,
            alert_entity: entity,
            alert_time: t.to_iso(),
            logon_computer: computer,
            logon_time: logon.time.to_iso(),
            account,
            event_id: logon.event_id,
            logon_type: logon.logon_type,
        });
    }

    fn finish(mut self) -> Planted {
        self.alerts.sort_by_key(|a| a.time);
        self.events.sort_by_key(|e| e.time);
        self.rows.sort();
        let hosts: BTreeSet<String> = self.rows.iter().map(|r| r.compromised_entity.clone()).collect();
        let accounts: BTreeSet<String> = self.rows.iter().map(|r| r.account.clone()).collect();
        let ips: BTreeSet<String> = self.rows.iter().map(|r| r.ip_address.clone()).collect();
        Planted {
            alerts: self.alerts,
            events: self.events,
            rows: self.rows,
            stories: self.stories,
            near_misses: self.near,
            hosts: hosts.into_iter().collect(),
            accounts: accounts.into_iter().collect(),
            ips: ips.into_iter().collect(),
            hostile_stories: self.hostile_stories,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_times_read_well() {
        assert_eq!(relative(6 * MINUTE + 12 * SECOND), "+6 min 12 s");
        assert_eq!(relative(15 * MINUTE), "+15 min");
        assert_eq!(relative(15 * MINUTE + 1), "+15 min 0.0000001 s");
        assert_eq!(relative(-45 * SECOND), "-45 s");
        assert_eq!(relative(-10_000), "-0.001 s");
    }
}
