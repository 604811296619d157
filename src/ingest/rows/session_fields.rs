//! A row's session values (`SessionFields`) taken from where each table keeps them:
//! SecurityEvent columns (4800/4801's SessionId from the EventData XML when there is no column),
//! Mordor top-level keys for Security events and the rendered `Message` for LSM and RCM ("User:
//! THESHIRE\pgustavo", "Session ID: 2", "Source Network Address: 1.2.3.4", "Session 2 has been
//! disconnected, reason code 5"), WindowsEvent and EVTX EventData or UserData (`EventXML`), 1149's
//! Param1/2/3. Values stay exact strings: only the separator after a `Message` label is dropped.
//! `PendingSession` packs them for a row whose time waits for the file's day/month order.

use serde_json::{Map, Value};

use super::sessions::Needs;
use super::Record;
use crate::engine::sessions::{join_account, ChannelKind, EventKind, SessionEvent};
use crate::engine::{Origin, Ticks};
use crate::ingest::schema::{Field, TableKind};

/// One session row whose time waits for the file's day/month order, its texts in one string.
pub(in crate::ingest::rows) struct PendingSession {
    text: String,
    /// Where each of the host and the `SessionFields` parts ends in `text`.
    ends: [usize; PARTS + 1],
    /// Its logon row, whose time the order settles.
    pub row: usize,
    event_id: i32,
    logon_type: Option<i32>,
    origin: Origin,
    /// Its index in `SOURCE_NAMES`.
    pub source: usize,
}

/// A row's session values, owned and reused from row to row.
#[derive(Clone, Debug, Default)]
pub(in crate::ingest::rows) struct SessionFields {
    channel: String,
    target_logon_id: String,
    target_linked_logon_id: String,
    logon_id: String,
    account: String,
    ip_address: String,
    session_name: String,
    client_name: String,
    client_address: String,
    workstation_name: String,
    elevated_token: String,
    session_id: String,
    activity_id: String,
    user: String,
    address: String,
    reason: String,
    source: String,
    event_time: String,
}

/// The texts of `SessionFields`, in its order.
const PARTS: usize = 18;

/// A `SessionEvent` of `parts` (in `SessionFields`' order).
fn event_of<'a>(host: &'a str, p: [&'a str; PARTS], time: Ticks, event_id: i32, logon_type: Option<i32>, origin: Origin) -> SessionEvent<'a> {
    let [channel, target_logon_id, target_linked_logon_id, logon_id, account, ip_address, session_name, client_name, client_address, workstation_name, elevated_token, session_id, activity_id, user, address, reason, source, event_time] =
        p;
    SessionEvent {
        host,
        time,
        channel,
        event_id: Some(event_id),
        logon_type,
        target_logon_id,
        target_linked_logon_id,
        logon_id,
        account,
        ip_address,
        session_name,
        client_name,
        client_address,
        workstation_name,
        elevated_token,
        session_id,
        activity_id,
        user,
        address,
        reason,
        source,
        event_time,
        origin,
    }
}

impl PendingSession {
    pub fn event(&self, time: Ticks) -> SessionEvent<'_> {
        let mut starts = [0; PARTS + 1];
        starts[1..].copy_from_slice(&self.ends[..PARTS]);
        let text = |i: usize| &self.text[starts[i]..self.ends[i]];
        event_of(text(0), std::array::from_fn(|i| text(i + 1)), time, self.event_id, self.logon_type, self.origin)
    }
}

impl SessionFields {
    fn parts(&self) -> [&str; PARTS] {
        [
            &self.channel,
            &self.target_logon_id,
            &self.target_linked_logon_id,
            &self.logon_id,
            &self.account,
            &self.ip_address,
            &self.session_name,
            &self.client_name,
            &self.client_address,
            &self.workstation_name,
            &self.elevated_token,
            &self.session_id,
            &self.activity_id,
            &self.user,
            &self.address,
            &self.reason,
            &self.source,
            &self.event_time,
        ]
    }

    pub fn event<'a>(&'a self, host: &'a str, time: Ticks, event_id: i32, logon_type: Option<i32>, origin: Origin) -> SessionEvent<'a> {
        event_of(host, self.parts(), time, event_id, logon_type, origin)
    }

    /// These values for logon row `row`, whose time waits: the host and the texts in one string.
    pub fn pending(&self, host: &str, row: usize, event_id: i32, logon_type: Option<i32>, origin: Origin, source: usize) -> PendingSession {
        let mut text = String::with_capacity(host.len() + self.parts().iter().map(|p| p.len()).sum::<usize>());
        let mut ends = [0; PARTS + 1];
        for (i, part) in std::iter::once(host).chain(self.parts()).enumerate() {
            text.push_str(part);
            ends[i] = text.len();
        }
        PendingSession { text, ends, row, event_id, logon_type, origin, source }
    }

    fn clear(&mut self) {
        for s in [
            &mut self.channel,
            &mut self.target_logon_id,
            &mut self.target_linked_logon_id,
            &mut self.logon_id,
            &mut self.account,
            &mut self.ip_address,
            &mut self.session_name,
            &mut self.client_name,
            &mut self.client_address,
            &mut self.workstation_name,
            &mut self.elevated_token,
            &mut self.session_id,
            &mut self.activity_id,
            &mut self.user,
            &mut self.address,
            &mut self.reason,
            &mut self.source,
            &mut self.event_time,
        ] {
            s.clear();
        }
    }

    /// Fills every value from the row's cells (`bag`: a WindowsEvent's parsed EventData).
    pub fn fill(&mut self, table: TableKind, kind: EventKind, channel: ChannelKind, rec: &Record, bag: Option<&Map<String, Value>>) {
        self.clear();
        set(&mut self.channel, super::sessions::channel_of(rec));
        let (security, rdp_service) =
            (channel.is_security(), matches!(channel, ChannelKind::LocalSessionManager | ChannelKind::RemoteConnectionManager));
        let session_change = matches!(kind, EventKind::Reconnect | EventKind::Disconnect);
        match table {
            TableKind::SecurityAlert => {}
            TableKind::SecurityEvent => {
                self.security_columns(rec);
                match rec.text(Field::SessionId) {
                    "" if Needs(kind).reads(Field::EventDataXml) => {
                        set(&mut self.session_id, &xml_data(rec.text(Field::EventDataXml), "SessionId").unwrap_or_default())
                    }
                    id => set(&mut self.session_id, id),
                }
                let (name, domain) = (rec.text(Field::AccountName), rec.text(Field::AccountDomain));
                if session_change && !name.is_empty() {
                    self.account = join_account(domain, name);
                } else {
                    set(&mut self.account, rec.text(Field::Account));
                }
            }
            TableKind::Mordor => {
                set(&mut self.event_time, rec.text(Field::EventTime));
                if security {
                    self.security_columns(rec);
                    set(&mut self.session_id, rec.text(Field::SessionId));
                    self.account = if session_change {
                        join_account(rec.text(Field::AccountDomain), rec.text(Field::AccountName))
                    } else {
                        join_account(rec.text(Field::TargetDomainName), rec.text(Field::TargetUserName))
                    };
                } else if rdp_service {
                    set(&mut self.activity_id, rec.text(Field::ActivityId));
                    self.from_message(kind, rec.text(Field::Message));
                }
            }
            TableKind::WindowsEvent => {
                let user_data = match rec.text(Field::UserData) {
                    "" => None,
                    text => serde_json::from_str::<Map<String, Value>>(text).ok(),
                };
                let bags: Vec<&Map<String, Value>> = bag.into_iter().chain(user_data.as_ref()).collect();
                let get = |key: &str| bag_text(&bags, key).unwrap_or_default();
                if security {
                    for (value, key) in [
                        (&mut self.target_logon_id, "TargetLogonId"),
                        (&mut self.target_linked_logon_id, "TargetLinkedLogonId"),
                        (&mut self.logon_id, "LogonID"),
                        (&mut self.ip_address, "IpAddress"),
                        (&mut self.session_name, "SessionName"),
                        (&mut self.client_name, "ClientName"),
                        (&mut self.client_address, "ClientAddress"),
                        (&mut self.workstation_name, "WorkstationName"),
                        (&mut self.elevated_token, "ElevatedToken"),
                        (&mut self.session_id, "SessionId"),
                    ] {
                        *value = get(key);
                    }
                    self.account = if session_change {
                        join_account(&get("AccountDomain"), &get("AccountName"))
                    } else {
                        join_account(&get("TargetDomainName"), &get("TargetUserName"))
                    };
                } else if rdp_service {
                    set(&mut self.activity_id, &activity_of_correlation(rec.text(Field::Correlation)));
                    let first = |keys: &[&str]| keys.iter().find_map(|k| bag_text(&bags, k)).unwrap_or_default();
                    if kind == EventKind::RcmAuth {
                        self.user = join_account(&get("Param2"), &get("Param1"));
                        self.address = get("Param3");
                    } else {
                        self.user = get("User");
                        self.address = get("Address");
                    }
                    self.session_id = first(&["SessionID", "Session", "TargetSession"]);
                    self.reason = get("Reason");
                    self.source = get("Source");
                }
            }
        }
    }

    /// The Security values SecurityEvent and Mordor both carry as columns of their own.
    fn security_columns(&mut self, rec: &Record) {
        for (value, field) in [
            (&mut self.target_logon_id, Field::TargetLogonId),
            (&mut self.target_linked_logon_id, Field::TargetLinkedLogonId),
            (&mut self.logon_id, Field::LogonId),
            (&mut self.ip_address, Field::IpAddress),
            (&mut self.session_name, Field::SessionName),
            (&mut self.client_name, Field::ClientName),
            (&mut self.client_address, Field::ClientAddress),
            (&mut self.workstation_name, Field::WorkstationName),
            (&mut self.elevated_token, Field::ElevatedToken),
        ] {
            set(value, rec.text(field));
        }
    }

    /// An LSM or RCM record's values from its rendered message (Mordor's only copy of them).
    fn from_message(&mut self, kind: EventKind, message: &str) {
        let label = |name: &str| message_value(message, name).unwrap_or("");
        match kind {
            EventKind::RcmAuth => {
                self.user = join_account(label("Domain"), label("User"));
                set(&mut self.address, label("Source Network Address"));
            }
            EventKind::LsmReason | EventKind::LsmTakeover => {
                if let Some((session, rest)) = message.strip_prefix("Session ").and_then(|m| m.split_once(' ')) {
                    set(&mut self.session_id, session);
                    if let Some((_, reason)) = rest.split_once("reason code ") {
                        set(&mut self.reason, reason.trim_end_matches(['.', ' ', '\r', '\n']));
                    }
                    if let Some((_, source)) = rest.split_once("by session ") {
                        set(&mut self.source, source.trim_end_matches(['.', ' ', '\r', '\n']));
                    }
                }
            }
            _ => {
                set(&mut self.user, label("User"));
                set(&mut self.session_id, label("Session ID"));
                set(&mut self.address, label("Source Network Address"));
            }
        }
    }
}

fn set(target: &mut String, value: &str) {
    target.clear();
    target.push_str(value);
}

/// The value after `label:` on a line of a rendered message, without the separator after the colon.
pub fn message_value<'m>(message: &'m str, label: &str) -> Option<&'m str> {
    message.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        (name.trim() == label).then(|| value.trim_start_matches([' ', '\t']))
    })
}

/// `<Data Name="SessionId">2</Data>` of an EventData XML, with its five entities decoded.
pub fn xml_data(xml: &str, name: &str) -> Option<String> {
    let start = [format!("Name=\"{name}\">"), format!("Name='{name}'>")]
        .iter()
        .find_map(|open| xml.find(open.as_str()).map(|at| at + open.len()))?;
    let end = xml[start..].find("</Data>")?;
    let raw = &xml[start..start + end];
    Some(raw.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&"))
}

/// A value of a property bag as text (numbers as written, objects as JSON), looked up at the top
/// of each bag, then one level down (`UserData` nests its values in `EventXML`).
fn bag_text(bags: &[&Map<String, Value>], key: &str) -> Option<String> {
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    bags.iter().find_map(|bag| {
        bag.get(key).map(text).or_else(|| {
            bag.values().find_map(|inner| match inner {
                Value::Object(o) => o.get(key).map(text),
                _ => None,
            })
        })
    })
}

/// The ActivityID of a WindowsEvent `Correlation`: `{"ActivityID":"{..}"}`, `<Correlation
/// ActivityID="{..}"/>`, or the identifier alone (EVTX).
pub fn activity_of_correlation(text: &str) -> String {
    if let Ok(object) = serde_json::from_str::<Map<String, Value>>(text) {
        return bag_text(&[&object], "ActivityID").unwrap_or_default();
    }
    match text.split_once("ActivityID=\"") {
        Some((_, rest)) => rest.split('"').next().unwrap_or("").to_string(),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_labels() {
        let check = |message: &str, label: &str, expected: Option<&str>| assert_eq!(message_value(message, label), expected, "{message:?} {label}");
        let lsm = "Remote Desktop Services: Session logon succeeded:\r\n\r\nUser: THESHIRE\\pgustavo\r\nSession ID: 2\r\nSource Network Address: 1.2.3.4";
        check(lsm, "User", Some("THESHIRE\\pgustavo"));
        check(lsm, "Session ID", Some("2"));
        check(lsm, "Source Network Address", Some("1.2.3.4"));
        check(lsm, "Domain", None);
        check("Source Network Address: ::1", "Source Network Address", Some("::1"));
        check("User:\t\tx  ", "User", Some("x  "));
        check("User:", "User", Some(""));
        check("", "User", None);
    }

    #[test]
    fn messages_give_lsm_and_rcm_values() {
        let check = |kind: EventKind, message: &str, expected: [&str; 5]| {
            let mut f = SessionFields::default();
            f.from_message(kind, message);
            assert_eq!([f.user.as_str(), &f.session_id, &f.address, &f.reason, &f.source], expected, "{message:?}");
        };
        check(EventKind::RcmAuth, "Remote Desktop Services: User authentication succeeded:\r\n\r\nUser: pgustavo\r\nDomain: theshire\r\nSource Network Address: 1.2.3.4", ["theshire\\pgustavo", "", "1.2.3.4", "", ""]);
        check(EventKind::RcmAuth, "User: pgustavo\r\nDomain: \r\nSource Network Address: 1.2.3.4", ["pgustavo", "", "1.2.3.4", "", ""]);
        check(EventKind::LsmReason, "Session 2 has been disconnected, reason code 5", ["", "2", "", "5", ""]);
        check(EventKind::LsmTakeover, "Session 3 has been disconnected by session 4", ["", "3", "", "", "4"]);
        check(EventKind::LsmReason, "something else", ["", "", "", "", ""]);
        check(EventKind::LsmLogoff, "Remote Desktop Services: Session logoff succeeded:\r\n\r\nUser: THESHIRE\\pgustavo\r\nSession ID: 2", ["THESHIRE\\pgustavo", "2", "", "", ""]);
        check(EventKind::LsmLogon, "User: =cmd|' /C calc'!A0\r\nSession ID: 2\u{202E}\r\nSource Network Address: LOCAL", ["=cmd|' /C calc'!A0", "2\u{202E}", "LOCAL", "", ""]);
    }

    #[test]
    fn event_data_xml() {
        let check = |xml: &str, name: &str, expected: Option<&str>| assert_eq!(xml_data(xml, name).as_deref(), expected, "{xml:?}");
        let xml = "<EventData xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\"><Data Name=\"TargetLogonId\">0xa992d</Data><Data Name=\"SessionId\">2</Data></EventData>";
        check(xml, "SessionId", Some("2"));
        check(xml, "TargetLogonId", Some("0xa992d"));
        check(xml, "LogonID", None);
        check("<Data Name='SessionId'>a&amp;b&lt;c&gt;&quot;&apos;</Data>", "SessionId", Some("a&b<c>\"'"));
        check("<Data Name=\"SessionId\">unterminated", "SessionId", None);
        check("", "SessionId", None);
    }

    #[test]
    fn correlation_activity_ids() {
        for (text, expected) in [
            ("{\"ActivityID\":\"{F4207320-5A40-4CA1-99C7-8C290B800000}\"}", "{F4207320-5A40-4CA1-99C7-8C290B800000}"),
            ("<Correlation ActivityID=\"{F4207320}\" />", "{F4207320}"),
            ("{F4207320-5A40-4CA1-99C7-8C290B800000}", "{F4207320-5A40-4CA1-99C7-8C290B800000}"),
            ("{\"RelatedActivityID\":\"x\"}", ""),
            ("", ""),
        ] {
            assert_eq!(activity_of_correlation(text), expected, "{text:?}");
        }
    }

    #[test]
    fn pending_rows_unpack_what_they_packed() {
        let mut f = SessionFields { channel: "Security".into(), target_logon_id: "0x1".into(), user: "u\u{0}".into(), event_time: "et".into(), ..SessionFields::default() };
        f.account = "a\\b".into();
        let origin = Origin { file: crate::engine::FileId(2), line: 9 };
        let waiting = f.pending("WS1", 4, 4624, Some(10), origin, 0);
        assert_eq!(waiting.event(Ticks(5)), f.event("WS1", Ticks(5), 4624, Some(10), origin));
    }
}
