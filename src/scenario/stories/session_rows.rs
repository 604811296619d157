//! The rows and choices of the session stories (`sessions`): `SessionPlan` (their own generator,
//! the logon ids every planted 4624 and 4634 gets, what they planted), the `Planter`'s writers
//! of Security rows (logons, logoffs, 4778/4779, locks, shutdown and boot) and of LSM and RCM
//! rows (WindowsEvent only), and the picks of hosts, accounts, addresses and clients.

use super::{floor_to, Planter, SECOND};
use crate::engine::time::{TICKS_PER_HOUR, TICKS_PER_MILLISECOND};
use crate::engine::Ticks;
use crate::scenario::rng::SplitMix64;
use crate::scenario::rows::{EventChannel, Hostile, OwnedEvent, OwnedSessionColumns};
use crate::scenario::sessions::{PlantedSession, PlantedSessions, SessionStoryKey};
use crate::scenario::Difficulty;

pub(super) const MS: i64 = TICKS_PER_MILLISECOND;

/// The session stories' generator, logon ids and what they planted.
pub(in crate::scenario) struct SessionPlan {
    rng: SplitMix64,
    next_logon_id: u64,
    hosts: usize,
    out: PlantedSessions,
}

impl SessionPlan {
    pub fn new(mut rng: SplitMix64) -> SessionPlan {
        let next_logon_id = rng.range(0x1_0000, 0x40_0000) as u64;
        SessionPlan { rng, next_logon_id, hosts: 0, out: PlantedSessions::default() }
    }

    /// A fresh logon id: they rise, as Windows hands them out.
    pub fn logon_id(&mut self) -> u64 {
        self.next_logon_id += self.rng.range(0x100, 0x9000) as u64;
        self.next_logon_id
    }

    pub fn finish(self) -> PlantedSessions {
        self.out
    }
}

/// The columns of one planted session event besides its session columns.
struct Row<'a> {
    time: Ticks,
    event_id: i32,
    logon_type: Option<i32>,
    account: &'a str,
    computer: &'a str,
    ip: &'a str,
    workstation: &'a str,
}

/// A network logon (NLA) before an RDP logon, and its logoff.
pub(super) struct Nla {
    pub(super) at: Ticks,
    gone: Ticks,
    logon_id: u64,
}

impl Nla {
    pub(super) fn add_to(&self, session: &mut PlantedSession) {
        session.marks.push(("nla", self.at, self.logon_id));
        session.evidence.extend([(4624, self.at), (4634, self.gone)]);
    }
}

/// A session story's host: its Computer as logged, and its short name (an RDP client's name).
pub(super) struct StoryHost {
    pub(super) computer: String,
    pub(super) short: String,
}

impl Planter<'_> {
    pub(super) fn plan(&mut self) -> &mut SessionPlan {
        self.plan.as_mut().expect("session stories are planted with sessions on")
    }

    pub(super) fn srng(&mut self) -> &mut SplitMix64 {
        &mut self.plan().rng
    }

    /// An offset in `lo..hi` on the event export's time step, from the session generator.
    pub(super) fn soff(&mut self, lo: i64, hi: i64) -> i64 {
        let unit = self.unit;
        floor_to(self.srng().range(lo, hi), unit)
    }

    /// A time at least an hour after the scenario's start and `room` before its end (when the
    /// span leaves that much).
    pub(super) fn session_anchor(&mut self, room: i64) -> Ticks {
        let lo = self.s.start.0 + TICKS_PER_HOUR;
        let hi = (self.s.start.0 + self.s.span - room).max(lo + 1);
        let t = self.srng().range(lo, hi);
        Ticks(floor_to(t, self.unit))
    }

    pub(super) fn story_host(&mut self, prefix: &str) -> StoryHost {
        let dns = self.s.pools.dns.clone();
        let plan = self.plan();
        plan.hosts += 1;
        let short = format!("{prefix}{:02}", plan.hosts);
        let computer = if plan.rng.chance(700) { format!("{short}.{dns}") } else { short.clone() };
        plan.out.hosts.insert(computer.clone());
        StoryHost { computer, short }
    }

    pub(super) fn pick_user(&mut self) -> String {
        let users = &self.s.pools.users;
        let i = self.srng().index(0, users.len());
        users[i].clone()
    }

    pub(super) fn pick_admin(&mut self) -> String {
        let admins = &self.s.pools.admins;
        let i = self.srng().index(0, admins.len());
        admins[i].clone()
    }

    pub(super) fn pick_external(&mut self) -> String {
        let ips = &self.s.pools.external_ips;
        let i = self.srng().index(0, ips.len());
        ips[i].clone()
    }

    /// An internal address other than those in `not`.
    pub(super) fn pick_internal(&mut self, not: &[&str]) -> String {
        let ips = &self.s.pools.internal_ips;
        let start = self.srng().index(0, ips.len());
        (0..ips.len()).map(|k| &ips[(start + k) % ips.len()]).find(|ip| !not.contains(&ip.as_str())).expect("distinct addresses").clone()
    }

    /// The name an RDP client reports: an attacker's machine, or one of the fleet's workstations.
    pub(super) fn pick_client(&mut self, attacker: bool) -> String {
        const ATTACKER_CLIENTS: [&str; 4] = ["kali", "DESKTOP-7Q2M4RB", "WIN-R3LK0P2QX8A", "PC01"];
        if attacker {
            let i = self.srng().index(0, ATTACKER_CLIENTS.len());
            return ATTACKER_CLIENTS[i].to_string();
        }
        let workstations = &self.s.pools.workstations;
        let i = self.srng().index(0, workstations.len());
        workstations[i].short.clone()
    }

    /// Writes a session event: a row on top of the requested events.
    fn session_row(&mut self, row: Row<'_>, session: OwnedSessionColumns) {
        let (logon_process, auth_package) = match (row.event_id, row.logon_type) {
            (4624, Some(3)) => ("NtLmSsp ", "NTLM"),
            (4624, _) => ("User32 ", "Negotiate"),
            _ => ("", ""),
        };
        self.events.push(OwnedEvent {
            time: row.time,
            event_id: row.event_id,
            logon_type: row.logon_type,
            account: row.account.to_string(),
            computer: row.computer.to_string(),
            ip: row.ip.to_string(),
            logon_process,
            auth_package,
            workstation: row.workstation.to_string(),
            hostile: Hostile::No,
            session,
        });
        self.plan().out.rows += 1;
    }

    /// A 4624 of `logon_type` and `logon_id`, unlinked and not elevated unless told.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn logon(&mut self, time: Ticks, logon_type: i32, logon_id: u64, account: &str, host: &StoryHost, ip: &str, client: &str) {
        let linked = OwnedSessionColumns { logon_id, linked_logon_id: Some(0), elevated: Some(false), ..Default::default() };
        self.linked_logon(time, logon_type, account, host, ip, client, linked);
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn linked_logon(&mut self, time: Ticks, logon_type: i32, account: &str, host: &StoryHost, ip: &str, client: &str, columns: OwnedSessionColumns) {
        // WorkstationName: the target's own name for RDP logons, the client's for network ones.
        let workstation = if logon_type == 3 { client } else { host.short.as_str() };
        let row = Row { time, event_id: 4624, logon_type: Some(logon_type), account, computer: &host.computer, ip, workstation };
        self.session_row(row, columns);
    }

    /// A network logon (LogonType 3) 1 to 5 s before the RDP logon at `rdp`, from its address
    /// and client, logged off within a second: Network Level Authentication.
    pub(super) fn nla(&mut self, rdp: Ticks, account: &str, host: &StoryHost, address: &str, client: &str) -> Nla {
        let logon_id = self.plan().logon_id();
        let at = Ticks(rdp.0 - self.soff(SECOND, 5 * SECOND));
        let gone = Ticks(at.0 + self.soff(200 * MS, 900 * MS));
        self.logon(at, 3, logon_id, account, host, address, client);
        self.logoff(gone, 4634, Some(3), logon_id, account, host);
        Nla { at, gone, logon_id }
    }

    /// 4634 (of `logon_type`) or 4647 of `logon_id`.
    pub(super) fn logoff(&mut self, time: Ticks, event_id: i32, logon_type: Option<i32>, logon_id: u64, account: &str, host: &StoryHost) {
        let row = Row { time, event_id, logon_type, account, computer: &host.computer, ip: "", workstation: "" };
        self.session_row(row, OwnedSessionColumns { logon_id, ..Default::default() });
    }

    /// 4779 (disconnected) or 4778 (reconnected) of `logon_id`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn window_station(&mut self, time: Ticks, event_id: i32, logon_id: u64, account: &str, host: &StoryHost, name: &str, client: &str, address: &str) {
        let row = Row { time, event_id, logon_type: None, account, computer: &host.computer, ip: "", workstation: "" };
        let columns = OwnedSessionColumns {
            logon_id,
            session_name: name.to_string(),
            client_name: client.to_string(),
            client_address: address.to_string(),
            ..Default::default()
        };
        self.session_row(row, columns);
    }

    /// 4800 (locked) or 4801 (unlocked) of `logon_id`, terminal session `session_id`.
    pub(super) fn lock(&mut self, time: Ticks, event_id: i32, logon_id: u64, account: &str, host: &StoryHost, session_id: u32) {
        let row = Row { time, event_id, logon_type: None, account, computer: &host.computer, ip: "", workstation: "" };
        self.session_row(row, OwnedSessionColumns { logon_id, session_id: Some(session_id), ..Default::default() });
    }

    /// 1100 (the event log shut down) or 4608 (Windows is starting up).
    pub(super) fn host_event(&mut self, time: Ticks, event_id: i32, host: &StoryHost) {
        let row = Row { time, event_id, logon_type: None, account: "", computer: &host.computer, ip: "", workstation: "" };
        self.session_row(row, OwnedSessionColumns::default());
    }

    /// Whether the host's events go to the WindowsEvent export, where LSM and RCM events can be
    /// written.
    pub(super) fn services(&self, host: &StoryHost) -> bool {
        self.s.options.windows_events.routes(&host.computer)
    }

    /// An ActivityID: one per connection, shared by its LSM and RCM events.
    pub(super) fn activity(&mut self) -> String {
        format!("{{{}}}", self.srng().guid().to_ascii_uppercase())
    }

    /// An LSM or RCM event (WindowsEvent only), added to `session`'s evidence: its user goes in
    /// Account, its address in IpAddress; `session_id` is SessionID (Session for 40).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn service(
        &mut self,
        session: &mut PlantedSession,
        time: Ticks,
        channel: EventChannel,
        event_id: i32,
        host: &StoryHost,
        user: &str,
        address: &str,
        session_id: Option<u32>,
        activity: &str,
        reason: &str,
    ) {
        let row = Row { time, event_id, logon_type: None, account: user, computer: &host.computer, ip: address, workstation: "" };
        let columns = OwnedSessionColumns {
            session_id,
            channel,
            activity_id: activity.to_string(),
            reason: reason.to_string(),
            ..Default::default()
        };
        self.session_row(row, columns);
        session.services.push((channel, event_id, time));
    }

    pub(super) fn story_key(&mut self, id: usize, kind: &str, summary: String, account: &str, hosts: &[&StoryHost], logon_ids: &[u64]) {
        let key = SessionStoryKey {
            id,
            kind: kind.to_string(),
            summary,
            account: account.to_string(),
            hosts: hosts.iter().map(|h| h.computer.clone()).collect(),
            logon_ids: logon_ids.iter().map(|&id| crate::scenario::SessionColumns::hex(id)).collect(),
        };
        self.plan().out.stories.push(key);
    }

    pub(super) fn keep(&mut self, session: PlantedSession) {
        self.plan().out.sessions.push(session);
    }

    pub(super) fn hard(&self) -> bool {
        self.s.config.difficulty == Difficulty::Hard
    }
}
