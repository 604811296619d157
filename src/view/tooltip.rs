//! Tooltips: `Tip` names what the pointer is over, and its `lines` are the text shown.
//!
//! The timeline's shapes carry their `Tip` in a `data-tip` attribute (`Tip::attr`), and one
//! listener reads it back (`Tip::parse`): no callback and no text is made per shape, so a zoom
//! step redraws thousands of shapes quickly. The text is made for the one shape hovered.

use super::lanes::MarkView;
use super::pivot::{PivotEntity, PivotLogon};
use super::results::{GroupView, ResultsView, StringId};
use crate::engine::Ticks;

/// What the pointer is over.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Tip {
    Group(usize),
    /// (lane, index into its marks)
    Mark(usize, usize),
    /// (lane, x from the chart's edge, matched, missed)
    Bin(usize, f64, u32, u32),
    /// An index into `ResultsView::sessions`.
    Session(usize),
    /// (lane, index into its lone 1149s)
    Lone(usize, usize),
    /// An index into the pivot's logons.
    PivotLogon(usize),
    /// (lane, x from the chart's edge, sessions): a run of sessions at a wide zoom.
    SessionRun(usize, f64, u32),
}

impl Tip {
    /// The `data-tip` attribute of the shape.
    pub fn attr(self) -> String {
        match self {
            Tip::Group(g) => format!("g {g}"),
            Tip::Mark(lane, m) => format!("m {lane} {m}"),
            Tip::Bin(lane, x, matched, missed) => format!("b {lane} {x} {matched} {missed}"),
            Tip::Session(s) => format!("s {s}"),
            Tip::Lone(lane, i) => format!("l {lane} {i}"),
            Tip::PivotLogon(i) => format!("p {i}"),
            Tip::SessionRun(lane, x, count) => format!("r {lane} {x} {count}"),
        }
    }

    /// Reads a `data-tip` attribute back; `None` for anything else.
    pub fn parse(attr: &str) -> Option<Tip> {
        let mut parts = attr.split(' ');
        let kind = parts.next()?;
        let mut num = || parts.next().and_then(|p| p.parse::<f64>().ok());
        let tip = match kind {
            "g" => Tip::Group(num()? as usize),
            "m" => Tip::Mark(num()? as usize, num()? as usize),
            "b" => Tip::Bin(num()? as usize, num()?, num()? as u32, num()? as u32),
            "s" => Tip::Session(num()? as usize),
            "l" => Tip::Lone(num()? as usize, num()? as usize),
            "p" => Tip::PivotLogon(num()? as usize),
            "r" => Tip::SessionRun(num()? as usize, num()?, num()? as u32),
            _ => return None,
        };
        Some(tip)
    }

    /// The tooltip's lines, or `None` when the results changed under it.
    pub fn lines(self, results: &ResultsView) -> Option<Vec<String>> {
        Some(match self {
            Tip::Group(gi) => results.groups.get(gi)?.lines(results),
            Tip::Mark(lane, mi) => results.lanes.get(lane)?.marks.get(mi)?.lines(results),
            Tip::Bin(_, _, matched, missed) => vec![format!("{matched} joined, {missed} near misses"), "Zoom in to see them one by one".into()],
            Tip::Session(si) => results.sessions.get(si)?.lines(results),
            Tip::Lone(lane, i) => results.lanes.get(lane)?.lone.get(i)?.lines(results),
            Tip::PivotLogon(i) => {
                let pivot = results.pivot.as_ref()?;
                pivot.logons.get(i)?.lines(&pivot.entity, results)
            }
            Tip::SessionRun(.., count) => vec![format!("{count} RDP sessions"), "Zoom in to see them one by one".into()],
        })
    }
}

impl GroupView {
    /// Its alerts, its counts, and its time, window and host.
    pub fn lines(&self, results: &ResultsView) -> Vec<String> {
        vec![
            self.names.join(", "),
            format!("count_ {} · number_alerts {} · {} joined logon(s)", self.count, self.names.len(), self.rows.len()),
            format!("{} · window {} · {}", self.time, results.params.window.to_kql(), self.entity),
        ]
    }
}

impl PivotLogon {
    /// Whose logon it is, when and where, and the row's details.
    pub fn lines(&self, entity: &PivotEntity, view: &ResultsView) -> Vec<String> {
        let s = |id: StringId| view.string(id);
        let number = |n: Option<i32>| n.map_or("-".to_string(), |n| n.to_string());
        vec![
            format!("Logon of the {} {}", entity.kind(), entity.text()),
            format!("{} · {} on {}", Ticks(self.ticks).to_iso(), s(self.account), s(self.host)),
            format!("EventID {} · LogonType {} · {} · {}:{}", number(self.event_id), number(self.logon_type), s(self.ip_address), s(self.file), self.line),
        ]
    }
}

impl MarkView {
    /// What it is (joined, or a near miss and why), when and who, and the row's details.
    pub fn lines(&self, view: &ResultsView) -> Vec<String> {
        let s = |id: StringId| view.string(id);
        let what = if self.matched { "Joined".to_string() } else { format!("Near miss: {}", s(self.reason)) };
        vec![
            what,
            format!("{} · {} on {}", self.time(), s(self.account), s(self.host)),
            format!(
                "{} · LogonType {} · {} · {}:{}",
                s(self.activity),
                self.logon_type.map_or("-".into(), |t| t.to_string()),
                s(self.ip_address),
                s(self.file),
                self.line
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{sample_bench, Export};
    use super::super::results::results;
    use super::*;
    use crate::engine::HuntParams;

    /// The tooltip of the one near miss beside an alert at 09:00 on WS01.
    fn miss_tip(params: &HuntParams, time: &str, event_id: i32, logon_type: Option<i32>, host: &str) -> Vec<String> {
        let mut export = Export::default();
        export.alert("2026-03-02T09:00:00Z", "Password Spray", "WS01");
        export.logon(time, event_id, logon_type, host);
        let view = results(&export.bench(), params);
        let marks = &view.lanes[0].marks;
        assert_eq!(marks.len(), 1, "{time} {event_id} {logon_type:?} {host}");
        assert!(!marks[0].matched);
        Tip::Mark(0, 0).lines(&view).expect("a mark")
    }

    /// What the tooltip says for each reason a logon missed: its first line is the reason, the
    /// others the logon as the export spells it.
    #[test]
    fn each_near_miss_reason() {
        let seed = HuntParams::default();
        let check = |params: &HuntParams, time: &str, event_id: i32, logon_type: Option<i32>, host: &str, expected: [&str; 3]| {
            assert_eq!(miss_tip(params, time, event_id, logon_type, host), expected);
        };
        let on = |host: &str, t: &str| format!("2026-03-02T09:{t}.0000000Z · CONTOSO\\Alice on {host}");
        check(&seed, "2026-03-02T09:05:00Z", 4624, Some(10), "ws01.contoso.com", [
            "Near miss: host spelled differently: WS01.CONTOSO.COM against WS01 (host normalisation would join it)",
            &on("ws01.contoso.com", "05:00"),
            "4624 - logon · LogonType 10 · 203.0.113.7 · events.csv:2",
        ]);
        check(&seed, "2026-03-02T09:05:00Z", 4625, Some(10), "WS01", [
            "Near miss: event 4625, not 4624",
            &on("WS01", "05:00"),
            "4625 - logon · LogonType 10 · 203.0.113.7 · events.csv:2",
        ]);
        check(&seed, "2026-03-02T09:05:00Z", 4624, Some(3), "WS01", [
            "Near miss: LogonType 3, not 10",
            &on("WS01", "05:00"),
            "4624 - logon · LogonType 3 · 203.0.113.7 · events.csv:2",
        ]);
        check(&HuntParams { logon_types: vec![10, 2], ..seed.clone() }, "2026-03-02T09:05:00Z", 4624, None, "WS01", [
            "Near miss: no LogonType, not 10 or 2",
            &on("WS01", "05:00"),
            "4624 - logon · LogonType - · 203.0.113.7 · events.csv:2",
        ]);
        check(&seed, "2026-03-02T08:48:00Z", 4624, Some(10), "WS01", [
            "Near miss: before the alert (−12 min)",
            "2026-03-02T08:48:00.0000000Z · CONTOSO\\Alice on WS01",
            "4624 - logon · LogonType 10 · 203.0.113.7 · events.csv:2",
        ]);
        check(&seed, "2026-03-02T09:15:30Z", 4624, Some(10), "WS01", [
            "Near miss: +15.50 min: after the 15m window",
            &on("WS01", "15:30"),
            "4624 - logon · LogonType 10 · 203.0.113.7 · events.csv:2",
        ]);
    }

    /// With host normalisation on, the FQDN joins: the same logon is a match.
    #[test]
    fn host_normalisation_turns_the_spelling_miss_into_a_match() {
        let mut export = Export::default();
        export.alert("2026-03-02T09:00:00Z", "Password Spray", "WS01");
        export.logon("2026-03-02T09:05:00Z", 4624, Some(10), "ws01.contoso.com");
        let view = results(&export.bench(), &HuntParams { normalize_hosts: true, ..HuntParams::default() });
        assert_eq!(Tip::Mark(0, 0).lines(&view).unwrap()[0], "Joined");
        assert!(view.kql.contains("HostKey"), "{}", view.kql);
    }

    #[test]
    fn groups_and_bins() {
        let view = results(&sample_bench(), &HuntParams::default());
        assert_eq!(
            Tip::Group(0).lines(&view).unwrap(),
            [
                "Atypical travel, Password Spray",
                "count_ 2 · number_alerts 2 · 1 joined logon(s)",
                "2026-03-02T09:00:00.0000000Z · window 15m · WS01",
            ]
        );
        assert_eq!(Tip::Mark(0, 0).lines(&view).unwrap()[0], "Joined");
        assert_eq!(Tip::Bin(0, 3.0, 2, 5).lines(&view).unwrap(), ["2 joined, 5 near misses", "Zoom in to see them one by one"]);
        assert_eq!(Tip::SessionRun(0, 3.0, 12).lines(&view).unwrap(), ["12 RDP sessions", "Zoom in to see them one by one"]);
        // Results that changed under the pointer: nothing to say.
        for gone in [Tip::Group(2), Tip::Mark(2, 0), Tip::Mark(0, 3)] {
            assert_eq!(gone.lines(&view), None, "{gone:?}");
        }
    }

    #[test]
    fn attr_round_trips() {
        let check = |tip: Tip, attr: &str| {
            assert_eq!(tip.attr(), attr);
            assert_eq!(Tip::parse(attr), Some(tip), "{attr}");
        };
        check(Tip::Group(0), "g 0");
        check(Tip::Group(9999), "g 9999");
        check(Tip::Mark(3, 17), "m 3 17");
        check(Tip::Bin(1, 42.0, 2, 5), "b 1 42 2 5");
        check(Tip::Bin(1, 1.5, 0, 1), "b 1 1.5 0 1");
        check(Tip::Session(12), "s 12");
        check(Tip::Lone(2, 0), "l 2 0");
        check(Tip::PivotLogon(7), "p 7");
        check(Tip::SessionRun(1, 2.5, 40), "r 1 2.5 40");
        for bad in ["", "g", "x 1", "m 1", "b 1 2 3", "g one", "s", "l 1"] {
            assert_eq!(Tip::parse(bad), None, "{bad}");
        }
    }
}
