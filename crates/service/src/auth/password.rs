//! argon2id hashing, run off the async threads (and at most one per core: each hash takes
//! its configured memory) because it is deliberately slow.

use crate::context::Argon2Settings;
use crate::error::{ServiceError, ServiceResult};
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

fn hasher(settings: Argon2Settings) -> ServiceResult<Argon2<'static>> {
    let params = Params::new(
        settings.memory_kib,
        settings.iterations,
        settings.parallelism,
        None,
    )
    .map_err(|e| ServiceError::Internal(format!("argon2 parameters: {e}")))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Checks argon2 parameters once at start (the configuration's validation).
pub fn check_settings(settings: Argon2Settings) -> Result<(), String> {
    hasher(settings).map(|_| ()).map_err(|e| e.to_string())
}

/// Hashes with the default parameters (demo data and imports; see `hash_with`).
pub async fn hash(password: &str) -> ServiceResult<String> {
    hash_with(Argon2Settings::default(), password).await
}

/// Hashes with the configured parameters.
pub async fn hash_with(settings: Argon2Settings, password: &str) -> ServiceResult<String> {
    let password = password.to_string();
    crate::cpu::run(move || hash_blocking_with(settings, &password)).await?
}

pub fn hash_blocking(password: &str) -> ServiceResult<String> {
    hash_blocking_with(Argon2Settings::default(), password)
}

pub fn hash_blocking_with(settings: Argon2Settings, password: &str) -> ServiceResult<String> {
    hasher(settings)?
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| ServiceError::Internal(format!("hashing failed: {e}")))
}

/// True when `password` matches the stored hash (with the hash's own parameters). A malformed
/// stored hash never matches.
pub async fn verify(password: &str, stored: &str) -> ServiceResult<bool> {
    let password = password.to_string();
    let stored = stored.to_string();
    crate::cpu::run(move || verify_blocking(&password, &stored)).await
}

fn verify_blocking(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// True when `password` matches any of `stored`; every hash is checked (no early exit), off
/// the async threads in one go.
pub async fn matches_any(password: &str, stored: Vec<String>) -> ServiceResult<bool> {
    let password = password.to_string();
    crate::cpu::run(move || {
        stored.iter().fold(false, |found, hash| {
            verify_blocking(&password, hash) | found
        })
    })
    .await
}

/// A real hash of a random string with the configured parameters, verified against when no
/// real hash is to be checked (unknown username, throttled attempt), so every path does the
/// same work and takes the same time. Made once per parameter set.
pub async fn dummy_hash(settings: Argon2Settings) -> ServiceResult<String> {
    static DUMMIES: std::sync::Mutex<Vec<(Argon2Settings, String)>> =
        std::sync::Mutex::new(Vec::new());
    let cached = DUMMIES.lock().ok().and_then(|d| {
        d.iter()
            .find(|(s, _)| *s == settings)
            .map(|(_, h)| h.clone())
    });
    if let Some(hash) = cached {
        return Ok(hash);
    }
    let secret =
        crate::secrets::random_token().map_err(|e| ServiceError::Internal(e.to_string()))?;
    let hash = hash_with(settings, &secret).await?;
    if let Ok(mut dummies) = DUMMIES.lock() {
        dummies.push((settings, hash.clone()));
    }
    Ok(hash)
}
