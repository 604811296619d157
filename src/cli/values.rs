//! Clap value parsers over the scenario's own option types (`Format`, `Difficulty`,
//! `WindowsEvents`, `Compression`): the CLI offers exactly the names those types give themselves
//! (`NAMES`) and turns the chosen one back into the type with its `FromStr`, so it keeps no copy
//! of them. Only the formats list their help lines under the option; the other options' own help
//! says what their few names mean, as a `[possible values: ...]` line.

use std::fmt::Debug;
use std::str::FromStr;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

use crate::scenario::{Compression, Difficulty, Format, WindowsEvents};

/// A parser offering `values` (a type's names, with help lines or none) that turns the chosen
/// name back into the type with its `FromStr`.
fn named<T>(values: impl IntoIterator<Item = impl Into<PossibleValue>>) -> impl TypedValueParser<Value = T>
where
    T: FromStr + Clone + Send + Sync + 'static,
    T::Err: Debug,
{
    PossibleValuesParser::new(values).map(|name| name.parse::<T>().expect("clap offers only the type's own names"))
}

/// Each format with its help line, listed under the option in `--help`.
pub fn formats() -> impl TypedValueParser<Value = Format> {
    named(Format::ALL.map(|f| PossibleValue::new(f.name()).help(f.help())))
}

pub fn difficulties() -> impl TypedValueParser<Value = Difficulty> {
    named(Difficulty::NAMES)
}

pub fn windows_events() -> impl TypedValueParser<Value = WindowsEvents> {
    named(WindowsEvents::NAMES)
}

/// `gz` or `zip`; no `--compress` is none.
pub fn compressions() -> impl TypedValueParser<Value = Compression> {
    named(Compression::NAMES)
}

#[cfg(test)]
mod tests {
    use clap::builder::TypedValueParser;
    use clap::{Arg, Command};

    use super::*;

    /// What `--v <input>` parses to through `parser`, or None when clap refuses it.
    fn parse<T: Clone + Send + Sync + 'static>(parser: impl TypedValueParser<Value = T>, input: &str) -> Option<T> {
        let command = Command::new("t").arg(Arg::new("v").long("v").value_parser(parser));
        command.try_get_matches_from(["t", "--v", input]).ok()?.get_one::<T>("v").cloned()
    }

    #[test]
    fn each_type_takes_its_own_names() {
        for f in Format::ALL {
            assert_eq!(parse(formats(), f.name()), Some(f));
        }
        for d in Difficulty::ALL {
            assert_eq!(parse(difficulties(), d.name()), Some(d));
        }
        for w in WindowsEvents::ALL {
            assert_eq!(parse(windows_events(), w.name()), Some(w));
        }
        assert_eq!(parse(compressions(), "gz"), Some(Compression::Gzip));
        assert_eq!(parse(compressions(), "zip"), Some(Compression::Zip));
    }

    #[test]
    fn other_spellings_are_refused() {
        assert_eq!(parse(compressions(), "none"), None, "no --compress is none");
        assert_eq!(parse(compressions(), "gzip"), None);
        assert_eq!(parse(formats(), "CSV"), None, "names are case-sensitive");
        assert_eq!(parse(formats(), "portal_csv"), None);
        assert_eq!(parse(formats(), "json"), None);
        assert_eq!(parse(difficulties(), "Hard"), None);
        assert_eq!(parse(windows_events(), "none"), None);
        assert_eq!(parse(windows_events(), ""), None);
    }
}
