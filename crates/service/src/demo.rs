//! The demo: the real organisation tree (全国, 31 provinces + 兵团, Chongqing's districts), demo
//! posts of every kind, and one account per role at 全国, 重庆市, 渝中区 and one post. Runs only
//! on an empty database.

use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use chrono::{Datelike, TimeZone, Utc};
use jinguo_domain::access::Target;
use jinguo_domain::account::Role;
use jinguo_domain::org::{OrgDraft, OrgFields, OrgKind};
use jinguo_domain::{AccountId, Action, Actor, authorize};
use jinguo_storage::repo::accounts::{self, NewAccount};
use jinguo_storage::repo::orgs::{self, Org};
use std::collections::HashMap;

/// The shipped organisation data (a copy of `shared/data/orgs.csv`).
pub const ORGS_CSV: &str = include_str!("../data/orgs.csv");

/// The password of every demo account (listed in the README).
pub const DEMO_PASSWORD: &str = "Jinguo@2020";

/// (username, org code, role, display name, must change password at first login)
pub const DEMO_ACCOUNTS: [(&str, &str, Role, &str, bool); 8] = [
    (
        "qg_admin",
        "CN",
        Role::Admin,
        "全国妇联妇女发展部 管理员",
        false,
    ),
    (
        "qg_reviewer",
        "CN",
        Role::Reviewer,
        "全国妇联妇女发展部 审核员",
        false,
    ),
    ("cq_admin", "50", Role::Admin, "重庆市妇联 管理员", false),
    (
        "cq_reviewer",
        "50",
        Role::Reviewer,
        "重庆市妇联妇女发展部 谢欣",
        false,
    ),
    (
        "yz_admin",
        "500103",
        Role::Admin,
        "渝中区妇联 管理员",
        false,
    ),
    (
        "yz_reviewer",
        "500103",
        Role::Reviewer,
        "渝中区妇联 审核员",
        false,
    ),
    (
        "gang_demo",
        "P500103001",
        Role::Submitter,
        "急诊科护理组 投稿人",
        true,
    ),
    (
        "gang_bank",
        "P500103002",
        Role::Submitter,
        "解放碑支行 投稿人",
        true,
    ),
];

struct DemoPost {
    code: &'static str,
    parent: &'static str,
    name: &'static str,
    work_unit: &'static str,
    industry: &'static str,
    honour: &'static str,
    year: i32,
    contact: &'static str,
    phone: &'static str,
    military: bool,
    revoked: bool,
}

#[expect(
    clippy::too_many_arguments,
    reason = "one row of the demo table, read left to right"
)]
const fn post(
    code: &'static str,
    parent: &'static str,
    name: &'static str,
    work_unit: &'static str,
    industry: &'static str,
    honour: &'static str,
    year: i32,
    contact: &'static str,
    phone: &'static str,
) -> DemoPost {
    DemoPost {
        code,
        parent,
        name,
        work_unit,
        industry,
        honour,
        year,
        contact,
        phone,
        military: false,
        revoked: false,
    }
}

const DEMO_POSTS: &[DemoPost] = &[
    post(
        "P500103001",
        "500103",
        "急诊科护理组",
        "重庆医科大学附属第一医院",
        "医疗卫生",
        "全国级",
        2018,
        "李晓梅",
        "023-89011234",
    ),
    post(
        "P500103002",
        "500103",
        "解放碑支行营业部",
        "中国工商银行重庆解放碑支行",
        "金融",
        "全国级",
        2016,
        "王静",
        "023-63701122",
    ),
    post(
        "P500103003",
        "500103",
        "七星岗社区便民服务中心",
        "渝中区七星岗街道",
        "社区服务",
        "省级",
        2019,
        "陈红",
        "023-63845566",
    ),
    post(
        "P500106001",
        "500106",
        "儿科病房",
        "重庆市第三人民医院",
        "医疗卫生",
        "全国级",
        2017,
        "刘芳",
        "023-65431278",
    ),
    post(
        "P500106002",
        "500106",
        "磁器口古镇游客服务中心",
        "沙坪坝区文化旅游委员会",
        "文化旅游",
        "省级",
        2020,
        "赵丽",
        "023-65012345",
    ),
    post(
        "P500107001",
        "500107",
        "公交 201 路女子车队",
        "重庆公交集团九龙坡分公司",
        "交通运输",
        "全国级",
        2015,
        "周敏",
        "023-68790011",
    ),
    post(
        "P500107002",
        "500107",
        "杨家坪营业厅",
        "中国移动重庆九龙坡分公司",
        "通信",
        "全国级",
        2019,
        "吴倩",
        "023-68123456",
    ),
    post(
        "P500105001",
        "500105",
        "观音桥营业部",
        "重庆农村商业银行江北支行",
        "金融",
        "全国级",
        2018,
        "郑燕",
        "023-67701234",
    ),
    post(
        "P500112001",
        "500112",
        "空港新城社区卫生服务中心",
        "渝北区双凤桥街道",
        "医疗卫生",
        "全国级",
        2016,
        "孙丽娟",
        "023-67821100",
    ),
    post(
        "P500116001",
        "500116",
        "农产品电商服务站",
        "江津区供销合作社",
        "农业农村",
        "全国级",
        2019,
        "黄秀英",
        "023-47520088",
    ),
    post(
        "P500101001",
        "500101",
        "三峡移民纪念馆讲解组",
        "重庆三峡移民纪念馆",
        "文化旅游",
        "全国级",
        2017,
        "冉小琴",
        "023-58221234",
    ),
    post(
        "P500240001",
        "500240",
        "黄水镇脱贫攻坚帮扶站",
        "石柱土家族自治县黄水镇",
        "农业农村",
        "全国级",
        2020,
        "谭春燕",
        "023-73331234",
    ),
    DemoPost {
        military: true,
        ..post(
            "P500109001",
            "500109",
            "通信保障女子班",
            "驻渝某部",
            "国防",
            "全国级",
            2014,
            "—",
            "",
        )
    },
    DemoPost {
        revoked: true,
        ..post(
            "P500108001",
            "500108",
            "南坪营业部",
            "某证券公司重庆南坪营业部",
            "金融",
            "全国级",
            2012,
            "马兰",
            "023-62801234",
        )
    },
    post(
        "PCQLJ001",
        "CQ-LJ",
        "两江新区政务服务中心综合窗口",
        "两江新区政务服务中心",
        "政务服务",
        "全国级",
        2019,
        "何佳",
        "023-67451234",
    ),
    post(
        "PCQJG001",
        "CQ-JG",
        "12345 市民服务热线",
        "重庆市政府办公厅",
        "政务服务",
        "全国级",
        2018,
        "许文",
        "023-12345001",
    ),
    post(
        "P11001",
        "11",
        "呼吸与危重症医学科",
        "北京协和医院",
        "医疗卫生",
        "全国级",
        2016,
        "张宁",
        "010-69151234",
    ),
    post(
        "P11002",
        "11",
        "地铁 4 号线西单站",
        "北京京港地铁有限公司",
        "交通运输",
        "全国级",
        2019,
        "高雪",
        "010-66012345",
    ),
    post(
        "P31001",
        "31",
        "陆家嘴支行",
        "招商银行上海分行",
        "金融",
        "全国级",
        2017,
        "沈洁",
        "021-68881234",
    ),
    post(
        "P44001",
        "44",
        "跨境电商孵化基地",
        "广州市妇女儿童活动中心",
        "创业就业",
        "全国级",
        2018,
        "林婉",
        "020-83331234",
    ),
    post(
        "P51001",
        "51",
        "蒲江猕猴桃合作社",
        "蒲江县农业农村局",
        "农业农村",
        "全国级",
        2019,
        "罗丽",
        "028-88551234",
    ),
    post(
        "P51002",
        "51",
        "华西医院护理部",
        "四川大学华西医院",
        "医疗卫生",
        "省级",
        2020,
        "杨柳",
        "028-85421234",
    ),
    post(
        "P52001",
        "52",
        "易地扶贫搬迁社区就业服务站",
        "毕节市七星关区",
        "社区服务",
        "全国级",
        2019,
        "龙梅",
        "0857-8221234",
    ),
    post(
        "P42001",
        "42",
        "发热门诊护理组",
        "武汉大学中南医院",
        "医疗卫生",
        "全国级",
        2020,
        "胡静",
        "027-67811234",
    ),
];

/// Fills an empty database with the demo. Returns false when the database already has data.
/// Seeds the demo and its showcase into an empty database, once however many instances start
/// at the same moment on it: they take turns under a database lock, and the later ones find the
/// database filled. True when this call seeded.
pub async fn seed_demo_once(ctx: &Ctx) -> ServiceResult<bool> {
    let lock = ctx.db.exclusive(jinguo_storage::db::DEMO_SEED_LOCK).await?;
    let seeded = seed_if_empty(ctx).await?;
    if seeded {
        crate::demo_showcase::seed(ctx).await?;
    }
    if let Some(lock) = lock {
        lock.commit().await?;
    }
    Ok(seeded)
}

pub async fn seed_if_empty(ctx: &Ctx) -> ServiceResult<bool> {
    if orgs::count(&ctx.db.conn).await? > 0 {
        return Ok(false);
    }
    let txn = ctx.db.begin_write().await?;
    // The tree as it was in 2020, when the first campaign ran.
    let founded = Utc
        .with_ymd_and_hms(2020, 4, 1, 0, 0, 0)
        .single()
        .unwrap_or_default();
    let year = ctx.clock.today_in_china().year();
    let mut by_code: HashMap<String, Org> = HashMap::new();
    let mut reader = csv_rows(ORGS_CSV);
    let header = reader.next().unwrap_or_default();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap_or(usize::MAX);
    let (c_code, c_name, c_fed, c_kind, c_parent) = (
        col("code"),
        col("name"),
        col("federation_name"),
        col("kind"),
        col("parent_code"),
    );
    let mut root_actor: Option<Actor> = None;
    for row in reader {
        let get = |i: usize| row.get(i).cloned().unwrap_or_default();
        let draft = OrgDraft {
            code: get(c_code),
            name: get(c_name),
            federation_name: get(c_fed),
            kind: get(c_kind),
            ..Default::default()
        };
        let fields = OrgFields::parse(&draft, year).map_err(ServiceError::Invalid)?;
        let parent_code = get(c_parent);
        let org = if parent_code.is_empty() {
            let root = orgs::insert_root(&txn, &fields, founded).await?;
            root_actor = Some(operator_actor(&root));
            root
        } else {
            let parent = by_code.get(&parent_code).ok_or(ServiceError::NotFound)?;
            let actor = root_actor.as_ref().ok_or(ServiceError::NotFound)?;
            let permit = authorize(
                actor,
                Action::CreateChildOrg,
                Target {
                    id: parent.id,
                    path: &parent.path,
                },
            )?;
            orgs::insert(&txn, &permit, parent, &fields, founded).await?
        };
        by_code.insert(org.code.clone(), org);
    }
    let actor = root_actor.ok_or(ServiceError::NotFound)?;
    for p in DEMO_POSTS {
        let draft = OrgDraft {
            code: p.code.into(),
            name: p.name.into(),
            kind: OrgKind::Post.as_str().into(),
            work_unit: p.work_unit.into(),
            industry: p.industry.into(),
            honour_level: p.honour.into(),
            year_named: p.year.to_string(),
            contact_person: p.contact.into(),
            contact_phone: p.phone.into(),
            military_or_classified: p.military,
            revoked: p.revoked,
            ..Default::default()
        };
        let fields = OrgFields::parse(&draft, year).map_err(ServiceError::Invalid)?;
        let parent = by_code.get(p.parent).ok_or(ServiceError::NotFound)?;
        let permit = authorize(
            &actor,
            Action::CreateChildOrg,
            Target {
                id: parent.id,
                path: &parent.path,
            },
        )?;
        let org = orgs::insert(&txn, &permit, parent, &fields, founded).await?;
        by_code.insert(org.code.clone(), org);
    }
    let hash = crate::auth::password::hash(DEMO_PASSWORD).await?;
    for (username, code, role, display_name, must_change) in DEMO_ACCOUNTS {
        let org = by_code.get(code).ok_or(ServiceError::NotFound)?;
        let new = NewAccount {
            org_id: org.id,
            username,
            display_name,
            role,
            password_hash: &hash,
            must_change_password: must_change,
        };
        accounts::insert_by_operator(&txn, &new, founded).await?;
    }
    // 2025: Chongqing merged 江北区 and 渝北区 into 两江新区; their posts moved with them.
    let merged_at = Utc
        .with_ymd_and_hms(2025, 3, 1, 1, 0, 0)
        .single()
        .unwrap_or_default();
    let successor = by_code
        .get("CQ-LJ")
        .cloned()
        .ok_or(ServiceError::NotFound)?;
    for code in ["500105", "500112"] {
        let from = orgs::get_by_code(&txn, code)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let into = orgs::get(&txn, successor.id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let from_permit = authorize(
            &actor,
            Action::MergeOrg,
            Target {
                id: from.id,
                path: &from.path,
            },
        )?;
        let into_permit = authorize(
            &actor,
            Action::MergeOrg,
            Target {
                id: into.id,
                path: &into.path,
            },
        )?;
        orgs::merge(&txn, &from_permit, &into_permit, &from, &into, merged_at).await?;
    }
    seed_campaigns(&txn, &actor, &by_code, ctx).await?;
    crate::demo_notices::seed(&txn, &by_code, ctx).await?;
    txn.commit().await?;
    Ok(true)
}

/// The notice's 2020 campaign with its real dates (an archive), a current copy whose windows
/// include today so every step can be tried, and the ordinary column 岗位动态.
async fn seed_campaigns<C: jinguo_storage::ConnectionTrait>(
    db: &C,
    actor: &Actor,
    by_code: &HashMap<String, Org>,
    ctx: &Ctx,
) -> ServiceResult<()> {
    use jinguo_domain::campaign::{CampaignRules, Theme, Window};
    use jinguo_storage::repo::campaigns::{self, CampaignFields};
    let root = by_code.get("CN").ok_or(ServiceError::NotFound)?;
    let permit = authorize(
        actor,
        Action::ManageCampaigns,
        Target {
            id: root.id,
            path: &root.path,
        },
    )?;
    let today = ctx.clock.today_in_china();
    let around = |before: i64, after: i64| Window {
        opens: today - chrono::Duration::days(before),
        closes: today + chrono::Duration::days(after),
    };
    let mut current = CampaignRules::notice_defaults(today.year());
    current.collection = Some(around(30, 60));
    current.recommendation = Some(around(20, 75));
    current.display = Some(around(10, 90));
    let column = CampaignRules::ordinary_column(vec![
        Theme {
            key: "news".into(),
            name: "岗位动态".into(),
        },
        Theme {
            key: "story".into(),
            name: "巾帼故事".into(),
        },
    ]);
    let archive = CampaignRules::notice_defaults(2020);
    let entries = [
        (
            format!("wangshangxing-{}", today.year()),
            format!("{}年“巾帼文明岗网上行”", today.year()),
            "树时代文明，展巾帼风采。集中展示各行各业巾帼文明岗的岗位新姿和精神面貌（演示：各阶段时间已设为包含今天）。",
            current,
            0,
        ),
        (
            "gangwei-dongtai".to_string(),
            "岗位动态".to_string(),
            "各巾帼文明岗的日常工作动态，常年开放投稿。",
            column,
            10,
        ),
        (
            "wangshangxing-2020".to_string(),
            "2020年“巾帼文明岗网上行”".to_string(),
            "全国妇联妇女发展部2020年4月27日发起，活动时间2020年5月1日至10月31日。",
            archive,
            20,
        ),
    ];
    for (slug, name, description, rules, sort_order) in entries {
        let fields = CampaignFields {
            slug: &slug,
            name: &name,
            description,
            rules: &rules,
            sort_order,
        };
        campaigns::insert(db, &permit, root.id, &fields, ctx.now()).await?;
    }
    Ok(())
}

/// The operator acting as the root's administrator (demo seeding only).
fn operator_actor(root: &Org) -> Actor {
    Actor {
        account_id: AccountId(0),
        org_id: root.id,
        org_path: root.path.clone(),
        org_kind: root.kind,
        role: Role::Admin,
    }
}

fn csv_rows(text: &str) -> impl Iterator<Item = Vec<String>> + '_ {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .into_records()
        .filter_map(Result::ok)
        .map(|record| record.iter().map(|f| f.trim().to_string()).collect())
}
