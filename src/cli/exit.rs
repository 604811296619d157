//! The exit codes, and how a failed write to the terminal ends a subcommand.
//!
//! 0 success (also with no result rows), 1 an input error (a file that cannot be opened, read or
//! written, in part or whole), 2 a usage error (clap's own, or parameters the hunt refuses).

use std::io::{self, Write};

pub const SUCCESS: u8 = 0;
pub const INPUT_ERROR: u8 = 1;
pub const USAGE_ERROR: u8 = 2;

/// `INPUT_ERROR` when any input failed in whole or in part, else `SUCCESS`.
pub fn of_inputs(failed: bool) -> u8 {
    if failed {
        INPUT_ERROR
    } else {
        SUCCESS
    }
}

/// The exit code of a subcommand that wrote to `out`: a write that failed is an input error.
pub fn after_writing(written: io::Result<u8>, err: &mut dyn Write) -> u8 {
    written.unwrap_or_else(|e| {
        // A closed pipe (`| head`) is not an error worth a message.
        if e.kind() != io::ErrorKind::BrokenPipe {
            let _ = writeln!(err, "huntbench: cannot write: {e}");
        }
        INPUT_ERROR
    })
}
