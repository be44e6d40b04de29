//! argon2id hashing, run off the async threads (and at most one per core: each hash takes
//! 19 MiB) because it is deliberately slow.

use crate::error::{ServiceError, ServiceResult};
use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

pub async fn hash(password: &str) -> ServiceResult<String> {
    let password = password.to_string();
    crate::cpu::run(move || hash_blocking(&password)).await?
}

pub fn hash_blocking(password: &str) -> ServiceResult<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| ServiceError::Internal(format!("hashing failed: {e}")))
}

/// True when `password` matches the stored hash. A malformed stored hash never matches.
pub async fn verify(password: &str, stored: &str) -> ServiceResult<bool> {
    let password = password.to_string();
    let stored = stored.to_string();
    crate::cpu::run(move || match PasswordHash::new(&stored) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    })
    .await
}

/// A real hash of a random string, verified against when the username is unknown so that
/// both paths take the same time.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| {
        let secret = crate::secrets::random_token().unwrap_or_default();
        hash_blocking(&secret).unwrap_or_default()
    })
}
