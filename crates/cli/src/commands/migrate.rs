//! `jinguo migrate`: apply pending migrations and exit.

use crate::config::Config;

pub async fn run(config: &Config) -> anyhow::Result<()> {
    super::context(config, true).await?;
    println!("数据库已是最新结构。");
    Ok(())
}
