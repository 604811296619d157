//! `ingest::datetime::parse`: never panics; what it returns is in Kusto's range and round-trips.
#![no_main]
use huntbench::engine::time::{MAX_TICKS, TICKS_PER_DAY};
use huntbench::ingest::datetime::{parse, DateOrder, Parsed};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match parse(text) {
        Ok(Parsed::Exact { ticks, digits }) => {
            assert!((0..=MAX_TICKS).contains(&ticks.0), "{text:?}: {ticks:?}");
            // The CLI's own ISO form reads back to the same tick.
            let iso = ticks.to_iso();
            assert_eq!(parse(&iso), Ok(Parsed::Exact { ticks, digits: 7 }), "{text:?} -> {iso}");
            let _ = digits;
        }
        Ok(Parsed::DayMonth(dm)) => {
            assert!((1..=31).contains(&dm.first) && (1..=31).contains(&dm.second), "{text:?}: {dm:?}");
            assert!(!(dm.first > 12 && dm.second > 12), "{text:?}: {dm:?}");
            assert!((0..TICKS_PER_DAY).contains(&dm.time_of_day), "{text:?}: {dm:?}");
            for order in [DateOrder::MonthFirst, DateOrder::DayFirst] {
                if let Some(t) = dm.resolve(order) {
                    assert!((0..=MAX_TICKS).contains(&t.0), "{text:?}: {t:?}");
                }
            }
            match dm.settles() {
                Some(DateOrder::DayFirst) => assert!(dm.resolve(DateOrder::MonthFirst).is_none()),
                Some(DateOrder::MonthFirst) => assert!(dm.resolve(DateOrder::DayFirst).is_none()),
                None => {}
            }
        }
        Err(why) => assert!(!why.is_empty()),
    }
});
