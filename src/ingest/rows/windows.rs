//! WindowsEvent and OTRF/Mordor records, mapped onto SecurityEvent's logon columns.
//!
//! `RowLoader::push_mapped_logon` takes the target user, domain, logon type and address from a
//! WindowsEvent's EventData property bag (or from a Mordor record's own keys), builds the
//! `Domain\User` account and its type, and writes the Activity and LogonTypeName texts that
//! SecurityEvent would carry (`activity_of`, `logon_type_name_of`). The parsed bag is handed on
//! to the row's session values, so it is parsed once.

use super::{parse_int, Record, RowLoader};
use crate::engine::{LogonRow, Origin, Ticks};
use crate::ingest::schema::{Field, TableKind};
use crate::ingest::FileCtx;

/// A WindowsEvent EventData property bag.
pub(super) type Bag = serde_json::Map<String, serde_json::Value>;

/// The Activity text SecurityEvent carries for an event ID, for mapped rows.
pub fn activity_of(event_id: Option<i32>) -> String {
    let text = match event_id {
        Some(4624) => "An account was successfully logged on.",
        Some(4625) => "An account failed to log on.",
        Some(4634) => "An account was logged off.",
        Some(4647) => "User initiated logoff.",
        Some(4648) => "A logon was attempted using explicit credentials.",
        Some(4672) => "Special privileges assigned to new logon.",
        Some(id) => return id.to_string(),
        None => return String::new(),
    };
    format!("{} - {text}", event_id.unwrap_or_default())
}

/// The LogonTypeName text SecurityEvent carries for a logon type, for mapped rows.
pub fn logon_type_name_of(logon_type: Option<i32>) -> String {
    let name = match logon_type {
        Some(0) => "System",
        Some(2) => "Interactive",
        Some(3) => "Network",
        Some(4) => "Batch",
        Some(5) => "Service",
        Some(7) => "Unlock",
        Some(8) => "NetworkCleartext",
        Some(9) => "NewCredentials",
        Some(10) => "RemoteInteractive",
        Some(11) => "CachedInteractive",
        Some(12) => "CachedRemoteInteractive",
        Some(13) => "CachedUnlock",
        Some(t) => return t.to_string(),
        None => return String::new(),
    };
    format!("{} - {name}", logon_type.unwrap_or_default())
}

impl RowLoader {
    /// Appends a WindowsEvent or Mordor record as a logon row; returns the row's index, its
    /// event id and logon type, and a WindowsEvent's parsed EventData bag (for its session values).
    pub(super) fn push_mapped_logon(
        &mut self,
        ctx: &mut FileCtx<'_>,
        rec: &Record,
        line: u64,
        time: Ticks,
        origin: Origin,
    ) -> (usize, Option<i32>, Option<i32>, Option<Bag>) {
        let event_id = self.int(rec, Field::EventId, line);
        let mut bag = None;
        let (user, domain, logon_type_text, ip) = if self.binding.kind == TableKind::Mordor {
            (
                rec.text(Field::TargetUserName).to_string(),
                rec.text(Field::TargetDomainName).to_string(),
                rec.text(Field::LogonType).to_string(),
                rec.text(Field::IpAddress).to_string(),
            )
        } else {
            bag = self.event_data(rec, line);
            match &bag {
                Some(bag) => {
                    let get = |k: &str| match bag.get(k) {
                        Some(serde_json::Value::String(s)) => s.clone(),
                        Some(serde_json::Value::Null) | None => String::new(),
                        Some(other) => other.to_string(),
                    };
                    (get("TargetUserName"), get("TargetDomainName"), get("LogonType"), get("IpAddress"))
                }
                None => Default::default(),
            }
        };
        let logon_type = parse_int(&logon_type_text).unwrap_or_else(|()| {
            self.bad_ints.add(line, &logon_type_text);
            None
        });
        self.account.clear();
        if !domain.is_empty() {
            self.account.push_str(&domain);
            self.account.push('\\');
        }
        self.account.push_str(&user);
        let account_type = if user.is_empty() {
            ""
        } else if user.ends_with('$') {
            "Machine"
        } else {
            "User"
        };
        ctx.data.push_logon(&LogonRow {
            time,
            event_id,
            logon_type,
            account: &self.account,
            computer: rec.text(Field::Computer),
            ip_address: &ip,
            account_type,
            activity: &activity_of(event_id),
            logon_type_name: &logon_type_name_of(logon_type),
            origin,
        });
        (ctx.data.logons.len() - 1, event_id, logon_type, bag)
    }

    /// A WindowsEvent's EventData property bag (TargetUserName, TargetDomainName, LogonType,
    /// IpAddress... for the logon side), or `None` when it is empty or no bag.
    fn event_data(&mut self, rec: &Record, line: u64) -> Option<Bag> {
        let text = rec.text(Field::EventData);
        if text.trim().is_empty() {
            return None;
        }
        match serde_json::from_str::<Bag>(text) {
            Ok(bag) => Some(bag),
            Err(_) => {
                self.bad_event_data.add(line, text);
                None
            }
        }
    }
}
