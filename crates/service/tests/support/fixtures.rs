//! Fixtures for service scenarios: a small organisation tree, signed-in members, row counts.

use jinguo_domain::account::Role;
use jinguo_domain::org::{OrgFields, OrgKind};
use jinguo_service::Ctx;
use jinguo_service::actor::{self, SignedIn};
use jinguo_service::import::{ImportKind, import_as_operator};
use jinguo_storage::repo::accounts::{self, NewAccount};
use jinguo_storage::repo::orgs;

/// A CSV file of these lines.
pub fn file(lines: &[&str]) -> Vec<u8> {
    lines.join("\n").into_bytes()
}

/// The root, 全国 (CN).
pub fn root_fields() -> OrgFields {
    OrgFields {
        code: "CN".into(),
        name: "全国".into(),
        federation_name: "全国妇联".into(),
        kind: OrgKind::National,
        post: None,
    }
}

/// 全国 (CN) → 重庆 (50) → 渝中区 (500103), 大渡口区 (500104); 全国 → 四川 (51) → 锦江区 (510104).
pub async fn seed(ctx: &Ctx) {
    orgs::insert_root(&ctx.db.conn, &root_fields(), ctx.now())
        .await
        .unwrap();
    let tree = file(&[
        "code,name,kind,parent_code",
        "50,重庆市,provincial,CN",
        "51,四川省,provincial,CN",
        "500103,渝中区,district,50",
        "500104,大渡口区,district,50",
        "510104,锦江区,district,51",
    ]);
    import_as_operator(ctx, ImportKind::Orgs, "seed.csv", &tree)
        .await
        .unwrap();
}

/// A signed-in account of the organisation `code` (`<role>-<code>`, added on first use).
pub async fn member_of(ctx: &Ctx, code: &str, role: Role) -> SignedIn {
    let db = &ctx.db.conn;
    let username = format!("{}-{code}", role.as_str());
    if let Some(account) = accounts::get_by_username(db, &username).await.unwrap() {
        return actor::load(db, account.id).await.unwrap();
    }
    let org = orgs::get_by_code(db, code).await.unwrap().unwrap();
    let new = NewAccount {
        org_id: org.id,
        username: &username,
        display_name: "",
        role,
        password_hash: "-",
        must_change_password: false,
    };
    let account = accounts::insert_by_operator(db, &new, ctx.now())
        .await
        .unwrap();
    actor::load(db, account.id).await.unwrap()
}

/// How many organisations and accounts the database holds.
pub async fn counts(ctx: &Ctx) -> (u64, u64) {
    (
        orgs::count(&ctx.db.conn).await.unwrap(),
        accounts::count(&ctx.db.conn).await.unwrap(),
    )
}
