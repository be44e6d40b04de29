//! Chinese wording of typed issues and errors. The domain and services know no language; this
//! is where they learn Chinese.

use jinguo_domain::article::MoveRefused;
use jinguo_domain::campaign::{Ineligible, Phase, WindowClosed, chinese_date};
use jinguo_domain::clock::china_time_string;
use jinguo_domain::limits::Limited;
use jinguo_domain::org::MergeRefused;
use jinguo_domain::review::{ReviewLevel, ReviewRefused};
use jinguo_domain::validation::{FieldErrors, FieldIssue, ValueKind};
use jinguo_service::{ContainerError, DocxError, ImageRefused, ServiceError};

/// The Chinese label of a form field or import column.
pub fn field_label(field: &str) -> &str {
    match field {
        "code" => "代码",
        "name" => "名称",
        "federation_name" => "妇联名称",
        "kind" => "类型",
        "parent" | "parent_code" => "上级代码",
        "work_unit" => "所在单位",
        "industry" => "行业",
        "honour_level" => "荣誉级别",
        "year_named" => "命名年份",
        "contact_person" => "联系人",
        "contact_phone" => "联系电话",
        "username" => "用户名",
        "display_name" => "姓名",
        "role" => "角色",
        "password" => "密码",
        "current_password" => "当前密码",
        "new_password" => "新密码",
        "repeat_password" => "确认新密码",
        "org" | "org_code" => "组织",
        "into" => "合并到",
        "file" => "文件",
        "title" => "标题",
        "themes" => "活动主题",
        "blocks" => "正文",
        "slug" => "网址标识",
        "collection_opens" | "collection_closes" => "网络征集阶段",
        "recommendation_opens" | "recommendation_closes" => "省级推荐阶段",
        "display_opens" | "display_closes" => "作品展示阶段",
        "provincial_min" => "每省至少推荐",
        "provincial_max" => "每省至多推荐",
        "district_min" => "区县级至少",
        "max_words" => "字数上限",
        "parent_id" => "上级组织",
        "into_id" => "合并目标",
        "body" => "请求内容",
        "version" => "版本",
        "page" => "页码",
        "per_page" => "每页条数",
        "action" => "操作类型",
        "comment" => "审核意见",
        "reason" => "推荐理由",
        "issued_on" => "成文日期",
        "recipients" => "发送范围",
        "caption" => "图片说明",
        "cover" => "封面图片",
        "ids" => "所选稿件",
        "note" => "致媒体说明",
        "days" => "有效天数",
        "person" => "宣传联络人",
        "phone" => "联系电话",
        "words" => "敏感词",
        "query" => "查询参数",
        other => other,
    }
}

pub fn issue(issue: &FieldIssue) -> String {
    match issue {
        FieldIssue::Required => "必填，不能为空".into(),
        FieldIssue::EmptyDraft => "稿件还是空的：请先写标题或正文，再保存。".into(),
        FieldIssue::TooLong { max } => format!("不能超过 {max} 个字符"),
        FieldIssue::TooShort { min } => format!("至少需要 {min} 个字符"),
        FieldIssue::BadCode => "只能使用字母、数字、短横线“-”和下划线“_”".into(),
        FieldIssue::BadSlug => "只能使用小写字母、数字和短横线“-”，不超过 40 个字符".into(),
        FieldIssue::BadUsername => "只能使用小写字母、数字和“-”“_”“.”".into(),
        FieldIssue::BadPhone => "只能包含数字、空格、“-”和“+”".into(),
        FieldIssue::ControlCharacter { code_point } => {
            format!("含有不可见的控制字符（{code_point}），请删除换行、方向控制等特殊字符后重试")
        }
        FieldIssue::UnknownImage { name } => {
            format!("图片“{name}”不是本岗位上传的照片，请通过“上传照片”添加后再引用")
        }
        FieldIssue::BadYear { max } => format!("应为 1990 到 {max} 之间的年份"),
        FieldIssue::UnknownKind => "应为 全国 / 省级 / 区县 / 岗位 之一".into(),
        FieldIssue::UnknownRole => "应为 投稿人 / 审核员 / 管理员 之一".into(),
        FieldIssue::UnknownHonourLevel => "应为 全国级 / 省级 / 市级 / 区县级 之一".into(),
        FieldIssue::UnknownParent { code } => {
            format!("找不到上级组织“{code}”（或不在您的管理范围内）")
        }
        FieldIssue::UnknownOrg { code } => format!("找不到组织“{code}”（或不在您的管理范围内）"),
        FieldIssue::DuplicateCode { code } => format!("代码“{code}”已被使用"),
        FieldIssue::DuplicateUsername { username } => format!("用户名“{username}”已被使用"),
        FieldIssue::ParentCannotContain {
            parent_kind,
            child_kind,
        } => {
            format!("{parent_kind}下不能直接设立{child_kind}")
        }
        FieldIssue::Cycle { code } => format!("上级关系出现循环（涉及“{code}”）"),
        FieldIssue::PasswordTooWeak => "密码需同时包含字母和数字".into(),
        FieldIssue::PasswordMismatch => "两次输入的新密码不一致".into(),
        FieldIssue::PasswordUnchanged => "新密码不能与当前密码相同".into(),
        FieldIssue::WrongPassword => "当前密码不正确".into(),
        FieldIssue::NotAllowedHere => "此处不允许该值".into(),
        FieldIssue::WebhookUrl { refused } => match refused {
            jinguo_domain::webhook::UrlRefused::Scheme => "只接受 http:// 或 https:// 地址".into(),
            jinguo_domain::webhook::UrlRefused::Malformed => "地址格式不正确".into(),
            jinguo_domain::webhook::UrlRefused::Private => {
                "不能使用本机、内网或链路本地地址".into()
            }
        },
        FieldIssue::BadYesNo => "应填写“是”或“否”".into(),
        FieldIssue::MissingColumn => "文件缺少这一列，请使用导入模板".into(),
        FieldIssue::DuplicateColumn => "这一列在表头中出现了两次".into(),
        FieldIssue::EmptyFile => "文件是空的".into(),
        FieldIssue::NoDataRows => "文件只有表头，没有数据行".into(),
        FieldIssue::TooManyBlocks { max } => format!("正文最多 {max} 段"),
        FieldIssue::ChooseAtLeastOne => "请至少选择一项".into(),
        FieldIssue::UnknownTheme { key } => format!("本活动没有“{key}”这一主题"),
        FieldIssue::NoText => "正文至少需要一段文字".into(),
        FieldIssue::TooManyWords { count, max } => format!(
            "正文共 {count} 字，超过了 {max} 字的上限，请删减 {} 字",
            count - max
        ),
        FieldIssue::BadThemeLine { line } => {
            format!(
                "主题“{line}”无法使用：主题名称应为 1–40 字且不含不可见的控制字符，主题标识只能用字母、数字和“-”"
            )
        }
        FieldIssue::BadDate => "日期格式应为 2020-05-01".into(),
        FieldIssue::ClosesBeforeOpens => "结束日期不能早于开始日期".into(),
        FieldIssue::OutOfRange { min, max } => format!("应在 {min} 到 {max} 之间"),
        FieldIssue::NotPublished { count } => {
            format!("其中 {count} 篇已不在公开发布状态，请返回重新勾选")
        }
        FieldIssue::UnreadableFile => {
            "无法读取文件：请上传 .xlsx 或 CSV（UTF-8 或 GBK 编码）文件".into()
        }
        FieldIssue::OverLimit { what, max, count } => over_limit(*what, *max, *count),
        FieldIssue::ImportTooLarge {
            imported,
            existing,
            max,
        } => import_too_large(*imported, *existing, *max),
        FieldIssue::MalformedJson { line, column } if *line > 0 => {
            format!("请求体不是有效的 JSON（第 {line} 行第 {column} 列附近有误）")
        }
        FieldIssue::MalformedJson { .. } => "请求体不是有效的 JSON（内容为空或不完整）".into(),
        FieldIssue::NotJson => "请求体应为 JSON，并带有 Content-Type: application/json".into(),
        FieldIssue::MissingField { name } => format!("缺少字段 {name}"),
        FieldIssue::WrongType { path, expected } => match value_kind(*expected) {
            Some(kind) => format!("{}类型错误：应为{kind}", field_at(path)),
            None => format!("{}类型错误", field_at(path)),
        },
        FieldIssue::BadValue { path, expected } => match value_kind(*expected) {
            Some(kind) => format!("{}的值无效：应为{kind}", field_at(path)),
            None => format!("{}的值无效", field_at(path)),
        },
        FieldIssue::UnknownVariant { path, allowed } => format!(
            "{}的值无效：应为 {} 之一",
            field_at(path),
            allowed.join("、")
        ),
        FieldIssue::UnknownField { path } => format!("没有字段 {path}"),
        FieldIssue::ZipTooManyEntries { limit } => zip_too_many_entries(*limit, "Excel 文件"),
        FieldIssue::ZipTooLarge { limit_bytes } => zip_too_large(*limit_bytes),
        FieldIssue::ZipSuspiciousRatio { ratio_limit } => zip_suspicious_ratio(*ratio_limit),
    }
}

/// What a limit of `jinguo_domain::limits` is about, and the unit it counts in.
fn limited(what: Limited) -> (&'static str, &'static str) {
    match what {
        Limited::ArticleText => ("正文", "字"),
        Limited::ArticleBlocks => ("正文", "段"),
        Limited::ArticleTitle => ("标题", "字"),
        Limited::Subheading => ("小标题", "字"),
        Limited::Caption => ("图片说明", "字"),
        Limited::Themes => ("所选主题", "个"),
        Limited::MediaName => ("图片标识", "个字符"),
        Limited::Comment => ("审核意见", "字"),
        Limited::Reason => ("推荐理由", "字"),
        Limited::NoticeTitle => ("通知标题", "字"),
        Limited::NoticeBody => ("通知正文", "字"),
        Limited::NoticePreface => ("转发说明", "字"),
        Limited::NoticeBlocks => ("通知正文", "段"),
        Limited::Recipients => ("发送范围", "个单位"),
        Limited::BatchArticles => ("一次批量处理的稿件", "篇"),
        Limited::SensitiveWords => ("敏感词", "个"),
        Limited::SensitiveWord => ("每个敏感词", "字"),
    }
}

/// “正文不能超过 20000 字（现有 20513 字）”; for a choice, “（本次选了 250 篇）”.
pub fn over_limit(what: Limited, max: usize, count: usize) -> String {
    let (name, unit) = limited(what);
    let now = match what {
        Limited::BatchArticles | Limited::Recipients | Limited::Themes => "本次选了",
        _ => "现有",
    };
    format!("{name}不能超过 {max} {unit}（{now} {count} {unit}）")
}

/// “Word 文件有 400 段，超过每篇 300 段的上限”, counting what the article already has.
pub fn import_too_large(imported: usize, existing: usize, max: usize) -> String {
    if existing == 0 {
        format!(
            "Word 文件有 {imported} 段，超过每篇 {max} 段的上限，未导入。请拆分文档后分次导入。"
        )
    } else {
        format!(
            "Word 文件有 {imported} 段，加上正文已有的 {existing} 段共 {} 段，超过每篇 {max} 段的上限，未导入。",
            imported.saturating_add(existing)
        )
    }
}

/// “字段 content.title ” (spaced from the Chinese that follows), or “请求体” for the whole body.
fn field_at(path: &str) -> String {
    if path.is_empty() || path == "." || path == "body" {
        "请求体".into()
    } else {
        format!("字段 {path} ")
    }
}

fn value_kind(kind: ValueKind) -> Option<&'static str> {
    Some(match kind {
        ValueKind::String => "字符串",
        ValueKind::Integer => "整数",
        ValueKind::NonNegativeInteger => "非负整数",
        ValueKind::Number => "数字",
        ValueKind::Boolean => "布尔值（true 或 false）",
        ValueKind::List => "数组",
        ValueKind::Object => "对象",
        ValueKind::Date => "日期（如 2020-05-01）",
        ValueKind::Unknown => return None,
    })
}

/// "字段：原因" lines for a set of field errors.
pub fn field_errors(errors: &FieldErrors) -> Vec<(String, String)> {
    errors
        .0
        .iter()
        .map(|e| (e.field.clone(), issue(&e.issue)))
        .collect()
}

pub fn merge_refused(reason: MergeRefused) -> &'static str {
    match reason {
        MergeRefused::IntoItself => "不能合并到自身",
        MergeRefused::IntoDescendant => "不能合并到自己的下级组织",
        MergeRefused::KindMismatch => "只能合并到同类型的组织",
        MergeRefused::SuccessorInactive => "合并目标已停用或已合并",
        MergeRefused::SourceInactive => "该组织已停用或已合并，不能再合并",
    }
}

/// The one Chinese sentence for a service error.
pub fn error(err: &ServiceError) -> String {
    match err {
        ServiceError::NotFound => "您要找的内容不存在，或不在您的权限范围内。".into(),
        ServiceError::Forbidden => "您的角色无权进行此操作。".into(),
        ServiceError::Invalid(errors) => {
            let parts: Vec<String> = errors
                .0
                .iter()
                .map(|e| format!("{}：{}", field_label(&e.field), issue(&e.issue)))
                .collect();
            format!("提交的内容有误：{}", parts.join("；"))
        }
        // One answer for a wrong password, an unknown username and a throttled or locked
        // account, so none of them tells an attacker which accounts exist.
        ServiceError::LoginFailed { .. } => {
            "用户名或密码错误。多次输错后需稍候再试；如已被锁定，请在常用设备上登录或联系上级管理员。"
                .into()
        }
        ServiceError::AccountLocked { until } => format!(
            "密码连续输错 5 次，账号已被锁定 15 分钟，请于 {} 后再试，或联系上级管理员重置密码。",
            china_time_string(*until)
        ),
        ServiceError::AccountDisabled => "该账号或所属组织已停用，请联系上级管理员。".into(),
        ServiceError::Unauthenticated => "您尚未登录，或登录已过期，请重新登录。".into(),
        ServiceError::PasswordChangeRequired => "首次登录或密码被重置后，请先修改密码。".into(),
        ServiceError::MergeRefused(reason) => format!("无法合并：{}。", merge_refused(*reason)),
        ServiceError::ImportRefused(report) => {
            format!(
                "导入未执行：文件中发现 {} 处问题，请修改后重新上传。没有任何数据被写入。",
                report.errors.len()
            )
        }
        ServiceError::FileTooLarge { limit_bytes } => {
            format!("文件太大，不能超过 {} MB。", limit_bytes / 1024 / 1024)
        }
        ServiceError::Ineligible(reason) => ineligible(*reason),
        ServiceError::WindowClosed(closed) => window_closed(*closed),
        ServiceError::MoveRefused(refused) => move_refused(*refused),
        ServiceError::ImageRefused(refused) => image_refused(refused),
        ServiceError::Docx(refused) => docx_refused(refused),
        ServiceError::Review(refused) => review_refused(*refused),
        ServiceError::AttachmentRefused { file_name, problem } => {
            attachment_refused(file_name, problem)
        }
        ServiceError::LinkClosed { revoked: true, .. } => {
            "此宣推链接已被全国妇联撤销，材料不再提供。如需采访或转载，请联系全国妇联宣传联络人。".into()
        }
        ServiceError::LinkClosed { last_day, .. } => format!(
            "此宣推链接已过期（有效期至 {}），材料不再提供。如需继续使用，请联系全国妇联重新获取。",
            chinese_date(*last_day)
        ),
        ServiceError::Conflict(_) => "数据已被他人修改，请刷新后重试。".into(),
        ServiceError::Unavailable(_) => "系统繁忙，请稍后重试。".into(),
        ServiceError::Internal(_) => {
            "系统出现错误，请稍后再试。如果问题持续，请联系管理员。".into()
        }
        ServiceError::PasswordRefused(refused) => password_refused(*refused).into(),
    }
}

fn password_refused(refused: jinguo_domain::password_policy::PasswordRefused) -> &'static str {
    use jinguo_domain::password_policy::PasswordRefused;
    match refused {
        PasswordRefused::Common => "该密码过于常见，容易被猜中，请换一个。",
        PasswordRefused::ContainsUsername => "密码不能包含用户名。",
        PasswordRefused::ContainsOrgCode => "密码不能包含所属组织的代码。",
        PasswordRefused::RecentlyUsed { .. } => "不能使用最近用过的 5 个密码之一，请换一个。",
    }
}

/// Chinese names of audited actions.
pub fn audit_action(code: &str) -> &str {
    match code {
        "login" => "登录",
        "login_failed" => "登录失败",
        "account_locked" => "账号锁定",
        "logout" => "退出",
        "password_changed" => "修改密码",
        "password_reset" => "重置密码",
        "account_created" => "新增账号",
        "account_disabled" => "停用账号",
        "account_enabled" => "启用账号",
        "org_created" => "新增组织",
        "org_updated" => "修改组织",
        "org_disabled" => "停用组织",
        "org_enabled" => "启用组织",
        "org_merged" => "合并组织",
        "import" => "批量导入",
        "token_issued" => "签发令牌",
        "token_revoked" => "吊销令牌",
        "campaign_saved" => "保存活动设置",
        "recommendations_pushed" => "报送推荐名单",
        "sensitive_words_saved" => "保存敏感词",
        "webhook_created" => "添加推送订阅",
        "webhook_disabled" => "停用推送订阅",
        "webhook_enabled" => "启用推送订阅",
        "webhook_redelivered" => "重新发送推送",
        "notice_issued" => "发布通知",
        "notice_forwarded" => "转发通知",
        "press_kit_issued" => "生成宣推材料",
        "press_kit_revoked" => "撤销宣推链接",
        "press_contact_saved" => "设置宣传联络人",
        other => other,
    }
}

pub fn audit_detail(detail: &str) -> String {
    let word = match detail {
        "unknown_user" => "用户名不存在",
        "wrong_password" => "密码错误",
        "locked" => "账号锁定中",
        "disabled" => "账号已停用",
        "submitter" => "投稿人",
        "reviewer" => "审核员",
        "admin" => "管理员",
        other => return counts_in_chinese(other).unwrap_or_else(|| other.to_string()),
    };
    word.to_string()
}

/// The details stored as `key=value` pairs (kept that way for machines), said as a sentence:
/// `pushed=3 listed=17 min=30 below_minimum=true` → 报送 3 篇，名单共 17 篇，低于最低 30 篇.
fn counts_in_chinese(detail: &str) -> Option<String> {
    let pairs: Vec<(&str, &str)> = detail
        .split(' ')
        .map(|part| part.split_once('='))
        .collect::<Option<_>>()?;
    let get = |key: &str| pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
    let keys: Vec<&str> = pairs.iter().map(|(k, _)| *k).collect();
    match keys.as_slice() {
        ["pushed", "listed", "min", "below_minimum"] => {
            let mut sentence = format!("报送 {} 篇，名单共 {} 篇", get("pushed")?, get("listed")?);
            if get("below_minimum")? == "true" {
                sentence.push_str(&format!("，低于最低 {} 篇", get("min")?));
            }
            Some(sentence)
        }
        ["recipients", "attachments"] => Some(format!(
            "发往 {} 个单位，附件 {} 个",
            get("recipients")?,
            get("attachments")?
        )),
        _ => None,
    }
}

pub fn ineligible(reason: Ineligible) -> String {
    match reason {
        Ineligible::NotNationalLevel { level } => {
            format!(
                "本活动只接受全国级巾帼文明岗投稿，本岗为{}巾帼文明岗，可在普通新闻栏目投稿。",
                level.label()
            )
        }
        Ineligible::MilitaryOrClassified => "解放军或涉军、涉密巾帼文明岗不在本活动范围内。".into(),
        Ineligible::Revoked => "本岗“巾帼文明岗”称号已撤销，不能投稿。".into(),
        Ineligible::NotAPost => "只有巾帼文明岗的投稿账号可以撰写和提交稿件。".into(),
    }
}

/// Why a post stays out of a campaign, in a few words beside its name (the chase lists).
pub fn ineligible_short(reason: Ineligible) -> &'static str {
    match reason {
        Ineligible::NotNationalLevel { .. } => "非全国级",
        Ineligible::MilitaryOrClassified => "涉军涉密岗位",
        Ineligible::Revoked => "称号已撤销",
        Ineligible::NotAPost => "非巾帼文明岗",
    }
}

pub fn window_closed(closed: WindowClosed) -> String {
    let (phase, what) = match closed {
        WindowClosed::Closed { phase, .. } | WindowClosed::NotYetOpen { phase, .. } => (
            phase,
            if phase == Phase::Collection {
                ("不能再提交或修改稿件", "才能提交稿件")
            } else {
                ("不能再进行审核操作", "才能进行审核操作")
            },
        ),
    };
    match closed {
        WindowClosed::Closed { closes, .. } => {
            format!(
                "{}已于{}结束，{}。",
                phase.label(),
                chinese_date(closes),
                what.0
            )
        }
        WindowClosed::NotYetOpen { opens, .. } => {
            format!(
                "{}将于{}开始，届时{}。",
                phase.label(),
                chinese_date(opens),
                what.1
            )
        }
    }
}

pub fn move_refused(refused: MoveRefused) -> String {
    match refused {
        MoveRefused::ReviewStarted => "稿件已进入审核，不能再撤回。".into(),
        MoveRefused::NotFromHere { mv, from } => {
            format!("稿件当前为“{}”，不能{}。", from.label(), mv.label())
        }
    }
}

pub fn review_refused(refused: ReviewRefused) -> String {
    match refused {
        ReviewRefused::WrongLevel { mv, level } => {
            format!("{}不能对稿件进行“{}”操作。", level_label(level), mv.label())
        }
        ReviewRefused::NotFromHere { mv, from } => {
            format!("稿件当前为“{}”，不能{}。", from.label(), mv.label())
        }
        ReviewRefused::NotHolder => {
            "稿件当前不在本单位审核，不能操作（可能已被上报、退回或由其他单位处理）。".into()
        }
        ReviewRefused::QuotaExceeded { limit } => {
            format!("本单位推荐名额已满（至多推荐 {limit} 篇），请先将其他稿件移出推荐名单。")
        }
        ReviewRefused::CommentRequired => "请填写审核意见。".into(),
        ReviewRefused::NationalHasActed { status } => format!(
            "全国妇联已处理该稿件（当前为“{}”），不能再撤回推荐。",
            status.label()
        ),
        ReviewRefused::NothingToPush => {
            "推荐名单中没有新推荐的稿件，无需报送（已报送的稿件全国妇联已经可以看到）。".into()
        }
        ReviewRefused::BelowMinimumUnconfirmed { count, min } => format!(
            "推荐名单只有 {count} 篇，少于本次活动要求的至少 {min} 篇；确认仍要报送时请注明确认（confirm_below_minimum）。"
        ),
    }
}

fn level_label(level: ReviewLevel) -> &'static str {
    match level {
        ReviewLevel::National => "全国妇联",
        ReviewLevel::Provincial => "省级妇联",
        ReviewLevel::BelowProvincial => "区县级妇联",
    }
}

pub fn image_refused(refused: &ImageRefused) -> String {
    match refused {
        ImageRefused::TooLarge { bytes, max } => format!(
            "图片文件有 {:.1} MB，超过了 {} MB 的上限。",
            *bytes as f64 / 1024.0 / 1024.0,
            max / 1024 / 1024
        ),
        ImageRefused::TooManyPixels { width, height, .. } => {
            format!("图片尺寸为 {width}×{height}，超过 5000 万像素，无法处理。请先缩小后再上传。")
        }
        ImageRefused::NotAnImage => {
            "上传的文件不是图片。请上传 JPG、PNG 或 WebP 格式的照片。".into()
        }
        ImageRefused::UnsupportedFormat { format } => {
            format!("不支持 {format} 格式的图片，请转换为 JPG、PNG 或 WebP 后再上传。")
        }
        ImageRefused::Truncated => "图片文件不完整（可能上传或拷贝时中断），请重新上传。".into(),
        ImageRefused::TooSmall { width, height } => format!(
            "图片只有 {width}×{height} 像素，小于要求的 750×445，放大后会不清晰。请换一张更大的照片。"
        ),
        ImageRefused::Decode { .. } => "图片已损坏，无法读取，请换一张照片。".into(),
        ImageRefused::OutputTooLarge { .. } => "图片处理后仍超过 1 MB，请换一张照片。".into(),
    }
}

pub fn docx_refused(refused: &DocxError) -> String {
    match refused {
        DocxError::NotADocx => "文件不是 Word（.docx）文档。".into(),
        DocxError::LegacyDoc => {
            "这是旧版 Word（.doc）文件，请在 Word 或 WPS 中“另存为” .docx 后再上传。".into()
        }
        DocxError::Encrypted => "文件设置了打开密码，请取消密码后再上传。".into(),
        DocxError::Corrupt { .. } => "文件已损坏，无法读取。".into(),
        DocxError::TooLarge { .. } => "文件内容过大，无法导入。".into(),
        DocxError::Zip(refused) => format!("{}。", zip_refused(refused, "Word 文档")),
    }
}

/// Why the zip guard refused an upload (`document` names what it should have been), without a
/// full stop: it is also an import report's row.
pub fn zip_refused(refused: &ContainerError, document: &str) -> String {
    match refused {
        ContainerError::TooManyEntries { limit } => zip_too_many_entries(*limit, document),
        ContainerError::TooLargeUncompressed { limit_bytes } => zip_too_large(*limit_bytes),
        ContainerError::SuspiciousRatio { ratio_limit } => zip_suspicious_ratio(*ratio_limit),
        ContainerError::Corrupt { .. } => "文件已损坏，无法读取".into(),
    }
}

fn zip_too_many_entries(limit: usize, document: &str) -> String {
    format!("文件内部的条目超过 {limit} 个，不是正常的 {document}，已拒绝导入")
}

fn zip_too_large(limit_bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    let limit = if limit_bytes >= MIB {
        format!("{} MB", limit_bytes / MIB)
    } else {
        format!("{} KB", limit_bytes.div_ceil(1024))
    };
    format!("文件解压后超过 {limit}，可能是压缩炸弹，已拒绝导入")
}

fn zip_suspicious_ratio(ratio_limit: u64) -> String {
    format!("文件的压缩比超过 {ratio_limit}:1，远高于正常文件，可能是压缩炸弹，已拒绝导入")
}

/// Why a notice's attachment was refused, naming the file.
pub fn attachment_refused(
    file_name: &str,
    problem: &jinguo_service::notices::attachment::AttachmentProblem,
) -> String {
    use jinguo_service::notices::attachment::{AttachmentProblem, FileType};
    let kind = |t: &FileType| match t {
        FileType::Pdf => "PDF 文件",
        FileType::Ole2 => "Word/Excel 97-2003 文件（.doc/.xls）",
        FileType::Docx => "Word 文件（.docx）",
        FileType::Xlsx => "Excel 文件（.xlsx）",
        FileType::Jpeg => "JPG 图片",
        FileType::Png => "PNG 图片",
    };
    match problem {
        AttachmentProblem::Empty => format!("附件“{file_name}”是空文件，请重新选择。"),
        AttachmentProblem::TooLarge { limit_mb } => {
            format!("附件“{file_name}”太大，每个附件不能超过 {limit_mb} MB。")
        }
        AttachmentProblem::UnsupportedType => format!(
            "附件“{file_name}”的内容不是可接受的格式。附件只能是 PDF、Word（DOC/DOCX）、Excel（XLS/XLSX）或 JPG/PNG 图片。"
        ),
        AttachmentProblem::ExtensionMismatch {
            extension,
            detected,
        } => {
            let named = if extension.is_empty() {
                "没有扩展名".to_string()
            } else {
                format!("扩展名是 .{extension}")
            };
            format!(
                "附件“{file_name}”{named}，但内容是{}，两者不一致。请确认文件后重新上传。",
                kind(detected)
            )
        }
        AttachmentProblem::TooMany { max } => format!("一则通知最多上传 {max} 个附件。"),
    }
}

#[cfg(test)]
mod tests {
    use super::audit_detail;

    #[test]
    fn audit_details_read_as_chinese_sentences() {
        assert_eq!(
            audit_detail("pushed=3 listed=17 min=30 below_minimum=true"),
            "报送 3 篇，名单共 17 篇，低于最低 30 篇"
        );
        assert_eq!(
            audit_detail("pushed=30 listed=30 min=30 below_minimum=false"),
            "报送 30 篇，名单共 30 篇"
        );
        assert_eq!(
            audit_detail("recipients=31 attachments=2"),
            "发往 31 个单位，附件 2 个"
        );
        assert_eq!(audit_detail("wrong_password"), "密码错误");
        // Free text, and pairs this table does not know, stay as they are.
        assert_eq!(audit_detail("重庆市 → 四川省"), "重庆市 → 四川省");
        assert_eq!(audit_detail("a=1 b=2"), "a=1 b=2");
    }
}
