//! `jinguo import`: bulk import from .xlsx or .csv as the operator (the root's administrator).
//! All rows or none; a refused file prints every problem with its row and column.

use crate::config::Config;
use clap::Args;
use jinguo_service::ServiceError;
use jinguo_service::import::{ImportKind, import_as_operator};
use std::path::PathBuf;
use std::time::Instant;

#[derive(Args)]
pub struct ImportArgs {
    /// `orgs` (organisations and posts) or `accounts`.
    #[arg(long, default_value = "orgs")]
    pub kind: String,
    /// The .xlsx or .csv file.
    pub file: PathBuf,
}

pub async fn run(config: &Config, args: ImportArgs) -> anyhow::Result<()> {
    let kind = match args.kind.as_str() {
        "orgs" => ImportKind::Orgs,
        "accounts" => ImportKind::Accounts,
        other => anyhow::bail!("未知的导入类型“{other}”，应为 orgs 或 accounts"),
    };
    let bytes = std::fs::read(&args.file)?;
    let ctx = super::context(config, false).await?;
    let started = Instant::now();
    let name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    match import_as_operator(&ctx, kind, &name, &bytes).await {
        Ok(report) => {
            println!(
                "导入成功：读取 {} 行，新增 {} 条，跳过 {} 行，用时 {:.1} 秒。",
                report.rows_read,
                report.inserted,
                report.skipped,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Err(ServiceError::ImportRefused(report)) => {
            eprintln!(
                "导入未执行（没有写入任何数据），发现 {} 处问题：",
                report.errors.len()
            );
            for e in &report.errors {
                eprintln!(
                    "  第 {} 行  {}：{}",
                    e.row,
                    e.column,
                    jinguo_web::messages::issue(&e.issue)
                );
            }
            anyhow::bail!("导入被拒绝")
        }
        Err(other) => anyhow::bail!("{}", jinguo_web::messages::error(&other)),
    }
}
