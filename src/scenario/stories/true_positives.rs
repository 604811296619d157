//! The true positives: recon alert(s) on a host, then RDP logon(s) to it inside the window, in
//! the shapes the hunt must get right (a deck has the first four; hard scenarios add the edges).

use super::{clock, floor_to, relative, vocab, Planter, MINUTE, RECON_ALERTS, SECOND, WINDOW};
use crate::engine::Ticks;

impl Planter<'_> {
    /// Failed logons from one address, the Password Spray alert, then the RDP logon that worked.
    pub(super) fn password_spray(&mut self) {
        let mut s = self.begin("password-spray");
        let name = if !self.easy() && self.s.rng.chance(500) { "Password spray" } else { "Password Spray" };
        let failures = 3 + self.s.rng.below(4) as usize;
        for _ in 0..failures {
            let at = Ticks(s.t.0 + self.offset(-6 * MINUTE, -10 * SECOND));
            let guessed = if self.s.rng.chance(300) { s.account.clone() } else { self.s.rng.pick(&vocab::GUESSED_ACCOUNTS).to_string() };
            self.event(at, 4625, Some(3), &guessed, &s.computer, &s.ip, "NtLmSsp ", "NTLM", "-");
        }
        self.raise(&mut s, 0, name);
        let d = self.offset(30 * SECOND, 14 * MINUTE);
        self.log_on(&mut s, d);
        self.aftermath(&s);
        let summary = format!(
            "{failures} failed logons from {}, then {name} on {} at {}, then an RDP logon of {} at {}",
            s.ip,
            s.entity,
            clock(s.t),
            s.account,
            relative(d)
        );
        self.end(s, summary);
    }

    pub(super) fn single_alert(&mut self) {
        let mut s = self.begin("single-alert");
        let name = self.recon_name();
        self.raise(&mut s, 0, name);
        let (lo, hi) = if self.easy() { (2 * MINUTE, 12 * MINUTE) } else { (5 * SECOND, WINDOW - 5 * SECOND) };
        let d = self.offset(lo, hi);
        self.log_on(&mut s, d);
        self.aftermath(&s);
        let summary = format!("{name} on {} at {}, RDP logon of {} from {} at {}", s.entity, clock(s.t), s.account, s.ip, relative(d));
        self.end(s, summary);
    }

    /// Two recon names at the same tick on one host: one group, number_alerts 2.
    pub(super) fn multi_alert(&mut self) {
        let mut s = self.begin("multi-alert");
        let first = self.s.rng.index(0, RECON_ALERTS.len());
        let second = (first + self.s.rng.index(1, RECON_ALERTS.len())) % RECON_ALERTS.len();
        let (a, b) = (RECON_ALERTS[first].name, RECON_ALERTS[second].name);
        self.raise(&mut s, 0, a);
        self.raise(&mut s, 0, b);
        let d1 = self.offset(MINUTE, 7 * MINUTE);
        self.log_on(&mut s, d1);
        if self.s.rng.chance(500) {
            // The session drops and the attacker reconnects.
            let d2 = self.offset(8 * MINUTE, 14 * MINUTE);
            self.log_on(&mut s, d2);
        }
        self.aftermath(&s);
        let times: Vec<String> = s.logons.iter().map(|l| relative(l.time.0 - s.t.0)).collect();
        let summary = format!(
            "{a} and {b} at the same tick on {} at {} (one group), RDP logon(s) of {} from {} at {}",
            s.entity,
            clock(s.t),
            s.account,
            s.ip,
            times.join(" and ")
        );
        self.end(s, summary);
    }

    /// One name raised twice a few minutes apart: two groups, and a logon in both windows.
    pub(super) fn repeated_alert(&mut self) {
        let mut s = self.begin("repeated-alert");
        let r = floor_to(self.s.rng.range(2 * MINUTE, 6 * MINUTE), self.grid);
        let name = self.recon_name();
        self.raise(&mut s, 0, name);
        self.raise(&mut s, r, name);
        let d = r + self.offset(30 * SECOND, 8 * MINUTE);
        self.log_on(&mut s, d);
        self.aftermath(&s);
        let summary = format!(
            "{name} on {} at {} and again at {}; one RDP logon of {} at {} falls in both windows (2 rows)",
            s.entity,
            clock(s.t),
            relative(r),
            s.account,
            relative(d)
        );
        self.end(s, summary);
    }

    /// Logons at the alert's own tick and at exactly +15 min: `between` includes both ends.
    pub(super) fn window_edges(&mut self) {
        let mut s = self.begin("window-edges");
        let name = self.recon_name();
        self.raise(&mut s, 0, name);
        self.log_on(&mut s, 0);
        self.log_on(&mut s, WINDOW);
        let summary = format!(
            "{name} on {} at {}; RDP logons of {} at +0 and at exactly +15 min (both ends of between are inside)",
            s.entity,
            clock(s.t),
            s.account
        );
        self.end(s, summary);
    }

    /// The same alert in two workspace subscriptions: two groups, two identical-looking rows.
    pub(super) fn hidden_key(&mut self) {
        let mut s = self.begin("hidden-key");
        let name = self.recon_name();
        let other = self.s.other_subscription;
        self.raise(&mut s, 0, name);
        self.raise_in(&mut s, 0, name, other);
        let d = self.offset(MINUTE, 14 * MINUTE);
        self.log_on(&mut s, d);
        let summary = format!(
            "{name} on {} at {} in two WorkspaceSubscriptionIds (a hidden key: two groups); one RDP logon at {} gives two identical rows",
            s.entity,
            clock(s.t),
            relative(d)
        );
        self.end(s, summary);
    }

    /// Two groups three minutes apart and two logons in both windows: 2 × 2 rows.
    pub(super) fn cross_product(&mut self) {
        let mut s = self.begin("cross-product");
        let (a, b) = (RECON_ALERTS[self.s.rng.index(0, 3)].name, RECON_ALERTS[self.s.rng.index(3, 7)].name);
        self.raise(&mut s, 0, a);
        self.raise(&mut s, 3 * MINUTE, b);
        let d1 = 5 * MINUTE + self.offset(0, 3 * MINUTE);
        let d2 = 9 * MINUTE + self.offset(0, 3 * MINUTE);
        self.log_on(&mut s, d1);
        self.log_on(&mut s, d2);
        let summary = format!(
            "{a} on {} at {}, {b} at +3 min; RDP logons at {} and {} are in both windows (2 × 2 rows)",
            s.entity,
            clock(s.t),
            relative(d1),
            relative(d2)
        );
        self.end(s, summary);
    }

    /// An alert name that matches a term though it is not spelled as in the query.
    pub(super) fn term_edge(&mut self, name: &str) {
        let mut s = self.begin("term-edge");
        self.raise(&mut s, 0, name);
        let d = self.offset(MINUTE, 14 * MINUTE);
        self.log_on(&mut s, d);
        let summary =
            format!("'{name}' (has_any matches it) on {} at {}, RDP logon of {} at {}", s.entity, clock(s.t), s.account, relative(d));
        self.end(s, summary);
    }

    /// The same alert row twice at one tick: one group with count_ 2, one row per logon.
    pub(super) fn same_tick_repeat(&mut self) {
        let mut s = self.begin("same-tick-repeat");
        let name = self.recon_name();
        self.raise(&mut s, 0, name);
        self.raise(&mut s, 0, name);
        let d = self.offset(MINUTE, 14 * MINUTE);
        self.log_on(&mut s, d);
        let summary = format!(
            "{name} twice at the same tick on {} at {} (one group, count_ 2); RDP logon of {} at {} gives one row",
            s.entity,
            clock(s.t),
            s.account,
            relative(d)
        );
        self.end(s, summary);
    }
}
