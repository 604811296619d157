//! `huntbench exercise new`: writes one exercise file (`crate::exercise::Exercise`) for training
//! rooms from a generated scenario.

use std::io::Write;
use std::path::PathBuf;

use clap::Subcommand;

use super::{exit, values};
use crate::exercise::Exercise;
use crate::scenario::{self, Difficulty, Format};

#[derive(Subcommand, Debug)]
pub enum ExerciseCommand {
    /// Write one exercise file: a generated scenario, its story, and questions whose answers are
    /// stored only as salted hashes. Drop it into the page to play it.
    New {
        /// The seed: the same seed and options give the same file.
        #[arg(long)]
        seed: u64,
        /// The title shown in the page.
        #[arg(long, default_value = "Recon, then RDP")]
        title: String,
        #[arg(long, default_value_t = 40)]
        alerts: usize,
        #[arg(long, default_value_t = 400)]
        events: usize,
        #[arg(long, value_parser = values::difficulties(), default_value = Difficulty::Normal.name())]
        difficulty: Difficulty,
        /// Plant RDP session stories and ask about them too (how long, how it ended...).
        #[arg(long)]
        sessions: bool,
        /// The exercise file to write.
        #[arg(long)]
        out: PathBuf,
    },
}

pub fn run(command: &ExerciseCommand, err: &mut dyn Write) -> u8 {
    let ExerciseCommand::New { seed, title, alerts, events, difficulty, sessions, out: path } = command;
    let config = scenario::Config {
        seed: *seed,
        alerts: *alerts,
        events: *events,
        difficulty: *difficulty,
        alert_format: Format::PortalCsv,
        event_format: Format::ApiJson,
    };
    let options = scenario::Options { sessions: *sessions, ..scenario::Options::default() };
    let exercise = Exercise::new_with(title, &config, &options);
    match std::fs::write(path, exercise.to_json()) {
        Ok(()) => {
            let _ = writeln!(
                err,
                "{}: exercise '{}', {} questions, {} points",
                path.display(),
                exercise.title,
                exercise.questions.len(),
                exercise.total_points()
            );
            exit::SUCCESS
        }
        Err(e) => {
            let _ = writeln!(err, "huntbench: cannot write {}: {e}", path.display());
            exit::INPUT_ERROR
        }
    }
}
