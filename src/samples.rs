//! The page's built-in samples: named scenarios and exercises, one click away in a training room.
//!
//! Only "A day" ships as files (`www/sample/`, compiled in); the others are generated on the spot
//! from fixed seeds by the same generator, so they cost the bundle nothing and are identical on
//! every machine. `SAMPLES` lists them; `files` and `exercise` make their contents.

use crate::exercise::Exercise;
use crate::scenario::{Config, Difficulty, Format, SAMPLE_FILES};

/// One entry of the "Load sample" menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sample {
    pub id: &'static str,
    pub label: &'static str,
}

pub const SAMPLES: [Sample; 6] = [
    Sample { id: "day", label: "A day: 36 alerts, 300 events, 4 stories, near misses" },
    Sample { id: "one-story", label: "One story: a password spray, then RDP" },
    Sample { id: "busy-week", label: "A busy week: 2,000 alerts, 60,000 events" },
    Sample { id: "exercise-first-light", label: "Exercise: First light (easy)" },
    Sample { id: "exercise-night-shift", label: "Exercise: Night shift" },
    Sample { id: "exercise-edge-cases", label: "Exercise: Edge cases (hard)" },
];

fn config(seed: u64, alerts: usize, events: usize, difficulty: Difficulty) -> Config {
    Config { seed, alerts, events, difficulty, alert_format: Format::PortalCsv, event_format: Format::ApiJson }
}

/// The exports of a scenario sample, by file name.
pub fn files(id: &str) -> Option<Vec<(String, Vec<u8>)>> {
    let generated = |c: Config| {
        let scenario = crate::scenario::Scenario::generate(&c);
        let mut alerts = Vec::new();
        let mut events = Vec::new();
        scenario.write_alerts(&mut alerts).expect("writing to memory");
        scenario.write_events(&mut events).expect("writing to memory");
        vec![(c.alert_file_name(), alerts), (c.event_file_name(), events)]
    };
    match id {
        "day" => Some(SAMPLE_FILES.iter().map(|(n, b)| (n.to_string(), b.to_vec())).collect()),
        "one-story" => Some(generated(config(7, 1, 12, Difficulty::Easy))),
        "busy-week" => Some(generated(config(2024, 2_000, 60_000, Difficulty::Normal))),
        _ => None,
    }
}

/// The exercise of an exercise sample: the same as the shipped file in `www/exercises/`.
pub fn exercise(id: &str) -> Option<Exercise> {
    let (title, seed, difficulty, alerts, events) = match id {
        "exercise-first-light" => ("First light", 1001, Difficulty::Easy, 24, 200),
        "exercise-night-shift" => ("Night shift", 2002, Difficulty::Normal, 40, 400),
        "exercise-edge-cases" => ("Edge cases", 3003, Difficulty::Hard, 40, 600),
        _ => return None,
    };
    Some(Exercise::new(title, &config(seed, alerts, events, difficulty)))
}
