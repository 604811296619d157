//! `huntbench kql`: prints the KQL that runs the same hunt in Sentinel.

use std::io::Write;

use super::exit;
use super::params::HuntArgs;
use crate::engine::kql;

pub fn run(args: &HuntArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let params = match args.valid_params(err) {
        Ok(params) => params,
        Err(code) => return code,
    };
    let written = writeln!(out, "{}", kql::render(&params)).map(|()| exit::SUCCESS);
    exit::after_writing(written, err)
}
