//! Every `sh` example of `docs/api.md` runs, in order, with curl against a demo instance on a
//! real socket, so the integrator's guide cannot drift from the API. A line `#=> text` after a
//! command is an expected line of the block's output.

use crate::support::with_token;
use std::process::Command;

const GUIDE: &str = include_str!("../../../../docs/api.md");

/// The fenced blocks whose info string is exactly `sh`, with their first line number.
fn sh_blocks(markdown: &str) -> Vec<(usize, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (n, line) in markdown.lines().enumerate() {
        let fence = line.trim_start().starts_with("```");
        match (&mut current, fence) {
            (None, true) if line.trim() == "```sh" => current = Some((n + 2, String::new())),
            (Some(_), true) => blocks.extend(current.take()),
            (Some((_, text)), false) => {
                text.push_str(line);
                text.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

/// What a block promises to print: the text of its `#=> …` lines.
fn expected_lines(block: &str) -> Vec<String> {
    block
        .lines()
        .filter_map(|l| l.trim().strip_prefix("#=>"))
        .map(|l| l.trim().to_string())
        .collect()
}

#[test]
fn the_guide_has_examples_and_promises_outputs() {
    let blocks = sh_blocks(GUIDE);
    assert!(blocks.len() >= 10, "{} sh blocks", blocks.len());
    let promised: usize = blocks.iter().map(|(_, b)| expected_lines(b).len()).sum();
    assert!(promised >= 5, "{promised} expected outputs");
    assert_eq!(
        sh_blocks("```sh\necho a\n#=> a\n```\n```text\nno\n```\n"),
        vec![(2, "echo a\n#=> a\n".to_string())]
    );
}

fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

jinguo_testkit::on_both_backends!(
    with_showcase,
    every_curl_example_of_the_api_guide_works,
    |app| {
        let missing: Vec<&str> = ["curl", "openssl", "python3"]
            .into_iter()
            .filter(|t| !have(t))
            .collect();
        if !missing.is_empty() {
            eprintln!(
                "*** SKIPPED (docs/api.md examples): {} not installed ***",
                missing.join(", ")
            );
            return;
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let router = app.router.clone();
        let server = tokio::spawn(async move { axum::serve(listener, router).await });
        let receiver = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let hook = format!("http://{}/hook", receiver.local_addr().unwrap());
        let hook_server = tokio::spawn(async move {
            let app = axum::Router::new().route("/hook", axum::routing::post(|| async { "ok" }));
            axum::serve(receiver, app).await
        });

        let token = with_token(app, "qg_admin").await.bearer.unwrap();
        let province_token = with_token(app, "cq_admin").await.bearer.unwrap();
        let public = app.client().get("/api/v1/public/articles").await.json();
        let article = public["items"][0]["id"].as_i64().unwrap().to_string();
        // Removed with the app's data folder by `cleanup`.
        let workdir = app.data_dir.join("docs-examples");
        std::fs::create_dir_all(&workdir).unwrap();

        let blocks = sh_blocks(GUIDE);
        for (line, block) in &blocks {
            let env: Vec<(String, String)> = [
                ("JINGUO", &base),
                ("TOKEN", &token),
                ("PROVINCE_TOKEN", &province_token),
                ("ARTICLE", &article),
                ("WEBHOOK_URL", &hook),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
            let script = block.clone();
            let dir = workdir.clone();
            let output = tokio::task::spawn_blocking(move || {
                Command::new("sh")
                    .args(["-eu", "-c", &script])
                    .current_dir(dir)
                    .envs(env)
                    .output()
            })
            .await
            .unwrap()
            .unwrap();
            let stdout = String::from_utf8_lossy(&output.stdout);
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(
                output.status.success(),
                "docs/api.md line {line}: the example failed ({})\n{block}\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
                output.status
            );
            let printed: Vec<&str> = stdout.lines().map(str::trim).collect();
            for expected in expected_lines(block) {
                assert!(
                    printed.contains(&expected.as_str()),
                    "docs/api.md line {line}: expected the line “{expected}”\n{block}\n--- stdout\n{stdout}"
                );
            }
        }
        server.abort();
        hook_server.abort();
    }
);
