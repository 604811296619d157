//! Noise rows, drawn one at a time while they are written, so a scenario of millions of rows
//! never sits in memory. Times rise through the scenario's span (row `i` falls in the `i`th of
//! `n` equal slots), so each stream is already in time order and merges with the planted rows.
//!
//! The noise never joins: its RDP logons land on servers only, and no recon alert of the noise
//! names a server (see the module docs of `scenario`).

use super::rng::{self, SplitMix64};
use super::vocab::{OTHER_ALERTS, RECON_ALERTS};
use super::pools::Host;
use super::{Alert, Event, Hostile, Scenario, SessionColumns};
use crate::engine::Ticks;

/// The time of row `i` of `n`: inside its slot of the span, on the format's time step.
fn slot_time(rng: &mut SplitMix64, start: Ticks, span: i64, i: usize, n: usize, step: i64) -> Ticks {
    let at = |k: usize| (i128::from(span) * k as i128 / n.max(1) as i128) as i64;
    let (lo, hi) = (at(i), at(i + 1));
    let t = lo + rng.range(0, hi - lo);
    Ticks(start.0 + t - t.rem_euclid(step))
}

pub(super) struct Events<'a> {
    s: &'a Scenario,
    rng: SplitMix64,
    i: usize,
    step: i64,
}

impl<'a> Events<'a> {
    pub fn new(s: &'a Scenario) -> Events<'a> {
        Events { s, rng: SplitMix64::new(s.event_seed), i: 0, step: s.config.event_format.resolution() }
    }

    fn any_host(&mut self) -> &'a Host {
        let p = &self.s.pools;
        let k = self.rng.index(0, p.servers.len() + p.workstations.len());
        p.servers.get(k).unwrap_or_else(|| &p.workstations[k - p.servers.len()])
    }

    fn workstation(&mut self) -> &'a Host {
        self.rng.pick(&self.s.pools.workstations)
    }

    fn user(&mut self) -> &'a str {
        self.rng.pick(&self.s.pools.users).as_str()
    }

    fn machine(&mut self) -> &'a str {
        self.rng.pick(&self.s.pools.machines).as_str()
    }

    fn service(&mut self) -> &'a str {
        self.rng.pick(&self.s.pools.services).as_str()
    }

    fn admin(&mut self) -> &'a str {
        self.rng.pick(&self.s.pools.admins).as_str()
    }

    fn internal_ip(&mut self) -> &'a str {
        self.rng.pick(&self.s.pools.internal_ips).as_str()
    }

    fn external_ip(&mut self) -> &'a str {
        self.rng.pick(&self.s.pools.external_ips).as_str()
    }
}

const SYSTEM: &str = "NT AUTHORITY\\SYSTEM";

/// Relative frequencies of the kinds of noise event, in the order `next` handles them.
const WEIGHTS: [u32; 11] = [300, 70, 50, 40, 10, 60, 80, 170, 100, 90, 30];

impl<'a> Iterator for Events<'a> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        let n = self.s.noise_events;
        if self.i >= n {
            return None;
        }
        let time = slot_time(&mut self.rng, self.s.start, self.s.span, self.i, n, self.step);
        let hostile = if self.s.options.hostile { Hostile::All(self.i as u32) } else { Hostile::No };
        let row = self.i;
        self.i += 1;
        let blank = Event {
            time,
            event_id: 4624,
            logon_type: None,
            account: "",
            computer: "",
            ip: "",
            logon_process: "",
            auth_package: "",
            workstation: "",
            hostile,
            session: SessionColumns::default(),
        };
        let kind = self.rng.weighted(&WEIGHTS);
        let event = match kind {
            // 4624, Network: machines and people reaching file shares and services.
            0 => {
                let host = self.any_host();
                let account = match self.rng.below(20) {
                    0..=10 => self.machine(),
                    11..=17 => self.user(),
                    _ => self.service(),
                };
                let kerberos = self.rng.chance(700);
                let workstation = if kerberos { "-" } else { self.workstation().short.as_str() };
                Event {
                    logon_type: Some(3),
                    account,
                    computer: &host.fqdn,
                    ip: self.internal_ip(),
                    logon_process: if kerberos { "Kerberos" } else { "NtLmSsp " },
                    auth_package: if kerberos { "Kerberos" } else { "NTLM" },
                    workstation,
                    ..blank
                }
            }
            // 4624, Service.
            1 => {
                let host = self.any_host();
                let account = if self.rng.chance(600) { SYSTEM } else { self.service() };
                Event {
                    logon_type: Some(5),
                    account,
                    computer: &host.fqdn,
                    ip: "-",
                    logon_process: "Advapi  ",
                    auth_package: "Negotiate",
                    workstation: "-",
                    ..blank
                }
            }
            // 4624 at the console of a workstation: Interactive, Unlock, CachedInteractive.
            2..=4 => {
                let host = self.workstation();
                Event {
                    logon_type: Some([2, 7, 11][kind - 2]),
                    account: self.user(),
                    computer: &host.fqdn,
                    ip: "127.0.0.1",
                    logon_process: "User32 ",
                    auth_package: "Negotiate",
                    workstation: &host.short,
                    ..blank
                }
            }
            // 4624, RemoteInteractive: administrators on servers, from inside.
            5 => {
                let host = self.rng.pick(&self.s.pools.servers);
                let account = if self.rng.chance(500) { self.admin() } else { self.user() };
                Event {
                    logon_type: Some(10),
                    account,
                    computer: &host.fqdn,
                    ip: self.internal_ip(),
                    logon_process: "User32 ",
                    auth_package: "Negotiate",
                    workstation: &self.workstation().short,
                    ..blank
                }
            }
            // 4625: guessed passwords from outside, typos from inside.
            6 => {
                let host = self.any_host();
                let outside = self.rng.chance(600);
                let (account, ip) = if outside {
                    (*self.rng.pick(&super::vocab::GUESSED_ACCOUNTS), self.external_ip())
                } else {
                    (self.user(), self.internal_ip())
                };
                Event {
                    event_id: 4625,
                    logon_type: Some(if self.rng.chance(700) { 3 } else { 10 }),
                    account,
                    computer: &host.fqdn,
                    ip,
                    logon_process: "NtLmSsp ",
                    auth_package: "NTLM",
                    workstation: "-",
                    ..blank
                }
            }
            // 4634: logoffs.
            7 => {
                let server = self.rng.chance(300);
                let host = if server { self.rng.pick(&self.s.pools.servers) } else { self.any_host() };
                let (logon_type, account) = if server && self.rng.chance(400) {
                    (10, self.user())
                } else if self.rng.chance(800) {
                    (3, self.machine())
                } else {
                    (2, self.user())
                };
                Event { event_id: 4634, logon_type: Some(logon_type), account, computer: &host.fqdn, ..blank }
            }
            // 4672: special privileges.
            8 => {
                let host = self.any_host();
                let account = match self.rng.below(3) {
                    0 => SYSTEM,
                    1 => self.admin(),
                    _ => self.service(),
                };
                Event { event_id: 4672, account, computer: &host.fqdn, ..blank }
            }
            // 4688: process creation.
            9 => {
                let host = self.any_host();
                let account = if self.rng.chance(500) { SYSTEM } else { self.user() };
                Event { event_id: 4688, account, computer: &host.fqdn, ..blank }
            }
            // 4648: explicit credentials (runas, scheduled tasks).
            _ => {
                let host = self.any_host();
                Event { event_id: 4648, account: self.user(), computer: &host.fqdn, ip: "-", ..blank }
            }
        };
        Some(if self.s.options.sessions { Event { session: session_columns(&event, row), ..event } } else { event })
    }
}

/// The session columns of noise row `row`: every 4624 and 4634 a logon id of its own, so no
/// noise logoff ends a noise logon (the sessions of noise RDP logons have no end in the data),
/// and no 4624 linked to another. Drawn from the row's number, not the noise's generator.
fn session_columns(event: &Event<'_>, row: usize) -> SessionColumns<'static> {
    if !matches!(event.event_id, 4624 | 4634) {
        return SessionColumns::default();
    }
    let logon_id = 0x2_0000 + ((row as u64) << 6) + (rng::mix(row as u64) & 0x3f);
    let logon = event.event_id == 4624;
    SessionColumns {
        logon_id,
        linked_logon_id: logon.then_some(0),
        elevated: logon.then(|| event.account.contains("\\adm-")),
        ..SessionColumns::default()
    }
}

pub(super) struct Alerts<'a> {
    s: &'a Scenario,
    rng: SplitMix64,
    i: usize,
    step: i64,
}

impl<'a> Alerts<'a> {
    pub fn new(s: &'a Scenario) -> Alerts<'a> {
        Alerts { s, rng: SplitMix64::new(s.alert_seed), i: 0, step: s.config.alert_format.resolution() }
    }

    /// A host as an alert names it: its short name or its FQDN.
    fn host_entity(&mut self, host: &'a Host) -> &'a str {
        match self.rng.below(3) {
            0 => &host.short,
            _ => &host.fqdn,
        }
    }
}

impl<'a> Iterator for Alerts<'a> {
    type Item = Alert<'a>;

    fn next(&mut self) -> Option<Alert<'a>> {
        let n = self.s.noise_alerts;
        if self.i >= n {
            return None;
        }
        let time = slot_time(&mut self.rng, self.s.start, self.s.span, self.i, n, self.step);
        let serial = self.i as u64;
        self.i += 1;
        let p = &self.s.pools;
        let (name, entity) = if self.rng.chance(300) {
            // A recon alert that no RDP logon follows: about a user, or a workstation.
            let name = self.rng.pick(&RECON_ALERTS).name;
            let entity = if self.rng.chance(600) {
                self.rng.pick(&p.upns).as_str()
            } else {
                let host = self.rng.pick(&p.workstations);
                self.host_entity(host)
            };
            (name, entity)
        } else {
            let kind = self.rng.pick(&OTHER_ALERTS);
            let entity = if kind.name == "Impossible travel activity" {
                self.rng.pick(&p.upns).as_str()
            } else if self.rng.chance(300) {
                let host = self.rng.pick(&p.servers);
                self.host_entity(host)
            } else {
                let host = self.rng.pick(&p.workstations);
                self.host_entity(host)
            };
            (kind.name, entity)
        };
        let subscription = if self.rng.chance(850) { self.s.subscription.as_str() } else { "" };
        let ip = self.rng.pick(&p.external_ips).as_str();
        let hostile = if self.s.options.hostile { Hostile::All(serial as u32) } else { Hostile::No };
        Some(Alert { time, name, entity, subscription, ip, serial, hostile })
    }
}
