//! Helpers of the recommendation-list stories: articles recommended by 重庆市, and the list's
//! forms, through HTTP like a user.

use super::helpers::{moved, submitted};
use jinguo_testkit::{Client, TestApp, TestResponse};

/// The Chongqing path's people, each signed in once (a first sign-in may change the password).
pub struct Chongqing {
    pub post: Client,
    pub district: Client,
    pub province: Client,
}

impl Chongqing {
    pub async fn signed_in(app: &TestApp) -> Chongqing {
        Chongqing {
            post: app.signed_in("gang_demo").await,
            district: app.signed_in("yz_reviewer").await,
            province: app.signed_in("cq_reviewer").await,
        }
    }

    /// A new article of 岗位 gang_demo, submitted to 渝中区.
    pub async fn post_article(&mut self, title: &str) -> i64 {
        submitted(&mut self.post, title, &["正文。"]).await
    }

    /// A new article of 岗位 gang_demo, forwarded by 渝中区 and recommended by 重庆市.
    pub async fn recommended(&mut self, title: &str) -> i64 {
        let id = submitted(&mut self.post, title, &["正文。"]).await;
        moved(&mut self.district, id, "forward", "").await;
        moved(&mut self.province, id, "recommend", "").await;
        id
    }
}

/// The province's list page, which must answer 200.
pub async fn list_page(province: &mut Client) -> TestResponse {
    let page = province.get("/review/list").await;
    assert_eq!(page.status, 200, "{}", page.text);
    page
}

/// The id of the campaign the list page shows (what its forms send back).
pub fn campaign_of(page: &TestResponse) -> String {
    page.text
        .split("name=\"campaign\" value=\"")
        .nth(1)
        .unwrap_or_else(|| panic!("no campaign field on:\n{}", page.text))
        .split('"')
        .next()
        .unwrap()
        .to_string()
}

/// The version the recall form of article `id` carries.
pub fn recall_version(page: &TestResponse, id: i64) -> String {
    page.text
        .split(&format!("action=\"/review/list/{id}/recall\""))
        .nth(1)
        .unwrap_or_else(|| panic!("no recall form for {id} on:\n{}", page.text))
        .split("name=\"version\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string()
}

/// Pushes the list; `confirm` ticks the below-minimum confirmation.
pub async fn push(province: &mut Client, confirm: bool) -> TestResponse {
    let page = list_page(province).await;
    let campaign = campaign_of(&page);
    let mut fields = vec![("campaign", campaign.as_str())];
    if confirm {
        fields.push(("confirm", "yes"));
    }
    province.post_form("/review/list/push", &fields).await
}

/// Asserts `first` appears before `second` on the page.
pub fn in_order(page: &TestResponse, first: &str, second: &str) {
    let a = page
        .text
        .find(first)
        .unwrap_or_else(|| panic!("no {first}"));
    let b = page
        .text
        .find(second)
        .unwrap_or_else(|| panic!("no {second}"));
    assert!(a < b, "{first} should come before {second}");
}
