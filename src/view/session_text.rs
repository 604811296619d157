//! The text of RDP sessions: the tooltip of a session (`SessionView::lines`) and of a lone 1149
//! (`LoneView::lines`), the detail of a clicked session (`SessionView::detail`), the table's
//! cells for a row's logon (`SessionView::cells`), and durations as people say them. An unknown
//! end says where the data of its host ends; it is never given as that time.

use super::results::{ResultsView, StringId};
use super::sessions::{EndView, EvidenceView, LoneView, SessionMarkKind, SessionMarkView, SessionView, StretchView};
use crate::engine::time::{TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND};
use crate::engine::Ticks;

fn iso(ticks: i64) -> String {
    Ticks(ticks).to_iso()
}

/// At most this many evidence lines in a tooltip; the clicked session lists them all.
pub const TIP_EVIDENCE: usize = 10;

/// A span of ticks as people say it: `850 ms`, `42 s`, `3 min 05 s`, `2 h 03 min`, `3 d 04 h`.
pub fn duration_text(ticks: i64) -> String {
    let t = ticks.max(0);
    let (d, h, m, s) = (t / TICKS_PER_DAY, t % TICKS_PER_DAY / TICKS_PER_HOUR, t % TICKS_PER_HOUR / TICKS_PER_MINUTE, t % TICKS_PER_MINUTE / TICKS_PER_SECOND);
    if d > 0 {
        format!("{d} d {h:02} h")
    } else if h > 0 {
        format!("{h} h {m:02} min")
    } else if m > 0 {
        format!("{m} min {s:02} s")
    } else if s > 0 {
        format!("{s} s")
    } else {
        format!("{} ms", t / (TICKS_PER_SECOND / 1000))
    }
}

impl SessionView {
    /// The start as the page says it.
    pub fn start_text(&self) -> String {
        self.start.map_or_else(|| "unknown (began before the data)".to_string(), iso)
    }

    /// The end as the page says it; an unknown end names where the data of the host ends.
    pub fn end_text(&self) -> String {
        let data_ends = format!("the data of this host ends at {}", iso(self.data_ends));
        match (self.end_cause, self.end) {
            (EndView::HostShutdown, Some(t)) => format!("no later than {} (host shutdown)", iso(t)),
            (EndView::Disconnected, _) => format!("unknown: disconnected, no reconnect or logoff in the data; {data_ends}"),
            (cause, Some(t)) => format!("{} ({})", iso(t), cause.as_str()),
            (_, None) => format!("unknown: no logoff in the data; {data_ends}"),
        }
    }

    pub fn duration_text(&self) -> String {
        match (self.start, self.end) {
            (Some(s), Some(e)) => duration_text(e - s),
            _ => "unknown".to_string(),
        }
    }

    /// Who, from where, when, how it ended and how long it lasted.
    fn summary(&self, view: &ResultsView) -> Vec<String> {
        let s = |id: StringId| view.string(id);
        let from = match (s(self.address), s(self.client)) {
            ("", "") => "from an unknown address".to_string(),
            (address, "") => format!("from {address}"),
            ("", client) => format!("from client {client}"),
            (address, client) => format!("from {address} (client {client})"),
        };
        let mut lines = vec![
            format!("RDP session of {} on {}", s(self.account), s(self.host)),
            from,
            format!("Start: {}", self.start_text()),
            format!("End: {}", self.end_text()),
            format!("Duration: {}", self.duration_text()),
        ];
        let ids: Vec<&str> = self.logon_ids.iter().map(|&id| s(id)).collect();
        let source = if self.lsm { "LocalSessionManager" } else { "Security" };
        lines.push(format!("Logon id {} · built from {source}", if ids.is_empty() { "-".to_string() } else { ids.join(" ") }));
        if self.client_changed {
            lines.push("The client name or address changed between connections".to_string());
        }
        lines.extend(self.stretches.iter().filter(|_| self.stretches.len() > 1).map(|st| st.line(view)));
        if !self.marks.is_empty() {
            lines.push(format!("Marks: {}", marks_text(&self.marks)));
        }
        lines
    }

    /// The tooltip: the summary and the first `TIP_EVIDENCE` evidence lines.
    pub fn lines(&self, view: &ResultsView) -> Vec<String> {
        let mut lines = self.summary(view);
        lines.push(format!("Evidence ({}):", self.evidence.len()));
        lines.extend(self.evidence.iter().take(TIP_EVIDENCE).map(|e| e.line(view)));
        if self.evidence.len() > TIP_EVIDENCE {
            lines.push(format!("… and {} more: click the session to list them all", self.evidence.len() - TIP_EVIDENCE));
        }
        lines
    }

    /// The clicked session: the summary, then every evidence line, files named in full.
    pub fn detail(&self, view: &ResultsView) -> (Vec<String>, Vec<String>) {
        (self.summary(view), self.evidence.iter().map(|e| e.full_line(view)).collect())
    }

    /// The table's Session end, End cause and Duration for the row whose logon started it.
    pub fn cells(&self) -> [String; 3] {
        let end = match (self.end_cause, self.end) {
            (EndView::HostShutdown, Some(t)) => format!("≤ {}", iso(t)),
            (_, Some(t)) => iso(t),
            (_, None) => "unknown".to_string(),
        };
        [end, self.end_cause.as_str().to_string(), self.duration_text()]
    }
}

impl StretchView {
    fn line(&self, view: &ResultsView) -> String {
        let s = |id: StringId| view.string(id);
        let when = |t: Option<i64>| t.map_or("unknown".to_string(), |t| iso(t)[11..23].to_string());
        let state = if self.connected { "connected" } else { "disconnected" };
        let mut line = format!("{state} {} → {}", when(self.from), when(self.to));
        for (label, id) in [("", self.session_name), ("client ", self.client_name), ("", self.client_address)] {
            if !s(id).is_empty() {
                line.push_str(&format!(" · {label}{}", s(id)));
            }
        }
        if !s(self.reason).is_empty() {
            line.push_str(&format!(" · reason {}", s(self.reason)));
        }
        line
    }
}

impl EvidenceView {
    /// `4624 Security 07:09:22.558 · …_2020-09-04030609.json:23653`: the time of day and the file
    /// said short (the end of an archive's member), for tooltips; the date is the session's.
    pub fn line(&self, view: &ResultsView) -> String {
        let channel = short_channel(view.string(self.channel));
        format!("{} {channel} {} · {}:{}", self.event_id, &iso(self.ticks)[11..23], short_file(view.string(self.file)), self.line)
    }

    /// `4624 Security 2020-09-04T07:09:22.5580000Z · file:line (EventTime ...)`, the file's
    /// whole name: for the clicked session.
    pub fn full_line(&self, view: &ResultsView) -> String {
        let s = |id: StringId| view.string(id);
        let channel = short_channel(s(self.channel));
        let mut line = format!("{} {channel} {} · {}:{}", self.event_id, iso(self.ticks), s(self.file), self.line);
        if !s(self.event_time).is_empty() {
            line.push_str(&format!(" (EventTime {})", s(self.event_time)));
        }
        line
    }
}

impl LoneView {
    pub fn lines(&self, view: &ResultsView) -> Vec<String> {
        let s = |id: StringId| view.string(id);
        vec![
            "1149: network authentication succeeded, joined to no session (unattached)".to_string(),
            format!("{} from {}", or_unknown(s(self.user)), or_unknown(s(self.address))),
            self.evidence.line(view),
        ]
    }
}

fn or_unknown(text: &str) -> &str {
    if text.is_empty() {
        "unknown"
    } else {
        text
    }
}

/// `Microsoft-Windows-TerminalServices-LocalSessionManager/Operational` → `LocalSessionManager`.
fn short_channel(channel: &str) -> &str {
    let name = channel.strip_suffix("/Operational").unwrap_or(channel);
    name.rsplit_once("TerminalServices-").map_or(name, |(_, rest)| rest)
}

/// Marks by kind, in order of first appearance, each time once with how many fell on it:
/// `nla 07:09:21.668, 07:09:30.858 · lock 07:09:30.860 · reconnect 07:09:31.230 ×2`.
fn marks_text(marks: &[SessionMarkView]) -> String {
    let mut kinds: Vec<(SessionMarkKind, Vec<(i64, usize)>)> = Vec::new();
    for m in marks {
        let times = match kinds.iter_mut().find(|(k, _)| *k == m.kind) {
            Some((_, times)) => times,
            None => {
                kinds.push((m.kind, Vec::new()));
                &mut kinds.last_mut().expect("just pushed").1
            }
        };
        match times.iter_mut().find(|(t, _)| *t == m.ticks) {
            Some((_, n)) => *n += 1,
            None => times.push((m.ticks, 1)),
        }
    }
    let kind_text = |(kind, times): &(SessionMarkKind, Vec<(i64, usize)>)| {
        let times: Vec<String> = times.iter().map(|&(t, n)| format!("{}{}", &iso(t)[11..23], if n > 1 { format!(" ×{n}") } else { String::new() })).collect();
        format!("{} {}", kind.as_str(), times.join(", "))
    };
    kinds.iter().map(kind_text).collect::<Vec<_>>().join(" · ")
}

/// The longest file name a tooltip shows whole.
const SHORT_FILE: usize = 28;

/// The last member of a `zip › member` name, cut to its last `SHORT_FILE` characters.
fn short_file(file: &str) -> String {
    let member = file.rsplit_once(" › ").map_or(file, |(_, member)| member);
    let count = member.chars().count();
    if count <= SHORT_FILE {
        member.to_string()
    } else {
        let tail: String = member.chars().skip(count - (SHORT_FILE - 1)).collect();
        format!("…{tail}")
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::session_bench;
    use super::super::results::{results, RowView};
    use super::super::tooltip::Tip;
    use super::*;
    use crate::engine::time::TICKS_PER_MILLISECOND;
    use crate::engine::HuntParams;

    #[test]
    fn marks_by_kind() {
        let at = |ms: i64| 9 * TICKS_PER_HOUR + ms * TICKS_PER_MILLISECOND;
        let check = |marks: &[(SessionMarkKind, i64)], expected: &str| {
            let marks: Vec<SessionMarkView> = marks.iter().map(|&(kind, ms)| SessionMarkView { kind, ticks: at(ms) }).collect();
            assert_eq!(marks_text(&marks), expected);
        };
        use SessionMarkKind::*;
        check(&[(Nla, 0), (Nla, 9_190), (Lock, 9_192), (Reconnect, 9_562), (Reconnect, 9_562), (Unlock, 9_562), (Reconnect, 9_563)],
            "nla 09:00:00.000, 09:00:09.190 · lock 09:00:09.192 · reconnect 09:00:09.562 ×2, 09:00:09.563 · unlock 09:00:09.562");
        check(&[(Unlock, 5)], "unlock 09:00:00.005");
        check(&[], "");
    }

    #[test]
    fn durations_as_people_say_them() {
        let check = |ticks: i64, expected: &str| assert_eq!(duration_text(ticks), expected, "{ticks}");
        check(0, "0 ms");
        check(850 * TICKS_PER_MILLISECOND, "850 ms");
        check(42 * TICKS_PER_SECOND + 999 * TICKS_PER_MILLISECOND, "42 s");
        check(3 * TICKS_PER_MINUTE + 5 * TICKS_PER_SECOND, "3 min 05 s");
        check(2 * TICKS_PER_HOUR + 3 * TICKS_PER_MINUTE + 59 * TICKS_PER_SECOND, "2 h 03 min");
        check(3 * TICKS_PER_DAY + 4 * TICKS_PER_HOUR, "3 d 04 h");
        check(-5, "0 ms");
    }

    /// The table's Session end, End cause and Duration come from the session the row's logon
    /// started.
    #[test]
    fn row_cells_are_its_session() {
        let view = results(&session_bench(), &HuntParams::default());
        assert_eq!(view.rows.len(), 1);
        assert_eq!(view.rows[0].session_cells(&view), ["2026-03-02T10:00:00.0000000Z", "logoff 4634", "55 min 00 s"]);
        let none = RowView { session: None, ..view.rows[0].clone() };
        assert_eq!(none.session_cells(&view), ["-", "-", "-"]);
        let check = |end: Option<i64>, cause: EndView, expected: [&str; 3]| {
            let s = SessionView { end, end_cause: cause, ..view.sessions[0].clone() };
            assert_eq!(s.cells(), expected, "{end:?} {cause:?}");
        };
        let ten = view.sessions[0].end;
        check(None, EndView::Unknown, ["unknown", "unknown", "unknown"]);
        check(None, EndView::Disconnected, ["unknown", "disconnected", "unknown"]);
        check(ten, EndView::HostShutdown, ["≤ 2026-03-02T10:00:00.0000000Z", "host shutdown", "55 min 00 s"]);
    }

    fn tip_of(view: &ResultsView, account: &str) -> Vec<String> {
        let si = view.sessions.iter().position(|s| view.string(s.account) == account).expect(account);
        Tip::Session(si).lines(view).expect("a session")
    }

    /// What the tooltip says of each: who, from where, when, how it ended, how long, the
    /// stretches when there are several, and the evidence with its file and line.
    #[test]
    fn tooltips_tell_the_session() {
        let view = results(&session_bench(), &HuntParams::default());
        assert_eq!(
            tip_of(&view, "contoso\\alice"),
            [
                "RDP session of contoso\\alice on WS01",
                "from 203.0.113.7 (client alice-pc)",
                "Start: 2026-03-02T09:05:00.0000000Z",
                "End: 2026-03-02T10:00:00.0000000Z (logoff 4634)",
                "Duration: 55 min 00 s",
                "Logon id 0x100 · built from Security",
                "connected 09:05:00.000 → 09:20:00.000 · RDP-Tcp#0 · client alice-pc · 203.0.113.7",
                "disconnected 09:20:00.000 → 09:30:00.000 · RDP-Tcp#0 · client alice-pc · 203.0.113.7",
                "connected 09:30:00.000 → 10:00:00.000 · RDP-Tcp#1 · client alice-pc · 203.0.113.7",
                "Evidence (4):",
                "4624 Security 09:05:00.000 · sessions.csv:2",
                "4779 Security 09:20:00.000 · sessions.csv:3",
                "4778 Security 09:30:00.000 · sessions.csv:4",
                "4634 Security 10:00:00.000 · sessions.csv:5",
            ]
        );
        // No logoff: said so, with where the host's data ends; never closed there.
        assert_eq!(
            tip_of(&view, "contoso\\bob"),
            [
                "RDP session of contoso\\bob on WS09",
                "from 198.51.100.4",
                "Start: 2026-03-02T09:10:00.0000000Z",
                "End: unknown: no logoff in the data; the data of this host ends at 2026-03-02T11:00:00.0000000Z",
                "Duration: unknown",
                "Logon id 0x200 · built from Security",
                "Evidence (1):",
                "4624 Security 09:10:00.000 · sessions.csv:6",
            ]
        );
        let carol = tip_of(&view, "contoso\\carol");
        assert_eq!(carol[2..5], ["Start: unknown (began before the data)", "End: 2026-03-02T09:40:00.0000000Z (logoff 4647)", "Duration: unknown"]);
        assert_eq!(carol[6], "connected unknown → 09:35:00.000 · RDP-Tcp#4 · client carol-pc · 192.0.2.5");
    }

    /// Many evidence lines: the tooltip shows the first ten and says how many more there are;
    /// the detail lists them all. Channels and files are said short, EventTime when known.
    #[test]
    fn long_evidence_is_cut_in_the_tooltip_only() {
        let mut view = results(&session_bench(), &HuntParams::default());
        let lsm = view.strings.len() as u32;
        view.strings.push("Microsoft-Windows-TerminalServices-LocalSessionManager/Operational".into());
        view.strings.push("otrf.zip › host.json".into());
        view.strings.push("otrf.zip › empire_persistence_registry_2020-09-04030609.json".into());
        view.strings.push("2020-09-04 03:08:20".into());
        let e = EvidenceView { event_id: 21, channel: StringId(lsm), ticks: view.sessions[0].first, event_time: StringId(lsm + 3), file: StringId(lsm + 1), line: 7 };
        assert_eq!(e.line(&view), "21 LocalSessionManager 09:05:00.000 · host.json:7");
        assert_eq!(e.full_line(&view), "21 LocalSessionManager 2026-03-02T09:05:00.0000000Z · otrf.zip › host.json:7 (EventTime 2020-09-04 03:08:20)");
        let long = EvidenceView { file: StringId(lsm + 2), ..e };
        assert_eq!(long.line(&view), "21 LocalSessionManager 09:05:00.000 · …istry_2020-09-04030609.json:7");
        view.sessions[0].evidence = vec![e; 25];
        let lines = Tip::Session(0).lines(&view).unwrap();
        assert_eq!(lines.iter().filter(|l| l.starts_with("21 ")).count(), TIP_EVIDENCE);
        assert_eq!(lines.last().unwrap(), "… and 15 more: click the session to list them all");
        assert!(lines.contains(&"Evidence (25):".to_string()));
        let (summary, evidence) = view.sessions[0].detail(&view);
        assert_eq!((summary[0].as_str(), evidence.len()), ("RDP session of contoso\\alice on WS01", 25));
    }

    #[test]
    fn lone_1149s_say_they_joined_nothing() {
        let mut view = results(&session_bench(), &HuntParams::default());
        let rcm = view.strings.len() as u32;
        view.strings.extend(["Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational".into(), "THESHIRE\\pgustavo".into()]);
        let evidence = EvidenceView { event_id: 1149, channel: StringId(rcm), ticks: view.sessions[0].first, event_time: StringId::EMPTY, file: StringId::EMPTY, line: 3 };
        view.lanes[0].lone.push(LoneView { user: StringId(rcm + 1), address: StringId::EMPTY, evidence });
        assert_eq!(
            Tip::Lone(0, 0).lines(&view).unwrap(),
            [
                "1149: network authentication succeeded, joined to no session (unattached)",
                "THESHIRE\\pgustavo from unknown",
                "1149 RemoteConnectionManager 09:05:00.000 · :3",
            ]
        );
        assert_eq!(Tip::Lone(0, 1).lines(&view), None);
        assert_eq!(Tip::Session(9).lines(&view), None);
    }
}
