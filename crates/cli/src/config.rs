//! The one typed configuration: defaults that run with zero setup, then an optional TOML file,
//! then `JINGUO_*` environment variables, then command-line flags. Validated once at start.

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

#[derive(Clone, Serialize, Deserialize)]
pub struct Config {
    /// Address to listen on (`JINGUO_LISTEN`). Default `127.0.0.1:8080`.
    pub listen: SocketAddr,
    /// Folder for the SQLite database and media files (`JINGUO_DATA_DIR`). Default `./data`.
    pub data_dir: PathBuf,
    /// `postgres://…` to use PostgreSQL (`JINGUO_DATABASE_URL`); empty means SQLite in the data
    /// folder.
    pub database_url: String,
    /// Where photos, originals and attachments are stored (`JINGUO_MEDIA_URL`):
    /// `file:///srv/jinguo/media`, or `s3://bucket/prefix` with the standard `AWS_ENDPOINT_URL`,
    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`, `AWS_ALLOW_HTTP` variables.
    /// Empty means `<data_dir>/media`. Every instance of a deployment must name the same store.
    pub media_url: String,
    /// Base URL of a public-read bucket or CDN serving the processed images
    /// (`JINGUO_MEDIA_PUBLIC_URL`): `/media/…` then redirects there. Empty (the default):
    /// the app serves them itself.
    pub media_public_url: String,
    /// Addresses or CIDR blocks that may read `/metrics` (`JINGUO_METRICS_ALLOW`). Default this
    /// machine only (`127.0.0.1`, `::1`).
    pub metrics_allow: Vec<String>,
    /// Most database connections this instance holds (`JINGUO_DB_MAX_CONNECTIONS`); 0 (the
    /// default) means the backend's default: 16 on PostgreSQL, 8 on SQLite. With several
    /// instances on one PostgreSQL, keep instances × this below the server's `max_connections`.
    pub db_max_connections: u32,
    /// Minutes a browser session lives without activity (`JINGUO_SESSION_IDLE_MINUTES`). Default 480.
    pub session_idle_minutes: i64,
    /// Mark cookies Secure; set when served over HTTPS (`JINGUO_COOKIE_SECURE`). Default false.
    pub cookie_secure: bool,
    /// Largest request body in MB, uploads included (`JINGUO_MAX_BODY_MB`). Default 25.
    pub max_body_mb: usize,
    /// Log filter, e.g. `info` or `jinguo_web=debug` (`JINGUO_LOG`). Default `info`.
    pub log: String,
    /// Keep rendered public pages until something public changes (`JINGUO_PAGE_CACHE`).
    /// Default true; false only to measure or debug.
    pub page_cache: bool,
    /// The public address used in feeds, the sitemap, share tags and QR codes, e.g.
    /// `https://gang.women.org.cn` (`JINGUO_PUBLIC_URL`). Empty takes the request's Host.
    pub public_url: String,
    /// Further `Host` names the site answers to without a `public_url` (`JINGUO_ALLOWED_HOSTS`,
    /// e.g. `["gang.example.cn", "10.0.0.5:8080"]`). The listen address (and `localhost` with
    /// its port) is always allowed.
    pub allowed_hosts: Vec<String>,
    /// Proxies (addresses or CIDR blocks) whose `X-Forwarded-For` is believed; the client is
    /// the rightmost address in it that is not one of them (`JINGUO_TRUSTED_PROXIES`, e.g.
    /// `["10.0.0.0/8"]`). Default empty: the socket peer is the client and the header is ignored.
    pub trusted_proxies: Vec<String>,
    /// argon2id memory per password hash, in KiB (`JINGUO_ARGON2_MEMORY_KIB`). Default 19456.
    pub argon2_memory_kib: u32,
    /// argon2id passes (`JINGUO_ARGON2_ITERATIONS`). Default 2.
    pub argon2_iterations: u32,
    /// argon2id lanes (`JINGUO_ARGON2_PARALLELISM`). Default 1.
    pub argon2_parallelism: u32,
    /// Days an API token lives (`JINGUO_TOKEN_LIFETIME_DAYS`). Default 90.
    pub token_lifetime_days: i64,
    /// Require a password change every this many days (`JINGUO_PASSWORD_MAX_AGE_DAYS`); when
    /// due, the user is sent to the change-password page after login. Default 0: never.
    pub password_max_age_days: u32,
    /// Run this instance's webhook delivery worker (`JINGUO_WEBHOOK_WORKER`). Default true;
    /// every instance may run one (deliveries are claimed under a database lease).
    pub webhook_worker: bool,
    /// Seconds an idle webhook worker waits before looking for due deliveries again
    /// (`JINGUO_WEBHOOK_POLL_SECONDS`); a move on this instance wakes it at once. Default 5.
    pub webhook_poll_seconds: u64,
    /// Allow webhook subscribers on loopback, private and link-local addresses
    /// (`JINGUO_WEBHOOK_ALLOW_PRIVATE_TARGETS`). Default false (SSRF); turn on only when the
    /// subscribers are on an intranet you trust.
    pub webhook_allow_private_targets: bool,
    /// 主办单位 in the public footer (`JINGUO_SITE_SPONSOR`). Default 全国妇联妇女发展部.
    pub site_sponsor: String,
    /// 承办单位 (`JINGUO_SITE_ORGANIZER`); shown only when set, as are the next four.
    pub site_organizer: String,
    /// A contact line, e.g. `联系电话：010-12345678` (`JINGUO_SITE_CONTACT`).
    pub site_contact: String,
    /// ICP备案号, e.g. `京ICP备05001234号-1` (`JINGUO_SITE_ICP_NUMBER`), linked to beian.miit.gov.cn.
    pub site_icp_number: String,
    /// 公安机关备案号, e.g. `京公网安备 11010502030143号` (`JINGUO_SITE_POLICE_NUMBER`).
    pub site_police_number: String,
    /// 政府网站标识码 (`JINGUO_SITE_CODE`).
    pub site_code: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("./data"),
            database_url: String::new(),
            media_url: String::new(),
            media_public_url: String::new(),
            metrics_allow: vec!["127.0.0.1".into(), "::1".into()],
            db_max_connections: 0,
            session_idle_minutes: 480,
            cookie_secure: false,
            max_body_mb: 25,
            log: "info".into(),
            page_cache: true,
            public_url: String::new(),
            allowed_hosts: Vec::new(),
            trusted_proxies: Vec::new(),
            argon2_memory_kib: 19 * 1024,
            argon2_iterations: 2,
            argon2_parallelism: 1,
            token_lifetime_days: 90,
            password_max_age_days: 0,
            webhook_worker: true,
            webhook_poll_seconds: 5,
            webhook_allow_private_targets: false,
            site_sponsor: "全国妇联妇女发展部".into(),
            site_organizer: String::new(),
            site_contact: String::new(),
            site_icp_number: String::new(),
            site_police_number: String::new(),
            site_code: String::new(),
        }
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The database URL may carry a password.
        let url = if self.database_url.contains('@') {
            "<redacted>"
        } else {
            self.database_url.as_str()
        };
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field("data_dir", &self.data_dir)
            .field("database_url", &url)
            .field("media_url", &self.media_url)
            .field("media_public_url", &self.media_public_url)
            .field("metrics_allow", &self.metrics_allow)
            .field("db_max_connections", &self.db_max_connections)
            .field("session_idle_minutes", &self.session_idle_minutes)
            .field("cookie_secure", &self.cookie_secure)
            .field("max_body_mb", &self.max_body_mb)
            .field("log", &self.log)
            .field("page_cache", &self.page_cache)
            .field("public_url", &self.public_url)
            .field("allowed_hosts", &self.allowed_hosts)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("argon2_memory_kib", &self.argon2_memory_kib)
            .field("argon2_iterations", &self.argon2_iterations)
            .field("argon2_parallelism", &self.argon2_parallelism)
            .field("token_lifetime_days", &self.token_lifetime_days)
            .field("password_max_age_days", &self.password_max_age_days)
            .field("webhook_worker", &self.webhook_worker)
            .field("webhook_poll_seconds", &self.webhook_poll_seconds)
            .field(
                "webhook_allow_private_targets",
                &self.webhook_allow_private_targets,
            )
            .field("site_sponsor", &self.site_sponsor)
            .field("site_organizer", &self.site_organizer)
            .field("site_contact", &self.site_contact)
            .field("site_icp_number", &self.site_icp_number)
            .field("site_police_number", &self.site_police_number)
            .field("site_code", &self.site_code)
            .finish()
    }
}

/// Flags that override the file and the environment (only those given).
#[derive(Debug, Default, Serialize)]
pub struct Overrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listen: Option<SocketAddr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_url: Option<String>,
}

impl Config {
    pub fn load(file: Option<&Path>, overrides: &Overrides) -> anyhow::Result<Config> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        match file {
            Some(path) => {
                anyhow::ensure!(path.exists(), "配置文件不存在: {}", path.display());
                figment = figment.merge(Toml::file(path));
            }
            None => figment = figment.merge(Toml::file("jinguo.toml")),
        }
        let config: Config = figment
            .merge(Env::prefixed("JINGUO_").ignore(&["config"]))
            .merge(Serialized::defaults(overrides))
            .extract()?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> anyhow::Result<()> {
        anyhow::ensure!(
            self.session_idle_minutes >= 5,
            "session_idle_minutes must be at least 5"
        );
        anyhow::ensure!(
            (1..=1024).contains(&self.max_body_mb),
            "max_body_mb must be between 1 and 1024"
        );
        if let Err(entry) = self.trusted_proxies() {
            anyhow::bail!("trusted_proxies: “{entry}” is neither an address nor a CIDR block");
        }
        if let Err(err) = jinguo_service::auth::password::check_settings(self.argon2()) {
            anyhow::bail!("argon2 parameters are invalid: {err}");
        }
        anyhow::ensure!(
            (1..=3650).contains(&self.token_lifetime_days),
            "token_lifetime_days must be between 1 and 3650"
        );
        if !self.database_url.is_empty() {
            anyhow::ensure!(
                self.database_url.starts_with("postgres://")
                    || self.database_url.starts_with("postgresql://")
                    || self.database_url.starts_with("sqlite:"),
                "database_url must start with postgres:// or sqlite:"
            );
        }
        Ok(())
    }

    pub fn database_url(&self) -> String {
        if self.database_url.is_empty() {
            jinguo_storage::db::default_sqlite_url(&self.data_dir)
        } else {
            self.database_url.clone()
        }
    }

    /// The listen address first (the canonical host when a request names another), then
    /// `localhost` and `127.0.0.1` with its port, then the configured names.
    pub fn allowed_hosts(&self) -> Vec<String> {
        let port = self.listen.port();
        let mut hosts = Vec::new();
        if !self.listen.ip().is_unspecified() {
            hosts.push(self.listen.to_string());
        }
        for local in [format!("localhost:{port}"), format!("127.0.0.1:{port}")] {
            if !hosts.contains(&local) {
                hosts.push(local);
            }
        }
        for name in self.allowed_hosts.iter().map(|h| h.trim()) {
            if !name.is_empty() && !hosts.iter().any(|h| h.eq_ignore_ascii_case(name)) {
                hosts.push(name.to_string());
            }
        }
        hosts
    }

    pub fn trusted_proxies(&self) -> Result<jinguo_web::client_addr::TrustedProxies, String> {
        jinguo_web::client_addr::TrustedProxies::parse(&self.trusted_proxies)
    }

    pub fn argon2(&self) -> jinguo_service::context::Argon2Settings {
        jinguo_service::context::Argon2Settings {
            memory_kib: self.argon2_memory_kib,
            iterations: self.argon2_iterations,
            parallelism: self.argon2_parallelism,
        }
    }

    /// The media store's URL: the configured one, or the data folder's `media` (absolute, so
    /// that the URL means the same folder whatever the working directory).
    pub fn media_url(&self) -> String {
        if !self.media_url.is_empty() {
            return self.media_url.clone();
        }
        let folder = self.data_dir.join("media");
        let folder = std::path::absolute(&folder).unwrap_or(folder);
        format!("file://{}", folder.display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_listen_address_and_localhost_are_always_allowed_hosts() {
        let config = Config {
            allowed_hosts: vec![
                " gang.example.cn ".into(),
                "LOCALHOST:8080".into(),
                "".into(),
            ],
            ..Config::default()
        };
        assert_eq!(
            config.allowed_hosts(),
            ["127.0.0.1:8080", "localhost:8080", "gang.example.cn"]
        );
    }

    #[test]
    fn defaults_run_with_sqlite_in_the_data_folder() {
        let config = Config::load(None, &Overrides::default()).unwrap();
        assert!(config.database_url().starts_with("sqlite://"));
        assert_eq!(config.listen.port(), 8080);
    }

    #[test]
    fn flags_override_defaults_and_secrets_are_redacted() {
        let overrides = Overrides {
            database_url: Some("postgres://jinguo:secret@db/jinguo".into()),
            ..Default::default()
        };
        let config = Config::load(None, &overrides).unwrap();
        assert_eq!(config.database_url(), "postgres://jinguo:secret@db/jinguo");
        assert!(!format!("{config:?}").contains("secret"));
    }

    #[test]
    fn trusted_proxies_and_argon2_parameters_are_validated() {
        let mut config = Config::default();
        assert!(config.validate().is_ok());
        config.trusted_proxies = vec!["10.0.0.0/8".into(), "192.168.1.1".into()];
        assert!(config.validate().is_ok());
        config.trusted_proxies = vec!["10.0.0.0/99".into()];
        assert!(config.validate().is_err());
        let config = Config {
            argon2_memory_kib: 1,
            ..Config::default()
        };
        assert!(config.validate().is_err());
    }

    #[test]
    fn unknown_database_schemes_are_refused() {
        let overrides = Overrides {
            database_url: Some("mysql://x".into()),
            ..Default::default()
        };
        assert!(Config::load(None, &overrides).is_err());
    }
}
