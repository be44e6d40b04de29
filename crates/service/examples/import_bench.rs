//! Times an import of 100,000 posts into a fresh SQLite database under 全国 / 重庆 / 40 districts:
//! `cargo run --release -p jinguo-service --example import_bench`.

use jinguo_domain::org::{OrgFields, OrgKind};
use jinguo_domain::{Action, SystemClock};
use jinguo_service::Ctx;
use jinguo_service::actor::{self, permit_for};
use jinguo_service::context::ServiceSettings;
use jinguo_service::import::{ImportKind, import_as_operator};
use jinguo_storage::repo::org_bulk::BulkOrg;
use jinguo_storage::repo::{org_bulk, orgs};
use std::error::Error;
use std::fmt::Write;
use std::sync::Arc;
use std::time::Instant;

const POSTS: usize = 100_000;
const DISTRICTS: usize = 40;

fn federation(code: &str, name: &str, kind: OrgKind) -> OrgFields {
    OrgFields {
        code: code.to_string(),
        name: name.to_string(),
        federation_name: format!("{name}妇联"),
        kind,
        post: None,
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let dir = std::env::temp_dir().join(format!("jinguo-import-bench-{}", std::process::id()));
    let url = format!("sqlite://{}?mode=rwc", dir.join("bench.db").display());
    let db = jinguo_storage::connect(&url, None).await?;
    let ctx = Ctx::new(db, Arc::new(SystemClock), ServiceSettings::default());

    let root = federation("CN", "全国", OrgKind::National);
    orgs::insert_root(&ctx.db.conn, &root, ctx.now()).await?;
    let operator = actor::operator(&ctx.db.conn).await?;
    let permit = permit_for(&operator.actor, Action::ImportBelow, &operator.org)?;
    let province = federation("50", "重庆市", OrgKind::Provincial);
    let districts: Vec<OrgFields> = (0..DISTRICTS)
        .map(|d| federation(&format!("D{d:02}"), &format!("第{d}区"), OrgKind::District))
        .collect();
    let levels = vec![
        vec![BulkOrg {
            fields: &province,
            parent_code: "CN",
        }],
        districts
            .iter()
            .map(|d| BulkOrg {
                fields: d,
                parent_code: "50",
            })
            .collect(),
    ];
    org_bulk::insert_bulk(&ctx.db.conn, &permit, operator.org.id, &levels, ctx.now()).await?;

    let mut csv = String::from(
        "代码,名称,类型,上级代码,所在单位,行业,荣誉级别,命名年份,联系人,联系电话,涉军涉密\n",
    );
    for i in 0..POSTS {
        writeln!(
            csv,
            "P{i:06},巾帼文明岗{i},岗位,D{:02},第{i}单位,卫生健康,全国级,2018,张敏,023-6881{:04},否",
            i % DISTRICTS,
            i % 10_000
        )?;
    }

    let started = Instant::now();
    let report = import_as_operator(&ctx, ImportKind::Orgs, "bench.csv", csv.as_bytes()).await?;
    let elapsed = started.elapsed();
    println!(
        "imported {} posts ({:.1} MB CSV) in {:.2} s: {:.0} rows/s",
        report.inserted,
        csv.len() as f64 / 1e6,
        elapsed.as_secs_f64(),
        report.inserted as f64 / elapsed.as_secs_f64()
    );
    println!("organisations now: {}", orgs::count(&ctx.db.conn).await?);

    ctx.db.conn.close().await?;
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
