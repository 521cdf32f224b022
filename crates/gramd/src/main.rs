//! The `gramd` command: `serve`, `user create`, `bot create`, `bot web-app`,
//! `bot attach-menu`, `bot verifier`, `webapp public-key`, `mtproto key`.

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
        /// MTProto address to listen on [default: 127.0.0.1:8443].
        #[arg(long, env = "GRAMD_MTPROTO_ADDR", value_name = "HOST:PORT")]
        mtproto_addr: Option<String>,
        /// The MTProto address help.getConfig advertises to clients [default: the
        /// listener's].
        #[arg(long, env = "GRAMD_MTPROTO_PUBLIC_ADDR", value_name = "IP:PORT")]
        mtproto_public_addr: Option<String>,
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
    /// Mini apps.
    Webapp {
        #[command(subcommand)]
        command: WebappCommand,
    },
    /// MTProto settings.
    Mtproto {
        #[command(subcommand)]
        command: MtprotoCommand,
    },
}

#[derive(Debug, Subcommand)]
enum WebappCommand {
    /// Prints the Ed25519 public key (hex, last line) that third parties validate mini
    /// apps' initData `signature` with; makes the key pair on first use.
    PublicKey {
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Debug, Subcommand)]
enum MtprotoCommand {
    /// Prints the server's RSA public key (PKCS#1 PEM) and, on the last line, its fingerprint
    /// as a signed decimal; creates the key if the data directory has none yet.
    Key {
        #[command(flatten)]
        common: Common,
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
    /// Sets a bot's mini apps: its web app URL, main mini app, menu button, named apps.
    WebApp {
        #[command(flatten)]
        common: Common,
        /// The bot.
        #[arg(long, value_name = "BOT_ID")]
        bot: i64,
        /// The web app URL (what attachment and side menu launches open); "" clears it.
        #[arg(long)]
        url: Option<String>,
        /// The main mini app's URL; "" clears it.
        #[arg(long)]
        main_app_url: Option<String>,
        /// The default menu button: "default", "commands", or "TEXT=URL" for a mini app.
        #[arg(long, value_name = "BUTTON")]
        menu_button: Option<String>,
        /// Adds or replaces a named mini app (t.me/<bot>/<short_name>).
        #[arg(long, value_name = "SHORT_NAME=TITLE=URL")]
        app: Vec<String>,
        /// Removes a named mini app.
        #[arg(long, value_name = "SHORT_NAME")]
        remove_app: Vec<String>,
    },
    /// Sets or removes a bot's attachment and side menu entry.
    AttachMenu {
        #[command(flatten)]
        common: Common,
        /// The bot.
        #[arg(long, value_name = "BOT_ID")]
        bot: i64,
        /// The entry's name; without it the entry is removed.
        #[arg(long)]
        short_name: Option<String>,
        /// Show it in the attachment menu.
        #[arg(long)]
        attach_menu: bool,
        /// Show it in the side menu.
        #[arg(long)]
        side_menu: bool,
        /// Where the attachment-menu entry shows: same_bot_pm, bot_pm, pm, chat, broadcast.
        #[arg(
            long,
            value_name = "TYPES",
            default_value = "same_bot_pm,bot_pm,pm,chat,broadcast"
        )]
        peer_types: String,
        /// Ask for permission to message users when they install it.
        #[arg(long)]
        request_write_access: bool,
        /// Installing needs the third-party mini apps disclaimer accepted.
        #[arg(long)]
        disclaimer: bool,
    },
    /// Makes a bot a verifier for an organisation (verifyUser, verifyChat), or no longer one.
    Verifier {
        #[command(flatten)]
        common: Common,
        /// The bot.
        #[arg(long, value_name = "BOT_ID")]
        bot: i64,
        /// The organisation; without it the bot is no longer a verifier.
        #[arg(long)]
        company: Option<String>,
        /// The custom emoji id of the icon shown by verified names.
        #[arg(long, value_name = "CUSTOM_EMOJI_ID", default_value_t = 0)]
        icon: i64,
        /// The bot may give each verification its own description.
        #[arg(long)]
        custom_descriptions: bool,
    },
}

fn overrides(common: Common, http_addr: Option<String>) -> Overrides {
    Overrides {
        config_file: common.config,
        data_dir: common.data_dir,
        http_addr,
        mtproto_addr: None,
        mtproto_public_addr: None,
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
            mtproto_addr,
            mtproto_public_addr,
            webhook_allow_local,
        } => {
            let overrides = Overrides {
                webhook_allow_local: webhook_allow_local.then_some(true),
                mtproto_addr,
                mtproto_public_addr,
                ..overrides(common, http_addr)
            };
            let config = Config::load(overrides).map_err(|e| e.to_string())?;
            let opened = gramd::server::open(&config, true)
                .await
                .map_err(|e| e.to_string())?;
            let listener = tokio::net::TcpListener::bind(config.http_addr)
                .await
                .map_err(|e| format!("cannot listen on {}: {e}", config.http_addr))?;
            tracing::info!(
                addr = %config.http_addr,
                storage = %opened.store.describe(),
                "gramd listening on http://{}",
                config.http_addr
            );
            let mtproto_key =
                gramd::mtproto::load_or_create_key(&config.data_dir).map_err(|e| e.to_string())?;
            let mtproto_listener = tokio::net::TcpListener::bind(config.mtproto_addr)
                .await
                .map_err(|e| format!("cannot listen on {}: {e}", config.mtproto_addr))?;
            // With port 0 the system picks one: that is the address to advertise.
            let mtproto_addr = mtproto_listener
                .local_addr()
                .map_err(|e| format!("cannot listen on {}: {e}", config.mtproto_addr))?;
            let advertised = config.mtproto_public_addr.unwrap_or(mtproto_addr);
            tracing::info!(addr = %mtproto_addr, %advertised, "gramd MTProto listening");
            let (stop, stopped) = tokio::sync::watch::channel(false);
            let edge = gramd::mtproto::Edge::new(opened.core.clone(), &mtproto_key, advertised)
                .await
                .map_err(|e| e.to_string())?;
            let app = gramd::server::app(&opened.core, &config)
                .merge(gramd::mtproto::ws_router(edge.clone()));
            tokio::spawn(gramd::mtproto::serve(mtproto_listener, edge, async move {
                let mut stopped = stopped;
                let _ = stopped.changed().await;
            }));
            let core = opened.core.clone();
            let shutdown = async move {
                gramd::server::shutdown_signal().await;
                tracing::info!("stopping: finishing requests in flight");
                let _ = stop.send(true);
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
        Command::Mtproto {
            command: MtprotoCommand::Key { common },
        } => {
            let config = Config::load(overrides(common, None)).map_err(|e| e.to_string())?;
            let key =
                gramd::mtproto::load_or_create_key(&config.data_dir).map_err(|e| e.to_string())?;
            print!("{}", gramd::mtproto::public_key_text(&key));
            Ok(())
        }
        Command::Bot {
            command:
                BotCommand::WebApp {
                    common,
                    bot,
                    url,
                    main_app_url,
                    menu_button,
                    app,
                    remove_app,
                },
        } => {
            let change = gramd::web_apps::WebAppChange {
                url,
                main_app_url,
                menu_button: menu_button.as_deref().map(parse_menu_button).transpose()?,
                apps: app
                    .iter()
                    .map(|a| match a.splitn(3, '=').collect::<Vec<_>>()[..] {
                        [name, title, url] => Ok((name.into(), title.into(), url.into())),
                        _ => Err(format!("--app {a:?}: expected SHORT_NAME=TITLE=URL")),
                    })
                    .collect::<Result<_, _>>()?,
                remove_apps: remove_app,
            };
            let opened = open_shared(common).await?;
            println!(
                "{}",
                gramd::web_apps::configure_web_app(&opened.core, bot, change).await?
            );
            Ok(())
        }
        Command::Bot {
            command:
                BotCommand::AttachMenu {
                    common,
                    bot,
                    short_name,
                    attach_menu,
                    side_menu,
                    peer_types,
                    request_write_access,
                    disclaimer,
                },
        } => {
            let menu = match short_name {
                Some(short_name) => Some(gramd_core::web_apps::AttachMenu {
                    short_name,
                    show_in_attach_menu: attach_menu,
                    show_in_side_menu: side_menu,
                    peer_types: gramd::web_apps::parse_peer_types(&peer_types)?,
                    request_write_access,
                    side_menu_disclaimer_needed: disclaimer,
                    icons: Vec::new(),
                }),
                None => None,
            };
            let opened = open_shared(common).await?;
            println!(
                "{}",
                gramd::web_apps::configure_attach_menu(&opened.core, bot, menu).await?
            );
            Ok(())
        }
        Command::Bot {
            command:
                BotCommand::Verifier {
                    common,
                    bot,
                    company,
                    icon,
                    custom_descriptions,
                },
        } => {
            let settings = company.map(|company| gramd_core::verification::VerifierSettings {
                company,
                icon,
                can_modify_custom_description: custom_descriptions,
            });
            let opened = open_shared(common).await?;
            let what = match &settings {
                Some(s) => format!("bot {bot} verifies for {}", s.company),
                None => format!("bot {bot} is no verifier"),
            };
            opened
                .core
                .set_verifier(gramd_core::ids::UserId(bot), settings)
                .await
                .map_err(|e| format!("cannot change bot {bot}: {e}"))?;
            println!("{what}");
            Ok(())
        }
        Command::Webapp {
            command: WebappCommand::PublicKey { common },
        } => {
            let config = Config::load(overrides(common, None)).map_err(|e| e.to_string())?;
            let key = gramd::web_apps::load_or_create_key(&config.data_dir)?;
            println!(
                "gramd's mini app initData signing key (Ed25519, hex), in {}:",
                config.data_dir.display()
            );
            println!("{}", key.public_key_hex());
            Ok(())
        }
    }
}

/// `--menu-button`: `default`, `commands` or `TEXT=URL`.
fn parse_menu_button(text: &str) -> Result<gramd_core::web_apps::MenuButton, String> {
    use gramd_core::web_apps::MenuButton;
    match text {
        "default" => Ok(MenuButton::Default),
        "commands" => Ok(MenuButton::Commands),
        other => match other.split_once('=') {
            Some((text, url)) => Ok(MenuButton::WebApp {
                text: text.into(),
                url: url.into(),
            }),
            None => Err(format!(
                "--menu-button {other:?}: expected default, commands or TEXT=URL"
            )),
        },
    }
}
