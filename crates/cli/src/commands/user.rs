//! `jinguo user add`: create an account from a script; the password is read from stdin. It goes
//! through the same use case as the admin page (validation, the password policy, the audit
//! record), acting as the operator (an admin of the root organisation).

use crate::config::Config;
use clap::Subcommand;
use jinguo_service::ServiceError;
use jinguo_service::accounts::{AccountDraft, create_account};
use jinguo_service::audit::RequestMeta;
use jinguo_storage::repo::{accounts, orgs};
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
    let operator = jinguo_service::actor::operator(&ctx.db.conn).await?;
    let meta = RequestMeta {
        ip: "jinguo user add".into(),
    };
    let account = match create_account(&ctx, &operator, org.id, &draft, &meta).await {
        Ok(account) => account,
        Err(ServiceError::Invalid(errors)) => {
            let lines: Vec<String> = jinguo_web::messages::field_errors(&errors)
                .into_iter()
                .map(|(field, message)| {
                    format!("{}：{}", jinguo_web::messages::field_label(&field), message)
                })
                .collect();
            anyhow::bail!("账号信息有误：{}", lines.join("；"))
        }
        Err(other) => anyhow::bail!("{}", jinguo_web::messages::error(&other)),
    };
    if no_password_change {
        accounts::waive_password_change(&ctx.db.conn, account.id).await?;
    }
    println!(
        "已创建账号 {}（{}，{}）",
        account.username,
        org.name,
        account.role.label()
    );
    Ok(())
}
