//! `jinguo user add`: create an account from a script; the password is read from stdin.

use crate::config::Config;
use clap::Subcommand;
use jinguo_service::accounts::{AccountDraft, create::validate_draft};
use jinguo_service::auth::password;
use jinguo_storage::repo::accounts::{self, NewAccount};
use jinguo_storage::repo::orgs;
use std::io::Read;

#[derive(Subcommand)]
pub enum UserCommand {
    /// Add an account. Reads the password from standard input (first line).
    Add {
        /// Code of the organisation, e.g. CN, 50, 500103.
        #[arg(long)]
        org: String,
        /// submitter, reviewer or admin.
        #[arg(long)]
        role: String,
        #[arg(long)]
        username: String,
        /// Display name (defaults to the organisation's name).
        #[arg(long, default_value = "")]
        name: String,
        /// Do not force a password change at first login.
        #[arg(long)]
        no_password_change: bool,
    },
}

pub async fn run(config: &Config, command: UserCommand) -> anyhow::Result<()> {
    let UserCommand::Add {
        org,
        role,
        username,
        name,
        no_password_change,
    } = command;
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input)?;
    let password_text = input.lines().next().unwrap_or("").to_string();
    let ctx = super::context(config, true).await?;
    let Some(org) = orgs::get_by_code(&ctx.db.conn, &org).await? else {
        anyhow::bail!("找不到代码为“{org}”的组织");
    };
    let draft = AccountDraft {
        username,
        display_name: name,
        role,
        password: password_text,
    };
    let (username, role) = validate_draft(&draft, org.kind).map_err(|errors| {
        let lines: Vec<String> = jinguo_web::messages::field_errors(&errors)
            .into_iter()
            .map(|(field, message)| {
                format!("{}：{}", jinguo_web::messages::field_label(&field), message)
            })
            .collect();
        anyhow::anyhow!("账号信息有误：{}", lines.join("；"))
    })?;
    let hash = password::hash(&draft.password).await?;
    let display_name = if draft.display_name.trim().is_empty() {
        org.name.clone()
    } else {
        draft.display_name.clone()
    };
    let new = NewAccount {
        org_id: org.id,
        username: &username,
        display_name: &display_name,
        role,
        password_hash: &hash,
        must_change_password: !no_password_change,
    };
    match accounts::insert_by_operator(&ctx.db.conn, &new, ctx.now()).await {
        Ok(account) => {
            println!(
                "已创建账号 {}（{}，{}）",
                account.username,
                org.name,
                role.label()
            );
            Ok(())
        }
        Err(jinguo_storage::StorageError::Conflict(_)) => {
            anyhow::bail!("用户名“{username}”已被使用")
        }
        Err(other) => Err(other.into()),
    }
}
