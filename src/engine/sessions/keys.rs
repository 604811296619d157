//! How values from different channels are compared: `IdKey` (logon ids), `UserKey` (users),
//! `host_key` (the hunt's host key) and the small tests on text (absent, `LOCAL`, elevated).

use std::collections::HashMap;

use crate::engine::hunt::short_host;
use crate::engine::table::{StringPool, Sym};
use crate::engine::text::{lower_simple, upper_simple};

/// The hunt's host key: `toupper` with the simple mapping, shortened when host normalisation is on.
pub fn host_key(host: &str, normalize: bool) -> String {
    let upper = upper_simple(host);
    if normalize {
        short_host(&upper).to_string()
    } else {
        upper
    }
}

/// A logon id as compared: `0xA96E8`, `0xa96e8` and `0x000a96e8` are one number; text that is
/// no number compares exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IdKey {
    Number(u64),
    Text(Sym),
}

impl IdKey {
    /// `None` for the values that name no logon: empty, `-`, zero.
    pub fn of(pool: &StringPool, sym: Sym) -> Option<IdKey> {
        IdKey::from_text(pool.resolve(sym), || Some(sym))
    }

    /// The key of `text` without interning it: text that is no number and was never
    /// interned is no key of any event.
    pub fn lookup(pool: &StringPool, text: &str) -> Option<IdKey> {
        IdKey::from_text(text, || pool.get(text))
    }

    fn from_text(text: &str, sym: impl FnOnce() -> Option<Sym>) -> Option<IdKey> {
        let text = text.trim();
        if is_absent(text) {
            return None;
        }
        let number = match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
            Some(hex) => u64::from_str_radix(hex, 16).ok(),
            None => text.parse::<u64>().ok(),
        };
        match number {
            Some(0) => None,
            Some(n) => Some(IdKey::Number(n)),
            None => sym().map(IdKey::Text),
        }
    }
}

/// Empty or `-`: the field has no value.
pub fn is_absent(text: &str) -> bool {
    let t = text.trim();
    t.is_empty() || t == "-"
}

/// `LOCAL`: a console connection, not RDP.
pub fn is_local(text: &str) -> bool {
    text.trim().eq_ignore_ascii_case("LOCAL")
}

/// `Console`: a 4778/4779 of fast user switching, not RDP.
pub fn is_console_session(text: &str) -> bool {
    text.trim().eq_ignore_ascii_case("Console")
}

/// ElevatedToken: `%%1842` or yes is elevated, `%%1843` or no is not; anything else unknown.
pub fn elevated(text: &str) -> Option<bool> {
    let t = text.trim().to_ascii_lowercase();
    match t.as_str() {
        "%%1842" | "yes" | "true" => Some(true),
        "%%1843" | "no" | "false" => Some(false),
        _ => None,
    }
}

/// A user as the fallback link compares it: the name without case, and the domain's first
/// label when the text names one (`THESHIRE\pgustavo`, `pgustavo@theshire.local`, `pgustavo`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UserKey {
    pub name: u32,
    /// 0 when the text names no domain.
    pub domain: u32,
}

impl UserKey {
    /// Same name, and the same domain unless one side names none.
    pub fn matches(self, other: UserKey) -> bool {
        self.name == other.name && (self.domain == 0 || other.domain == 0 || self.domain == other.domain)
    }
}

/// Makes `UserKey`s, memoised per `Sym`, with names and domains numbered locally.
#[derive(Default)]
pub struct Users {
    parts: HashMap<String, u32>,
    by_sym: HashMap<Sym, Option<UserKey>>,
}

impl Users {
    pub fn key(&mut self, pool: &StringPool, sym: Sym) -> Option<UserKey> {
        if let Some(&known) = self.by_sym.get(&sym) {
            return known;
        }
        let key = self.parse(pool.resolve(sym));
        self.by_sym.insert(sym, key);
        key
    }

    fn parse(&mut self, text: &str) -> Option<UserKey> {
        let lower = lower_simple(text.trim());
        let (domain, name) = match (lower.split_once('\\'), lower.rsplit_once('@')) {
            (Some((domain, name)), _) => (domain, name),
            (None, Some((name, domain))) => (domain, name),
            (None, None) => ("", lower.as_str()),
        };
        let domain = domain.split('.').next().unwrap_or("");
        if is_absent(name) {
            return None;
        }
        let name = self.part(name);
        let domain = if domain.is_empty() { 0 } else { self.part(domain) };
        Some(UserKey { name, domain })
    }

    fn part(&mut self, text: &str) -> u32 {
        let next = self.parts.len() as u32 + 1;
        *self.parts.entry(text.to_string()).or_insert(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logon_ids_compare_as_numbers() {
        let mut pool = StringPool::default();
        let mut key = |s: &str| {
            let sym = pool.intern(s);
            IdKey::of(&pool, sym)
        };
        assert_eq!(key("0xA96E8"), Some(IdKey::Number(0xa96e8)));
        assert_eq!(key("0x000a96e8"), Some(IdKey::Number(0xa96e8)));
        assert_eq!(key("693992"), Some(IdKey::Number(693_992)));
        for absent in ["", "-", "0x0", "0", " "] {
            assert_eq!(key(absent), None, "{absent:?}");
        }
        assert!(matches!(key("0xZZ"), Some(IdKey::Text(_))));
    }

    #[test]
    fn users_match_across_forms() {
        let mut pool = StringPool::default();
        let mut users = Users::default();
        let mut key = |s: &str| {
            let sym = pool.intern(s);
            users.key(&pool, sym)
        };
        let a = key("THESHIRE\\pgustavo").unwrap();
        for same in ["theshire\\PGUSTAVO", "pgustavo", "pgustavo@theshire.local", "theshire.local\\pgustavo"] {
            assert!(a.matches(key(same).unwrap()), "{same}");
        }
        for other in ["OTHER\\pgustavo", "THESHIRE\\alice"] {
            assert!(!a.matches(key(other).unwrap()), "{other}");
        }
        assert_eq!(key(""), None);
        assert_eq!(key("-"), None);
    }

    #[test]
    fn small_value_tests() {
        assert_eq!(elevated("%%1842"), Some(true));
        assert_eq!(elevated("No"), Some(false));
        assert_eq!(elevated(""), None);
        assert!(is_local("local") && !is_local("10.0.0.1"));
        assert!(is_console_session("Console") && !is_console_session("RDP-Tcp#0"));
        assert_eq!(host_key("ws01.contoso.com", false), "WS01.CONTOSO.COM");
        assert_eq!(host_key("ws01.contoso.com", true), "WS01");
    }
}
