//! Three instances started at the same moment on one empty PostgreSQL database, each with its own
//! data folder as on separate machines, all come up: migrations and the demo seed take turns
//! under database locks instead of racing (before, 2 of 3 crashed every time).
#![expect(
    clippy::expect_used,
    reason = "test code: a failed expectation is a failed test"
)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// GET /healthz by hand: the status code, or None while nothing listens.
fn health(port: u16) -> Option<u16> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .ok()?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).ok()?;
    answer.split_whitespace().nth(1)?.parse().ok()
}

fn psql(sql: &str) -> bool {
    Command::new("psql")
        .args([
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-d",
            "test",
            "-qAtc",
            sql,
        ])
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn three_instances_started_at_once_on_an_empty_postgres_database_all_come_up() {
    let Some(url) = std::env::var("JINGUO_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        eprintln!("\n*** SKIPPED (postgres): JINGUO_TEST_DATABASE_URL is not set ***\n");
        return;
    };
    let name = format!("jgtest_start_{}", std::process::id());
    assert!(psql(&format!("CREATE DATABASE {name}")), "create {name}");
    let base = url.rsplit_once('/').map_or(url.as_str(), |(b, _)| b);
    let database_url = format!("{base}/{name}");
    let root = std::env::temp_dir().join(&name);
    let mut instances: Vec<(u16, Child)> = (0..3)
        .map(|i| {
            let port = free_port();
            let child = Command::new(env!("CARGO_BIN_EXE_jinguo"))
                .arg("--data-dir")
                .arg(root.join(format!("instance{i}")))
                .args(["--database-url", &database_url, "serve", "--demo"])
                .args(["--listen", &format!("127.0.0.1:{port}")])
                .env("JINGUO_LOG", "warn")
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("start jinguo serve");
            (port, child)
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(240);
    let mut up = [false; 3];
    let mut crashed = Vec::new();
    while Instant::now() < deadline && !up.iter().all(|u| *u) {
        for (i, (port, child)) in instances.iter_mut().enumerate() {
            if up[i] {
                continue;
            }
            if let Ok(Some(status)) = child.try_wait() {
                let mut stderr = String::new();
                if let Some(mut pipe) = child.stderr.take() {
                    pipe.read_to_string(&mut stderr).ok();
                }
                crashed.push(format!("instance {i} exited with {status}: {stderr}"));
                up[i] = true; // stop polling it; the assertion below reports it
                continue;
            }
            up[i] = health(*port) == Some(200);
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    let serving: Vec<bool> = instances
        .iter()
        .map(|(port, _)| health(*port) == Some(200))
        .collect();
    for (_, child) in &mut instances {
        child.kill().ok();
        child.wait().ok();
    }
    psql(&format!("DROP DATABASE IF EXISTS {name}"));
    std::fs::remove_dir_all(&root).ok();
    assert!(crashed.is_empty(), "{}", crashed.join("\n"));
    assert_eq!(serving, [true; 3], "every instance answers /healthz");
}
