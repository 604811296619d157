//! Which table a file holds, decided from its column names, and which columns the hunt keeps.
//!
//! `TableKind::detect` reads the header (or the first record's keys); `Binding` then maps the
//! columns the hunt needs to `Field`s and says which required ones are missing. Each table also
//! names the columns RDP sessions read (`Field::is_session`): they are bound when present, never
//! missed, and readers fill them only for rows with a session role (see `rows::sessions`).

use serde::Serialize;

/// The tables Huntbench reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum TableKind {
    SecurityAlert,
    SecurityEvent,
    /// WindowsForwardedEvents: logons inside an EventData property bag, mapped onto SecurityEvent.
    WindowsEvent,
    /// OTRF Security-Datasets (Mordor) Windows events shipped by NXLog, mapped onto SecurityEvent.
    Mordor,
}

impl TableKind {
    pub fn label(self) -> &'static str {
        match self {
            TableKind::SecurityAlert => "SecurityAlert",
            TableKind::SecurityEvent => "SecurityEvent",
            TableKind::WindowsEvent => "WindowsEvent",
            TableKind::Mordor => "OTRF/Mordor Windows events",
        }
    }

    /// The mapping onto the logon side that this table needs, if any.
    pub fn mapping(self) -> Option<&'static str> {
        match self {
            TableKind::WindowsEvent => Some("WindowsEvent → SecurityEvent: Account = TargetDomainName\\TargetUserName, LogonType, IpAddress from EventData"),
            TableKind::Mordor => Some("Mordor → SecurityEvent: Computer = Hostname, TimeGenerated = @timestamp, Account = TargetDomainName\\TargetUserName"),
            _ => None,
        }
    }

    pub fn is_alerts(self) -> bool {
        self == TableKind::SecurityAlert
    }

    /// Decides the table from column names (already stripped of ` [UTC]` suffixes).
    pub fn detect<'a>(columns: impl IntoIterator<Item = &'a str> + Clone) -> Option<TableKind> {
        let has = |name: &str| columns.clone().into_iter().any(|c| c == name);
        if has("AlertName") || has("AlertDisplayName") || (has("CompromisedEntity") && !has("EventID")) {
            Some(TableKind::SecurityAlert)
        } else if has("@timestamp") && has("EventID") && (has("Hostname") || has("SourceModuleName")) {
            Some(TableKind::Mordor)
        } else if has("EventData") && has("EventID") && !has("LogonType") && !has("Account") {
            Some(TableKind::WindowsEvent)
        } else if has("EventID") || has("LogonType") || (has("Account") && has("Computer")) {
            Some(TableKind::SecurityEvent)
        } else {
            None
        }
    }

    /// The field a column or key of this table feeds, if any.
    pub fn field_of_key(self, key: &str) -> Option<Field> {
        let (name, _) = split_suffix(key);
        let (required, optional) = self.columns();
        required.iter().chain(optional).chain(self.session_columns()).find(|(n, _)| *n == name).map(|(_, f)| *f)
    }

    /// The columns RDP sessions read, when present: the channel (or provider) on every row, the
    /// rest only on rows whose channel and event id have a session role. Never reported missing.
    fn session_columns(self) -> &'static [(&'static str, Field)] {
        use Field::*;
        match self {
            TableKind::SecurityAlert => &[],
            TableKind::SecurityEvent => &[
                ("Channel", Channel),
                ("EventSourceName", Provider),
                ("TargetLogonId", TargetLogonId),
                ("TargetLinkedLogonId", TargetLinkedLogonId),
                ("LogonID", LogonId),
                ("SessionName", SessionName),
                ("ClientName", ClientName),
                ("ClientAddress", ClientAddress),
                ("WorkstationName", WorkstationName),
                ("ElevatedToken", ElevatedToken),
                ("SessionId", SessionId),
                ("AccountName", AccountName),
                ("AccountDomain", AccountDomain),
                ("EventData", EventDataXml),
            ],
            TableKind::WindowsEvent => &[("Channel", Channel), ("Provider", Provider), ("Correlation", Correlation), ("UserData", UserData)],
            TableKind::Mordor => &[
                ("Channel", Channel),
                ("SourceName", Provider),
                ("TargetLogonId", TargetLogonId),
                ("TargetLinkedLogonId", TargetLinkedLogonId),
                ("LogonID", LogonId),
                ("SessionName", SessionName),
                ("ClientName", ClientName),
                ("ClientAddress", ClientAddress),
                ("WorkstationName", WorkstationName),
                ("ElevatedToken", ElevatedToken),
                ("SessionId", SessionId),
                ("ActivityID", ActivityId),
                ("EventTime", EventTime),
                ("AccountName", AccountName),
                ("AccountDomain", AccountDomain),
                ("Message", Message),
            ],
        }
    }

    /// The columns each table must have, and those it uses when present.
    fn columns(self) -> (&'static [(&'static str, Field)], &'static [(&'static str, Field)]) {
        use Field::*;
        match self {
            TableKind::SecurityAlert => (
                &[("AlertName", AlertName), ("CompromisedEntity", CompromisedEntity), ("TimeGenerated", Time)],
                &[("WorkspaceSubscriptionId", Subscription)],
            ),
            TableKind::SecurityEvent => (
                &[("EventID", EventId), ("LogonType", LogonType), ("Account", Account), ("Computer", Computer), ("TimeGenerated", Time)],
                &[("IpAddress", IpAddress), ("AccountType", AccountType), ("Activity", Activity), ("LogonTypeName", LogonTypeName)],
            ),
            TableKind::WindowsEvent => (
                &[("Computer", Computer), ("EventID", EventId), ("TimeGenerated", Time), ("EventData", EventData)],
                &[],
            ),
            TableKind::Mordor => (
                &[("Hostname", Computer), ("EventID", EventId), ("@timestamp", Time)],
                &[("LogonType", LogonType), ("TargetUserName", TargetUserName), ("TargetDomainName", TargetDomainName), ("IpAddress", IpAddress)],
            ),
        }
    }
}

/// A value the hunt or the UI reads from a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Time,
    AlertName,
    CompromisedEntity,
    Subscription,
    EventId,
    LogonType,
    Account,
    Computer,
    IpAddress,
    AccountType,
    Activity,
    LogonTypeName,
    EventData,
    TargetUserName,
    TargetDomainName,
    // The channel, else the provider: read on every row that has them, to tell session roles.
    Channel,
    Provider,
    // Session fields (`is_session`): read only for rows with a session role.
    TargetLogonId,
    TargetLinkedLogonId,
    /// `LogonID` of 4778/4779.
    LogonId,
    SessionName,
    ClientName,
    ClientAddress,
    WorkstationName,
    ElevatedToken,
    SessionId,
    /// Mordor's `ActivityID`.
    ActivityId,
    /// Mordor's `EventTime`: the host's own local time.
    EventTime,
    AccountName,
    AccountDomain,
    /// Mordor's rendered `Message`, the only place its LSM and RCM records carry their fields.
    Message,
    /// WindowsEvent's `Correlation` (EVTX: `System/Correlation/@ActivityID`).
    Correlation,
    /// SecurityEvent's `EventData` column: XML, read for 4800/4801's SessionId.
    EventDataXml,
    /// EVTX `UserData` (LSM and RCM events), as JSON text.
    UserData,
}

pub const FIELD_COUNT: usize = 34;
// `Record` marks the cells it has set in one u64.
const _: () = assert!(FIELD_COUNT <= 64);

impl Field {
    pub fn index(self) -> usize {
        self as usize
    }

    /// A field only RDP sessions read: readers may leave it unread on rows without a session role.
    pub fn is_session(self) -> bool {
        self.index() >= Field::TargetLogonId.index()
    }
}

/// A column name split from the portal's suffix: `TimeGenerated [UTC]` → (`TimeGenerated`, Utc).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeSuffix {
    None,
    Utc,
    Local,
}

pub fn split_suffix(raw: &str) -> (&str, TimeSuffix) {
    let name = raw.trim_start_matches('\u{feff}').trim();
    if let Some(base) = name.strip_suffix(" [UTC]") {
        (base, TimeSuffix::Utc)
    } else if let Some(base) = name.strip_suffix(" [Local Time]") {
        (base, TimeSuffix::Local)
    } else {
        (name, TimeSuffix::None)
    }
}

/// How a file's columns map onto `Field`s.
#[derive(Clone, Debug)]
pub struct Binding {
    pub kind: TableKind,
    /// For each column position, the field it feeds.
    pub by_position: Vec<Option<Field>>,
    /// Required columns that are absent.
    pub missing: Vec<&'static str>,
    /// Optional columns that are absent.
    pub missing_optional: Vec<&'static str>,
    /// The time column is `[Local Time]`.
    pub local_time: bool,
    /// Any datetime column carries the portal's ` [UTC]`/` [Local Time]` suffix.
    pub portal_headers: bool,
}

impl Binding {
    /// Binds the columns of a header, in order. `None` when the table cannot be told.
    pub fn new(raw_columns: &[String]) -> Option<Binding> {
        let split: Vec<(&str, TimeSuffix)> = raw_columns.iter().map(|c| split_suffix(c)).collect();
        let kind = TableKind::detect(split.iter().map(|(n, _)| *n))?;
        Some(Binding::for_kind(kind, &split))
    }

    fn for_kind(kind: TableKind, split: &[(&str, TimeSuffix)]) -> Binding {
        let (required, optional) = kind.columns();
        let mut by_position = vec![None; split.len()];
        let mut local_time = false;
        let mut find = |wanted: &str, field: Field| -> bool {
            // The first column of that name wins; a later duplicate is ignored.
            match split.iter().position(|(n, _)| *n == wanted) {
                Some(i) => {
                    by_position[i] = Some(field);
                    if field == Field::Time && split[i].1 == TimeSuffix::Local {
                        local_time = true;
                    }
                    true
                }
                None => false,
            }
        };
        let missing = required.iter().filter(|(n, f)| !find(n, *f)).map(|(n, _)| *n).collect();
        let missing_optional = optional.iter().filter(|(n, f)| !find(n, *f)).map(|(n, _)| *n).collect();
        for (name, field) in kind.session_columns() {
            find(name, *field);
        }
        Binding {
            kind,
            by_position,
            missing,
            missing_optional,
            local_time,
            portal_headers: split.iter().any(|(_, s)| *s != TimeSuffix::None),
        }
    }

    /// The field a JSON key feeds, for records whose keys come in any order.
    pub fn field_of_key(&self, key: &str) -> Option<Field> {
        self.kind.field_of_key(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(columns: &[&str]) -> Option<TableKind> {
        let owned: Vec<String> = columns.iter().map(|s| s.to_string()).collect();
        Binding::new(&owned).map(|b| b.kind)
    }

    #[test]
    fn tables_are_told_from_columns() {
        use TableKind::*;
        for (columns, expected) in [
            (&["TimeGenerated", "AlertName", "CompromisedEntity"][..], Some(SecurityAlert)),
            (&["", "TenantId", "StartTimeUtc", "AlertName", "AlertDisplayName", "TimeGenerated", "CompromisedEntity"], Some(SecurityAlert)),
            (&["TimeGenerated [UTC]", "Account", "Computer", "EventID", "LogonType"], Some(SecurityEvent)),
            (&["TimeGenerated", "Computer", "EventID", "EventData", "Provider"], Some(WindowsEvent)),
            (&["@timestamp", "Hostname", "EventID", "LogonType", "SourceModuleName"], Some(Mordor)),
            (&["foo", "bar"], None),
        ] {
            assert_eq!(kind(columns), expected, "{columns:?}");
        }
    }

    #[test]
    fn missing_columns_are_named() {
        let cols: Vec<String> = ["TimeGenerated [UTC]", "Account", "EventID"].iter().map(|s| s.to_string()).collect();
        let b = Binding::new(&cols).unwrap();
        assert_eq!(b.missing, vec!["LogonType", "Computer"]);
        assert_eq!(b.missing_optional, vec!["IpAddress", "AccountType", "Activity", "LogonTypeName"]);
        assert!(b.portal_headers && !b.local_time);
        let cols: Vec<String> = ["TimeGenerated [Local Time]", "AlertName", "CompromisedEntity"].iter().map(|s| s.to_string()).collect();
        assert!(Binding::new(&cols).unwrap().local_time);
    }
}
