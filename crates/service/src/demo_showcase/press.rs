//! The demo's press contacts (宣传联络人): national's and Chongqing's, so a newcomer's first
//! press kit prints them. Fictional names and numbers.

use crate::actor::{self, permit_for};
use crate::context::Ctx;
use crate::error::ServiceResult;
use jinguo_domain::Action;
use jinguo_storage::repo::{accounts, press_kits};

const CONTACTS: [(&str, &str, &str); 2] = [
    ("qg_admin", "李明", "010-8510 3000"),
    ("cq_admin", "王宣", "023-6375 1234"),
];

pub(super) async fn seed_press_contacts(ctx: &Ctx) -> ServiceResult<()> {
    for (username, person, phone) in CONTACTS {
        let Some(account) = accounts::get_by_username(&ctx.db.conn, username).await? else {
            continue;
        };
        let who = actor::load(&ctx.db.conn, account.id).await?;
        let permit = permit_for(&who.actor, Action::EditPressContact, &who.org)?;
        press_kits::set_contact(&ctx.db.conn, &permit, person, phone, account.id, ctx.now())
            .await?;
    }
    Ok(())
}
