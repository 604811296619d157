//! What an event is to a session: `ChannelKind` (from the channel or provider text, without
//! case) and `EventKind` (from the channel and the id together), so Sysmon's 22 or the System
//! channel's 25 never pass for LocalSessionManager's, and a row without a channel is Security
//! only for the Security ids.

/// Where an event was written, from its channel text (or its provider when there is no channel).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChannelKind {
    Security,
    LocalSessionManager,
    RemoteConnectionManager,
    System,
    /// Sysmon, PowerShell and every other channel: nothing of a session.
    Other,
    /// The row names no channel: Security for the Security ids, nothing otherwise.
    Missing,
}

impl ChannelKind {
    /// Channel or provider text, without case: `security`,
    /// `Microsoft-Windows-TerminalServices-LocalSessionManager/Operational`, `User32`...
    pub fn parse(text: &str) -> ChannelKind {
        let t = text.trim().to_ascii_lowercase();
        if t.is_empty() {
            ChannelKind::Missing
        } else if t.contains("terminalservices-localsessionmanager") {
            ChannelKind::LocalSessionManager
        } else if t.contains("terminalservices-remoteconnectionmanager") {
            ChannelKind::RemoteConnectionManager
        } else if matches!(t.as_str(), "security" | "microsoft-windows-security-auditing" | "microsoft-windows-eventlog") {
            ChannelKind::Security
        } else if matches!(t.as_str(), "system" | "user32" | "eventlog") {
            ChannelKind::System
        } else {
            ChannelKind::Other
        }
    }

    /// The channel's full name, for evidence whose row named none.
    pub fn name(self) -> &'static str {
        match self {
            ChannelKind::Security | ChannelKind::Missing => "Security",
            ChannelKind::LocalSessionManager => "Microsoft-Windows-TerminalServices-LocalSessionManager/Operational",
            ChannelKind::RemoteConnectionManager => "Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational",
            ChannelKind::System => "System",
            ChannelKind::Other => "",
        }
    }

    /// Security-channel events are compared with Security's own boot (4608), the others with
    /// the System channel's: collector times differ per channel.
    pub fn is_security(self) -> bool {
        matches!(self, ChannelKind::Security | ChannelKind::Missing)
    }
}

/// The role of an event, from its channel and id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EventKind {
    /// Security 4624, any logon type (10 and 12 start sessions, 7 and 3 are marks).
    Logon,
    /// Security 4634.
    Logoff,
    /// Security 4647.
    UserLogoff,
    /// Security 4778.
    Reconnect,
    /// Security 4779.
    Disconnect,
    /// Security 4800.
    Lock,
    /// Security 4801.
    Unlock,
    /// LSM 21.
    LsmLogon,
    /// LSM 22.
    LsmShell,
    /// LSM 23.
    LsmLogoff,
    /// LSM 24.
    LsmDisconnect,
    /// LSM 25.
    LsmReconnect,
    /// LSM 39.
    LsmTakeover,
    /// LSM 40.
    LsmReason,
    /// LSM 41 and 42.
    LsmArbitration,
    /// RCM 1149.
    RcmAuth,
    /// RCM 261.
    RcmListener,
    /// LSM 54, User32 1074, 1100, 4609.
    Shutdown,
    /// 4608, 6005, 6009.
    Boot,
}

impl EventKind {
    /// The role of event `id` written to `channel`, if it has one in a session.
    pub fn of(channel: ChannelKind, id: i32) -> Option<EventKind> {
        use EventKind::*;
        Some(match (channel, id) {
            (ChannelKind::Security | ChannelKind::Missing, _) => match id {
                4624 => Logon,
                4634 => Logoff,
                4647 => UserLogoff,
                4778 => Reconnect,
                4779 => Disconnect,
                4800 => Lock,
                4801 => Unlock,
                4608 => Boot,
                4609 | 1100 => Shutdown,
                _ => return None,
            },
            (ChannelKind::LocalSessionManager, _) => match id {
                21 => LsmLogon,
                22 => LsmShell,
                23 => LsmLogoff,
                24 => LsmDisconnect,
                25 => LsmReconnect,
                39 => LsmTakeover,
                40 => LsmReason,
                41 | 42 => LsmArbitration,
                54 => Shutdown,
                _ => return None,
            },
            (ChannelKind::RemoteConnectionManager, 1149) => RcmAuth,
            (ChannelKind::RemoteConnectionManager, 261) => RcmListener,
            (ChannelKind::System, 1074) => Shutdown,
            (ChannelKind::System, 6005 | 6009) => Boot,
            _ => return None,
        })
    }

    /// LSM 21 to 25: the events that pair into LSM sessions by SessionID.
    pub fn is_lsm_core(self) -> bool {
        use EventKind::*;
        matches!(self, LsmLogon | LsmShell | LsmLogoff | LsmDisconnect | LsmReconnect)
    }

    /// RCM events and the LSM events that only join a session someone else built.
    pub fn is_satellite(self) -> bool {
        use EventKind::*;
        matches!(self, LsmTakeover | LsmReason | LsmArbitration | RcmAuth | RcmListener)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels_parse_without_case() {
        for (text, kind) in [
            ("Security", ChannelKind::Security),
            ("security", ChannelKind::Security),
            ("Microsoft-Windows-Security-Auditing", ChannelKind::Security),
            ("Microsoft-Windows-TerminalServices-LocalSessionManager/Operational", ChannelKind::LocalSessionManager),
            ("microsoft-windows-terminalservices-localsessionmanager", ChannelKind::LocalSessionManager),
            ("Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational", ChannelKind::RemoteConnectionManager),
            ("SYSTEM", ChannelKind::System),
            ("User32", ChannelKind::System),
            ("Microsoft-Windows-Sysmon/Operational", ChannelKind::Other),
            ("", ChannelKind::Missing),
            ("  ", ChannelKind::Missing),
        ] {
            assert_eq!(ChannelKind::parse(text), kind, "{text}");
        }
    }

    #[test]
    fn roles_need_channel_and_id() {
        for (channel, id, kind) in [
            ("Security", 4624, Some(EventKind::Logon)),
            ("", 4624, Some(EventKind::Logon)),
            ("", 21, None),
            ("", 1149, None),
            ("Microsoft-Windows-Sysmon/Operational", 22, None),
            ("Microsoft-Windows-Sysmon/Operational", 23, None),
            ("System", 25, None),
            ("System", 6005, Some(EventKind::Boot)),
            ("Security", 6005, None),
            ("Microsoft-Windows-TerminalServices-LocalSessionManager/Operational", 25, Some(EventKind::LsmReconnect)),
            ("Microsoft-Windows-TerminalServices-LocalSessionManager/Operational", 4624, None),
            ("Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational", 1149, Some(EventKind::RcmAuth)),
        ] {
            assert_eq!(EventKind::of(ChannelKind::parse(channel), id), kind, "{channel} {id}");
        }
    }
}
