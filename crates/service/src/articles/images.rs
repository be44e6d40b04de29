//! Image blocks name only photos the post itself uploaded: never another post's photo, a
//! made-up name or a path (which a reviewer's browser would otherwise fetch as the reviewer).

use crate::actor::SignedIn;
use crate::error::ServiceResult;
use jinguo_domain::content::ArticleContent;
use jinguo_domain::validation::{FieldErrors, FieldIssue};
use jinguo_storage::ConnectionTrait;
use jinguo_storage::repo::media;

/// Refuses the content (422, the typed text kept) if an image block or the cover names a photo
/// the signed-in post did not upload; the first such name is reported.
pub(crate) async fn check_own_images<C: ConnectionTrait>(
    db: &C,
    who: &SignedIn,
    content: &ArticleContent,
) -> ServiceResult<()> {
    let mut names: Vec<&str> = content.images().collect();
    if let Some(cover) = content.cover.as_deref() {
        names.push(cover);
    }
    names.sort_unstable();
    names.dedup();
    let owned = media::names_uploaded_by(db, who.org.id, &names).await?;
    // The first name in the article's order that the post did not upload is reported.
    let first_foreign = content
        .images()
        .chain(content.cover.as_deref())
        .find(|name| !owned.iter().any(|o| o == name));
    if let Some(name) = first_foreign {
        let field = if content.images().any(|m| m == name) {
            "blocks"
        } else {
            "cover"
        };
        return Err(FieldErrors::single(
            field,
            FieldIssue::UnknownImage {
                name: name.to_string(),
            },
        )
        .into());
    }
    Ok(())
}
