//! `jinguo init`: name the root organisation of a fresh database (then import the rest).

use crate::config::Config;
use clap::Args;

#[derive(Args)]
pub struct InitArgs {
    /// Code of the root, e.g. CN.
    #[arg(long, default_value = "CN")]
    pub code: String,
    /// Name of the root, e.g. 全国.
    #[arg(long, default_value = "全国")]
    pub name: String,
    /// Name of its federation, e.g. 全国妇联.
    #[arg(long, default_value = "全国妇联")]
    pub federation_name: String,
}

pub async fn run(config: &Config, args: InitArgs) -> anyhow::Result<()> {
    let ctx = super::context(config, true).await?;
    match jinguo_service::orgs::root::create_root(
        &ctx,
        &args.code,
        &args.name,
        &args.federation_name,
    )
    .await
    {
        Ok(root) => {
            println!("已创建根组织：{}（{}）", root.name, root.code);
            Ok(())
        }
        Err(jinguo_service::ServiceError::Conflict(_)) => {
            anyhow::bail!("数据库中已有组织机构，不能再次初始化")
        }
        Err(other) => anyhow::bail!("{}", jinguo_web::messages::error(&other)),
    }
}
