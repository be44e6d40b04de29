//! The demo's public showcase: sixty articles written by posts in twenty-five provinces, taken
//! through the real workflow — drafted with photos, submitted, forwarded by the district,
//! recommended and pushed by the province, published (a few featured) by national — each step
//! on a plausible China date inside its campaign's windows, so histories, lists, inboxes and the
//! showcase all agree. Runs after the base demo, on the same empty database.

mod catalogue;
mod press;
pub mod text;

use crate::actor::{self, SignedIn};
use crate::audit::RequestMeta;
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::{articles, media, review};
use catalogue::{ARTICLES, POSTS, Run};
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use jinguo_domain::access::Target;
use jinguo_domain::account::Role;
use jinguo_domain::campaign::Window;
use jinguo_domain::clock::FixedClock;
use jinguo_domain::content::{ArticleContent, Block};
use jinguo_domain::org::{OrgDraft, OrgFields, OrgKind};
use jinguo_domain::review::ReviewMove;
use jinguo_domain::{AccountId, Action, OrgId, authorize};
use jinguo_imaging::synthetic::{Scene, demo_photo};
use jinguo_storage::repo::accounts::{self, NewAccount};
use jinguo_storage::repo::campaigns::{self, Campaign};
use jinguo_storage::repo::orgs::{self, Org};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// A context whose clock reads `minute` minutes after noon, China time, on `day`.
fn at(ctx: &Ctx, day: NaiveDate, minute: i64) -> Ctx {
    let noon = Utc
        .from_local_datetime(&(day.and_hms_opt(4, 0, 0).unwrap_or_default()))
        .single()
        .unwrap_or_default();
    Ctx {
        clock: Arc::new(FixedClock::at(noon + Duration::minutes(minute))),
        ..ctx.clone()
    }
}

fn scene(theme: &str) -> Scene {
    match theme {
        "guard" => Scene::Building,
        "innovation" => Scene::Skyline,
        "rural" => Scene::Fields,
        _ => Scene::Mountains,
    }
}

/// The article's words: an opening, two sections with a photo each, a closing. Also used by
/// the benchmark's bulk fill.
pub fn compose(
    i: usize,
    theme: &str,
    title: &str,
    post: &Org,
    place: &str,
    photos: [String; 2],
) -> ArticleContent {
    let bank = text::bank(theme);
    let unit = post
        .post
        .as_ref()
        .map(|p| p.work_unit.as_str())
        .unwrap_or("");
    let fill = |t: &str| text::fill(t, unit, &post.name, place);
    let pick = |list: &[&str], k: usize| fill(list[(i * 7 + k * 3) % list.len()]);
    let [first, second] = photos;
    let blocks = vec![
        Block::Paragraph {
            text: pick(bank.openings, 0),
        },
        Block::Subheading {
            text: pick(bank.subheadings, 0),
        },
        Block::Paragraph {
            text: pick(bank.middles, 0),
        },
        Block::Image {
            media: first,
            caption: pick(bank.captions, 0),
        },
        Block::Paragraph {
            text: pick(bank.middles, 1),
        },
        Block::Subheading {
            text: pick(bank.subheadings, 1),
        },
        Block::Paragraph {
            text: pick(bank.middles, 2),
        },
        Block::Image {
            media: second,
            caption: pick(bank.captions, 1),
        },
        Block::Paragraph {
            text: pick(bank.closings, 0),
        },
    ];
    ArticleContent {
        title: title.to_string(),
        themes: vec![theme.to_string()],
        blocks,
        cover: None,
    }
}

struct Step {
    submit: NaiveDate,
    forward: NaiveDate,
    recommend: NaiveDate,
    push: NaiveDate,
    publish: NaiveDate,
}

fn schedule(campaign: &Campaign, i: usize, today: NaiveDate) -> Option<Step> {
    let days = |n: usize| Duration::days(i64::try_from(n).unwrap_or(0));
    let collection: &Window = campaign.rules.collection.as_ref()?;
    let recommendation = campaign.rules.recommendation.as_ref()?;
    let display = campaign.rules.display.as_ref()?;
    let publish_span = (display.closes.min(today) - display.opens)
        .num_days()
        .max(1);
    let publish_span = usize::try_from(publish_span).unwrap_or(1).min(40);
    Some(Step {
        submit: collection.opens + days(1 + i % 7),
        forward: recommendation.opens + days(i % 3),
        recommend: recommendation.opens + days(3 + i % 3),
        push: recommendation.opens + days(8),
        publish: display.opens + days(i % publish_span),
    })
}

/// Adds the showcase to a freshly seeded demo. Call after `demo::seed_if_empty` committed.
pub async fn seed(ctx: &Ctx) -> ServiceResult<()> {
    let founded = Utc
        .with_ymd_and_hms(2020, 4, 1, 0, 0, 0)
        .single()
        .unwrap_or_default();
    let operator = actor::operator(&ctx.db.conn).await?;
    let year = ctx.clock.today_in_china();
    let hash = crate::auth::password::hash(crate::demo::DEMO_PASSWORD).await?;

    // The posts of the other provinces.
    for (code, province, name, work_unit, industry, contact, phone) in POSTS {
        let draft = OrgDraft {
            code: code.into(),
            name: name.into(),
            kind: OrgKind::Post.as_str().into(),
            work_unit: work_unit.into(),
            industry: industry.into(),
            honour_level: "全国级".into(),
            year_named: "2018".into(),
            contact_person: contact.into(),
            contact_phone: phone.into(),
            ..Default::default()
        };
        let fields = OrgFields::parse(&draft, chrono::Datelike::year(&year))
            .map_err(ServiceError::Invalid)?;
        let parent = orgs::get_by_code(&ctx.db.conn, province)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let permit = authorize(
            &operator.actor,
            Action::CreateChildOrg,
            Target {
                id: parent.id,
                path: &parent.path,
            },
        )?;
        orgs::insert(&ctx.db.conn, &permit, &parent, &fields, founded).await?;
    }

    // One account per writing post and per reviewing federation.
    let mut accounts_of: HashMap<OrgId, AccountId> = HashMap::new();
    let mut account_for = async |org: &Org, role: Role| -> ServiceResult<AccountId> {
        if let Some(id) = accounts_of.get(&org.id) {
            return Ok(*id);
        }
        let (username, display) = match role {
            Role::Submitter => (
                format!("sc_{}", org.code.to_lowercase()),
                format!("{} 通讯员", org.name),
            ),
            _ => (
                format!("rev_{}", org.code.to_lowercase()),
                format!("{} 审核员", org.federation_name),
            ),
        };
        let found = accounts::get_by_username(&ctx.db.conn, &username).await?;
        let id = match found {
            Some(account) => account.id,
            None => {
                let new = NewAccount {
                    org_id: org.id,
                    username: &username,
                    display_name: &display,
                    role,
                    password_hash: &hash,
                    must_change_password: false,
                };
                accounts::insert_by_operator(&ctx.db.conn, &new, founded)
                    .await?
                    .id
            }
        };
        accounts_of.insert(org.id, id);
        Ok(id)
    };

    let current = campaigns::get_by_slug(
        &ctx.db.conn,
        &format!("wangshangxing-{}", chrono::Datelike::year(&year)),
    )
    .await?
    .ok_or(ServiceError::NotFound)?;
    let archive = campaigns::get_by_slug(&ctx.db.conn, "wangshangxing-2020")
        .await?
        .ok_or(ServiceError::NotFound)?;
    let national = orgs::get_by_code(&ctx.db.conn, "CN")
        .await?
        .ok_or(ServiceError::NotFound)?;
    let national_reviewer = account_for(&national, Role::Reviewer).await?;

    struct Written {
        id: i64,
        index: usize,
        featured: bool,
        campaign: Campaign,
    }
    let mut written = Vec::new();
    // (campaign id, province) → the province's reviewer, for the push.
    let mut pushes: BTreeMap<(i64, i64), (AccountId, NaiveDate)> = BTreeMap::new();
    let today = ctx.clock.today_in_china();
    for (i, (code, theme, title, featured, run)) in ARTICLES.iter().enumerate() {
        let campaign = match run {
            Run::Current => current.clone(),
            Run::Archive2020 => archive.clone(),
        };
        let Some(step) = schedule(&campaign, i, today) else {
            continue;
        };
        let post = orgs::get_by_code(&ctx.db.conn, code)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let parent_id = post.parent_id.ok_or(ServiceError::NotFound)?;
        let parent = orgs::get(&ctx.db.conn, parent_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let province_id = post
            .path
            .ids()
            .get(1)
            .copied()
            .ok_or(ServiceError::NotFound)?;
        let province = orgs::get(&ctx.db.conn, province_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let writer = actor::load(&ctx.db.conn, account_for(&post, Role::Submitter).await?).await?;
        let minute = i64::try_from(i).unwrap_or(0);
        let on_submit = at(ctx, step.submit, minute);
        let mut photos = Vec::with_capacity(2);
        for variant in [i, i + 100] {
            let bytes = demo_photo(scene(theme), u32::try_from(variant).unwrap_or(0));
            let uploaded = media::upload_image_bytes(&on_submit, &writer, bytes, None).await?;
            photos.push(uploaded.media.content_name);
        }
        let photos: [String; 2] = [photos.remove(0), photos.remove(0)];
        let content = compose(i, theme, title, &post, &province.name, photos);
        let draft =
            articles::draft::create_draft(&on_submit, &writer, campaign.id, content).await?;
        articles::submit::submit(&on_submit, &writer, draft.id, draft.version).await?;
        if parent.kind == OrgKind::District {
            let district = reviewer(ctx, &mut account_for, &parent).await?;
            review::act::act(
                &at(ctx, step.forward, minute),
                &district,
                draft.id,
                ReviewMove::Forward,
                "内容真实、图片清晰，同意报送。",
                None,
            )
            .await?;
        }
        let provincial = reviewer(ctx, &mut account_for, &province).await?;
        review::act::act(
            &at(ctx, step.recommend, minute),
            &provincial,
            draft.id,
            ReviewMove::Recommend,
            "事迹突出，推荐至全国妇联展示。",
            None,
        )
        .await?;
        pushes
            .entry((campaign.id, province.id.0))
            .or_insert((provincial.account.id, step.push));
        written.push(Written {
            id: draft.id,
            index: i,
            featured: *featured,
            campaign,
        });
    }
    for ((campaign_id, _), (account, day)) in &pushes {
        let who = actor::load(&ctx.db.conn, *account).await?;
        review::list_edit::push_list(
            &at(ctx, *day, 0),
            &who,
            *campaign_id,
            true,
            &RequestMeta { ip: "demo".into() },
        )
        .await?;
    }
    let national = actor::load(&ctx.db.conn, national_reviewer).await?;
    for w in written {
        let Some(step) = schedule(&w.campaign, w.index, today) else {
            continue;
        };
        let minute = i64::try_from(w.index).unwrap_or(0);
        review::act::act(
            &at(ctx, step.publish, minute),
            &national,
            w.id,
            ReviewMove::Publish,
            "同意发布。",
            None,
        )
        .await?;
        if w.featured {
            review::act::act(
                &at(ctx, step.publish, minute + 90),
                &national,
                w.id,
                ReviewMove::Feature,
                "列为优秀展示。",
                None,
            )
            .await?;
        }
    }
    press::seed_press_contacts(ctx).await
}

async fn reviewer<F>(ctx: &Ctx, account_for: &mut F, org: &Org) -> ServiceResult<SignedIn>
where
    F: AsyncFnMut(&Org, Role) -> ServiceResult<AccountId>,
{
    let id = account_for(org, Role::Reviewer).await?;
    actor::load(&ctx.db.conn, id).await
}
