//! The session stories (with `Options::sessions`), one of each per deck, each on hosts of its
//! own that no alert names, so the hunt's rows stay those of the answer key:
//! - `full-session`: an RDP logon (after a network logon, NLA, now and then) and its logoff;
//! - `disconnect-reconnect`: 4779, lock, 4778 (from another client in hard scenarios), unlock,
//!   an Unlock (LogonType 7) logon, then the logoff;
//! - `linked-admin`: an administrator's two linked logons (elevated and not), named by
//!   TargetLinkedLogonId, or in hard scenarios paired only by account, address and time;
//! - `reboot-reuse`: a session the host's shutdown (1100, then 4608) ends, and a session of
//!   another user with the same logon id after the boot;
//! - `before-data`: a reconnect, unlock and logoff of a logon whose 4624 is not in the data;
//! - `no-end`: a logon and a lock, and nothing after;
//! - `lateral-chain`: one account from outside to host A, from A's address to B, from B's to C,
//!   left disconnected there.
//!
//! `SessionPlan` draws every logon id and every choice of these stories from its own generator,
//! and writes each session down (`PlantedSession`) as it plants it: the key says what the
//! session builder must make of the rows, worked out by hand from shared/spec/sessions.md.

use super::{clock, floor_to, relative, Planter, MINUTE, SECOND};
use crate::engine::time::{TICKS_PER_HOUR, TICKS_PER_MILLISECOND};
use crate::engine::Ticks;
use crate::scenario::rng::SplitMix64;
use crate::scenario::rows::{EventChannel, Hostile, OwnedEvent, OwnedSessionColumns};
use crate::scenario::sessions::{PlantedSession, PlantedSessions, PlantedStretch, SessionStoryKey};
use crate::scenario::Difficulty;

const MS: i64 = TICKS_PER_MILLISECOND;

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
struct Nla {
    at: Ticks,
    gone: Ticks,
    logon_id: u64,
}

impl Nla {
    fn add_to(&self, session: &mut PlantedSession) {
        session.marks.push(("nla", self.at, self.logon_id));
        session.evidence.extend([(4624, self.at), (4634, self.gone)]);
    }
}

/// A session story's host: its Computer as logged, and its short name (an RDP client's name).
struct StoryHost {
    computer: String,
    short: String,
}

impl Planter<'_> {
    fn plan(&mut self) -> &mut SessionPlan {
        self.plan.as_mut().expect("session stories are planted with sessions on")
    }

    fn srng(&mut self) -> &mut SplitMix64 {
        &mut self.plan().rng
    }

    /// An offset in `lo..hi` on the event export's time step, from the session generator.
    fn soff(&mut self, lo: i64, hi: i64) -> i64 {
        let unit = self.unit;
        floor_to(self.srng().range(lo, hi), unit)
    }

    /// A time at least an hour after the scenario's start and `room` before its end (when the
    /// span leaves that much).
    fn session_anchor(&mut self, room: i64) -> Ticks {
        let lo = self.s.start.0 + TICKS_PER_HOUR;
        let hi = (self.s.start.0 + self.s.span - room).max(lo + 1);
        let t = self.srng().range(lo, hi);
        Ticks(floor_to(t, self.unit))
    }

    fn story_host(&mut self, prefix: &str) -> StoryHost {
        let dns = self.s.pools.dns.clone();
        let plan = self.plan();
        plan.hosts += 1;
        let short = format!("{prefix}{:02}", plan.hosts);
        let computer = if plan.rng.chance(700) { format!("{short}.{dns}") } else { short.clone() };
        plan.out.hosts.insert(computer.clone());
        StoryHost { computer, short }
    }

    fn pick_user(&mut self) -> String {
        let users = &self.s.pools.users;
        let i = self.srng().index(0, users.len());
        users[i].clone()
    }

    fn pick_admin(&mut self) -> String {
        let admins = &self.s.pools.admins;
        let i = self.srng().index(0, admins.len());
        admins[i].clone()
    }

    fn pick_external(&mut self) -> String {
        let ips = &self.s.pools.external_ips;
        let i = self.srng().index(0, ips.len());
        ips[i].clone()
    }

    /// An internal address other than those in `not`.
    fn pick_internal(&mut self, not: &[&str]) -> String {
        let ips = &self.s.pools.internal_ips;
        let start = self.srng().index(0, ips.len());
        (0..ips.len()).map(|k| &ips[(start + k) % ips.len()]).find(|ip| !not.contains(&ip.as_str())).expect("distinct addresses").clone()
    }

    /// The name an RDP client reports: an attacker's machine, or one of the fleet's workstations.
    fn pick_client(&mut self, attacker: bool) -> String {
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
    fn logon(&mut self, time: Ticks, logon_type: i32, logon_id: u64, account: &str, host: &StoryHost, ip: &str, client: &str) {
        let linked = OwnedSessionColumns { logon_id, linked_logon_id: Some(0), elevated: Some(false), ..Default::default() };
        self.linked_logon(time, logon_type, account, host, ip, client, linked);
    }

    #[allow(clippy::too_many_arguments)]
    fn linked_logon(&mut self, time: Ticks, logon_type: i32, account: &str, host: &StoryHost, ip: &str, client: &str, columns: OwnedSessionColumns) {
        // WorkstationName: the target's own name for RDP logons, the client's for network ones.
        let workstation = if logon_type == 3 { client } else { host.short.as_str() };
        let row = Row { time, event_id: 4624, logon_type: Some(logon_type), account, computer: &host.computer, ip, workstation };
        self.session_row(row, columns);
    }

    /// A network logon (LogonType 3) 1 to 5 s before the RDP logon at `rdp`, from its address
    /// and client, logged off within a second: Network Level Authentication.
    fn nla(&mut self, rdp: Ticks, account: &str, host: &StoryHost, address: &str, client: &str) -> Nla {
        let logon_id = self.plan().logon_id();
        let at = Ticks(rdp.0 - self.soff(SECOND, 5 * SECOND));
        let gone = Ticks(at.0 + self.soff(200 * MS, 900 * MS));
        self.logon(at, 3, logon_id, account, host, address, client);
        self.logoff(gone, 4634, Some(3), logon_id, account, host);
        Nla { at, gone, logon_id }
    }

    /// 4634 (of `logon_type`) or 4647 of `logon_id`.
    fn logoff(&mut self, time: Ticks, event_id: i32, logon_type: Option<i32>, logon_id: u64, account: &str, host: &StoryHost) {
        let row = Row { time, event_id, logon_type, account, computer: &host.computer, ip: "", workstation: "" };
        self.session_row(row, OwnedSessionColumns { logon_id, ..Default::default() });
    }

    /// 4779 (disconnected) or 4778 (reconnected) of `logon_id`.
    #[allow(clippy::too_many_arguments)]
    fn window_station(&mut self, time: Ticks, event_id: i32, logon_id: u64, account: &str, host: &StoryHost, name: &str, client: &str, address: &str) {
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
    fn lock(&mut self, time: Ticks, event_id: i32, logon_id: u64, account: &str, host: &StoryHost, session_id: u32) {
        let row = Row { time, event_id, logon_type: None, account, computer: &host.computer, ip: "", workstation: "" };
        self.session_row(row, OwnedSessionColumns { logon_id, session_id: Some(session_id), ..Default::default() });
    }

    /// 1100 (the event log shut down) or 4608 (Windows is starting up).
    fn host_event(&mut self, time: Ticks, event_id: i32, host: &StoryHost) {
        let row = Row { time, event_id, logon_type: None, account: "", computer: &host.computer, ip: "", workstation: "" };
        self.session_row(row, OwnedSessionColumns::default());
    }

    /// Whether the host's events go to the WindowsEvent export, where LSM and RCM events can be
    /// written.
    fn services(&self, host: &StoryHost) -> bool {
        self.s.options.windows_events.routes(&host.computer)
    }

    /// An ActivityID: one per connection, shared by its LSM and RCM events.
    fn activity(&mut self) -> String {
        format!("{{{}}}", self.srng().guid().to_ascii_uppercase())
    }

    /// An LSM or RCM event (WindowsEvent only), added to `session`'s evidence: its user goes in
    /// Account, its address in IpAddress; `session_id` is SessionID (Session for 40).
    #[allow(clippy::too_many_arguments)]
    fn service(
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

    fn story_key(&mut self, id: usize, kind: &str, summary: String, account: &str, hosts: &[&StoryHost], logon_ids: &[u64]) {
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

    fn keep(&mut self, session: PlantedSession) {
        self.plan().out.sessions.push(session);
    }

    fn hard(&self) -> bool {
        self.s.config.difficulty == Difficulty::Hard
    }

    /// One of each session story.
    pub(super) fn session_stories(&mut self) {
        self.full_session();
        self.disconnect_reconnect();
        self.linked_admin();
        self.reboot_reuse();
        self.before_data();
        self.no_end();
        self.lateral_chain();
    }

    fn full_session(&mut self) {
        let id = self.id();
        let host = self.story_host("WS-");
        let (account, address, client) = (self.pick_user(), self.pick_internal(&[]), self.pick_client(false));
        let t = self.session_anchor(2 * TICKS_PER_HOUR);
        let x = self.plan().logon_id();
        let mut session = PlantedSession::started(Some(id), &host.computer, &account, x, t, &address);
        let nla = self.srng().chance(500);
        let mut told = String::new();
        if nla {
            let nla = self.nla(t, &account, &host, &address, &client);
            nla.add_to(&mut session);
            told = format!(" after a network logon (NLA) at {}", relative(nla.at.0 - t.0));
        }
        self.logon(t, 10, x, &account, &host, &address, &client);
        let d = self.soff(12 * MINUTE, 75 * MINUTE);
        let end = Ticks(t.0 + d);
        let user_logoff = self.srng().chance(500);
        if user_logoff {
            let after = Ticks(end.0 + 1200 * MS);
            self.logoff(end, 4647, None, x, &account, &host);
            self.logoff(after, 4634, Some(10), x, &account, &host);
            session.evidence.extend([(4647, end), (4634, after)]);
            session.end_at(end, "logoff 4647");
        } else {
            self.logoff(end, 4634, Some(10), x, &account, &host);
            session.evidence.push((4634, end));
            session.end_at(end, "logoff 4634");
        }
        let how = if user_logoff { "logs off (4647, then 4634)" } else { "is logged off (4634)" };
        let summary = format!("{account} logs on over RDP to {} from {address} at {}{told}, and {how} at {}", host.computer, clock(t), relative(d));
        self.story_key(id, "full-session", summary, &account, &[&host], &[x]);
        self.keep(session);
    }

    fn disconnect_reconnect(&mut self) {
        let id = self.id();
        let host = self.story_host("SRV-TS");
        let (account, address, client) = (self.pick_user(), self.pick_external(), self.pick_client(true));
        let takeover = self.hard();
        let (client2, address2) = if takeover {
            let other = self.pick_client(true);
            let other = if other == client { format!("{other}-2") } else { other };
            let mut address2 = self.pick_external();
            if address2 == address {
                address2 = self.pick_internal(&[]);
            }
            (other, address2)
        } else {
            (client.clone(), address.clone())
        };
        let (k, terminal) = (self.srng().below(20), 2 + self.srng().below(5) as u32);
        let (name, name2) = (format!("RDP-Tcp#{k}"), format!("RDP-Tcp#{}", k + 1));
        let t = self.session_anchor(3 * TICKS_PER_HOUR);
        let x = self.plan().logon_id();
        let y = self.plan().logon_id();
        let a = self.soff(5 * MINUTE, 25 * MINUTE);
        let b = a + self.soff(3 * MINUTE, 40 * MINUTE);
        let c = b + self.soff(5 * MINUTE, 45 * MINUTE);
        let at = |d: i64| Ticks(t.0 + d);
        self.logon(t, 10, x, &account, &host, &address, &client);
        self.window_station(at(a), 4779, x, &account, &host, &name, &client, &address);
        self.lock(at(a + MS), 4800, x, &account, &host, terminal);
        self.window_station(at(b), 4778, x, &account, &host, &name2, &client2, &address2);
        self.lock(at(b + 370 * MS), 4801, x, &account, &host, terminal);
        self.logon(at(b + 1000 * MS), 7, y, &account, &host, &address2, &client2);
        self.logoff(at(b + 1100 * MS), 4634, Some(7), y, &account, &host);
        self.logoff(at(c), 4634, Some(10), x, &account, &host);

        let mut session = PlantedSession::started(Some(id), &host.computer, &account, x, t, &address);
        session.client_name = client.clone();
        session.stretches = vec![
            stretch(true, Some(t), Some(at(a)), &name, &client, &address),
            stretch(false, Some(at(a)), Some(at(b)), &name, &client, &address),
            stretch(true, Some(at(b)), None, &name2, &client2, &address2),
        ];
        session.marks.extend([("lock", at(a + MS), x), ("unlock", at(b + 370 * MS), x), ("reconnect", at(b + 1000 * MS), y)]);
        session.evidence.extend([
            (4779, at(a)),
            (4800, at(a + MS)),
            (4778, at(b)),
            (4801, at(b + 370 * MS)),
            (4624, at(b + 1000 * MS)),
            (4634, at(b + 1100 * MS)),
            (4634, at(c)),
        ]);
        session.end_at(at(c), "logoff 4634");
        // Drawn whether written or not, so the stories after this one stay the same.
        let (first, second) = (self.activity(), self.activity());
        if self.services(&host) {
            // The connection as LSM and RCM tell it: authenticated (1149), logon (21), shell
            // (22), disconnected (40 with its reason, 24), authenticated again and reconnected
            // (1149, 25), logged off (23, after Security's 4634 that ends the session).
            let (lsm, rcm, sid) = (EventChannel::LocalSessionManager, EventChannel::RemoteConnectionManager, Some(terminal));
            let s = &mut session;
            self.service(s, at(-1800 * MS), rcm, 1149, &host, &account, &address, None, &first, "");
            self.service(s, at(800 * MS), lsm, 21, &host, &account, &address, sid, &first, "");
            self.service(s, at(1600 * MS), lsm, 22, &host, &account, &address, sid, &first, "");
            self.service(s, at(a + 20 * MS), lsm, 40, &host, "", "", sid, &first, "11");
            self.service(s, at(a + 30 * MS), lsm, 24, &host, &account, &address, sid, &first, "");
            self.service(s, at(b - 900 * MS), rcm, 1149, &host, &account, &address2, None, &second, "");
            self.service(s, at(b + 60 * MS), lsm, 25, &host, &account, &address2, sid, &second, "");
            self.service(s, at(c + 150 * MS), lsm, 23, &host, &account, "", sid, "", "");
            session.stretches[1].reason = Some("11".to_string());
        }
        let from = if takeover { format!("{client2} at {address2}: another client") } else { "the same client".to_string() };
        let summary = format!(
            "{account} on {} from {client} at {address} at {}: disconnected at {}, reconnected at {} from {from}, logged off at {}",
            host.computer,
            clock(t),
            relative(a),
            relative(b),
            relative(c)
        );
        self.story_key(id, "disconnect-reconnect", summary, &account, &[&host], &[x]);
        self.keep(session);
    }

    fn linked_admin(&mut self) {
        let id = self.id();
        let host = self.story_host("PAW-");
        let (account, address) = (self.pick_admin(), self.pick_internal(&[]));
        let t = self.session_anchor(2 * TICKS_PER_HOUR);
        let (x1, x2) = (self.plan().logon_id(), self.plan().logon_id());
        // Hard: no TargetLinkedLogonId, so only account, address and time pair them.
        let by_column = !self.hard();
        let t2 = if by_column { t } else { Ticks(t.0 + self.soff(3 * MS, 400 * MS)) };
        let columns = |own, other, elevated| OwnedSessionColumns {
            logon_id: own,
            linked_logon_id: by_column.then_some(other),
            elevated: Some(elevated),
            ..Default::default()
        };
        self.linked_logon(t, 10, &account, &host, &address, "", columns(x1, x2, true));
        self.linked_logon(t2, 10, &account, &host, &address, "", columns(x2, x1, false));
        let d = self.soff(10 * MINUTE, 60 * MINUTE);
        let end = Ticks(t.0 + d);
        self.logoff(end, 4647, None, x2, &account, &host);
        self.logoff(Ticks(end.0 + 900 * MS), 4634, Some(10), x2, &account, &host);
        self.logoff(Ticks(end.0 + 950 * MS), 4634, Some(10), x1, &account, &host);

        let mut session = PlantedSession::started(Some(id), &host.computer, &account, x1, t, &address);
        session.logon_ids.push(x2);
        session.evidence.extend([(4624, t2), (4647, end), (4634, Ticks(end.0 + 900 * MS)), (4634, Ticks(end.0 + 950 * MS))]);
        session.end_at(end, "logoff 4647");
        let how = if by_column { "each naming the other in TargetLinkedLogonId" } else { "without TargetLinkedLogonId, one elevated, one not" };
        let summary = format!(
            "{account} logs on over RDP to {} from {address} at {}: two logons ({how}), one session; logoff (4647) at {}",
            host.computer,
            clock(t),
            relative(d)
        );
        self.story_key(id, "linked-admin", summary, &account, &[&host], &[x1, x2]);
        self.keep(session);
    }

    fn reboot_reuse(&mut self) {
        let id = self.id();
        let host = self.story_host("SRV-HR");
        let first = self.pick_user();
        let mut second = self.pick_user();
        while second == first {
            second = self.pick_user();
        }
        let address1 = self.pick_internal(&[]);
        let address2 = self.pick_internal(&[&address1]);
        let t1 = self.session_anchor(3 * TICKS_PER_HOUR);
        let x = self.plan().logon_id();
        let down = Ticks(t1.0 + self.soff(20 * MINUTE, 50 * MINUTE));
        let up = Ticks(down.0 + self.soff(40 * SECOND, 3 * MINUTE));
        let t2 = Ticks(up.0 + self.soff(3 * MINUTE, 20 * MINUTE));
        let end2 = Ticks(t2.0 + self.soff(10 * MINUTE, 40 * MINUTE));
        self.logon(t1, 10, x, &first, &host, &address1, "");
        self.host_event(down, 1100, &host);
        self.host_event(up, 4608, &host);
        self.logon(t2, 10, x, &second, &host, &address2, "");
        self.logoff(end2, 4634, Some(10), x, &second, &host);

        let mut before = PlantedSession::started(Some(id), &host.computer, &first, x, t1, &address1);
        before.end_at(down, "host shutdown");
        let mut after = PlantedSession::started(Some(id), &host.computer, &second, x, t2, &address2);
        after.evidence.push((4634, end2));
        after.end_at(end2, "logoff 4634");
        let hex = crate::scenario::SessionColumns::hex(x);
        let summary = format!(
            "{first} logs on to {} at {} with logon id {hex} and never logs off: the event log shuts down (1100) at {} and \
             the host starts (4608) at {}; then {second} logs on with the same logon id at {} and logs off at {}",
            host.computer,
            clock(t1),
            relative(down.0 - t1.0),
            relative(up.0 - t1.0),
            relative(t2.0 - t1.0),
            relative(end2.0 - t1.0)
        );
        self.story_key(id, "reboot-reuse", summary, &first, &[&host], &[x, x]);
        self.keep(before);
        self.keep(after);
    }

    fn before_data(&mut self) {
        let id = self.id();
        let host = self.story_host("WS-");
        let (account, address, client) = (self.pick_user(), self.pick_external(), self.pick_client(true));
        let (k, terminal) = (self.srng().below(20), 2 + self.srng().below(5) as u32);
        let name = format!("RDP-Tcp#{k}");
        let back = Ticks(self.s.start.0 + self.soff(2 * MINUTE, 25 * MINUTE));
        let (x, y) = (self.plan().logon_id(), self.plan().logon_id());
        let end = Ticks(back.0 + self.soff(10 * MINUTE, 50 * MINUTE));
        let after = |d: i64| Ticks(back.0 + d);
        // Network Level Authentication before the reconnect (spec: the second real example).
        let nla = self.nla(back, &account, &host, &address, &client);
        self.window_station(back, 4778, x, &account, &host, &name, &client, &address);
        self.lock(after(400 * MS), 4801, x, &account, &host, terminal);
        self.logon(after(1000 * MS), 7, y, &account, &host, &address, &client);
        self.logoff(end, 4647, None, x, &account, &host);
        self.logoff(Ticks(end.0 + 800 * MS), 4634, Some(10), x, &account, &host);

        let mut session = PlantedSession {
            story: Some(id),
            computer: host.computer.clone(),
            account: account.clone(),
            logon_ids: vec![x],
            start: None,
            end: Some(end),
            end_cause: "logoff 4647",
            source_address: address.clone(),
            client_name: client.clone(),
            stretches: vec![stretch(false, None, Some(back), "", "", ""), stretch(true, Some(back), Some(end), &name, &client, &address)],
            marks: vec![("unlock", after(400 * MS), x), ("reconnect", after(1000 * MS), y)],
            evidence: vec![(4778, back), (4801, after(400 * MS)), (4624, after(1000 * MS)), (4647, end), (4634, Ticks(end.0 + 800 * MS))],
            services: Vec::new(),
        };
        nla.add_to(&mut session);
        let activity = self.activity();
        if self.services(&host) {
            // LSM and RCM of the reconnect: no 21 in the data either; the 40 (reason 5: replaced
            // by another connection) labels the disconnected stretch before it; the 23 follows
            // the 4647 that ends the session. The 4801's SessionId ties them to it.
            let (lsm, rcm, sid) = (EventChannel::LocalSessionManager, EventChannel::RemoteConnectionManager, Some(terminal));
            let s = &mut session;
            self.service(s, after(-1100 * MS), rcm, 1149, &host, &account, &address, None, &activity, "");
            self.service(s, after(-1010 * MS), lsm, 40, &host, "", "", sid, &activity, "5");
            self.service(s, after(-1000 * MS), lsm, 25, &host, &account, &address, sid, &activity, "");
            self.service(s, Ticks(end.0 + 120 * MS), lsm, 23, &host, &account, "", sid, "", "");
            session.stretches[0].reason = Some("5".to_string());
        }
        let summary = format!(
            "{account} reconnects to {} from {client} at {address} at {}, logon id {}, whose logon is not in the data; \
             logs off (4647) at {}",
            host.computer,
            clock(back),
            crate::scenario::SessionColumns::hex(x),
            relative(end.0 - back.0)
        );
        self.story_key(id, "before-data", summary, &account, &[&host], &[x]);
        self.keep(session);
    }

    fn no_end(&mut self) {
        let id = self.id();
        let host = self.story_host("VDI-");
        let (account, address, client) = (self.pick_user(), self.pick_internal(&[]), self.pick_client(false));
        let terminal = 2 + self.srng().below(5) as u32;
        let t = self.session_anchor(TICKS_PER_HOUR);
        let x = self.plan().logon_id();
        let locked = Ticks(t.0 + self.soff(10 * MINUTE, 30 * MINUTE));
        self.logon(t, 10, x, &account, &host, &address, &client);
        self.lock(locked, 4800, x, &account, &host, terminal);
        let mut session = PlantedSession::started(Some(id), &host.computer, &account, x, t, &address);
        session.marks.push(("lock", locked, x));
        session.evidence.push((4800, locked));
        let summary = format!(
            "{account} logs on over RDP to {} from {address} at {} and locks the session at {}; no logoff follows",
            host.computer,
            clock(t),
            relative(locked.0 - t.0)
        );
        self.story_key(id, "no-end", summary, &account, &[&host], &[x]);
        self.keep(session);
    }

    fn lateral_chain(&mut self) {
        let id = self.id();
        let (a, b, c) = (self.story_host("WS-"), self.story_host("SRV-TS"), self.story_host("SRV-HR"));
        let (account, outside) = (self.pick_user(), self.pick_external());
        let address_a = self.pick_internal(&[]);
        let address_b = self.pick_internal(&[&address_a]);
        let k = self.srng().below(20);
        let name = format!("RDP-Tcp#{k}");
        let t = self.session_anchor(3 * TICKS_PER_HOUR);
        let (xa, xb, xc) = (self.plan().logon_id(), self.plan().logon_id(), self.plan().logon_id());
        let to_b = self.soff(4 * MINUTE, 15 * MINUTE);
        let to_c = to_b + self.soff(4 * MINUTE, 15 * MINUTE);
        let left_c = to_c + self.soff(3 * MINUTE, 20 * MINUTE);
        let off_b = left_c + self.soff(2 * MINUTE, 20 * MINUTE);
        let off_a = off_b + self.soff(2 * MINUTE, 20 * MINUTE);
        let at = |d: i64| Ticks(t.0 + d);
        let client = self.pick_client(true);
        self.logon(t, 10, xa, &account, &a, &outside, &client);
        // Each hop authenticates first (NLA): its network logon names the client machine.
        let nla_b = self.nla(at(to_b), &account, &b, &address_a, &a.short);
        self.logon(at(to_b), 10, xb, &account, &b, &address_a, &a.short);
        let nla_c = self.nla(at(to_c), &account, &c, &address_b, &b.short);
        self.logon(at(to_c), 10, xc, &account, &c, &address_b, &b.short);
        self.window_station(at(left_c), 4779, xc, &account, &c, &name, &b.short, &address_b);
        self.logoff(at(off_b), 4647, None, xb, &account, &b);
        self.logoff(at(off_b + 700 * MS), 4634, Some(10), xb, &account, &b);
        self.logoff(at(off_a), 4634, Some(10), xa, &account, &a);

        let mut on_a = PlantedSession::started(Some(id), &a.computer, &account, xa, t, &outside);
        on_a.evidence.push((4634, at(off_a)));
        on_a.end_at(at(off_a), "logoff 4634");
        let mut on_b = PlantedSession::started(Some(id), &b.computer, &account, xb, at(to_b), &address_a);
        nla_b.add_to(&mut on_b);
        on_b.evidence.extend([(4647, at(off_b)), (4634, at(off_b + 700 * MS))]);
        on_b.end_at(at(off_b), "logoff 4647");
        let mut on_c = PlantedSession::started(Some(id), &c.computer, &account, xc, at(to_c), &address_b);
        nla_c.add_to(&mut on_c);
        on_c.client_name = b.short.clone();
        on_c.stretches = vec![
            stretch(true, Some(at(to_c)), Some(at(left_c)), &name, &b.short, &address_b),
            stretch(false, Some(at(left_c)), None, &name, &b.short, &address_b),
        ];
        on_c.evidence.push((4779, at(left_c)));
        on_c.end_cause = "disconnected";
        let summary = format!(
            "{account} logs on over RDP to {} from {outside} at {}, from there ({address_a}) to {} at {}, from there \
             ({address_b}) to {} at {}; disconnects from {} at {} and never comes back; logs off {} at {} and {} at {}",
            a.computer,
            clock(t),
            b.computer,
            relative(to_b),
            c.computer,
            relative(to_c),
            c.short,
            relative(left_c),
            b.short,
            relative(off_b),
            a.short,
            relative(off_a)
        );
        self.story_key(id, "lateral-chain", summary, &account, &[&a, &b, &c], &[xa, xb, xc]);
        self.keep(on_a);
        self.keep(on_b);
        self.keep(on_c);
    }
}

fn stretch(connected: bool, from: Option<Ticks>, to: Option<Ticks>, name: &str, client: &str, address: &str) -> PlantedStretch {
    PlantedStretch {
        connected,
        from,
        to,
        session_name: name.to_string(),
        client_name: client.to_string(),
        client_address: address.to_string(),
        reason: None,
    }
}
