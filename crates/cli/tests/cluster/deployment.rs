//! The deployment under test: three `jinguo serve` on one fresh PostgreSQL database and one
//! media store, nginx in front with `deploy/nginx.conf`, and everything removed afterwards.

use crate::browsing::{status, wait_for};
use crate::support::{
    Http, create_database, free_port, postgres_url, psql, start_with, wait_healthy,
};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub const NGINX_SITE: &str = include_str!("../../../../deploy/nginx.conf");

pub fn nginx_binary() -> Option<&'static str> {
    ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
}

/// nginx with the deployment's site file, pointed at these instances and this port.
pub fn start_nginx(binary: &str, folder: &std::path::Path, port: u16, upstreams: &[u16]) -> Child {
    let mut site = NGINX_SITE.to_string();
    for (i, upstream) in upstreams.iter().enumerate() {
        site = site.replace(
            &format!("server 10.0.0.1{}:8080", i + 1),
            &format!("server 127.0.0.1:{upstream}"),
        );
    }
    let site = site
        .replace("listen 80;", &format!("listen 127.0.0.1:{port};"))
        .replace("server_name gang.example.cn;", "server_name localhost;");
    assert!(
        !site.contains("10.0.0.1"),
        "every upstream of the site file was replaced"
    );
    std::fs::create_dir_all(folder.join("logs")).expect("nginx folder");
    let main = format!(
        "daemon off;\nworker_processes 1;\nuser root;\npid {dir}/nginx.pid;\nerror_log {dir}/logs/error.log warn;\n\
         events {{ worker_connections 512; }}\n\
         http {{\n access_log off;\n client_body_temp_path {dir}/body;\n proxy_temp_path {dir}/proxy;\n\
         fastcgi_temp_path {dir}/fastcgi;\n uwsgi_temp_path {dir}/uwsgi;\n scgi_temp_path {dir}/scgi;\n{site}\n}}\n",
        dir = folder.display()
    );
    let conf = folder.join("nginx.conf");
    std::fs::write(&conf, main).expect("nginx.conf");
    Command::new(binary)
        .arg("-p")
        .arg(folder)
        .arg("-c")
        .arg(&conf)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start nginx")
}

pub struct Cluster {
    pub instances: Vec<(u16, Child, std::path::PathBuf)>,
    pub nginx: Child,
    pub balancer: u16,
    pub database: String,
    pub root: std::path::PathBuf,
}

impl Drop for Cluster {
    fn drop(&mut self) {
        for (_, child, _) in &mut self.instances {
            child.kill().ok();
            child.wait().ok();
        }
        self.nginx.kill().ok();
        self.nginx.wait().ok();
        psql(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.database
        ));
        std::fs::remove_dir_all(&self.root).ok();
    }
}

pub fn start_cluster(url: &str, label: &str, media_url: &str, nginx: &str) -> Cluster {
    let database = format!("jgtest_cluster_{label}_{}", std::process::id());
    let database_url = create_database(url, &database);
    let root = std::env::temp_dir().join(&database);
    let env = [("JINGUO_MEDIA_URL", media_url)];
    // All three at the same moment, as a deployment's machines boot.
    let mut instances: Vec<(u16, Child, std::path::PathBuf)> = (0..3)
        .map(|i| {
            let port = free_port();
            let dir = root.join(format!("instance{i}"));
            let child = start_with(&dir, Some(&database_url), port, true, &env);
            (port, child, dir)
        })
        .collect();
    for (port, child, _) in &mut instances {
        assert!(
            wait_healthy(child, *port, Duration::from_secs(300)),
            "instance on {port} answers /healthz"
        );
    }
    let balancer = free_port();
    let upstreams: Vec<u16> = instances.iter().map(|(p, _, _)| *p).collect();
    let nginx = start_nginx(nginx, &root.join("nginx"), balancer, &upstreams);
    let mut probe = Http::new(balancer);
    assert!(
        wait_for(Duration::from_secs(10), || status(&mut probe, "/healthz")
            == 200)
        .is_some(),
        "nginx answers"
    );
    Cluster {
        instances,
        nginx,
        balancer,
        database,
        root,
    }
}

/// Connections the deployment holds to its database (all three instances).
pub fn pg_connections(database: &str) -> String {
    let output = Command::new("psql")
        .args(["-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-qAtc"])
        .arg(format!(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = '{database}'"
        ))
        .output()
        .expect("psql");
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

pub fn create_url(database: &str) -> String {
    let url = postgres_url().unwrap_or_default();
    let base = url.rsplit_once('/').map_or(url.as_str(), |(b, _)| b);
    format!("{base}/{database}")
}

pub fn media_url_of(label: &str, root: &std::path::Path) -> String {
    match label {
        "s3" => format!(
            "{}/cluster-{}",
            std::env::var("JINGUO_TEST_S3_URL").unwrap_or_default(),
            std::process::id()
        ),
        _ => format!("file://{}", root.join("shared-media").display()),
    }
}
