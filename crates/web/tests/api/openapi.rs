//! The OpenAPI document: valid JSON naming every endpoint, its bearer scheme and error body.

use serde_json::Value;

/// The API's routes are registered only through `routes!` in `api/v1/mod.rs`, each from its
/// handler's annotation: a plain `.route(` there would be a route the document does not know.
const API_ROUTER_SOURCE: &str = include_str!("../../src/api/v1/mod.rs");

/// Operations the document lists, as (path, method).
fn documented(doc: &Value) -> Vec<(String, String)> {
    let mut operations = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            operations.push((path.clone(), method.clone()));
        }
    }
    operations
}

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
        let operations = documented(&doc);
        assert!(operations.len() >= 60, "{} operations", operations.len());
        for (path, method) in &operations {
            let operation = &paths[path.as_str()][method.as_str()];
            let public = PUBLIC_OPERATIONS.contains(&(path.as_str(), method.as_str()));
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

jinguo_testkit::on_both_backends!(
    with_demo,
    the_router_serves_exactly_the_documented_operations,
    |app| {
        assert!(
            !API_ROUTER_SOURCE.contains(".route("),
            "api/v1/mod.rs registers a route beside `routes!`: it would be undocumented"
        );
        let doc: Value =
            serde_json::from_str(&app.client().get("/api/openapi.json").await.text).unwrap();
        let mut session = app.signed_in("qg_admin").await;
        let issued = session
            .json(
                "POST",
                "/api/v1/tokens",
                &serde_json::json!({ "name": "路由" }),
            )
            .await;
        let mut client = app.client();
        client.bearer = Some(issued.json()["token"].as_str().unwrap().to_string());
        for (path, method) in documented(&doc) {
            let concrete = path
                .replace("{id}", "999999")
                .replace("{move}", "publish")
                .replace("{campaign}", "999999")
                .replace("{file}", "999999")
                .replace("{media}", "none.jpg");
            // Reads only: a documented path and method reach a handler (never axum's 405, never
            // the JSON fallback for unknown paths, which names no field).
            if method == "get" {
                let response = client.get(&concrete).await;
                assert_ne!(response.status, 405, "GET {path}");
            }
            // Every documented method of the path is routed; an undocumented one is 405.
            let other = client
                .json("TRACE", &concrete, &serde_json::json!({}))
                .await;
            assert_eq!(other.status, 405, "TRACE {path} is not an operation");
        }
        let unknown = client.get("/api/v1/no-such-thing").await;
        assert_eq!(unknown.status, 404);
        assert_eq!(unknown.json()["error"]["code"], "not_found");
    }
);

jinguo_testkit::on_both_backends!(
    with_demo,
    query_parameters_are_in_the_query_and_bodies_are_typed_all_the_way_down,
    |app| {
        let doc: Value =
            serde_json::from_str(&app.client().get("/api/openapi.json").await.text).unwrap();
        for (path, method) in documented(&doc) {
            let operation = &doc["paths"][path.as_str()][method.as_str()];
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                let name = parameter["name"].as_str().unwrap();
                if parameter["in"] == "path" {
                    assert!(
                        path.contains(&format!("{{{name}}}")),
                        "{method} {path}: `{name}` is declared in the path but is not in it"
                    );
                }
                if ["page", "per_page"].contains(&name) {
                    assert_eq!(parameter["in"], "query", "{method} {path} {name}");
                }
            }
        }
        // An article's content is a typed schema a client can be generated from.
        let content = &doc["components"]["schemas"]["ArticleContent"];
        assert_eq!(content["additionalProperties"], false, "{content}");
        assert!(
            content["properties"]["blocks"]
                .to_string()
                .contains("Block"),
            "{content}"
        );
        let block = doc["components"]["schemas"]["Block"].to_string();
        for kind in ["paragraph", "subheading", "image"] {
            assert!(block.contains(kind), "{block}");
        }
        // per_page is bounded as the lists enforce.
        let accounts = doc["paths"]["/api/v1/accounts"]["get"]["parameters"].to_string();
        assert!(accounts.contains("\"maximum\":100"), "{accounts}");
    }
);
