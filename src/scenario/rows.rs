//! The rows of a scenario: [`Alert`] and [`Event`] (borrowed views, as the noise draws them and
//! the writers take them), their owned forms for planted rows, which columns a row dresses in
//! hostile values ([`Hostile`]), and `Merge` of the planted and the noise streams in time order.

use crate::engine::Ticks;

/// One SecurityAlert row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Alert<'a> {
    pub time: Ticks,
    pub name: &'a str,
    pub entity: &'a str,
    pub subscription: &'a str,
    /// The address the alert is about (in its Description and Entities).
    pub ip: &'a str,
    /// Seeds the row's SystemAlertId and StartTime.
    pub serial: u64,
    /// Whether the export writes hostile values into the row.
    pub hostile: Hostile,
}

/// Which columns of a row the export fills with `hostile::HOSTILE` values (with `Options::hostile`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Hostile {
    #[default]
    No,
    /// A story row: the columns the hunt does not read. (Its host, account and address were
    /// made hostile when it was planted, and the answer key holds them.)
    Free(u32),
    /// A noise row: every text column; hosts, accounts and alert names get a hostile value
    /// before their own. The number walks the corpus.
    All(u32),
}

/// One SecurityEvent row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Event<'a> {
    pub time: Ticks,
    pub event_id: i32,
    pub logon_type: Option<i32>,
    pub account: &'a str,
    pub computer: &'a str,
    pub ip: &'a str,
    pub logon_process: &'a str,
    pub auth_package: &'a str,
    pub workstation: &'a str,
    /// Whether the export writes hostile values into the row.
    pub hostile: Hostile,
}

impl Event<'_> {
    /// `Machine` for accounts ending in `$`, else `User`; empty for events without an account.
    pub fn account_type(&self) -> &'static str {
        account_type(self.account)
    }
}

pub(super) fn account_type(account: &str) -> &'static str {
    if account.is_empty() {
        ""
    } else if account.ends_with('$') {
        "Machine"
    } else {
        "User"
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct OwnedAlert {
    pub(super) time: Ticks,
    pub(super) name: String,
    pub(super) entity: String,
    pub(super) subscription: String,
    pub(super) ip: String,
    pub(super) serial: u64,
    pub(super) hostile: Hostile,
}

impl OwnedAlert {
    pub(super) fn view(&self) -> Alert<'_> {
        Alert {
            time: self.time,
            name: &self.name,
            entity: &self.entity,
            subscription: &self.subscription,
            ip: &self.ip,
            serial: self.serial,
            hostile: self.hostile,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct OwnedEvent {
    pub(super) time: Ticks,
    pub(super) event_id: i32,
    pub(super) logon_type: Option<i32>,
    pub(super) account: String,
    pub(super) computer: String,
    pub(super) ip: String,
    pub(super) logon_process: &'static str,
    pub(super) auth_package: &'static str,
    pub(super) workstation: String,
    pub(super) hostile: Hostile,
}

impl OwnedEvent {
    pub(super) fn view(&self) -> Event<'_> {
        Event {
            time: self.time,
            event_id: self.event_id,
            logon_type: self.logon_type,
            account: &self.account,
            computer: &self.computer,
            ip: &self.ip,
            logon_process: self.logon_process,
            auth_package: self.auth_package,
            workstation: &self.workstation,
            hostile: self.hostile,
        }
    }
}

/// Merges two time-ordered streams; on equal times the first stream's row comes first.
pub(super) struct Merge<T, A: Iterator<Item = T>, B: Iterator<Item = T>, K: Fn(&T) -> Ticks> {
    a: std::iter::Peekable<A>,
    b: std::iter::Peekable<B>,
    key: K,
}

impl<T, A: Iterator<Item = T>, B: Iterator<Item = T>, K: Fn(&T) -> Ticks> Merge<T, A, B, K> {
    pub(super) fn new(a: A, b: B, key: K) -> Self {
        Merge { a: a.peekable(), b: b.peekable(), key }
    }
}

impl<T, A: Iterator<Item = T>, B: Iterator<Item = T>, K: Fn(&T) -> Ticks> Iterator for Merge<T, A, B, K> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        let take_a = match (self.a.peek(), self.b.peek()) {
            (Some(x), Some(y)) => (self.key)(x) <= (self.key)(y),
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return None,
        };
        if take_a {
            self.a.next()
        } else {
            self.b.next()
        }
    }
}
