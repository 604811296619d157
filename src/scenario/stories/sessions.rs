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
//! Each story writes its sessions down (`PlantedSession`) as it plants them: the key says what
//! the session builder must make of the rows, worked out by hand from shared/spec/sessions.md.
//! Their rows, picks and generator (`SessionPlan`) are in `session_rows`.

use super::session_rows::MS;
use super::{clock, relative, Planter, MINUTE, SECOND};
use crate::engine::time::TICKS_PER_HOUR;
use crate::engine::Ticks;
use crate::scenario::rows::{EventChannel, OwnedSessionColumns};
use crate::scenario::sessions::{PlantedSession, PlantedStretch};

impl Planter<'_> {
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
