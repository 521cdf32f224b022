//! The `gramd` command: `serve`, `user create`, `bot create`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use gramd::config::{Config, Overrides};

/// A self-hosted, Telegram-compatible messaging server built around bots.
#[derive(Debug, Parser)]
#[command(name = "gramd", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Runs the server (Bot API and JSON client API on one HTTP port).
    Serve {
        #[command(flatten)]
        common: Common,
        /// Address to listen on [default: 127.0.0.1:8081].
        #[arg(long, env = "GRAMD_HTTP_ADDR", value_name = "HOST:PORT")]
        http_addr: Option<String>,
        /// Allow webhooks over http, on any port and at local or private addresses (for
        /// local development and tests).
        #[arg(
            long,
            env = "GRAMD_WEBHOOK_ALLOW_LOCAL",
            value_parser = clap::builder::FalseyValueParser::new()
        )]
        webhook_allow_local: bool,
    },
    /// Manages users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manages bots.
    Bot {
        #[command(subcommand)]
        command: BotCommand,
    },
}

#[derive(Debug, Args)]
struct Common {
    /// TOML configuration file.
    #[arg(long, env = "GRAMD_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,
    /// Data directory [default: ./gramd-data].
    #[arg(long, env = "GRAMD_DATA_DIR", value_name = "DIR")]
    data_dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Creates a user and prints a client API session token as the last line.
    Create {
        #[command(flatten)]
        common: Common,
        /// Phone number, like +15550001.
        #[arg(long)]
        phone: String,
        /// First name.
        #[arg(long)]
        first_name: String,
        /// Last name.
        #[arg(long)]
        last_name: Option<String>,
        /// Username.
        #[arg(long)]
        username: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum BotCommand {
    /// Creates a bot and prints its Bot API token as the last line.
    Create {
        #[command(flatten)]
        common: Common,
        /// Username, ending in "bot".
        #[arg(long)]
        username: String,
        /// Display name.
        #[arg(long)]
        first_name: String,
        /// The user who owns the bot.
        #[arg(long, value_name = "USER_ID")]
        owner: Option<i64>,
        /// Let users connect the bot to their accounts (Business Mode).
        #[arg(long)]
        business: bool,
    },
}

fn overrides(common: Common, http_addr: Option<String>) -> Overrides {
    Overrides {
        config_file: common.config,
        data_dir: common.data_dir,
        http_addr,
        storage_backend: std::env::var("GRAMD_STORAGE_BACKEND").ok(),
        durability: std::env::var("GRAMD_DURABILITY").ok(),
        webhook_allow_local: None,
        fetch_urls: std::env::var("GRAMD_FILES_FETCH_URLS").ok(),
        rate_limits: std::env::var("GRAMD_RATE_LIMITS").ok(),
        auth_test_phones: std::env::var("GRAMD_AUTH_TEST_PHONES").ok(),
    }
}

/// mimalloc rather than the system allocator: the hot path allocates per request on the
/// HTTP workers and frees on the writer's threads (and back), where glibc's allocator
/// spent about 15 % of gramd's instructions per `sendMessage`; with mimalloc gramd runs
/// about 10 % fewer instructions per request (see docs/PERFORMANCE.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("GRAMD_LOG")
                .unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("gramd: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("gramd: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Opens the data directory next to a possibly running server (accounts commands).
async fn open_shared(common: Common) -> Result<gramd::server::Opened, String> {
    let config = Config::load(overrides(common, None)).map_err(|e| e.to_string())?;
    gramd::server::open(&config, false)
        .await
        .map_err(|e| e.to_string())
}

fn print_created((line, token): (String, String)) {
    println!("{line}");
    println!("{token}");
}

async fn run(command: Command) -> Result<(), String> {
    match command {
        Command::Serve {
            common,
            http_addr,
            webhook_allow_local,
        } => {
            let overrides = Overrides {
                webhook_allow_local: webhook_allow_local.then_some(true),
                ..overrides(common, http_addr)
            };
            let config = Config::load(overrides).map_err(|e| e.to_string())?;
            let opened = gramd::server::open(&config, true)
                .await
                .map_err(|e| e.to_string())?;
            let listener = tokio::net::TcpListener::bind(config.http_addr)
                .await
                .map_err(|e| format!("cannot listen on {}: {e}", config.http_addr))?;
            let app = gramd::server::app(&opened.core, &config);
            tracing::info!(
                addr = %config.http_addr,
                storage = %opened.store.describe(),
                "gramd listening on http://{}",
                config.http_addr
            );
            let core = opened.core.clone();
            let shutdown = async move {
                gramd::server::shutdown_signal().await;
                tracing::info!("stopping: finishing requests in flight");
                core.hub().stop();
            };
            if config.webhooks.allow_local {
                tracing::warn!(
                    "webhooks.allow_local is on: webhooks may use http, any port, and local \
                     or private addresses"
                );
            }
            let webhooks = gramd::server::start_webhooks(&opened.core, &config);
            let botfather = gramd::server::start_builtin_bots(&opened.core)
                .await
                .map_err(|e| e.to_string())?;
            let limits = gramd::server::ConnectionLimits::of(&config);
            gramd::server::serve(listener, app, limits, shutdown)
                .await
                .map_err(|e| format!("server failed: {e}"))?;
            webhooks.stopped(std::time::Duration::from_secs(10)).await;
            botfather.abort();
            tracing::info!("gramd stopped");
            Ok(())
        }
        Command::User {
            command:
                UserCommand::Create {
                    common,
                    phone,
                    first_name,
                    last_name,
                    username,
                },
        } => {
            let opened = open_shared(common).await?;
            print_created(
                gramd::accounts::create_user(&opened.core, phone, first_name, last_name, username)
                    .await?,
            );
            Ok(())
        }
        Command::Bot {
            command:
                BotCommand::Create {
                    common,
                    username,
                    first_name,
                    owner,
                    business,
                },
        } => {
            let opened = open_shared(common).await?;
            print_created(
                gramd::accounts::create_bot(&opened.core, username, first_name, owner, business)
                    .await?,
            );
            Ok(())
        }
    }
}
