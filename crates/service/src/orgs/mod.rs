//! Organisation use cases: browse my subtree, add, edit, disable, merge.

pub mod create;
pub mod edit;
pub mod merge;
pub mod root;
pub mod status;
pub mod view;

/// Refuses names shown to others that carry control or bidi characters (the form keeps what was
/// typed). Runs beside `OrgFields::parse`, whose other checks it leaves alone.
pub(crate) fn check_names(draft: &jinguo_domain::org::OrgDraft) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::default();
    for (field, value) in [
        ("name", &draft.name),
        ("federation_name", &draft.federation_name),
        ("work_unit", &draft.work_unit),
        ("contact_person", &draft.contact_person),
    ] {
        if let Err(issue) = check_one_line(value.trim()) {
            errors.add(field, issue);
        }
    }
    errors.into_result(())
}

use jinguo_domain::validation::{FieldErrors, check_one_line};

pub use create::create_org;
pub use edit::edit_org;
pub use merge::merge_org;
pub use status::set_org_enabled;
pub use view::{OrgDetail, OrgListing, get_org, list_children, search_orgs};
