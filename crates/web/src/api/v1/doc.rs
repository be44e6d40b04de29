//! The wording of the error answers the operations document in the OpenAPI file, said once.

pub const UNAUTHENTICATED: &str =
    "Not signed in, or the token is unknown or revoked (`unauthenticated`)";
pub const FORBIDDEN: &str =
    "The role may not do this (`forbidden`), or the password must be changed first";
pub const NOT_FOUND: &str = "Missing, or outside my subtree (`not_found`)";
pub const CONFLICT: &str = "Changed meanwhile (`conflict`)";
pub const INVALID: &str = "Invalid input (`invalid`): `fields` names each problem in Chinese, by the field's path (`content.blocks[3].text`); a body that is not JSON at all is 400 `malformed_json`";
pub const MALFORMED: &str =
    "The body is not JSON (`malformed_json`), or not the multipart form the operation reads";
pub const TOO_LARGE: &str =
    "The body is larger than the operation accepts (`file_too_large`, `too_large`)";
pub const UNAVAILABLE: &str =
    "The database is briefly unavailable (`unavailable`); retry after a moment";
