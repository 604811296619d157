//! Planted stories: true positives (`true_positives`, each built with the `story` builder) and
//! labelled near misses (`near_misses`), each on a host of its own, and the expected rows each
//! one gives, written down as the story is planted; with `Options::sessions`, the RDP session
//! stories (`sessions`, their rows in `session_rows`) after all the others.
//!
//! `plant` deals the decks; the `Planter` holds what is planted so far and draws every random
//! choice in a fixed order, so a seed gives the same stories on every platform.

mod near_misses;
mod session_rows;
mod sessions;
mod story;
mod true_positives;

use std::collections::BTreeSet;

use super::answer::{ExpectedRow, KeyAlert, NearMissKey, NearMissReason, StoryKey};
use super::hostile;
use super::pools::{host, Host, Pools};
use super::rng::SplitMix64;
use super::rows::{Hostile, OwnedAlert, OwnedEvent, OwnedSessionColumns};
use super::sessions::PlantedSessions;
use super::vocab::{self, RECON_ALERTS};
use super::write::split_account;
use super::{Config, Difficulty, Options};
use crate::engine::time::{TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND};
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
    /// The generator of the session stories and of every planted logon id (with
    /// `Options::sessions`), apart from `rng` so the other stories stay those without sessions.
    pub session_rng: SplitMix64,
}

pub(super) struct Planted {
    /// Sorted by time.
    pub alerts: Vec<OwnedAlert>,
    /// Sorted by time.
    pub events: Vec<OwnedEvent>,
    pub key: PlantedKey,
    /// What the session stories planted (with `Options::sessions`).
    pub sessions: Option<PlantedSessions>,
}

/// What the stories put into the answer key.
pub(super) struct PlantedKey {
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
    let plan = setting.options.sessions.then(|| session_rows::SessionPlan::new(setting.session_rng.clone()));
    let mut p = Planter {
        plan,
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
    // After every other story, from their own generator: the stories above are those of the
    // same scenario without sessions, on the same hosts.
    if p.plan.is_some() {
        for _ in 0..rounds {
            p.session_stories();
        }
    }
    p.finish()
}

/// Plants the stories one after another, writing down each one's key as it goes.
struct Planter<'a> {
    s: Setting<'a>,
    /// The session stories' generator, logon ids and key (with `Options::sessions`).
    plan: Option<session_rows::SessionPlan>,
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
        let lo = self.s.start.0 + TICKS_PER_HOUR;
        let hi = self.s.start.0 + self.s.span - TICKS_PER_HOUR;
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
        host(&short, &self.s.pools.dns)
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
        // With sessions, every planted 4624 and 4634 gets a logon id of its own (a story's
        // logoff then takes its logon's, see `aftermath`).
        let session = match &mut self.plan {
            Some(plan) if matches!(event_id, 4624 | 4634) => OwnedSessionColumns {
                logon_id: plan.logon_id(),
                linked_logon_id: (event_id == 4624).then_some(0),
                elevated: (event_id == 4624).then(|| account.contains("\\adm-")),
                ..OwnedSessionColumns::default()
            },
            _ => OwnedSessionColumns::default(),
        };
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
            session,
        };
        self.events.push(e.clone());
        e
    }

    /// A successful RDP logon: 4624, LogonType 10.
    fn rdp(&mut self, time: Ticks, account: &str, computer: &str, ip: &str) -> OwnedEvent {
        let workstation = self.s.rng.pick(&self.s.pools.attacker_workstations).clone();
        self.event(time, 4624, Some(10), account, computer, ip, "User32 ", "Negotiate", &workstation)
    }

    fn finish(mut self) -> Planted {
        self.alerts.sort_by_key(|a| a.time);
        self.events.sort_by_key(|e| e.time);
        self.rows.sort();
        let hosts: BTreeSet<String> = self.rows.iter().map(|r| r.compromised_entity.clone()).collect();
        let accounts: BTreeSet<String> = self.rows.iter().map(|r| r.account.clone()).collect();
        let ips: BTreeSet<String> = self.rows.iter().map(|r| r.ip_address.clone()).collect();
        Planted {
            sessions: self.plan.map(session_rows::SessionPlan::finish),
            alerts: self.alerts,
            events: self.events,
            key: PlantedKey {
                rows: self.rows,
                stories: self.stories,
                near_misses: self.near,
                hosts: hosts.into_iter().collect(),
                accounts: accounts.into_iter().collect(),
                ips: ips.into_iter().collect(),
                hostile_stories: self.hostile_stories,
            },
        }
    }
}


#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::time::TICKS_PER_MILLISECOND;

    #[test]
    fn relative_times_read_well() {
        assert_eq!(relative(6 * MINUTE + 12 * SECOND), "+6 min 12 s");
        assert_eq!(relative(15 * MINUTE), "+15 min");
        assert_eq!(relative(15 * MINUTE + 1), "+15 min 0.0000001 s");
        assert_eq!(relative(-45 * SECOND), "-45 s");
        assert_eq!(relative(-TICKS_PER_MILLISECOND), "-0.001 s");
    }
}
