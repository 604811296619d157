//! The near misses: an alert and a logon on a host of their own that a careless hunt would join,
//! each labelled with the `NearMissReason` it must not.

use super::{clock, relative, vocab, NearMissKey, NearMissReason, Planter, MINUTE, SECOND, WINDOW};
use crate::engine::Ticks;

impl Planter<'_> {
    /// An alert and a logon on a host of their own that must not join, for `reason`.
    /// `edge`: the one-tick (one-step) versions of AfterWindow and BeforeAlert.
    pub(super) fn near_miss(&mut self, reason: NearMissReason, alert_name: Option<&str>, edge: bool) {
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
}
