//! `HuntArgs`: the hunt's parameters as options (`--window`, `--alert-name`, `--logon-type`,
//! `--event-id`, `--normalize-hosts`), shared by `hunt` and `kql`, and the `HuntParams` they make.

use std::io::Write;

use clap::Args;

use super::exit;
use crate::engine::{HuntParams, Span};

#[derive(Args, Debug)]
pub struct HuntArgs {
    /// How long after an alert a logon still counts (15m, 1h, 90s...).
    #[arg(long, default_value = "15m", value_parser = Span::parse)]
    window: Span,
    /// An alert name term (repeatable); replaces the seven of the seed query.
    #[arg(long = "alert-name", value_name = "NAME")]
    alert_names: Vec<String>,
    /// A logon type (repeatable); default 10, RemoteInteractive.
    #[arg(long = "logon-type", value_name = "N")]
    logon_types: Vec<i32>,
    /// The logon event ID.
    #[arg(long, default_value_t = 4624)]
    event_id: i32,
    /// Join hosts by short name (WS01.contoso.com = WS01). Not Kusto's behaviour: off by default.
    #[arg(long)]
    normalize_hosts: bool,
}

impl HuntArgs {
    /// The parameters, the seed query's where an option is not given.
    pub fn params(&self) -> HuntParams {
        let mut params = HuntParams { window: self.window, event_id: self.event_id, normalize_hosts: self.normalize_hosts, ..HuntParams::default() };
        if !self.alert_names.is_empty() {
            params.alert_names = self.alert_names.clone();
        }
        if !self.logon_types.is_empty() {
            params.logon_types = self.logon_types.clone();
        }
        params
    }

    /// The parameters, or the usage error's exit code once the reason is written to `err`.
    pub fn valid_params(&self, err: &mut dyn Write) -> Result<HuntParams, u8> {
        let params = self.params();
        match params.validate() {
            Ok(()) => Ok(params),
            Err(e) => {
                let _ = writeln!(err, "huntbench: {e}");
                Err(exit::USAGE_ERROR)
            }
        }
    }
}
