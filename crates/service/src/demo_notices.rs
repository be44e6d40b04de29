//! The demo's notices: the seed document as real data. 全国妇联妇女发展部's notice of 2020-04-27
//! to every provincial federation, with a generated 报名表 (.xlsx) attached, and 重庆市妇女联合会's
//! forward of 2020-05-09 to each of its district-level federations, with its preface and
//! contacts, the national notice kept below it.

use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::media::store::Kind;
use chrono::{NaiveDate, TimeZone, Utc};
use jinguo_domain::access::Target;
use jinguo_domain::account::Role;
use jinguo_domain::content::Block;
use jinguo_domain::org::OrgStatus;
use jinguo_domain::{AccountId, Action, Actor, authorize};
use jinguo_storage::ConnectionTrait;
use jinguo_storage::repo::notices::{self, NewAttachment, NewNotice};
use jinguo_storage::repo::orgs::{self, Org};
use std::collections::HashMap;

/// The national notice as printed; `## ` marks a heading.
const NATIONAL: &str = "各省、自治区、直辖市妇联及新疆生产建设兵团妇联：
为贯彻落实中国妇女十二大关于巾帼文明岗拓展工作的相关要求，进一步激发巾帼文明岗活力，提高创建和管理水平，全国妇联妇女发展部决定通过开展以“树时代文明，展巾帼风采”为主题的“巾帼文明岗网上行”活动，集中展示各行各业巾帼文明岗的岗位新姿和精神面貌，大力弘扬文明新风和“四自”精神，切实发挥“创一个岗、树一面旗、带一群人”的示范引领作用。具体通知如下：
## 一、活动对象
全国级巾帼文明岗；
解放军或涉军、涉密全国巾帼文明岗不在本次活动范围内。
## 二、活动内容
“巾帼文明岗网上行”活动展示的内容主要侧重于以下四个方面：
1.积极参与新冠肺炎疫情防控，立足本职岗位，守护防控一线，推动复工复产，站好疫情防控和复工复产稳产达产的“守护岗”，用实际行动为打赢疫情防控阻击战贡献力量。
2.积极参与“创业创新巾帼行动”，围绕促进经济高质量发展，立足岗位、主动作为，深入探索服务女性岗位成才、促进本单位经济发展、推动行业文明建设的新模式新机制；积极为下岗失业妇女、进城务工妇女、女大学生等群体就业创业提供服务，为推进国家经济社会发展贡献力量。
3.积极参与“乡村振兴巾帼行动”，围绕乡村振兴战略，大力开展城乡手拉手活动，助力农村建设；或立足农村新天地，积极参与农村新产业新业态发展，带领妇女积极参与“美丽家园”建设，在促进农村妇女全面发展、国家“三农”建设中发挥半边天作用。
4.积极参与“巾帼脱贫行动”，围绕精准扶贫、精准脱贫，广泛开展岗村对接扶贫活动，发挥巾帼文明岗在资源、渠道和人才等方面的优势，帮助贫困妇女脱贫致富。
## 三、活动安排
## 1.活动时间
从2020年5月1日开始，至2020年10月31日结束。
## 2.活动流程
本次“巾帼文明岗网上行”活动分为三个阶段。第一阶段为“网络征集阶段”；第二阶段为“省级推荐阶段”；第三阶段为“网上展示阶段”。
## 3.阶段安排
## （1）网络征集阶段（5月1日—8月31日）
各文明岗结合各自工作实际，制作展示稿件，进行投稿。
## （2）省级推荐阶段（6月1日—9月15日）
各省妇联在系统平台后台对本省巾帼文明岗活动报送稿件进行筛选，每省推荐出30—50个优秀巾帼文明岗事迹材料，并推送到全国妇联。
## （3）作品展示阶段（6月15日—10月31日）
全国妇联对各省推荐的巾帼文明岗稿件进行复核，然后发布到系统平台进行展示。
## 四、参加途径与要求
## 1.参加途径
用户直接登录全国巾帼文明岗新闻发布系统，通过平台后台栏目中的“网上行活动”栏目投稿，参与本次“网上行”活动。
## 2.方式要求
在“网上行活动”栏目中发布围绕活动主题、体现活动内容的相关稿件。稿件可以使用文字、图片等方式进行发布。
文字不超过2000字。要求内容符合本次活动主题与目的，语言生动简练、思想积极向上、符合行文规范。
图片不超过1MB。大小为750*445或相同比例、格式为jpg、要求图片清晰。
## 3.注意事项
各省区市妇联要及时审核本省区市所辖全国巾帼文明岗在平台后台提交的信息，并推送到全国妇联。
## 五、宣传事项
1.本次活动内容同步到中国妇女网等相关栏目集中进行宣传报道，并向社会主流媒体重点宣推一批巾帼文明岗，讲好巾帼文明岗故事。
2.鼓励地方选择影响力大、关联度高的相关媒体，采取多种形式开展宣传，增强巾帼文明岗的社会关注度。
3.活动结束后，结合专题培训，选取本次活动中涌现出来的优秀巾帼文明岗代表进京参加交流展示活动。";

/// 重庆市妇女联合会's preface.
const CHONGQING: &str = "各区县（自治县）妇联，两江新区、万盛经开区妇联，各市级机关妇委会（妇工委）：
为贯彻落实中国妇女十二大关于巾帼文明岗拓展工作的相关要求，进一步激发巾帼文明岗活力，提高创建和管理水平，近日全国妇联妇女发展部发起了“巾帼文明岗网上行”活动，现将活动通知转发给你们。请各区县（自治县）妇联、有关市级机关妇委会（妇工委）结合岗组实际，制作展示稿件，向全国巾帼文明岗新闻发布系统进行投稿，每个区县妇联不少于1篇稿件，积极展示各行各业巾帼文明岗的岗位新姿和精神面貌，切实发挥先进典型示范带动作用。市妇联将择优推荐到全国妇联进行展示。";

fn blocks(text: &str) -> Vec<Block> {
    text.lines()
        .map(|line| match line.strip_prefix("## ") {
            Some(heading) => Block::Subheading {
                text: heading.to_string(),
            },
            None => Block::Paragraph {
                text: line.to_string(),
            },
        })
        .collect()
}

/// The 报名表 attached to the national notice, built here (a real .xlsx).
pub fn registration_form() -> ServiceResult<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let failed = |e: rust_xlsxwriter::XlsxError| ServiceError::Internal(e.to_string());
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = workbook.add_worksheet();
    sheet.set_name("报名表").map_err(failed)?;
    sheet
        .write_string_with_format(0, 0, "“巾帼文明岗网上行”活动报名表", &bold)
        .map_err(failed)?;
    let headers = [
        "序号",
        "省（区、市）",
        "巾帼文明岗名称",
        "所在单位",
        "所属行业",
        "命名年份",
        "联系人",
        "联系电话",
        "稿件标题",
        "所选主题",
    ];
    for (col, h) in headers.iter().enumerate() {
        let col = u16::try_from(col).unwrap_or(0);
        sheet
            .write_string_with_format(2, col, *h, &bold)
            .map_err(failed)?;
        sheet.set_column_width(col, 16).map_err(failed)?;
    }
    sheet
        .write_string(
            14,
            0,
            "注：主题请从“守护岗”、创业创新、乡村振兴、巾帼脱贫中选择；每省推荐30—50个。",
        )
        .map_err(failed)?;
    workbook.save_to_buffer().map_err(failed)
}

fn issuer(org: &Org) -> Actor {
    Actor {
        account_id: AccountId(0),
        org_id: org.id,
        org_path: org.path.clone(),
        org_kind: org.kind,
        role: Role::Admin,
    }
}

fn noon(y: i32, m: u32, d: u32) -> chrono::DateTime<Utc> {
    let day = NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    Utc.from_utc_datetime(&day.and_hms_opt(4, 0, 0).unwrap_or_default())
}

/// Seeds both notices (called once, inside the demo's transaction).
pub async fn seed<C: ConnectionTrait>(
    db: &C,
    by_code: &HashMap<String, Org>,
    ctx: &Ctx,
) -> ServiceResult<()> {
    let national = by_code.get("CN").ok_or(ServiceError::NotFound)?;
    let chongqing = by_code.get("50").ok_or(ServiceError::NotFound)?;
    let active_children = |parent: &Org| {
        let parent = parent.id;
        async move {
            Ok::<_, ServiceError>(
                orgs::children(db, parent)
                    .await?
                    .into_iter()
                    .filter(|o| {
                        o.status == OrgStatus::Active && o.kind != jinguo_domain::org::OrgKind::Post
                    })
                    .map(|o| o.id)
                    .collect::<Vec<_>>(),
            )
        }
    };

    let form = registration_form()?;
    let stored_name = format!("{}.xlsx", jinguo_imaging::content_name(&form));
    ctx.settings
        .media
        .put_bytes(Kind::Attachment, &stored_name, form.clone(), ctx.now())
        .await
        .map_err(crate::media::upload::store_failed)?;

    let permit = authorize(
        &issuer(national),
        Action::IssueNotices,
        Target {
            id: national.id,
            path: &national.path,
        },
    )?;
    let national_blocks = blocks(NATIONAL);
    let original = notices::insert(
        db,
        &permit,
        &NewNotice {
            issuer_name: "全国妇联妇女发展部",
            author_name: "全国妇联妇女发展部",
            parent: None,
            title: "关于开展“巾帼文明岗网上行”活动的通知",
            blocks: &national_blocks,
            contact_person: "张旭东 陈创业",
            contact_phone: "010-65103581 13601260765",
            issued_on: "2020-04-27",
        },
        &active_children(national).await?,
        &[NewAttachment {
            file_name: "“巾帼文明岗网上行”活动报名表.xlsx",
            stored_name: &stored_name,
            kind: "xlsx",
            size_bytes: i64::try_from(form.len()).unwrap_or(0),
        }],
        noon(2020, 4, 27),
    )
    .await?;

    let permit = authorize(
        &issuer(chongqing),
        Action::IssueNotices,
        Target {
            id: chongqing.id,
            path: &chongqing.path,
        },
    )?;
    let preface = blocks(CHONGQING);
    notices::insert(
        db,
        &permit,
        &NewNotice {
            issuer_name: "重庆市妇女联合会",
            author_name: "市妇联妇女发展部 谢欣",
            parent: Some(original),
            title: "关于转发《关于开展“巾帼文明岗网上行”活动的通知》的通知",
            blocks: &preface,
            contact_person: "市妇联妇女发展部 谢欣",
            contact_phone: "67125570",
            issued_on: "2020-05-09",
        },
        &active_children(chongqing).await?,
        &[],
        noon(2020, 5, 9),
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_national_notice_keeps_its_headings_as_blocks() {
        let b = blocks(NATIONAL);
        assert_eq!(
            b[2],
            Block::Subheading {
                text: "一、活动对象".into()
            }
        );
        assert!(
            b.iter()
                .filter(|x| matches!(x, Block::Subheading { .. }))
                .count()
                >= 12
        );
    }

    #[test]
    fn the_registration_form_is_an_xlsx() {
        let bytes = registration_form().unwrap();
        assert_eq!(
            crate::notices::attachment::detect(&bytes),
            Some(crate::notices::attachment::FileType::Xlsx)
        );
    }
}
