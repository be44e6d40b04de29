//! 宣传联络人: a federation admin records who journalists call at the federation; press kits
//! print it beside each post's own contact.

use crate::auth::Page;
use crate::error::{PageError, classify};
use crate::pages::chrome::Chrome;
use crate::pages::flash;
use crate::pages::render::{FormErrors, render};
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use jinguo_service::ServiceError;
use jinguo_service::press::contact;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "pages/press/contact.html")]
pub struct ContactPage {
    pub chrome: Chrome,
    pub federation: String,
    pub person: String,
    pub phone: String,
    pub saved: Vec<String>,
    pub errors: FormErrors,
}

#[derive(Debug, Deserialize)]
pub struct ContactForm {
    #[serde(default)]
    pub person: String,
    #[serde(default)]
    pub phone: String,
}

const CONTACT_PATH: &str = "/press-contact";

pub async fn show_press_contact(
    State(state): State<AppState>,
    page: Page,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let (person, phone) = contact::own_contact(&state.ctx, &page.who).await?;
    let (jar, saved) = flash::take(jar, CONTACT_PATH);
    let view = ContactPage {
        chrome: Chrome::signed_in("宣传联络人", &page, "press_contact"),
        federation: page.who.org.federation_name.clone(),
        person,
        phone,
        saved,
        errors: FormErrors::default(),
    };
    Ok((jar, render(StatusCode::OK, &view)).into_response())
}

pub async fn save_press_contact(
    State(state): State<AppState>,
    page: Page,
    jar: CookieJar,
    Form(form): Form<ContactForm>,
) -> Result<Response, PageError> {
    match contact::set_own_contact(&state.ctx, &page.who, &form.person, &form.phone, &page.meta)
        .await
    {
        Ok(()) => {
            let jar = flash::set(
                jar,
                &["宣传联络人已保存，此后打开的宣推材料即显示新的联系方式。".to_string()],
                CONTACT_PATH,
                state.web.cookie_secure,
            );
            Ok((jar, Redirect::to(CONTACT_PATH)).into_response())
        }
        Err(err @ ServiceError::Invalid(_)) => {
            let view = ContactPage {
                chrome: Chrome::signed_in("宣传联络人", &page, "press_contact"),
                federation: page.who.org.federation_name.clone(),
                person: form.person,
                phone: form.phone,
                saved: Vec::new(),
                errors: FormErrors::from_service(&err),
            };
            Ok(render(classify(&err).0, &view))
        }
        Err(err) => Err(err.into()),
    }
}
