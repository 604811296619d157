//! Renders `HuntParams` as the KQL that runs the same hunt in Sentinel, where the data lives.
//! For the default parameters the text is the seed query, byte for byte.

use super::hunt::HuntParams;
use super::window::Window;

/// A KQL single-quoted string literal.
pub fn kql_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// The KQL of the hunt with these parameters.
pub fn render(params: &HuntParams) -> String {
    let names: Vec<String> = params.alert_names.iter().map(|n| kql_string(n)).collect();
    let logon_filter = match params.logon_types.as_slice() {
        [one] => format!("LogonType == {one}"),
        many => format!(
            "LogonType in ({})",
            many.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(", ")
        ),
    };
    // With host normalisation both sides get a HostKey holding the name before the first dot
    // (IPv4 addresses stay whole), and the join compares those.
    let short = |column: &str| {
        format!(
            "HostKey = iff(isnotempty(parse_ipv4({column})), {column}, tostring(split({column}, '.')[0]))"
        )
    };
    let (left_key, right_key, on) = if params.normalize_hosts {
        (
            format!("| extend {}\n", short("CompromisedEntity")),
            format!("  | extend {}\n", short("Computer")),
            "$left.HostKey==$right.HostKey",
        )
    } else {
        (String::new(), String::new(), "$left.CompromisedEntity==$right.Computer")
    };
    format!(
        "SecurityAlert
| where AlertName has_any ({names})
| summarize count(),make_set(AlertName) by WorkspaceSubscriptionId,CompromisedEntity= toupper(CompromisedEntity),TimeGenerated
| extend number_alerts = array_length(set_AlertName)
{left_key}| join kind=inner
(
SecurityEvent
| where EventID == {event_id} and {logon_filter}
  | project  Account = tolower(Account), Computer = toupper(Computer), IpAddress, AccountType, Activity, LogonTypeName,Interactivelogontime=TimeGenerated
{right_key}  ) on  {on}
  | project TimeGenerated,Interactivelogontime,AccountCustomEntity=Account,AccountType,CompromisedEntity,Activity,IpAddress
  | extend TimeWindow = {window_end}
  | where Interactivelogontime between (TimeGenerated .. TimeWindow)",
        names = names.join(","),
        event_id = params.event_id,
        window_end = Window::kql_end(params.window),
    )
}
