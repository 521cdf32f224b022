//! Opening the data directory and running the HTTP server.

use std::fs::File;
use std::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::serve::ListenerExt;
use gramd_core::clock::SystemClock;
use gramd_core::{Core, CoreConfig};
use gramd_store_sqlite::{SqliteConfig, SqliteStore};
use tokio::net::TcpListener;

use crate::config::Config;

/// The data directory, opened: the store, the core over it, and (for a server) the lock
/// that keeps a second server off the same directory.
pub struct Opened {
    /// The messaging core.
    pub core: Core,
    /// The store behind it (for integrity checks and shutdown).
    pub store: Arc<SqliteStore>,
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
    let mut sqlite = SqliteConfig::new(config.database_path());
    sqlite.durability = config.durability;
    let store = Arc::new(
        SqliteStore::open(&sqlite)
            .map_err(|e| StartError(format!("cannot open the database: {e}")))?,
    );
    let core_config = CoreConfig {
        callback_answer_timeout: config.callback_answer_timeout,
        ..CoreConfig::default()
    };
    let core = Core::open(store.clone(), Arc::new(SystemClock), core_config)
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
    let client = gramd_clientapi::router(gramd_clientapi::Rpc::new(core.clone(), schema));
    let bot = gramd_botapi::router(
        core.clone(),
        gramd_botapi::BotApiConfig {
            max_body_bytes: config.max_body_bytes,
        },
    );
    client.merge(bot)
}

/// Serves `app` on `listener` until `shutdown` resolves, then finishes in-flight requests.
/// Connections get `TCP_NODELAY`: every answer is one write that should leave at once.
///
/// # Errors
/// The listener fails.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let listener = listener.tap_io(|stream| {
        let _ = stream.set_nodelay(true);
    });
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
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
