//! Three instances started at the same moment on one empty PostgreSQL database, each with its own
//! data folder as on separate machines, all come up: migrations and the demo seed take turns
//! under database locks instead of racing (before, 2 of 3 crashed every time).
mod support;

use std::time::Duration;
use support::{Http, create_database, free_port, postgres_url, psql, start, wait_healthy};

#[test]
fn three_instances_started_at_once_on_an_empty_postgres_database_all_come_up() {
    let Some(url) = postgres_url() else { return };
    let name = format!("jgtest_start_{}", std::process::id());
    let database_url = create_database(&url, &name);
    let root = std::env::temp_dir().join(&name);
    let mut instances: Vec<(u16, std::process::Child)> = (0..3)
        .map(|i| {
            let port = free_port();
            let dir = root.join(format!("instance{i}"));
            (port, start(&dir, Some(&database_url), port, true))
        })
        .collect();
    let up: Vec<bool> = instances
        .iter_mut()
        .map(|(port, child)| wait_healthy(child, *port, Duration::from_secs(300)))
        .collect();
    // The demo and its showcase were seeded once, whichever instance did it: 60 articles.
    let published = Http::new(instances[0].0)
        .get("/api/v1/public/articles")
        .map(|a| a.json()["total"].clone());
    for (_, child) in &mut instances {
        child.kill().ok();
        child.wait().ok();
    }
    psql(&format!("DROP DATABASE IF EXISTS {name}"));
    std::fs::remove_dir_all(&root).ok();
    assert_eq!(up, [true; 3], "every instance answers /healthz");
    assert_eq!(published, Some(serde_json::json!(60)));
}
