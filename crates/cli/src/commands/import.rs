//! `jinguo import`: bulk import from .xlsx or .csv (filled in with the import use case).

use crate::config::Config;
use clap::Args;
use std::path::PathBuf;

#[derive(Args)]
pub struct ImportArgs {
    /// `orgs` (organisations and posts) or `accounts`.
    #[arg(long, default_value = "orgs")]
    pub kind: String,
    /// The .xlsx or .csv file.
    pub file: PathBuf,
}

pub async fn run(_config: &Config, _args: ImportArgs) -> anyhow::Result<()> {
    anyhow::bail!("import is being wired in")
}
