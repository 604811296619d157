//! The builder of a true positive (`Story`): `begin` draws its keys and first alert time,
//! `raise` and `log_on` add alerts and RDP logons relative to that time, `aftermath` adds what
//! follows the last logon, and `end` writes down its expected rows and its `StoryKey`.
//!
//! Every logon of a story falls in the window of each of its alert groups (alerts of one time and
//! subscription), so `end` expects one row per group and logon, and checks that each joins.

use super::{Planter, MINUTE, SECOND, WINDOW};
use crate::scenario::answer::{ExpectedRow, KeyAlert, StoryKey};
use crate::scenario::hostile;
use crate::scenario::rows::{account_type, Hostile, OwnedEvent};
use crate::scenario::vocab;
use crate::scenario::write::split_account;
use crate::engine::Ticks;

/// A true positive being planted.
pub(super) struct Story {
    kind: &'static str,
    /// CompromisedEntity, as the alerts spell it.
    pub entity: String,
    /// Computer, as the logons spell it.
    pub computer: String,
    pub account: String,
    pub ip: String,
    /// The first alert's time; `raise` and `log_on` take offsets from it.
    pub t: Ticks,
    alerts: Vec<KeyAlert>,
    /// (time, WorkspaceSubscriptionId) of each alert group, in the order raised.
    groups: Vec<(Ticks, String)>,
    pub logons: Vec<OwnedEvent>,
    /// Expected rows before this story's.
    rows_before: usize,
}

impl Planter<'_> {
    /// Starts a story of `kind`: its host, account and address (`keys`), then its alert time.
    pub(super) fn begin(&mut self, kind: &'static str) -> Story {
        let rows_before = self.rows.len();
        let (entity, computer, account, ip) = self.keys();
        let t = self.anchor();
        Story { kind, entity, computer, account, ip, t, alerts: Vec::new(), groups: Vec::new(), logons: Vec::new(), rows_before }
    }

    /// An alert named `name` at `at` after the story's time, in the main subscription.
    pub(super) fn raise(&mut self, story: &mut Story, at: i64, name: &str) {
        let subscription = self.s.subscription;
        self.raise_in(story, at, name, subscription);
    }

    /// An alert named `name` at `at` after the story's time, in `subscription`.
    pub(super) fn raise_in(&mut self, story: &mut Story, at: i64, name: &str, subscription: &str) {
        let time = Ticks(story.t.0 + at);
        let alert = self.alert(time, name, &story.entity, subscription, &story.ip);
        story.alerts.push(alert);
        if !story.groups.iter().any(|(t, s)| *t == time && s == subscription) {
            story.groups.push((time, subscription.to_string()));
        }
    }

    /// An RDP logon of the story's account at `at` after its time.
    pub(super) fn log_on(&mut self, story: &mut Story, at: i64) {
        let logon = self.rdp(Ticks(story.t.0 + at), &story.account, &story.computer, &story.ip);
        story.logons.push(logon);
    }

    /// What follows the story's last RDP logon and cannot join: special privileges, a process,
    /// the logoff.
    pub(super) fn aftermath(&mut self, story: &Story) {
        let logon = story.logons.last().expect("a story has a logon");
        let (account, computer) = (&logon.account, &logon.computer);
        if account.contains("\\adm-") || self.s.rng.chance(300) {
            self.event(logon.time, 4672, None, account, computer, "", "", "", "");
        }
        let process = Ticks(logon.time.0 + self.offset(20 * SECOND, 4 * MINUTE));
        self.event(process, 4688, None, account, computer, "", "", "", "");
        let logoff = Ticks(logon.time.0 + self.offset(20 * MINUTE, 45 * MINUTE));
        self.event(logoff, 4634, Some(10), account, computer, "", "", "", "");
        if self.plan.is_some() {
            // The logoff of the last logon: it ends that logon's session.
            let written = self.events.last_mut().expect("just written");
            written.session.logon_id = logon.session.logon_id;
        }
    }

    /// Ends the story: a row for each group and logon, and its key with `summary`.
    pub(super) fn end(&mut self, story: Story, summary: String) {
        for (group_time, _) in &story.groups {
            for logon in &story.logons {
                self.expect(*group_time, &story.entity, logon);
            }
        }
        let id = self.id();
        if self.mark != Hostile::No {
            self.hostile_stories.push(id);
            self.mark = Hostile::No;
        }
        self.stories.push(StoryKey {
            id,
            kind: story.kind.to_string(),
            summary,
            alert_entity: story.entity,
            logon_computer: story.computer,
            account: story.account,
            ip_address: story.ip,
            alerts: story.alerts,
            logons: story.logons.iter().map(|l| l.time.to_iso()).collect(),
            expected_rows: self.rows.len() - story.rows_before,
        });
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
}
