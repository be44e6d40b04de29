//! The organisation tree: kinds, status, materialised paths and the attributes of a post.

use crate::ids::OrgId;
use crate::validation::{FieldErrors, FieldIssue};
use serde::{Deserialize, Serialize};

/// What an organisation is. Federations below the provincial level (city, district, county,
/// development zone, the organs' women's committee) are all `District`: the tree may nest them
/// to any depth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    National,
    Provincial,
    District,
    Post,
}

impl OrgKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::National => "national",
            OrgKind::Provincial => "provincial",
            OrgKind::District => "district",
            OrgKind::Post => "post",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "national" | "全国" => Some(OrgKind::National),
            "provincial" | "省级" => Some(OrgKind::Provincial),
            "district" | "区县" | "区县级" | "市县级" => Some(OrgKind::District),
            "post" | "岗位" | "巾帼文明岗" => Some(OrgKind::Post),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            OrgKind::National => "全国妇联",
            OrgKind::Provincial => "省级妇联",
            OrgKind::District => "区县级妇联",
            OrgKind::Post => "巾帼文明岗",
        }
    }

    /// May an organisation of kind `child` sit directly below one of kind `self`?
    pub fn may_contain(self, child: OrgKind) -> bool {
        matches!(
            (self, child),
            (OrgKind::National, OrgKind::Provincial)
                | (
                    OrgKind::Provincial | OrgKind::District,
                    OrgKind::District | OrgKind::Post
                )
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgStatus {
    Active,
    Disabled,
    /// Merged into a successor; kept so history can name it.
    Merged,
}

impl OrgStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OrgStatus::Active => "active",
            OrgStatus::Disabled => "disabled",
            OrgStatus::Merged => "merged",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "active" => Some(OrgStatus::Active),
            "disabled" => Some(OrgStatus::Disabled),
            "merged" => Some(OrgStatus::Merged),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            OrgStatus::Active => "正常",
            OrgStatus::Disabled => "已停用",
            OrgStatus::Merged => "已合并",
        }
    }
}

/// The ancestry of an organisation as `/1/5/23/` (root first, itself last). Subtree checks are
/// prefix checks, which keeps authorization a pure function of two paths.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OrgPath(String);

impl OrgPath {
    pub fn root(id: OrgId) -> Self {
        OrgPath(format!("/{}/", id.0))
    }

    pub fn child(&self, id: OrgId) -> Self {
        OrgPath(format!("{}{}/", self.0, id.0))
    }

    pub fn from_stored(s: String) -> Self {
        OrgPath(s)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True when `self` is `other` or lies below it.
    pub fn is_within(&self, other: &OrgPath) -> bool {
        self.0.starts_with(&other.0)
    }

    /// True when `self` lies strictly below `other`.
    pub fn is_strictly_below(&self, other: &OrgPath) -> bool {
        self.0.len() > other.0.len() && self.is_within(other)
    }

    pub fn ids(&self) -> Vec<OrgId> {
        self.0
            .split('/')
            .filter_map(|part| part.parse::<i64>().ok())
            .map(OrgId)
            .collect()
    }

    pub fn depth(&self) -> usize {
        self.ids().len()
    }

    /// The path of a descendant after its ancestor `old_prefix` moved to `new_prefix`.
    pub fn rebased(&self, old_prefix: &OrgPath, new_prefix: &OrgPath) -> OrgPath {
        match self.0.strip_prefix(&old_prefix.0) {
            Some(rest) => OrgPath(format!("{}{}", new_prefix.0, rest)),
            None => self.clone(),
        }
    }
}

/// Honour level of a 巾帼文明岗. Only `National` (全国级) posts take part in the 网上行 campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HonourLevel {
    National,
    Provincial,
    City,
    District,
}

impl HonourLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            HonourLevel::National => "national",
            HonourLevel::Provincial => "provincial",
            HonourLevel::City => "city",
            HonourLevel::District => "district",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "national" | "全国级" | "全国" => Some(HonourLevel::National),
            "provincial" | "省级" => Some(HonourLevel::Provincial),
            "city" | "市级" => Some(HonourLevel::City),
            "district" | "区县级" | "县级" => Some(HonourLevel::District),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            HonourLevel::National => "全国级",
            HonourLevel::Provincial => "省级",
            HonourLevel::City => "市级",
            HonourLevel::District => "区县级",
        }
    }

    pub const ALL: [HonourLevel; 4] = [
        HonourLevel::National,
        HonourLevel::Provincial,
        HonourLevel::City,
        HonourLevel::District,
    ];
}

/// The attributes SPEC §1 records for a post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostProfile {
    pub work_unit: String,
    pub industry: String,
    pub honour_level: HonourLevel,
    pub year_named: Option<i32>,
    pub contact_person: String,
    pub contact_phone: String,
    /// 解放军或涉军、涉密
    pub military_or_classified: bool,
    pub revoked: bool,
}

/// Unvalidated organisation fields as a form or an import row gives them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgDraft {
    pub code: String,
    pub name: String,
    pub federation_name: String,
    pub kind: String,
    pub work_unit: String,
    pub industry: String,
    pub honour_level: String,
    pub year_named: String,
    pub contact_person: String,
    pub contact_phone: String,
    pub military_or_classified: bool,
    pub revoked: bool,
}

/// Validated organisation fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgFields {
    pub code: String,
    pub name: String,
    pub federation_name: String,
    pub kind: OrgKind,
    pub post: Option<PostProfile>,
}

impl PostProfile {
    /// The profile as the public pages could show it: everything but the contact person and
    /// phone, which only the federations see. Visibility flags count as shown (they decide
    /// whether the post appears at all).
    fn public_part(&self) -> PostProfile {
        PostProfile {
            contact_person: String::new(),
            contact_phone: String::new(),
            ..self.clone()
        }
    }
}

/// Whether an edit from `before` to `after` changes anything a public page (showcase, feeds,
/// the publication package) may show, so the public caches must be renewed. When in doubt it
/// says yes: only a change confined to the contact person and phone leaves them alone.
pub fn changes_public_view(
    before: (&str, &str, Option<&PostProfile>),
    after: (&str, &str, Option<&PostProfile>),
) -> bool {
    let public = |(name, federation, post): (&str, &str, Option<&PostProfile>)| {
        (
            name.to_string(),
            federation.to_string(),
            post.map(PostProfile::public_part),
        )
    };
    public(before) != public(after)
}

pub const MAX_NAME_CHARS: usize = 100;
pub const MAX_CODE_CHARS: usize = 32;
/// The stored column holds 40 characters; a phone number with extensions fits in far fewer.
pub const MAX_PHONE_CHARS: usize = 40;

impl OrgFields {
    /// Validates a draft; every problem is reported at once so a form can show them all.
    pub fn parse(draft: &OrgDraft, current_year: i32) -> Result<OrgFields, FieldErrors> {
        let mut errors = FieldErrors::default();
        let code = draft.code.trim().to_string();
        if code.is_empty() {
            errors.add("code", FieldIssue::Required);
        } else if code.chars().count() > MAX_CODE_CHARS {
            errors.add(
                "code",
                FieldIssue::TooLong {
                    max: MAX_CODE_CHARS,
                },
            );
        } else if !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            errors.add("code", FieldIssue::BadCode);
        }
        let name = draft.name.trim().to_string();
        if name.is_empty() {
            errors.add("name", FieldIssue::Required);
        } else if name.chars().count() > MAX_NAME_CHARS {
            errors.add(
                "name",
                FieldIssue::TooLong {
                    max: MAX_NAME_CHARS,
                },
            );
        }
        let federation_name = draft.federation_name.trim().to_string();
        if federation_name.chars().count() > MAX_NAME_CHARS {
            errors.add(
                "federation_name",
                FieldIssue::TooLong {
                    max: MAX_NAME_CHARS,
                },
            );
        }
        let kind = match OrgKind::parse(&draft.kind) {
            Some(kind) => Some(kind),
            None => {
                errors.add("kind", FieldIssue::UnknownKind);
                None
            }
        };
        let post = if kind == Some(OrgKind::Post) {
            parse_post_profile(draft, current_year, &mut errors)
        } else {
            None
        };
        if let (true, Some(kind)) = (errors.is_empty(), kind) {
            let federation_name = if federation_name.is_empty() && kind != OrgKind::Post {
                format!("{name}妇联")
            } else {
                federation_name
            };
            Ok(OrgFields {
                code,
                name,
                federation_name,
                kind,
                post,
            })
        } else {
            Err(errors)
        }
    }
}

fn parse_post_profile(
    draft: &OrgDraft,
    current_year: i32,
    errors: &mut FieldErrors,
) -> Option<PostProfile> {
    let work_unit = draft.work_unit.trim().to_string();
    if work_unit.is_empty() {
        errors.add("work_unit", FieldIssue::Required);
    } else if work_unit.chars().count() > MAX_NAME_CHARS {
        errors.add(
            "work_unit",
            FieldIssue::TooLong {
                max: MAX_NAME_CHARS,
            },
        );
    }
    let industry = draft.industry.trim().to_string();
    if industry.chars().count() > 40 {
        errors.add("industry", FieldIssue::TooLong { max: 40 });
    }
    let honour_level = HonourLevel::parse(&draft.honour_level);
    if honour_level.is_none() {
        errors.add("honour_level", FieldIssue::UnknownHonourLevel);
    }
    let year_text = draft.year_named.trim();
    let year_named = if year_text.is_empty() {
        None
    } else {
        match year_text.trim_end_matches('年').parse::<i32>() {
            Ok(year) if (1990..=current_year).contains(&year) => Some(year),
            _ => {
                errors.add("year_named", FieldIssue::BadYear { max: current_year });
                None
            }
        }
    };
    let contact_phone = draft.contact_phone.trim().to_string();
    if !contact_phone.is_empty()
        && !contact_phone
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == ' ' || c == '+')
    {
        errors.add("contact_phone", FieldIssue::BadPhone);
    } else if contact_phone.len() > MAX_PHONE_CHARS {
        errors.add(
            "contact_phone",
            FieldIssue::TooLong {
                max: MAX_PHONE_CHARS,
            },
        );
    }
    let contact_person = draft.contact_person.trim().to_string();
    if contact_person.chars().count() > 40 {
        errors.add("contact_person", FieldIssue::TooLong { max: 40 });
    }
    Some(PostProfile {
        work_unit,
        industry,
        honour_level: honour_level?,
        year_named,
        contact_person,
        contact_phone,
        military_or_classified: draft.military_or_classified,
        revoked: draft.revoked,
    })
}

/// Why a merge may not happen. A merge moves everything below `from` under `into` and retires
/// `from`; the successor must be a live federation of the same kind outside `from`'s subtree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MergeRefused {
    #[error("an organisation cannot be merged into itself")]
    IntoItself,
    #[error("an organisation cannot be merged into its own descendant")]
    IntoDescendant,
    #[error("the successor must be of the same kind")]
    KindMismatch,
    #[error("the successor is not active")]
    SuccessorInactive,
    #[error("the organisation is not active")]
    SourceInactive,
}

pub struct MergeSide<'a> {
    pub id: OrgId,
    pub path: &'a OrgPath,
    pub kind: OrgKind,
    pub status: OrgStatus,
}

pub fn check_merge(from: &MergeSide<'_>, into: &MergeSide<'_>) -> Result<(), MergeRefused> {
    if from.id == into.id {
        return Err(MergeRefused::IntoItself);
    }
    if into.path.is_strictly_below(from.path) {
        return Err(MergeRefused::IntoDescendant);
    }
    if from.kind != into.kind {
        return Err(MergeRefused::KindMismatch);
    }
    if from.status != OrgStatus::Active {
        return Err(MergeRefused::SourceInactive);
    }
    if into.status != OrgStatus::Active {
        return Err(MergeRefused::SuccessorInactive);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(s: &str) -> OrgPath {
        OrgPath::from_stored(s.to_string())
    }

    #[test]
    fn subtree_is_a_prefix_not_a_substring() {
        assert!(path("/1/5/23/").is_within(&path("/1/5/")));
        assert!(!path("/1/55/").is_within(&path("/1/5/")));
        assert!(path("/1/5/").is_within(&path("/1/5/")));
        assert!(!path("/1/5/").is_strictly_below(&path("/1/5/")));
    }

    #[test]
    fn rebasing_moves_a_descendant_under_the_successor() {
        let moved = path("/1/5/7/30/").rebased(&path("/1/5/7/"), &path("/1/5/9/"));
        assert_eq!(moved, path("/1/5/9/30/"));
    }

    #[test]
    fn merge_into_a_descendant_is_refused() {
        let a = path("/1/5/");
        let b = path("/1/5/7/");
        let from = MergeSide {
            id: OrgId(5),
            path: &a,
            kind: OrgKind::District,
            status: OrgStatus::Active,
        };
        let into = MergeSide {
            id: OrgId(7),
            path: &b,
            kind: OrgKind::District,
            status: OrgStatus::Active,
        };
        assert_eq!(check_merge(&from, &into), Err(MergeRefused::IntoDescendant));
    }

    #[test]
    fn merge_of_two_sibling_districts_is_allowed() {
        let a = path("/1/5/7/");
        let b = path("/1/5/9/");
        let from = MergeSide {
            id: OrgId(7),
            path: &a,
            kind: OrgKind::District,
            status: OrgStatus::Active,
        };
        let into = MergeSide {
            id: OrgId(9),
            path: &b,
            kind: OrgKind::District,
            status: OrgStatus::Active,
        };
        assert_eq!(check_merge(&from, &into), Ok(()));
    }

    #[test]
    fn post_needs_a_work_unit_and_a_known_honour_level() {
        let draft = OrgDraft {
            code: "P1".into(),
            name: "急诊科".into(),
            kind: "post".into(),
            ..Default::default()
        };
        let errors = OrgFields::parse(&draft, 2026).unwrap_err();
        assert!(errors.has("work_unit"));
        assert!(errors.has("honour_level"));
    }

    #[test]
    fn a_phone_number_longer_than_its_column_is_refused() {
        let draft = OrgDraft {
            code: "P1".into(),
            name: "急诊科".into(),
            kind: "post".into(),
            work_unit: "医院".into(),
            honour_level: "全国级".into(),
            contact_phone: "1".repeat(41),
            ..Default::default()
        };
        let errors = OrgFields::parse(&draft, 2026).unwrap_err();
        assert_eq!(
            errors.for_field("contact_phone"),
            Some(&FieldIssue::TooLong { max: 40 })
        );
    }

    #[test]
    fn federation_name_defaults_from_the_name() {
        let draft = OrgDraft {
            code: "CQ-X".into(),
            name: "新区".into(),
            kind: "district".into(),
            ..Default::default()
        };
        assert_eq!(
            OrgFields::parse(&draft, 2026).unwrap().federation_name,
            "新区妇联"
        );
    }

    #[test]
    fn kinds_nest_only_downwards() {
        assert!(OrgKind::District.may_contain(OrgKind::District));
        assert!(OrgKind::Provincial.may_contain(OrgKind::Post));
        assert!(!OrgKind::Post.may_contain(OrgKind::Post));
        assert!(!OrgKind::National.may_contain(OrgKind::Post));
    }

    #[test]
    fn only_contact_details_stay_out_of_the_public_view() {
        let post = PostProfile {
            work_unit: "重庆市急救医疗中心".into(),
            industry: "医疗卫生".into(),
            honour_level: HonourLevel::National,
            year_named: Some(2019),
            contact_person: "周丽".into(),
            contact_phone: "023-63700001".into(),
            military_or_classified: false,
            revoked: false,
        };
        let with = |change: fn(&mut PostProfile)| {
            let mut p = post.clone();
            change(&mut p);
            p
        };
        let cases: Vec<(&str, &str, PostProfile, bool)> = vec![
            (
                "急诊科护理组",
                "",
                with(|p| p.contact_phone = "023-1".into()),
                false,
            ),
            (
                "急诊科护理组",
                "",
                with(|p| p.contact_person = "吴芳".into()),
                false,
            ),
            ("急诊科护理组（新）", "", post.clone(), true),
            ("急诊科护理组", "妇联", post.clone(), true),
            (
                "急诊科护理组",
                "",
                with(|p| p.work_unit = "新单位".into()),
                true,
            ),
            (
                "急诊科护理组",
                "",
                with(|p| p.industry = "金融".into()),
                true,
            ),
            (
                "急诊科护理组",
                "",
                with(|p| p.year_named = Some(2020)),
                true,
            ),
            ("急诊科护理组", "", with(|p| p.revoked = true), true),
            (
                "急诊科护理组",
                "",
                with(|p| p.military_or_classified = true),
                true,
            ),
        ];
        for (name, federation, after, expected) in cases {
            assert_eq!(
                changes_public_view(
                    ("急诊科护理组", "", Some(&post)),
                    (name, federation, Some(&after))
                ),
                expected,
                "{name} {federation} {after:?}"
            );
        }
    }
}
