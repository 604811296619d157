//! The people, machines and addresses of a scenario (`Pools`), drawn once from its seed, and the
//! two spellings of a host name (`Host`).

use super::rng::SplitMix64;
use super::vocab;

/// A host name as the two tables may spell it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Host {
    /// `WKSTN-1042`
    pub(super) short: String,
    /// `WKSTN-1042.contoso.com`
    pub(super) fqdn: String,
}

/// The people, machines and addresses of a scenario.
#[derive(Clone, Debug)]
pub(super) struct Pools {
    pub(super) dns: String,
    /// Receive everyday RDP logons; never named by a recon alert.
    pub(super) servers: Vec<Host>,
    /// Never receive a 4624 of type 10; recon alerts of the noise may name them.
    pub(super) workstations: Vec<Host>,
    /// `CONTOSO\asmith`
    pub(super) users: Vec<String>,
    /// `alice.smith@contoso.com`
    pub(super) upns: Vec<String>,
    /// `CONTOSO\adm-asmith`
    pub(super) admins: Vec<String>,
    /// `CONTOSO\svc_sql`
    pub(super) services: Vec<String>,
    /// `CONTOSO\WKSTN-1042$`, one per host.
    pub(super) machines: Vec<String>,
    pub(super) internal_ips: Vec<String>,
    pub(super) external_ips: Vec<String>,
    /// Client names attackers' RDP clients report.
    pub(super) attacker_workstations: Vec<String>,
}

impl Pools {
    pub(super) fn new(rng: &mut SplitMix64, events: usize) -> Pools {
        let (netbios, dns) = *rng.pick(&vocab::DOMAINS);
        let server_count = (events / 10_000).clamp(6, 30);
        let workstation_count = (events / 2_000).clamp(16, 400);
        let user_count = (events / 1_000).clamp(24, 400);
        let servers: Vec<Host> = (0..server_count)
            .map(|i| {
                let prefix = vocab::SERVER_PREFIXES[i % vocab::SERVER_PREFIXES.len()];
                host(&format!("{prefix}{:02}", 1 + i / vocab::SERVER_PREFIXES.len()), dns)
            })
            .collect();
        let workstations: Vec<Host> = (0..workstation_count)
            .map(|i| {
                if i % 3 == 2 {
                    host(&format!("LAPTOP-{}", 2000 + i), dns)
                } else {
                    host(&format!("WKSTN-{}", 1000 + i), dns)
                }
            })
            .collect();
        // Distinct people: a shuffled walk over first name × surname.
        let combos = vocab::FIRST_NAMES.len() * vocab::SURNAMES.len();
        let mut order: Vec<usize> = (0..combos).collect();
        for i in (1..order.len()).rev() {
            let j = rng.index(0, i + 1);
            order.swap(i, j);
        }
        let people: Vec<(&str, &str)> = order
            .iter()
            .take(user_count)
            .map(|&k| (vocab::FIRST_NAMES[k % vocab::FIRST_NAMES.len()], vocab::SURNAMES[k / vocab::FIRST_NAMES.len()]))
            .collect();
        let login = |first: &str, last: &str| format!("{}{last}", &first[..1]);
        let users = people.iter().map(|(f, l)| format!("{netbios}\\{}", login(f, l))).collect();
        let upns = people.iter().map(|(f, l)| format!("{f}.{l}@{dns}")).collect();
        let admins = people.iter().take(6).map(|(f, l)| format!("{netbios}\\adm-{}", login(f, l))).collect();
        let services = vocab::SERVICE_ACCOUNTS.iter().map(|s| format!("{netbios}\\{s}")).collect();
        let machines =
            servers.iter().chain(workstations.iter()).map(|h| format!("{netbios}\\{}$", h.short)).collect();
        let internal_ips = (0..64).map(|_| format!("10.{}.{}.{}", 1 + rng.below(4), rng.below(32), 10 + rng.below(240))).collect();
        let nets = ["203.0.113", "198.51.100", "192.0.2"];
        let external_ips = (0..48).map(|i| format!("{}.{}", nets[i % 3], 2 + rng.below(250))).collect();
        let attacker_workstations =
            ["kali", "DESKTOP-7Q2M4RB", "WIN-R3LK0P2QX8A", "PC01", "-"].iter().map(|s| s.to_string()).collect();
        Pools {
            dns: dns.to_string(),
            servers,
            workstations,
            users,
            upns,
            admins,
            services,
            machines,
            internal_ips,
            external_ips,
            attacker_workstations,
        }
    }
}

pub(super) fn host(short: &str, dns: &str) -> Host {
    Host { short: short.to_string(), fqdn: format!("{short}.{dns}") }
}

