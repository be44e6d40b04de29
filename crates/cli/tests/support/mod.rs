//! Running the real `jinguo serve` in tests: free ports, a fresh PostgreSQL database, a minimal
//! HTTP/1.1 client over a socket (cookies and the CSRF token like a browser, bounded waits).
#![allow(dead_code, reason = "each test binary uses part of the support")]
#![expect(
    clippy::expect_used,
    reason = "test support: a failed expectation is a failed test"
)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// The PostgreSQL URL for tests, or None after a loud line.
pub fn postgres_url() -> Option<String> {
    let url = std::env::var("JINGUO_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty());
    if url.is_none() {
        eprintln!("\n*** SKIPPED (postgres): JINGUO_TEST_DATABASE_URL is not set ***\n");
    }
    url
}

pub fn psql(sql: &str) -> bool {
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

/// A fresh database `name` beside the test database; its URL.
pub fn create_database(url: &str, name: &str) -> String {
    assert!(
        psql(&format!("DROP DATABASE IF EXISTS {name}")),
        "drop {name}"
    );
    assert!(psql(&format!("CREATE DATABASE {name}")), "create {name}");
    let base = url.rsplit_once('/').map_or(url, |(b, _)| b);
    format!("{base}/{name}")
}

/// `jinguo serve` on `port` with its own data folder (and a database URL, or SQLite there).
pub fn start(data_dir: &Path, database_url: Option<&str>, port: u16, demo: bool) -> Child {
    start_with(data_dir, database_url, port, demo, &[])
}

/// Like `start`, with extra `JINGUO_*` (or `AWS_*`) environment variables.
pub fn start_with(
    data_dir: &Path,
    database_url: Option<&str>,
    port: u16,
    demo: bool,
    env: &[(&str, &str)],
) -> Child {
    let mut command = Command::new(env!("CARGO_BIN_EXE_jinguo"));
    command.arg("--data-dir").arg(data_dir);
    if let Some(url) = database_url {
        command.args(["--database-url", url]);
    }
    command
        .arg("serve")
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .args(if demo { &["--demo"][..] } else { &[][..] })
        .env("JINGUO_LOG", "warn")
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start jinguo serve")
}

/// Waits until `/healthz` answers 200 (true) or the process exits or time runs out (false).
pub fn wait_healthy(child: &mut Child, port: u16, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return false;
        }
        if Http::new(port).get("/healthz").map(|r| r.status) == Some(200) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    false
}

pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }

    /// Every value of a header that may come several times (`Set-Cookie`).
    fn all(&self, name: &str) -> impl Iterator<Item = &str> {
        self.headers
            .iter()
            .filter(move |(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One browser's worth of state: the session cookie and the page's CSRF token.
pub struct Http {
    port: u16,
    cookie: Option<String>,
    csrf: Option<String>,
}

impl Http {
    pub fn new(port: u16) -> Self {
        Http {
            port,
            cookie: None,
            csrf: None,
        }
    }

    /// The same browser (cookie, CSRF token) talking to another port: another instance, or
    /// the load balancer in front of them.
    pub fn at(&self, port: u16) -> Http {
        Http {
            port,
            cookie: self.cookie.clone(),
            csrf: self.csrf.clone(),
        }
    }

    /// None when the server is not there (refused, reset: it was killed).
    pub fn send(&mut self, method: &str, path: &str, kind: &str, body: &[u8]) -> Option<Answer> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .ok()?;
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.port,
            body.len()
        );
        if !kind.is_empty() {
            head.push_str(&format!("Content-Type: {kind}\r\n"));
        }
        // A browser names the page's origin on every write; the app compares it with Host.
        if method != "GET" {
            head.push_str(&format!("Origin: http://127.0.0.1:{}\r\n", self.port));
        }
        if let Some(cookie) = &self.cookie {
            head.push_str(&format!("Cookie: jinguo_session={cookie}\r\n"));
        }
        if let Some(csrf) = &self.csrf {
            head.push_str(&format!("X-CSRF-Token: {csrf}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).ok()?;
        stream.write_all(body).ok()?;
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).ok()?;
        let answer = parse(&raw)?;
        // A sign-in sets the known-device cookie too; only the session matters here.
        if let Some(token) = answer
            .all("set-cookie")
            .filter_map(|v| v.strip_prefix("jinguo_session="))
            .filter_map(|v| v.split(';').next())
            .find(|t| !t.is_empty())
        {
            self.cookie = Some(token.to_string());
        }
        let text = answer.text();
        if let Some(start) = text.find("name=\"_csrf\" value=\"") {
            let rest = &text[start + 20..];
            self.csrf = rest.split('"').next().map(str::to_string);
        }
        Some(answer)
    }

    pub fn get(&mut self, path: &str) -> Option<Answer> {
        self.send("GET", path, "", b"")
    }

    pub fn form(&mut self, path: &str, fields: &[(&str, &str)]) -> Option<Answer> {
        let mut pairs: Vec<String> = fields
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect();
        if let Some(csrf) = &self.csrf {
            pairs.push(format!("_csrf={csrf}"));
        }
        self.send(
            "POST",
            path,
            "application/x-www-form-urlencoded",
            pairs.join("&").as_bytes(),
        )
    }

    pub fn json(&mut self, method: &str, path: &str, body: &serde_json::Value) -> Option<Answer> {
        self.send(
            method,
            path,
            "application/json",
            body.to_string().as_bytes(),
        )
    }

    pub fn upload(&mut self, path: &str, file_name: &str, bytes: &[u8]) -> Option<Answer> {
        let boundary = "jinguo-crash-boundary";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: image/jpeg\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        self.send(
            "POST",
            path,
            &format!("multipart/form-data; boundary={boundary}"),
            &body,
        )
    }

    /// A multipart form with text fields and files, as a browser sends it (the CSRF token as
    /// the first field).
    pub fn multipart(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
    ) -> Option<Answer> {
        let boundary = "jinguo-cluster-boundary";
        let mut body = Vec::new();
        let csrf = self.csrf.clone().unwrap_or_default();
        for (name, value) in std::iter::once(("_csrf", csrf.as_str())).chain(fields.iter().copied())
        {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        for (name, file_name, bytes) in files {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        self.send(
            "POST",
            path,
            &format!("multipart/form-data; boundary={boundary}"),
            &body,
        )
    }

    /// A header of the answer (the first of that name).
    pub fn header<'a>(answer: &'a Answer, name: &str) -> Option<&'a str> {
        answer.all(name).next()
    }

    /// Signs in (completing a forced password change to `new_password` if asked).
    pub fn sign_in(&mut self, username: &str, password: &str, new_password: &str) -> bool {
        let Some(answer) = self.form("/login", &[("username", username), ("password", password)])
        else {
            return false;
        };
        if answer.status != 303 {
            return false;
        }
        let Some(home) = self.get("/workbench") else {
            return false;
        };
        if home.status == 303 {
            self.get("/account/password");
            let changed = self.form(
                "/account/password",
                &[
                    ("current_password", password),
                    ("new_password", new_password),
                    ("repeat_password", new_password),
                ],
            );
            if changed.map(|a| a.status) != Some(303) {
                return false;
            }
            self.get("/workbench");
        }
        self.csrf.is_some()
    }
}

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn parse(raw: &[u8]) -> Option<Answer> {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&raw[..split]);
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body)?;
    }
    Some(Answer {
        status,
        headers,
        body,
    })
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n")?;
        let size_text = String::from_utf8_lossy(&data[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}
