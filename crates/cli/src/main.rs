//! `jinguo`: the one binary. Serves the system, migrates, adds users, imports, backs up and
//! restores.

mod commands;
mod config;

/// mimalloc returns freed memory to the system; glibc's allocator kept the 19 MiB blocks of
/// argon2 and the buffers of image decoding resident per thread after a burst of logins or
/// uploads (measured: a peak of 223 MiB after 640 logins against 70 MiB), so the budget of `serve`
/// depended on the allocator's history rather than on what is live.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};
use config::{Config, Overrides};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "jinguo", version, about = "全国巾帼文明岗新闻发布系统")]
struct Cli {
    /// TOML configuration file (default: ./jinguo.toml when present).
    #[arg(long, global = true, env = "JINGUO_CONFIG")]
    config: Option<PathBuf>,
    /// Data folder for the SQLite database and media.
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    /// postgres://… to use PostgreSQL instead of SQLite.
    #[arg(long, global = true)]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server.
    Serve {
        /// Address to listen on (default 127.0.0.1:8080).
        #[arg(long)]
        listen: Option<SocketAddr>,
        /// Fill an empty database with the demo data.
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create the root organisation of a fresh database (then `import` the rest).
    Init(commands::init::InitArgs),
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: commands::user::UserCommand,
    },
    /// Import organisations and posts, or accounts, from .xlsx or .csv.
    Import(commands::import::ImportArgs),
    /// Rebuild this instance's search index from the published articles.
    Reindex,
    /// Write a consistent copy of the database and media into a folder (safe while serving).
    Backup {
        /// Folder that receives `jinguo-backup-<time>/`.
        dir: PathBuf,
    },
    /// Rebuild a deployment from a backup into an empty database and the configured media store.
    Restore {
        /// A `jinguo-backup-<time>/` folder written by `jinguo backup`.
        backup: PathBuf,
    },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let listen = match &cli.command {
        Command::Serve { listen, .. } => *listen,
        _ => None,
    };
    let overrides = Overrides {
        listen,
        data_dir: cli.data_dir.clone(),
        database_url: cli.database_url.clone(),
    };
    let config = Config::load(cli.config.as_deref(), &overrides)?;
    init_tracing(&config.log);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        match cli.command {
            Command::Serve { demo, .. } => commands::serve::run(&config, demo).await,
            Command::Migrate => commands::migrate::run(&config).await,
            Command::Init(args) => commands::init::run(&config, args).await,
            Command::User { command } => commands::user::run(&config, command).await,
            Command::Import(args) => commands::import::run(&config, args).await,
            Command::Backup { dir } => commands::backup::run(&config, &dir).await,
            Command::Restore { backup } => commands::backup::restore(&config, &backup).await,
            Command::Reindex => commands::reindex::run(&config).await,
        }
    })
}

fn init_tracing(filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_new(filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .init();
}
