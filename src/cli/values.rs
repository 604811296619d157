//! Clap value parsers over the scenario's own option types (`Format`, `Difficulty`,
//! `WindowsEvents`, `Compression`): the CLI offers exactly the names those types give themselves
//! and turns the chosen one back into the type, so it keeps no copy of them.

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

use crate::scenario::{Compression, Difficulty, Format, WindowsEvents};

/// A parser offering `values` (names, with their help lines) that turns the chosen name back into
/// a `T` with `parse`.
fn named<T: Clone + Send + Sync + 'static>(
    values: impl IntoIterator<Item = PossibleValue>,
    parse: fn(&str) -> Option<T>,
) -> impl TypedValueParser<Value = T> {
    PossibleValuesParser::new(values).map(move |name| parse(&name).expect("clap offers only the type's own names"))
}

/// The help line of each format, for `--help`.
fn format_help(format: Format) -> &'static str {
    match format {
        Format::PortalCsv => "Portal \"Export to CSV\": `TimeGenerated [UTC]`, `3/16/2026, 9:05:12.345 AM`",
        Format::Csv => "Plain CSV with ISO times of seven digits",
        Format::ApiJson => "Log Analytics query API JSON",
        Format::JsonLines => "JSON Lines, as data export writes them",
        Format::JsonArray => "A JSON array of records",
        Format::AdxV1 => "Azure Data Explorer REST v1 JSON",
        Format::AdxV2 => "Azure Data Explorer REST v2 JSON frames",
        Format::Graph => "Microsoft Graph runHuntingQuery JSON",
    }
}

pub fn formats() -> impl TypedValueParser<Value = Format> {
    named(Format::ALL.map(|f| PossibleValue::new(f.name()).help(format_help(f))), Format::parse)
}

pub fn difficulties() -> impl TypedValueParser<Value = Difficulty> {
    named(Difficulty::ALL.map(|d| PossibleValue::new(d.name())), Difficulty::parse)
}

pub fn windows_events() -> impl TypedValueParser<Value = WindowsEvents> {
    named(WindowsEvents::ALL.map(|w| PossibleValue::new(w.name())), WindowsEvents::parse)
}

/// The wrappers, without `none`: no `--compress` is none.
pub fn compressions() -> impl TypedValueParser<Value = Compression> {
    let wrapped = Compression::ALL.into_iter().filter(|&c| c != Compression::None);
    named(wrapped.map(|c| PossibleValue::new(c.name())), Compression::parse)
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
