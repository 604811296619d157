//! The words a scenario is made of: alert names and their metadata, event texts, people, domains.

/// What the SecurityAlert row of an alert name carries besides its name.
#[derive(Clone, Copy, Debug)]
pub struct AlertKind {
    pub name: &'static str,
    pub alert_type: &'static str,
    pub product: &'static str,
    pub provider: &'static str,
    pub severity: &'static str,
    pub tactics: &'static str,
    /// `{ip}` and `{entity}` are filled in.
    pub description: &'static str,
}

const IPC: &str = "Azure Active Directory Identity Protection";
const MDC: &str = "Azure Security Center";
const MDE: &str = "Microsoft Defender Advanced Threat Protection";

/// The seven names of the seed query, with metadata close to what their products write.
pub const RECON_ALERTS: [AlertKind; 7] = [
    AlertKind {
        name: "Atypical travel",
        alert_type: "ImpossibleTravel",
        product: IPC,
        provider: "IPC",
        severity: "Medium",
        tactics: "InitialAccess",
        description: "Sign-in from {ip}, a location atypical for {entity}, given the account's recent sign-ins.",
    },
    AlertKind {
        name: "Unfamiliar sign-in properties",
        alert_type: "UnfamiliarLocation",
        product: IPC,
        provider: "IPC",
        severity: "Medium",
        tactics: "InitialAccess",
        description: "Sign-in to {entity} with properties not seen recently: IP address {ip}, new ASN, new browser.",
    },
    AlertKind {
        name: "Anonymous IP address",
        alert_type: "AnonymousLogin",
        product: IPC,
        provider: "IPC",
        severity: "Medium",
        tactics: "InitialAccess",
        description: "Sign-in to {entity} from an anonymous IP address ({ip}), e.g. Tor browser or an anonymizer VPN.",
    },
    AlertKind {
        name: "Malware linked IP address",
        alert_type: "MalwareInfectedIPAddress",
        product: IPC,
        provider: "IPC",
        severity: "Medium",
        tactics: "InitialAccess",
        description: "Sign-in to {entity} from {ip}, an IP address known to communicate with a bot server.",
    },
    AlertKind {
        name: "Malicious IP address",
        alert_type: "MaliciousIPAddress",
        product: IPC,
        provider: "IPC",
        severity: "High",
        tactics: "InitialAccess",
        description: "Sign-in to {entity} from {ip}, an IP address with a high failure rate, or reported malicious.",
    },
    AlertKind {
        name: "Password Spray",
        alert_type: "PasswordSpray",
        product: IPC,
        provider: "IPC",
        severity: "High",
        tactics: "CredentialAccess",
        description: "Multiple usernames were attacked with common passwords from {ip}; {entity} was among them.",
    },
    AlertKind {
        name: "Targeted port scans",
        alert_type: "Network_TargetedPortScan",
        product: MDC,
        provider: "Azure Security Center",
        severity: "Medium",
        tactics: "Reconnaissance",
        description: "{ip} scanned ports 22, 3389 and 5985 of {entity}, a pattern of targeted reconnaissance.",
    },
];

/// Alerts that the hunt's terms never match: the everyday noise of a SecurityAlert table.
pub const OTHER_ALERTS: [AlertKind; 10] = [
    AlertKind {
        name: "Suspicious authentication activity",
        alert_type: "VM_LoginBruteForceAttempt",
        product: MDC,
        provider: "Azure Security Center",
        severity: "Medium",
        tactics: "PreAttack",
        description: "Many failed logons to {entity} from {ip}, some with unusual account names.",
    },
    AlertKind {
        name: "Failed RDP Brute Force Attack",
        alert_type: "VM_RDPBruteForce",
        product: MDC,
        provider: "Azure Security Center",
        severity: "Low",
        tactics: "PreAttack",
        description: "Several failed RDP logons to {entity} from {ip}; none succeeded.",
    },
    AlertKind {
        name: "Suspicious process executed",
        alert_type: "VM_SuspectProcess",
        product: MDC,
        provider: "Azure Security Center",
        severity: "High",
        tactics: "Execution",
        description: "A process with a suspicious command line ran on {entity}.",
    },
    AlertKind {
        name: "Detected suspicious file download",
        alert_type: "VM_SuspectDownload",
        product: MDC,
        provider: "Azure Security Center",
        severity: "Medium",
        tactics: "Execution",
        description: "{entity} downloaded an executable from {ip} with a command line tool.",
    },
    AlertKind {
        name: "Suspicious PowerShell Activity Detected",
        alert_type: "VM_PowerShellSuspicious",
        product: MDC,
        provider: "Azure Security Center",
        severity: "Medium",
        tactics: "Execution",
        description: "PowerShell on {entity} ran an encoded command, a technique often used to hide malicious code.",
    },
    AlertKind {
        name: "Traffic detected from IP addresses recommended for blocking",
        alert_type: "Network_TrafficFromUnrecommendedIP",
        product: MDC,
        provider: "Azure Security Center",
        severity: "Low",
        tactics: "Probing",
        description: "Inbound traffic to {entity} from {ip}, which threat intelligence recommends blocking.",
    },
    AlertKind {
        name: "Impossible travel activity",
        alert_type: "ImpossibleTravelActivity",
        product: "Microsoft Cloud App Security",
        provider: "MCAS",
        severity: "Medium",
        tactics: "InitialAccess",
        description: "{entity} signed in from {ip} and from a distant country within minutes.",
    },
    AlertKind {
        name: "Suspicious service installation",
        alert_type: "SuspiciousServiceInstallation",
        product: MDE,
        provider: "MDATP",
        severity: "Medium",
        tactics: "Persistence",
        description: "A service with an unusual binary path was installed on {entity}.",
    },
    AlertKind {
        name: "Antimalware Action Taken",
        alert_type: "AntimalwareActionTaken",
        product: MDC,
        provider: "Azure Security Center",
        severity: "Low",
        tactics: "Execution",
        description: "Microsoft Antimalware quarantined a file on {entity}.",
    },
    AlertKind {
        name: "Communication with suspicious domain identified by threat intelligence",
        alert_type: "DNS_ThreatIntelSuspectDomain",
        product: MDC,
        provider: "Azure Security Center",
        severity: "Low",
        tactics: "CommandAndControl",
        description: "{entity} resolved a domain that threat intelligence ties to {ip}.",
    },
];

/// Names that look like the seed names but that `has_any` does not match (near misses).
pub const NEAR_NAMES: [&str; 2] = ["Atypical travels", "Unfamiliar sign in properties"];
/// More of them, for hard scenarios: separators and term edges (spec section 1).
pub const HARD_NEAR_NAMES: [&str; 4] = ["Atypical_travel", "Anonymous IP addresses", "Targeted port scan", "PasswordSpray"];
/// Names that do match, though not spelled as in the query (spec section 1), for hard scenarios.
pub const HARD_MATCHING_NAMES: [&str; 5] = [
    "password spray detected",
    "[Atypical travel]",
    "Unfamiliar sign-in properties for session",
    "Atypical travel_x",
    "ANONYMOUS IP ADDRESS",
];

/// The metadata of any name: its own, or that of the seed name whose first word it starts with
/// ("Atypical travels" and "[Atypical travel]" take Atypical travel's).
pub fn alert_kind(name: &str) -> AlertKind {
    if let Some(kind) = RECON_ALERTS.iter().chain(OTHER_ALERTS.iter()).find(|k| k.name == name) {
        return *kind;
    }
    let letters: String = name.chars().filter(char::is_ascii_alphabetic).collect::<String>().to_ascii_lowercase();
    RECON_ALERTS
        .iter()
        .find(|k| letters.starts_with(&k.name.split(' ').next().unwrap_or_default().to_ascii_lowercase()))
        .copied()
        .unwrap_or(OTHER_ALERTS[0])
}

/// `Activity` of SecurityEvent for the event IDs a scenario writes.
pub fn activity(event_id: i32) -> &'static str {
    match event_id {
        4624 => "4624 - An account was successfully logged on.",
        4625 => "4625 - An account failed to log on.",
        4634 => "4634 - An account was logged off.",
        4648 => "4648 - A logon was attempted using explicit credentials.",
        4672 => "4672 - Special privileges assigned to new logon.",
        4688 => "4688 - A new process has been created.",
        4647 => "4647 - User initiated logoff.",
        4778 => "4778 - A session was reconnected to a Window Station.",
        4779 => "4779 - A session was disconnected from a Window Station.",
        4800 => "4800 - The workstation was locked.",
        4801 => "4801 - The workstation was unlocked.",
        4608 => "4608 - Windows is starting up.",
        1100 => "1100 - The event logging service has shut down.",
        _ => "",
    }
}

/// `Activity` as the readers make it for a WindowsEvent row of this event ID (its EventData has
/// none): SecurityEvent's text for the logon events, the bare ID for the others.
pub fn windows_activity(event_id: i32) -> &'static str {
    match event_id {
        4624 | 4625 | 4634 | 4648 | 4672 => activity(event_id),
        4688 => "4688",
        _ => "",
    }
}

/// `AccountType` as the readers make it for a WindowsEvent row: from TargetUserName.
pub fn windows_account_type(user: &str) -> &'static str {
    super::rows::account_type(user)
}

/// `Task` of SecurityEvent (the audit subcategory).
pub fn task(event_id: i32) -> i32 {
    match event_id {
        4624 | 4625 | 4648 => 12544,
        4634 => 12545,
        4672 => 12548,
        4688 => 13312,
        4647 => 12545,
        4778 | 4779 | 4800 | 4801 => 12551,
        4608 => 12288,
        1100 => 103,
        _ => 0,
    }
}

/// `LogonTypeName` of SecurityEvent.
pub fn logon_type_name(logon_type: Option<i32>) -> &'static str {
    match logon_type {
        Some(2) => "2 - Interactive",
        Some(3) => "3 - Network",
        Some(5) => "5 - Service",
        Some(7) => "7 - Unlock",
        Some(10) => "10 - RemoteInteractive",
        Some(11) => "11 - CachedInteractive",
        _ => "",
    }
}

/// (NetBIOS name, DNS name) of the scenario's Active Directory domain.
pub const DOMAINS: [(&str, &str); 6] = [
    ("CONTOSO", "contoso.com"),
    ("FABRIKAM", "fabrikam.local"),
    ("WOODGROVE", "corp.woodgrovebank.com"),
    ("NORTHWIND", "northwindtraders.com"),
    ("ADATUM", "adatum.com"),
    ("TAILSPIN", "tailspintoys.com"),
];

pub const FIRST_NAMES: [&str; 24] = [
    "alice", "bruno", "chloe", "daniel", "elena", "farid", "grace", "hiro", "ines", "jamal", "kate", "liam",
    "maria", "noah", "olga", "pedro", "quinn", "rosa", "sven", "tara", "umar", "vera", "wei", "yusuf",
];

pub const SURNAMES: [&str; 24] = [
    "smith", "garcia", "nguyen", "muller", "rossi", "kowalski", "tanaka", "okafor", "silva", "jensen", "novak",
    "haddad", "brown", "dubois", "ivanova", "kim", "lopez", "martin", "patel", "schmidt", "walsh", "yilmaz",
    "zhang", "baker",
];

/// Service accounts (AccountType User, logon types 3 and 5).
pub const SERVICE_ACCOUNTS: [&str; 6] = ["svc_backup", "svc_sql", "svc_sccm", "svc-scan", "svc_iis", "svc_veeam"];

/// Names a password-guessing attacker tries, written as 4625 shows them (no domain).
pub const GUESSED_ACCOUNTS: [&str; 6] =
    ["\\administrator", "\\admin", "\\ADMINISTRATOR", "\\test", "\\user1", "\\scanner"];

/// Prefixes of the hosts that stories happen on.
pub const STORY_HOST_PREFIXES: [&str; 6] = ["WKSTN-", "SRV-APP", "SRV-WEB", "LAPTOP-", "SRV-FIN", "VM-DEV"];

/// Prefixes of the servers that receive everyday RDP logons.
pub const SERVER_PREFIXES: [&str; 5] = ["SRV-RDS", "JUMP", "SRV-SQL", "SRV-FS", "DC"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::rows::activity_of;

    #[test]
    fn windows_event_texts_are_the_readers_mapping() {
        for id in [4624, 4625, 4634, 4648, 4672, 4688] {
            assert_eq!(windows_activity(id), activity_of(Some(id)), "{id}");
        }
        assert_eq!(windows_account_type("WKSTN-1$"), "Machine");
        assert_eq!(windows_account_type("asmith"), "User");
        assert_eq!(windows_account_type(""), "");
    }
}
