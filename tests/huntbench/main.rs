//! Huntbench's integration tests: one binary, a module per concern.

mod case_mapping;
mod cli;
mod exercises;
mod fixtures;
mod fuzz_crate;
mod has_terms;
mod hostile;
mod kql;
mod licences;
mod limits;
mod near_misses;
mod pivot;
mod properties;
#[path = "../reference/hunt.rs"]
mod reference;
mod purity;
mod readers;
mod realdata;
mod regressions;
mod robustness;
mod scenario;
mod semantics;
mod session_cli;
mod session_hunt;
mod session_readers;
mod sessions;
