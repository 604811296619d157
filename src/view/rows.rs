//! Which result rows the table shows, and in which order: a filter over every value and the
//! group's alert names, and a sort by one of the 8 columns.

use super::results::ResultsView;

/// Table sort: a column of the 8, ascending or not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    pub column: usize,
    pub ascending: bool,
}

/// Which rows show, in which order: indexes into `ResultsView::rows`.
pub fn visible_rows(results: &ResultsView, filter: &str, sort: Sort) -> Vec<usize> {
    let needle = filter.trim().to_lowercase();
    let mut rows: Vec<usize> = (0..results.rows.len())
        .filter(|&i| {
            if needle.is_empty() {
                return true;
            }
            let r = &results.rows[i];
            r.values.iter().any(|v| v.to_lowercase().contains(&needle))
                || results.groups[r.group].names.iter().any(|n| n.to_lowercase().contains(&needle))
        })
        .collect();
    let key = |i: &usize| -> &str {
        let r = &results.rows[*i];
        r.values.get(sort.column).map(String::as_str).unwrap_or("")
    };
    // Stable: equal keys keep the engine's order (TimeGenerated, then Interactivelogontime).
    rows.sort_by(|a, b| key(a).cmp(key(b)));
    if !sort.ascending {
        rows.reverse();
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::super::fixture::Export;
    use super::super::results::results;
    use super::*;
    use crate::engine::HuntParams;

    /// Three rows on WS01: Alice at 09:01 and 09:03 from .7, Bob at 09:02 from .9.
    fn view() -> ResultsView {
        let mut export = Export::default();
        export.alert("2026-03-02T09:00:00Z", "Password Spray", "WS01");
        for t in ["01", "03"] {
            export.logon(&format!("2026-03-02T09:{t}:00Z"), 4624, Some(10), "WS01");
        }
        let mut bench = export.bench();
        let bob = "TimeGenerated,EventID,LogonType,Account,Computer,IpAddress\n2026-03-02T09:02:00Z,4624,10,CONTOSO\\Bob,WS01,203.0.113.9\n";
        bench.load("bob.csv", bob.as_bytes(), &crate::ingest::ReadOptions::default());
        results(&bench, &HuntParams::default())
    }

    #[test]
    fn filter_and_sort() {
        let view = view();
        let accounts = |rows: Vec<usize>| rows.iter().map(|&i| view.rows[i].values[2].clone()).collect::<Vec<_>>();
        let by_time = Sort { column: 0, ascending: true };
        let check = |filter: &str, sort: Sort, expected: &[usize]| assert_eq!(visible_rows(&view, filter, sort), expected, "{filter:?} {sort:?}");
        // The engine's order: Interactivelogontime within the group.
        assert_eq!(accounts(visible_rows(&view, "", by_time)), ["contoso\\alice", "contoso\\bob", "contoso\\alice"]);
        check("", by_time, &[0, 1, 2]);
        check("", Sort { column: 0, ascending: false }, &[2, 1, 0]);
        check("", Sort { column: 2, ascending: true }, &[0, 2, 1]);
        check("", Sort { column: 2, ascending: false }, &[1, 2, 0]);
        check("  BOB ", by_time, &[1]);
        check("203.0.113.7", by_time, &[0, 2]);
        check("password spray", by_time, &[0, 1, 2]);
        check("nobody", by_time, &[]);
        check("", Sort { column: 99, ascending: true }, &[0, 1, 2]);
    }
}
