//! The JSON API under `/api/v1` and its OpenAPI document.

pub mod openapi;
pub mod v1;
