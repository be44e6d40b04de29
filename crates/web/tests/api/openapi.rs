//! The OpenAPI document: valid JSON naming every endpoint, its bearer scheme and error body.

use serde_json::Value;

const OPERATIONS: &[(&str, &str)] = &[
    ("/api/v1/me", "get"),
    ("/api/v1/orgs", "get"),
    ("/api/v1/orgs", "post"),
    ("/api/v1/orgs/{id}", "get"),
    ("/api/v1/orgs/{id}", "patch"),
    ("/api/v1/orgs/{id}/disable", "post"),
    ("/api/v1/orgs/{id}/enable", "post"),
    ("/api/v1/orgs/{id}/merge", "post"),
    ("/api/v1/orgs/{id}/accounts", "post"),
    ("/api/v1/accounts", "get"),
    ("/api/v1/accounts/{id}/disable", "post"),
    ("/api/v1/accounts/{id}/enable", "post"),
    ("/api/v1/accounts/{id}/reset-password", "post"),
    ("/api/v1/audit", "get"),
    ("/api/v1/tokens", "get"),
    ("/api/v1/tokens", "post"),
    ("/api/v1/tokens/{id}", "delete"),
    ("/api/v1/campaigns", "get"),
    ("/api/v1/articles", "get"),
    ("/api/v1/articles", "post"),
    ("/api/v1/articles/docx", "post"),
    ("/api/v1/articles/{id}", "get"),
    ("/api/v1/articles/{id}", "put"),
    ("/api/v1/articles/{id}/submit", "post"),
    ("/api/v1/articles/{id}/withdraw", "post"),
    ("/api/v1/media", "post"),
    ("/api/v1/media/{media}/crop", "post"),
    ("/api/v1/review/queue", "get"),
    ("/api/v1/review/articles/{id}", "get"),
    ("/api/v1/review/articles/{id}/{move}", "post"),
    ("/api/v1/public/articles", "get"),
    ("/api/v1/public/articles/{id}", "get"),
    ("/api/v1/publication-package", "get"),
    ("/api/v1/dashboard", "get"),
];

/// Open to everyone: documented without a security requirement.
const PUBLIC_OPERATIONS: &[(&str, &str)] = &[
    ("/api/v1/public/articles", "get"),
    ("/api/v1/public/articles/{id}", "get"),
];

fn refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                match (key.as_str(), inner) {
                    ("$ref", Value::String(target)) => out.push(target.clone()),
                    _ => refs(inner, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|inner| refs(inner, out)),
        _ => {}
    }
}

jinguo_testkit::on_both_backends!(
    with_demo,
    the_openapi_document_lists_every_endpoint_with_bearer_security,
    |app| {
        let served = app.client().get("/api/openapi.json").await;
        assert_eq!(served.status, 200, "{}", served.text);
        let doc: Value = serde_json::from_str(&served.text).expect("valid JSON");
        assert!(
            doc["openapi"].as_str().unwrap().starts_with("3."),
            "{}",
            doc["openapi"]
        );
        assert_eq!(
            doc["components"]["securitySchemes"]["bearer"]["scheme"],
            "bearer"
        );
        let paths = doc["paths"].as_object().unwrap();
        for (path, method) in OPERATIONS {
            let operation = &paths.get(*path).unwrap_or_else(|| panic!("{path} missing"))[*method];
            assert!(operation.is_object(), "{method} {path} missing");
            let public = PUBLIC_OPERATIONS.contains(&(*path, *method));
            assert_eq!(
                operation["security"].to_string().contains("bearer"),
                !public,
                "{method} {path}: bearer security only where a token is needed"
            );
            assert!(
                operation["tags"].as_array().is_some_and(|t| !t.is_empty()),
                "{method} {path} has no tag"
            );
            assert!(
                operation["responses"]
                    .to_string()
                    .contains("#/components/schemas/ErrorBody"),
                "{method} {path}: no error body"
            );
            for (status, response) in operation["responses"].as_object().unwrap() {
                let described = response["description"]
                    .as_str()
                    .is_some_and(|d| !d.is_empty());
                assert!(
                    described,
                    "{method} {path} {status}: OpenAPI requires a description"
                );
            }
        }
        let listed: usize = paths.values().map(|p| p.as_object().unwrap().len()).sum();
        assert_eq!(
            listed,
            OPERATIONS.len(),
            "an operation is documented but not listed here"
        );
        let mut targets = Vec::new();
        refs(&doc, &mut targets);
        for target in targets {
            let name = target
                .strip_prefix("#/components/schemas/")
                .unwrap_or_else(|| panic!("odd $ref {target}"));
            assert!(
                doc["components"]["schemas"][name].is_object(),
                "$ref {target} does not resolve"
            );
        }
    }
);
