//! Exercises: one file a trainer hands out, checked offline in the page.
//!
//! An `Exercise` holds a generated scenario's exports (as text), a story, and `Question`s whose
//! answers are stored only as salted SHA-256 hashes of the normalised answer, so the file does
//! not give them away. `Exercise::new` builds one from a `scenario::Config` (`new_with` with
//! `scenario::Options`: with sessions, questions on the RDP sessions too); `Question::check`
//! tells whether an answer is right; `Exercise::from_json` reads a file back.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::engine::text::{lower_simple, upper_simple};
use crate::scenario::{Config, NearMissReason, Options, Scenario, SessionKey, SessionsKey, SplitMix64};

/// The key that marks an exercise file, and its format version.
pub const MARKER: &str = "huntbench_exercise";
pub const VERSION: u32 = 1;
/// Exercise files are small; a larger file is refused rather than held in memory.
pub const MAX_BYTES: usize = 32 * 1024 * 1024;

/// How an answer is compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnswerKind {
    /// One value: case and surrounding space do not matter.
    One,
    /// A list, in any order, separated by commas, semicolons, spaces or new lines.
    Set,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub prompt: String,
    pub kind: AnswerKind,
    pub points: u32,
    /// Revealed one at a time.
    pub hints: Vec<String>,
    /// Hex; mixed into the hash so equal answers of two exercises hash apart.
    pub salt: String,
    /// Hex SHA-256 of the salt and the normalised answer.
    pub answer_sha256: String,
}

impl Question {
    fn new(id: &str, prompt: String, kind: AnswerKind, points: u32, hints: Vec<String>, answer: &str, rng: &mut SplitMix64) -> Question {
        let salt = format!("{:016x}{:016x}", rng.next_u64(), rng.next_u64());
        let answer_sha256 = hash(&salt, &normalise(kind, answer));
        Question { id: id.to_string(), prompt, kind, points, hints, salt, answer_sha256 }
    }

    pub fn check(&self, answer: &str) -> bool {
        hash(&self.salt, &normalise(self.kind, answer)) == self.answer_sha256
    }
}

/// The form an answer is hashed in: lower-cased (simple mapping), trimmed, inner space collapsed;
/// a set also split, sorted and de-duplicated.
pub fn normalise(kind: AnswerKind, answer: &str) -> String {
    let lower = lower_simple(answer);
    match kind {
        AnswerKind::One => lower.split_whitespace().collect::<Vec<_>>().join(" "),
        AnswerKind::Set => {
            let mut items: Vec<&str> =
                lower.split(|c: char| c == ',' || c == ';' || c.is_whitespace()).filter(|s| !s.is_empty()).collect();
            items.sort_unstable();
            items.dedup();
            items.join(",")
        }
    }
}

pub fn hash(salt: &str, normalised: &str) -> String {
    let mut h = Sha256::new();
    h.update(salt.as_bytes());
    h.update([0u8]);
    h.update(normalised.as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Hex SHA-256 of a file's bytes: the key under which the page keeps its progress.
pub fn file_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// One export inside the exercise.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExerciseFile {
    pub name: String,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exercise {
    /// Always `VERSION`; its key marks the file as an exercise.
    pub huntbench_exercise: u32,
    pub title: String,
    pub story: String,
    pub files: Vec<ExerciseFile>,
    pub questions: Vec<Question>,
}

/// Whether the first bytes of a file look like an exercise.
pub fn looks_like_exercise(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&head[..head.len().min(256)]);
    text.trim_start_matches('\u{feff}').trim_start().starts_with('{') && text.contains(MARKER)
}

fn minutes_between(from: &str, to: &str) -> Option<i64> {
    let parse = |s: &str| match crate::ingest::datetime::parse(s) {
        Ok(crate::ingest::datetime::Parsed::Exact { ticks, .. }) => Some(ticks.0),
        _ => None,
    };
    Some((parse(to)? - parse(from)?) / crate::engine::time::TICKS_PER_MINUTE)
}

impl Exercise {
    /// Builds an exercise from a scenario: its exports, a story, and questions on its answer key.
    pub fn new(title: &str, config: &Config) -> Exercise {
        Exercise::new_with(title, config, &Options::default())
    }

    /// As `new`, from the scenario that `options` make; with sessions, the story says so and
    /// questions on the sessions follow the others.
    pub fn new_with(title: &str, config: &Config, options: &Options) -> Exercise {
        let scenario = Scenario::generate_with(config, options);
        let key = scenario.answer_key();
        let mut rng = SplitMix64::new(config.seed ^ 0x6578_6572_6369_7365);
        let files: Vec<ExerciseFile> = scenario
            .files()
            .into_iter()
            .filter(|(name, _)| name != crate::scenario::ANSWER_KEY_FILE)
            .map(|(name, bytes)| ExerciseFile { name, text: String::from_utf8(bytes).expect("the generator writes UTF-8") })
            .collect();
        let day = key.expected_rows.first().map(|r| r.time_generated[..10].to_string()).unwrap_or_default();
        let mut story = format!(
            "It is {day}. Overnight the SOC saw {} SecurityAlert rows and {} SecurityEvent rows from this tenant. \
             Identity Protection and Defender raised recon alerts: atypical travel, password sprays, unfamiliar \
             sign-in properties. An intruder who got a password usually tries RDP next. Your job: find the hosts \
             where a recon alert was followed within {} by a successful RDP logon (event 4624, LogonType 10), \
             who logged on and from where, and tell the true positives from the near misses. Load the two files, \
             run the hunt and answer below; every answer is checked here, offline.",
            key.alerts, key.events, key.window
        );
        let mut questions = vec![Question::new(
            "hosts",
            "Which hosts got an RDP logon after a recon alert? List them all (CompromisedEntity), separated by commas.".into(),
            AnswerKind::Set,
            3,
            vec![
                "Run the hunt with the default parameters: each result row names its CompromisedEntity.".into(),
                format!("There are {} of them.", key.compromised_hosts.len()),
            ],
            &key.compromised_hosts.join(","),
            &mut rng,
        )];
        questions.push(Question::new(
            "rows",
            "How many rows does the hunt return? (Remember: the join never de-duplicates.)".into(),
            AnswerKind::One,
            1,
            vec!["The results table shows the count above its rows.".into()],
            &key.expected_rows.len().to_string(),
            &mut rng,
        ));
        if let Some(story) = key.stories.first() {
            let host = upper_simple(&story.alert_entity);
            questions.push(Question::new(
                "account",
                format!("Which account logged on over RDP to {host} after its alert? (as the hunt shows it, DOMAIN\\user)"),
                AnswerKind::One,
                2,
                vec![
                    format!("Click {host}'s alert marker on the timeline: its rows are selected in the table."),
                    "The hunt lower-cases AccountCustomEntity.".into(),
                ],
                &lower_simple(&story.account),
                &mut rng,
            ));
            questions.push(Question::new(
                "ip",
                format!("From which source IP address did that logon to {host} come?"),
                AnswerKind::One,
                1,
                vec!["IpAddress is the last column but one; click it to filter on it.".into()],
                &story.ip_address,
                &mut rng,
            ));
        }
        if let Some(miss) = key.near_misses.iter().find(|m| m.reason == NearMissReason::AfterWindow) {
            let host = miss.alert_entity.clone();
            let minutes = minutes_between(&miss.alert_time, &miss.logon_time).unwrap_or(0);
            questions.push(Question::new(
                "late",
                format!(
                    "{host} had a recon alert and an RDP logon the hunt did not join. How many whole minutes after the alert did that logon come?"
                ),
                AnswerKind::One,
                2,
                vec![
                    format!("Find {host}'s lane on the timeline: muted marks are near misses; hover one to see why."),
                    format!("The window is {}: the logon came after it closed.", key.window),
                ],
                &minutes.to_string(),
                &mut rng,
            ));
        }
        if let Some(miss) = key.near_misses.iter().find(|m| m.reason == NearMissReason::HostSpelling) {
            questions.push(Question::new(
                "spelling",
                format!(
                    "The alert on {} was followed by an RDP logon that Kusto does not join. As which Computer name did that logon arrive?",
                    miss.alert_entity
                ),
                AnswerKind::One,
                2,
                vec![
                    "Kusto compares the upper-cased names as they are: no domain stripping.".into(),
                    "Turn on host normalisation and see which row appears.".into(),
                ],
                &miss.logon_computer,
                &mut rng,
            ));
        }
        if let Some(sessions) = &key.sessions {
            story.push_str(
                " The logon events come with what RDP sessions are rebuilt from (logoffs, disconnects and reconnects, \
                 locks, reboots): rebuild the sessions to answer the last questions.",
            );
            questions.extend(session_questions(sessions, &mut rng));
        }
        Exercise { huntbench_exercise: VERSION, title: title.to_string(), story, files, questions }
    }

    pub fn to_json(&self) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(self).expect("exercises serialise");
        out.push(b'\n');
        out
    }

    pub fn from_json(bytes: &[u8]) -> Result<Exercise, String> {
        if bytes.len() > MAX_BYTES {
            return Err(format!("an exercise file of {} bytes is larger than the {MAX_BYTES} allowed", bytes.len()));
        }
        let exercise: Exercise = serde_json::from_slice(bytes).map_err(|e| format!("not a readable exercise: {e}"))?;
        if exercise.huntbench_exercise != VERSION {
            return Err(format!("exercise format {} is not known here (this page reads {VERSION})", exercise.huntbench_exercise));
        }
        Ok(exercise)
    }

    pub fn total_points(&self) -> u32 {
        self.questions.iter().map(|q| q.points).sum()
    }
}

/// The sessions of the session story of `kind` (the first of that kind), with its key.
fn story_sessions<'k>(sessions: &'k SessionsKey, kind: &str) -> Option<(&'k crate::scenario::SessionStoryKey, Vec<&'k SessionKey>)> {
    let story = sessions.stories.iter().find(|s| s.kind == kind)?;
    Some((story, sessions.sessions.iter().filter(|s| s.story == Some(story.id)).collect()))
}

/// Whole minutes from `from` to `to`, ISO texts of the key.
fn whole_minutes(from: Option<&str>, to: Option<&str>) -> Option<i64> {
    minutes_between(from?, to?)
}

/// Questions on the session stories, in a fixed order, each when its story is there.
fn session_questions(sessions: &SessionsKey, rng: &mut SplitMix64) -> Vec<Question> {
    let sessions_hint = "Rebuild the sessions (`huntbench sessions`, or the session bars of the timeline): each has its start, end and how it ended.";
    let mut out = Vec::new();
    if let Some((story, found)) = story_sessions(sessions, "full-session") {
        if let Some(minutes) = found.first().and_then(|s| whole_minutes(s.start.as_deref(), s.end.as_deref())) {
            out.push(Question::new(
                "session-minutes",
                format!("How many whole minutes did {}'s RDP session on {} last, from logon to logoff?", story.account, story.hosts[0]),
                AnswerKind::One,
                2,
                vec![sessions_hint.to_string(), "A session ends at the first logoff (4647 or 4634) that carries one of its logon ids.".into()],
                &minutes.to_string(),
                rng,
            ));
        }
    }
    if let Some((story, found)) = story_sessions(sessions, "disconnect-reconnect") {
        let gap = found.first().and_then(|s| s.stretches.iter().find(|st| st.state == "disconnected"));
        if let Some(minutes) = gap.and_then(|st| whole_minutes(st.from.as_deref(), st.to.as_deref())) {
            out.push(Question::new(
                "session-disconnected",
                format!(
                    "{}'s session on {} was disconnected and picked up again. For how many whole minutes was it disconnected?",
                    story.account, story.hosts[0]
                ),
                AnswerKind::One,
                2,
                vec![sessions_hint.to_string(), "4779 disconnects a session and 4778 reconnects it; both carry its logon id in LogonID.".into()],
                &minutes.to_string(),
                rng,
            ));
        }
    }
    if let Some((story, found)) = story_sessions(sessions, "reboot-reuse") {
        if found.iter().any(|s| s.end_cause == "host shutdown") {
            out.push(Question::new(
                "session-shutdown",
                format!(
                    "{}'s RDP session on {} has no logoff in the data, yet it ended. Which event ID says when it ended at the latest?",
                    story.account, story.hosts[0]
                ),
                AnswerKind::One,
                2,
                vec![
                    "Look at what the host logged after the logon: a shutdown or a boot bounds every session before it.".into(),
                    "The same logon id comes back after the boot: that is another session.".into(),
                ],
                "1100",
                rng,
            ));
        }
    }
    if let Some((story, _)) = story_sessions(sessions, "before-data") {
        out.push(Question::new(
            "session-logon-id",
            format!("A session on {} began before the data: its logon is not in the export. What is its logon id?", story.hosts[0]),
            AnswerKind::One,
            2,
            vec![sessions_hint.to_string(), "Its reconnect (4778) names the logon in LogonID.".into()],
            &story.logon_ids[0],
            rng,
        ));
    }
    if let Some((story, found)) = story_sessions(sessions, "lateral-chain") {
        let entry = found.iter().find(|s| s.host == story.hosts[0].to_ascii_uppercase());
        if let Some(minutes) = entry.and_then(|s| whole_minutes(s.start.as_deref(), s.end.as_deref())) {
            out.push(Question::new(
                "session-attacker-minutes",
                format!(
                    "The attacker came in as {} over RDP to {} from outside. How many whole minutes was the attacker connected to {}?",
                    story.account, story.hosts[0], story.hosts[0]
                ),
                AnswerKind::One,
                2,
                vec![sessions_hint.to_string(), "The logon from outside starts it; its logoff (4634) ends it.".into()],
                &minutes.to_string(),
                rng,
            ));
        }
        out.push(Question::new(
            "session-chain",
            format!(
                "{} came in over RDP from outside to {} and moved on from there. Which hosts did they reach from it, directly or \
                 through another? (Computer, as logged, separated by commas)",
                story.account, story.hosts[0]
            ),
            AnswerKind::Set,
            3,
            vec![
                "The network logon (LogonType 3, NLA) just before an RDP logon names the client machine in WorkstationName.".into(),
                format!("There are {} of them.", story.hosts.len() - 1),
            ],
            &story.hosts[1..].join(","),
            rng,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_normalised_before_hashing() {
        for (kind, a, b) in [
            (AnswerKind::One, "WOODGROVE\\Alice", "  woodgrove\\alice "),
            (AnswerKind::One, "16", "16"),
            (AnswerKind::Set, "WS01, srv-app1", "srv-app1;ws01\nWS01"),
        ] {
            assert_eq!(normalise(kind, a), normalise(kind, b));
            assert_eq!(hash("s", &normalise(kind, a)), hash("s", &normalise(kind, b)));
        }
        assert_ne!(hash("s1", "x"), hash("s2", "x"), "the salt matters");
        assert_ne!(normalise(AnswerKind::Set, "a,b"), normalise(AnswerKind::Set, "a"));
    }

    #[test]
    fn exercises_are_told_from_their_first_bytes() {
        assert!(looks_like_exercise(b"{\n  \"huntbench_exercise\": 1,"));
        assert!(!looks_like_exercise(b"{\"tables\":[]}"));
        assert!(!looks_like_exercise(b"TimeGenerated,huntbench_exercise"));
    }
}
