//! `jinguo serve`: migrate, optionally seed the demo, start the session sweeper and the deadline
//! reminder job, serve until Ctrl-C or SIGTERM (with header and body read timeouts, and open
//! requests allowed to finish).

use crate::config::Config;
use jinguo_service::demo;
use jinguo_web::serve::ServerTimeouts;
use jinguo_web::{AppState, WebSettings};
use std::time::Duration;

pub async fn run(config: &Config, with_demo: bool) -> anyhow::Result<()> {
    let ctx = super::serving_context(config, true).await?;
    if with_demo {
        if demo::seed_demo_once(&ctx).await? {
            tracing::info!(
                "demo data loaded; demo accounts use the password {}",
                demo::DEMO_PASSWORD
            );
        } else {
            tracing::info!("database already has data; demo not loaded");
        }
    }
    // Build or catch up the search index before the first reader arrives.
    match jinguo_service::showcase::refresh(&ctx).await {
        Ok(generation) => {
            // Load the public directory (campaigns, federations, counts) before the first reader.
            if let Err(err) = jinguo_service::showcase::pages::current_directory(&ctx).await {
                tracing::warn!(error = %err, "showcase directory failed to load at start");
            }
            tracing::info!(public.generation = generation, "showcase ready");
        }
        Err(err) => tracing::warn!(error = %err, "showcase refresh failed at start"),
    }
    spawn_public_follower(ctx.clone());
    spawn_session_sweeper(ctx.clone());
    spawn_reminder_job(ctx.clone());
    if config.webhook_worker {
        spawn_webhook_worker(ctx.clone())?;
    }
    let web = WebSettings {
        cookie_secure: config.cookie_secure,
        max_body_bytes: config.max_body_mb * 1024 * 1024,
        page_cache: config.page_cache,
        public_url: Some(config.public_url.clone()).filter(|u| !u.trim().is_empty()),
        allowed_hosts: config.allowed_hosts(),
        trusted_proxies: config.trusted_proxies().map_err(|entry| {
            anyhow::anyhow!("trusted_proxies: “{entry}” is neither an address nor a CIDR block")
        })?,
        media_public_url: Some(config.media_public_url.clone()).filter(|u| !u.trim().is_empty()),
        metrics_allow: jinguo_web::client_addr::TrustedProxies::parse(&config.metrics_allow)
            .map_err(|entry| {
                anyhow::anyhow!("metrics_allow: “{entry}” is neither an address nor a CIDR block")
            })?,
        site: jinguo_web::SiteIdentity {
            sponsor: config.site_sponsor.trim().to_string(),
            organizer: config.site_organizer.trim().to_string(),
            contact: config.site_contact.trim().to_string(),
            icp_number: config.site_icp_number.trim().to_string(),
            police_number: config.site_police_number.trim().to_string(),
            site_code: config.site_code.trim().to_string(),
        },
    };
    let app = jinguo_web::router(AppState::new(ctx, web));
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    tracing::info!(listen = %config.listen, "全国巾帼文明岗新闻发布系统 started: http://{}", config.listen);
    // Header and body timeouts against slow clients; see `jinguo_web::serve`.
    jinguo_web::serve::serve(listener, app, ServerTimeouts::default(), shutdown_signal()).await;
    Ok(())
}

/// Follows the shared public change log each second, so pages cached here and this instance's
/// search index reflect what other instances published or unpublished.
fn spawn_public_follower(ctx: jinguo_service::Ctx) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(err) = jinguo_service::showcase::refresh(&ctx).await {
                tracing::warn!(error = %err, "public change log refresh failed");
            }
        }
    });
}

/// Removes expired sessions, stale login throttle buckets, unused known devices and media
/// objects that no row names (older than an hour) hourly, and refreshes SQLite's statistics.
/// Safe with several instances: the deletes are idempotent.
fn spawn_session_sweeper(ctx: jinguo_service::Ctx) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(3600));
        loop {
            tick.tick().await;
            match jinguo_service::auth::sweep::sweep_sign_in_state(&ctx).await {
                Ok(swept) if swept != Default::default() => tracing::info!(
                    sessions.deleted = swept.sessions,
                    throttles.deleted = swept.throttles,
                    devices.deleted = swept.devices,
                    "expired sign-in state removed"
                ),
                Ok(_) => {}
                Err(err) => tracing::warn!(error = %err, "sign-in state sweep failed"),
            }
            if let Err(err) = ctx.db.refresh_planner_statistics().await {
                tracing::warn!(error = %err, "planner statistics refresh failed");
            }
            match jinguo_service::media::sweep::sweep_orphans(&ctx).await {
                Ok(0) => {}
                Ok(removed) => tracing::info!(
                    objects.deleted = removed,
                    "media objects that no row names removed"
                ),
                Err(err) => tracing::warn!(error = %err, "media orphan sweep failed"),
            }
        }
    });
}

/// Sends the deadline reminders due today, every 30 minutes (the first run at start). Safe with
/// several instances: each day's run claims a unique key in the same transaction as its
/// messages, so only one instance writes them.
fn spawn_reminder_job(ctx: jinguo_service::Ctx) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(30 * 60));
        loop {
            tick.tick().await;
            if let Err(err) = jinguo_service::inbox::send_due_reminders(&ctx).await {
                tracing::warn!(error = %err, "deadline reminder job failed");
            }
        }
    });
}

/// Sends the webhook deliveries that are due (see `jinguo_service::webhooks::worker`). Safe with
/// several instances: each delivery is claimed under a lease in the database. Named after the
/// host and process, so the attempts on the page say which instance sent them.
fn spawn_webhook_worker(ctx: jinguo_service::Ctx) -> anyhow::Result<()> {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "jinguo".into());
    let id = format!(
        "{host}-{}-{}",
        std::process::id(),
        &jinguo_service::secrets::random_token()?[..8]
    );
    let worker = jinguo_service::webhooks::worker::Worker::new(ctx, &id)?;
    tracing::info!(webhook.worker = %id, "webhook delivery worker started");
    tokio::spawn(worker.run());
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
