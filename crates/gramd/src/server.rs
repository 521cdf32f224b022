//! Opening the data directory and running the HTTP server.

use std::fs::File;
use std::future::Future;
use std::sync::Arc;

use std::time::Duration;

use axum::Router;
use gramd_core::clock::{Clock, SystemClock};
use gramd_core::media::FileLimits;
use gramd_core::webhooks::WebhookPolicy;
use gramd_core::{Core, CoreConfig};
use gramd_webhooks::{WebhookSettings, Webhooks};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt as _;

use crate::config::Config;
use crate::storage::{Backend, open_backend};

/// The file store's directory inside the data directory.
pub const FILES_DIR: &str = "files";

/// The data directory, opened: the store, the core over it, and (for a server) the lock
/// that keeps a second server off the same directory.
pub struct Opened {
    /// The messaging core.
    pub core: Core,
    /// The storage backend behind it.
    pub store: Arc<dyn Backend>,
    _lock: Option<File>,
}

/// A failure to start.
#[derive(Debug)]
pub struct StartError(pub String);

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StartError {}

/// Opens the data directory (creating it) and the core over it. With `exclusive`, takes
/// the directory's lock so that only one server runs on it; the account commands open it
/// shared, so they work alongside a running server.
///
/// # Errors
/// The directory cannot be created or locked, or the database cannot be opened.
pub async fn open(config: &Config, exclusive: bool) -> Result<Opened, StartError> {
    open_with_clock(config, exclusive, Arc::new(SystemClock)).await
}

/// [`open`] with the core reading time from `clock` (tests move a manual clock to see
/// bans, restrictions and links expire).
///
/// # Errors
/// As [`open`].
pub async fn open_with_clock(
    config: &Config,
    exclusive: bool,
    clock: Arc<dyn Clock>,
) -> Result<Opened, StartError> {
    std::fs::create_dir_all(&config.data_dir).map_err(|e| {
        StartError(format!(
            "cannot create the data directory {}: {e}",
            config.data_dir.display()
        ))
    })?;
    let lock = if exclusive {
        let path = config.data_dir.join("gramd.lock");
        let file = File::create(&path)
            .map_err(|e| StartError(format!("cannot create {}: {e}", path.display())))?;
        file.try_lock().map_err(|_| {
            StartError(format!(
                "another gramd server is already running on {}",
                config.data_dir.display()
            ))
        })?;
        Some(file)
    } else {
        None
    };
    let store = open_backend(config)?;
    let files_dir = config.data_dir.join(FILES_DIR);
    let files = gramd_files::DirFileStore::open(&files_dir)
        .map_err(|e| StartError(format!("cannot open the file store: {e}")))?;
    let core_config = CoreConfig {
        callback_answer_timeout: config.callback_answer_timeout,
        inline_answer_timeout: config.inline_answer_timeout,
        webhooks: WebhookPolicy {
            allow_local: config.webhooks.allow_local,
        },
        files: FileLimits {
            max_photo_bytes: config.files.max_photo_bytes,
            max_upload_bytes: config.files.max_upload_bytes,
            max_download_bytes: config.files.max_download_bytes,
        },
        rate_limits: config.rate_limits,
        auth: config.auth.clone(),
        web_app_key: crate::web_apps::load_or_create_key(&config.data_dir).map_err(StartError)?,
        ..CoreConfig::default()
    };
    let core = Core::open_with_files(store.clone(), Arc::new(files), clock, core_config)
        .await
        .map_err(|e| StartError(format!("cannot start the core: {e}")))?;
    Ok(Opened {
        core,
        store,
        _lock: lock,
    })
}

/// Every HTTP route of gramd over a core.
pub fn app(core: &Core, config: &Config) -> Router {
    let schema = Arc::new(gramd_tl::Schema::layer_230());
    let client = gramd_clientapi_json::router(gramd_clientapi::Rpc::new(core.clone(), schema));
    let bot = gramd_botapi::router(
        core.clone(),
        gramd_botapi::BotApiConfig {
            max_body_bytes: config.max_body_bytes,
            bot_max_in_flight: config.bot_max_in_flight,
            fetch_urls: config.files.fetch_urls,
        },
    );
    client.merge(bot)
}

/// Starts delivering updates to the bots' webhooks; delivery stops when the core's hub is
/// told to stop.
#[must_use]
pub fn start_webhooks(core: &Core, config: &Config) -> Webhooks {
    Webhooks::start(
        core.clone(),
        WebhookSettings {
            request_timeout: config.webhooks.request_timeout,
            max_retry_delay: config.webhooks.max_retry_delay,
        },
    )
}

/// Starts the built-in bots (@BotFather), creating their accounts on first start.
///
/// # Errors
/// When an account cannot be created (its username is taken by someone else).
pub async fn start_builtin_bots(core: &Core) -> Result<tokio::task::JoinHandle<()>, StartError> {
    let botfather = gramd_botfather::BotFather::open(core.clone())
        .await
        .map_err(|e| StartError(format!("cannot start @BotFather: {e}")))?;
    Ok(botfather.spawn())
}

/// Limits on connections, against idle, slow and excessive clients.
#[derive(Clone, Copy, Debug)]
pub struct ConnectionLimits {
    /// Most open connections; more are closed as soon as they are accepted.
    pub max_connections: usize,
    /// How long a connection may take to send a request's headers, counted from when it
    /// starts waiting for one: slow senders and idle keep-alive connections are closed.
    pub header_timeout: Duration,
}

impl ConnectionLimits {
    /// The limits a configuration sets.
    #[must_use]
    pub fn of(config: &Config) -> Self {
        Self {
            max_connections: config.max_connections,
            header_timeout: config.header_timeout,
        }
    }
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        Self {
            max_connections: 10_000,
            header_timeout: Duration::from_secs(60),
        }
    }
}

/// How long a graceful stop waits for requests in flight.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(30);

/// Serves `app` on `listener` until `shutdown` resolves, then finishes in-flight requests
/// (for at most 30 s). One task per connection; connections get `TCP_NODELAY`, since every
/// answer is one write that should leave at once.
///
/// # Errors
/// Never in practice: accept errors (such as running out of file descriptors) are logged
/// and retried.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    // Told to every connection at shutdown: finish the request in flight, then close.
    let (stopping, stop_signal) = tokio::sync::watch::channel(false);
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    let service = TowerToHyperService::new(
        app.map_request(|request: hyper::Request<Incoming>| request.map(axum::body::Body::new)),
    );
    tokio::pin!(shutdown);
    let mut refused = 0_u64;
    let mut last_refusal_report = std::time::Instant::now() - Duration::from_secs(1);
    loop {
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    tracing::warn!(%err, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(permit) = permits.clone().try_acquire_owned() else {
            refused += 1;
            if last_refusal_report.elapsed() >= Duration::from_secs(1) {
                tracing::warn!(
                    max = limits.max_connections,
                    refused,
                    "too many connections: closing new ones"
                );
                refused = 0;
                last_refusal_report = std::time::Instant::now();
            }
            continue;
        };
        let _ = stream.set_nodelay(true);
        // With upgrades: `/apiws` turns a connection into a WebSocket.
        let connection = builder
            .serve_connection(TokioIo::new(stream), service.clone())
            .with_upgrades();
        let mut stop = stop_signal.clone();
        tokio::spawn(async move {
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                () = async { drop(stop.wait_for(|stopping| *stopping).await) } => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
            drop(permit);
        });
    }
    drop(listener);
    let _ = stopping.send(true);
    // Every connection holds a permit until it is done.
    let all = u32::try_from(limits.max_connections).unwrap_or(u32::MAX);
    if tokio::time::timeout(DRAIN_TIMEOUT, permits.acquire_many(all))
        .await
        .is_err()
    {
        tracing::warn!("requests still in flight after {DRAIN_TIMEOUT:?}; stopping anyway");
    }
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
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
        () = ctrl_c => {}
        () = terminate => {}
    }
}
