//! Small exports for the view's tests, read by the same readers as the worker's.

use crate::ingest::{DateOrder, ReadOptions, LoadedFiles};

/// A small dataset in the portal and API formats: two groups on WS01 and WS02, one joined
/// logon, a LogonType 3 and a late logon on WS01, and WS02 spelled as an FQDN.
pub fn sample_bench() -> LoadedFiles {
    let alerts = "TimeGenerated [UTC],AlertName,CompromisedEntity,WorkspaceSubscriptionId\n\
        \"3/2/2026, 9:00:00.000 AM\",Password Spray,ws01,s\n\
        \"3/2/2026, 9:00:00.000 AM\",Atypical travel,WS01,s\n\
        \"3/2/2026, 10:00:00.000 AM\",Targeted port scans,WS02,s\n";
    let events = "TimeGenerated,EventID,LogonType,Account,Computer,IpAddress,AccountType,Activity\n\
        2026-03-02T09:05:00.0000000Z,4624,10,CONTOSO\\Alice,ws01,203.0.113.7,User,4624 - An account was successfully logged on.\n\
        2026-03-02T09:17:00.0000000Z,4624,10,CONTOSO\\Alice,ws01,203.0.113.7,User,4624 - An account was successfully logged on.\n\
        2026-03-02T09:06:00.0000000Z,4624,3,CONTOSO\\Bob,WS01,-,User,4624 - An account was successfully logged on.\n\
        2026-03-02T10:01:00.0000000Z,4624,10,CONTOSO\\Carol,ws02.contoso.com,198.51.100.4,User,4624 - An account was successfully logged on.\n";
    let mut bench = LoadedFiles::new();
    // 3/2/2026 alone does not settle the order: say it, as the page's question would.
    let month_first = ReadOptions { date_order: Some(DateOrder::MonthFirst), ..ReadOptions::default() };
    bench.load("alerts.csv", alerts.as_bytes(), &month_first);
    bench.load("events.csv", events.as_bytes(), &ReadOptions::default());
    assert!(bench.files.iter().all(|r| r.error.is_none() && r.rows_skipped == 0), "{:?}", bench.files);
    bench
}

/// An export written row by row: SecurityAlert and SecurityEvent CSV with ISO times.
#[derive(Default)]
pub struct Export {
    alerts: String,
    events: String,
}

impl Export {
    pub fn alert(&mut self, time: &str, name: &str, host: &str) -> &mut Self {
        self.alerts.push_str(&format!("{time},{name},{host},sub\n"));
        self
    }

    /// A logon by CONTOSO\Alice from 203.0.113.7; `None` leaves LogonType empty.
    pub fn logon(&mut self, time: &str, event_id: i32, logon_type: Option<i32>, host: &str) -> &mut Self {
        let logon_type = logon_type.map_or(String::new(), |t| t.to_string());
        self.events.push_str(&format!("{time},{event_id},{logon_type},CONTOSO\\Alice,{host},203.0.113.7,User,{event_id} - logon\n"));
        self
    }

    pub fn bench(&self) -> LoadedFiles {
        let mut bench = LoadedFiles::new();
        let alerts = format!("TimeGenerated,AlertName,CompromisedEntity,WorkspaceSubscriptionId\n{}", self.alerts);
        let events = format!("TimeGenerated,EventID,LogonType,Account,Computer,IpAddress,AccountType,Activity\n{}", self.events);
        bench.load("alerts.csv", alerts.as_bytes(), &ReadOptions::default());
        bench.load("events.csv", events.as_bytes(), &ReadOptions::default());
        assert!(bench.files.iter().all(|r| r.error.is_none() && r.rows_skipped == 0), "{:?}", bench.files);
        bench
    }
}

/// RDP sessions in SecurityEvent CSV, beside one alert on WS01 at 09:00:
/// - WS01, CONTOSO\Alice from 203.0.113.7 (client alice-pc), logon 0x100 at 09:05 (the hunt
///   joins it), disconnected at 09:20, reconnected at 09:30, logged off (4634) at 10:00;
/// - WS09 (no alert), CONTOSO\Bob from 198.51.100.4, logon 0x200 at 09:10, no logoff: the data of
///   WS09 ends at 11:00 (a network logon of someone else);
/// - WS09, 0x300: disconnected at 09:35 and logged off (4647) at 09:40, its start not in the data.
pub fn session_bench() -> LoadedFiles {
    let alerts = "TimeGenerated,AlertName,CompromisedEntity,WorkspaceSubscriptionId\n2026-03-02T09:00:00Z,Password Spray,WS01,s\n";
    let events = "TimeGenerated,EventID,LogonType,Account,Computer,IpAddress,Channel,TargetLogonId,TargetLinkedLogonId,LogonID,SessionName,ClientName,ClientAddress\n\
        2026-03-02T09:05:00Z,4624,10,CONTOSO\\Alice,WS01,203.0.113.7,Security,0x100,0x0,,,,\n\
        2026-03-02T09:20:00Z,4779,,CONTOSO\\Alice,WS01,,Security,,,0x100,RDP-Tcp#0,alice-pc,203.0.113.7\n\
        2026-03-02T09:30:00Z,4778,,CONTOSO\\Alice,WS01,,Security,,,0x100,RDP-Tcp#1,alice-pc,203.0.113.7\n\
        2026-03-02T10:00:00Z,4634,10,CONTOSO\\Alice,WS01,,Security,0x100,,,,,\n\
        2026-03-02T09:10:00Z,4624,10,CONTOSO\\Bob,WS09,198.51.100.4,Security,0x200,0x0,,,,\n\
        2026-03-02T09:35:00Z,4779,,CONTOSO\\Carol,WS09,,Security,,,0x300,RDP-Tcp#4,carol-pc,192.0.2.5\n\
        2026-03-02T09:40:00Z,4647,,CONTOSO\\Carol,WS09,,Security,0x300,,,,,\n\
        2026-03-02T11:00:00Z,4624,3,CONTOSO\\Dave,WS09,192.0.2.9,Security,0x400,0x0,,,,\n";
    let mut bench = LoadedFiles::new();
    bench.load("alerts.csv", alerts.as_bytes(), &ReadOptions::default());
    bench.load("sessions.csv", events.as_bytes(), &ReadOptions::default());
    assert!(bench.files.iter().all(|r| r.error.is_none() && r.rows_skipped == 0), "{:?}", bench.files);
    bench
}
