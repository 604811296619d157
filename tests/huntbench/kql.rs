//! The KQL the page and CLI hand to analysts.

use huntbench::engine::kql::{kql_string, render};
use huntbench::engine::{HuntParams, Span};

/// The seed query of hunt-semantics.md, verbatim.
const SEED: &str = "SecurityAlert
| where AlertName has_any ('Atypical travel','Unfamiliar sign-in properties','Anonymous IP address','Malware linked IP address','Malicious IP address','Password Spray','Targeted port scans')
| summarize count(),make_set(AlertName) by WorkspaceSubscriptionId,CompromisedEntity= toupper(CompromisedEntity),TimeGenerated
| extend number_alerts = array_length(set_AlertName)
| join kind=inner
(
SecurityEvent
| where EventID == 4624 and LogonType == 10
  | project  Account = tolower(Account), Computer = toupper(Computer), IpAddress, AccountType, Activity, LogonTypeName,Interactivelogontime=TimeGenerated
  ) on  $left.CompromisedEntity==$right.Computer
  | project TimeGenerated,Interactivelogontime,AccountCustomEntity=Account,AccountType,CompromisedEntity,Activity,IpAddress
  | extend TimeWindow = TimeGenerated + 15m
  | where Interactivelogontime between (TimeGenerated .. TimeWindow)";

#[test]
fn defaults_render_the_seed_query_byte_for_byte() {
    assert_eq!(render(&HuntParams::default()), SEED);
}

#[test]
fn the_spec_file_holds_the_same_seed() {
    let spec = std::fs::read_to_string(crate::fixtures::shared("spec/hunt-semantics.md")).expect("../shared/spec/hunt-semantics.md reads");
    assert!(spec.contains(SEED), "hunt-semantics.md and this test disagree on the seed query");
}

#[test]
fn parameters_show_in_the_kql() {
    let params = HuntParams {
        alert_names: vec!["Password Spray".into(), "it's \\ odd".into()],
        window: Span::minutes(30),
        event_id: 4625,
        logon_types: vec![10, 2],
        normalize_hosts: true,
    };
    let kql = render(&params);
    assert!(kql.contains("has_any ('Password Spray','it\\'s \\\\ odd')"), "{kql}");
    assert!(kql.contains("EventID == 4625 and LogonType in (10, 2)"), "{kql}");
    assert!(kql.contains("TimeGenerated + 30m"), "{kql}");
    assert!(kql.contains("on  $left.HostKey==$right.HostKey"), "{kql}");
    assert_eq!(kql.matches("HostKey = iff(isnotempty(parse_ipv4(").count(), 2, "{kql}");
}

#[test]
fn string_literals_are_escaped() {
    for (input, expected) in [("a", "'a'"), ("a'b", "'a\\'b'"), ("a\\b", "'a\\\\b'"), ("a\nb", "'a\\nb'")] {
        assert_eq!(kql_string(input), expected);
    }
}
