//! Configuration: a TOML file, overridden by `GRAMD_*` environment variables, overridden by
//! command-line flags; validated once at start with one readable error.

use std::net::SocketAddr;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::time::Duration;

use gramd_core::auth::{AuthConfig, SignUp};
use gramd_core::rate_limits::RateLimits;
use serde::Deserialize;

/// The settings gramd runs with, after layering and validation.
#[derive(Clone, Debug)]
pub struct Config {
    /// Where the database lives.
    pub data_dir: PathBuf,
    /// Which storage backend holds the data.
    pub storage_backend: StorageBackend,
    /// Where the HTTP server listens (Bot API and JSON client API).
    pub http_addr: SocketAddr,
    /// Where the MTProto server listens (TCP: abridged, intermediate, padded intermediate,
    /// full, obfuscated2).
    pub mtproto_addr: SocketAddr,
    /// The address `help.getConfig` advertises as DC 1, where clients reach the MTProto
    /// listener (behind NAT or a proxy, or when it listens on 0.0.0.0); `None`: the
    /// listener's own address.
    pub mtproto_public_addr: Option<SocketAddr>,
    /// Commit durability of the database.
    pub durability: Durability,
    /// Largest HTTP request body, in bytes.
    pub max_body_bytes: usize,
    /// How long a user's callback-button press waits for the bot's answer.
    pub callback_answer_timeout: Duration,
    /// How long a user's inline query waits for the bot's answer.
    pub inline_answer_timeout: Duration,
    /// Most open HTTP connections.
    pub max_connections: usize,
    /// How long a connection may take to send a request's headers (also the keep-alive
    /// idle timeout).
    pub header_timeout: Duration,
    /// Most Bot API requests one bot may have in flight (long polls excepted).
    pub bot_max_in_flight: usize,
    /// Webhook delivery.
    pub webhooks: WebhookConfig,
    /// Files: limits and whether the Bot API fetches files by URL.
    pub files: FilesConfig,
    /// Telegram's flood limits on the messages bots send.
    pub rate_limits: RateLimits,
    /// Sign-in on the client API.
    pub auth: AuthConfig,
}

/// How webhooks are checked and delivered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookConfig {
    /// Allow webhooks over http, on any port, at loopback and private addresses (local
    /// development and tests); off, only what Telegram allows.
    pub allow_local: bool,
    /// How long a webhook may take to answer.
    pub request_timeout: Duration,
    /// The longest wait before a failed update is sent again (`Retry-After` aside).
    pub max_retry_delay: Duration,
}

/// `[files]`: limits on files and fetching by URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FilesConfig {
    /// Whether the Bot API fetches files given by HTTP URL (off: such URLs are refused as
    /// unreachable).
    pub fetch_urls: bool,
    /// Largest photo upload, in bytes.
    pub max_photo_bytes: u64,
    /// Largest upload of any other file, in bytes.
    pub max_upload_bytes: u64,
    /// Largest file a bot may download with `getFile`, in bytes.
    pub max_download_bytes: u64,
}

/// The storage backends gramd can run on (`[storage] backend`); see [`crate::storage`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageBackend {
    /// An SQLite database in the data directory (`"sqlite"`, the default).
    Sqlite,
}

impl StorageBackend {
    /// Every backend, by its name in the configuration.
    pub const ALL: [(&'static str, Self); 1] = [("sqlite", Self::Sqlite)];
}

/// How hard a commit tries to reach the disk (`[storage] durability`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Durability {
    /// Every acknowledged write survives power loss (`"full"`, the default).
    #[default]
    Full,
    /// Acknowledged writes survive a crash of the process, maybe not of the machine
    /// (`"normal"`).
    Normal,
}

/// Defaults when nothing is configured.
pub const DEFAULT_DATA_DIR: &str = "./gramd-data";
/// Default HTTP address.
pub const DEFAULT_HTTP_ADDR: &str = "127.0.0.1:8081";
/// Default MTProto address.
pub const DEFAULT_MTPROTO_ADDR: &str = "127.0.0.1:8443";

/// The file layer: every key optional, unknown keys refused.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// `data_dir = "…"`.
    pub data_dir: Option<PathBuf>,
    /// `http_addr = "host:port"`.
    pub http_addr: Option<String>,
    /// `mtproto_addr = "host:port"`.
    pub mtproto_addr: Option<String>,
    /// `mtproto_public_addr = "host:port"`.
    pub mtproto_public_addr: Option<String>,
    /// `[storage]`.
    #[serde(default)]
    pub storage: StorageSection,
    /// `[limits]`.
    #[serde(default)]
    pub limits: LimitsSection,
    /// `[webhooks]`.
    #[serde(default)]
    pub webhooks: WebhooksSection,
    /// `[files]`.
    #[serde(default)]
    pub files: FilesSection,
    /// `[rate_limits]`.
    #[serde(default)]
    pub rate_limits: RateLimitsSection,
    /// `[auth]`.
    #[serde(default)]
    pub auth: AuthSection,
}

/// `[auth]` of the config file: sign-in on the client API.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthSection {
    /// Let Telegram's test numbers `+99966XYYYY` sign in with the code XXXXX (default
    /// false).
    pub test_phones: Option<bool>,
    /// What `auth.signIn` does with a number that has no account: `"sign_in"` registers
    /// it (the default; Telethon and grammers cannot sign up), `"sign_up"` answers
    /// `auth.authorizationSignUpRequired` and waits for `auth.signUp`.
    pub new_phones: Option<String>,
    /// Seconds a login code is valid (default 300).
    pub code_ttl_secs: Option<u64>,
    /// Wrong codes allowed per number before it is refused (default 5).
    pub max_attempts: Option<u32>,
    /// Seconds a number is refused after too many wrong codes (default 600).
    pub flood_wait_secs: Option<u64>,
}

/// `[rate_limits]` of the config file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimitsSection {
    /// Apply Telegram's limits (default false).
    pub enabled: Option<bool>,
    /// Messages per second from a bot to one private chat (default 1).
    pub private_chat_per_second: Option<u32>,
    /// Messages per minute from a bot to one group or channel (default 20).
    pub group_per_minute: Option<u32>,
    /// Messages per second from a bot over all chats (default 30).
    pub bot_per_second: Option<u32>,
}

/// `[webhooks]` of the config file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhooksSection {
    /// Allow http, any port and local addresses.
    pub allow_local: Option<bool>,
    /// Seconds a webhook may take to answer (default 60, as Telegram).
    pub request_timeout_secs: Option<u64>,
    /// Milliseconds of the longest wait before a retry (default 120000, Telegram's
    /// schedule; tests shorten it).
    pub max_retry_delay_ms: Option<u64>,
}

/// `[files]` of the config file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilesSection {
    /// Fetch files the Bot API is given by URL (default false).
    pub fetch_urls: Option<bool>,
    /// Largest photo upload in bytes (default 10 MiB).
    pub max_photo_bytes: Option<u64>,
    /// Largest other upload in bytes (default 50 MiB).
    pub max_upload_bytes: Option<u64>,
    /// Largest `getFile` download in bytes (default 20 MiB).
    pub max_download_bytes: Option<u64>,
}

/// `[storage]` of the config file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StorageSection {
    /// `"sqlite"` (default; the only backend so far).
    pub backend: Option<String>,
    /// `"full"` (default) or `"normal"`.
    pub durability: Option<String>,
}

/// `[limits]` of the config file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsSection {
    /// Largest request body in bytes.
    pub max_body_bytes: Option<usize>,
    /// Seconds a callback-button press waits for the bot.
    pub callback_answer_timeout_secs: Option<u64>,
    /// Seconds an inline query waits for the bot.
    pub inline_answer_timeout_secs: Option<u64>,
    /// Most open HTTP connections.
    pub max_connections: Option<usize>,
    /// Seconds a connection may take to send a request's headers; also the idle timeout.
    pub header_timeout_secs: Option<u64>,
    /// Most Bot API requests one bot may have in flight.
    pub bot_max_in_flight: Option<usize>,
}

/// The values given by flags or environment (clap merges those two).
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    /// `--config` / `GRAMD_CONFIG`.
    pub config_file: Option<PathBuf>,
    /// `--data-dir` / `GRAMD_DATA_DIR`.
    pub data_dir: Option<PathBuf>,
    /// `--http-addr` / `GRAMD_HTTP_ADDR`.
    pub http_addr: Option<String>,
    /// `--mtproto-addr` / `GRAMD_MTPROTO_ADDR`.
    pub mtproto_addr: Option<String>,
    /// `--mtproto-public-addr` / `GRAMD_MTPROTO_PUBLIC_ADDR`.
    pub mtproto_public_addr: Option<String>,
    /// `GRAMD_STORAGE_BACKEND`.
    pub storage_backend: Option<String>,
    /// `GRAMD_DURABILITY`.
    pub durability: Option<String>,
    /// `--webhook-allow-local` / `GRAMD_WEBHOOK_ALLOW_LOCAL=1`.
    pub webhook_allow_local: Option<bool>,
    /// `GRAMD_FILES_FETCH_URLS` (`true`/`false`, `1`/`0`, `yes`/`no`, `on`/`off`).
    pub fetch_urls: Option<String>,
    /// `GRAMD_RATE_LIMITS` (on/off, as `GRAMD_FILES_FETCH_URLS`).
    pub rate_limits: Option<String>,
    /// `GRAMD_AUTH_TEST_PHONES` (on/off, as `GRAMD_FILES_FETCH_URLS`).
    pub auth_test_phones: Option<String>,
}

/// A configuration problem, worded for the person running gramd.
#[derive(Debug)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid configuration: {}", self.0)
    }
}

impl std::error::Error for ConfigError {}

fn read_file(path: &Path) -> Result<FileConfig, ConfigError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| ConfigError(format!("cannot read {}: {e}", path.display())))?;
    toml::from_str(&text).map_err(|e| ConfigError(format!("{}: {e}", path.display())))
}

impl Config {
    /// Layers file < environment < flags and validates the result.
    ///
    /// # Errors
    /// A [`ConfigError`] naming the first bad setting.
    pub fn load(overrides: Overrides) -> Result<Self, ConfigError> {
        let file = match &overrides.config_file {
            Some(path) => read_file(path)?,
            None => FileConfig::default(),
        };
        let data_dir = overrides
            .data_dir
            .or(file.data_dir)
            .unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR));
        if data_dir.as_os_str().is_empty() {
            return Err(ConfigError("data_dir is empty".into()));
        }
        let http_addr_text = overrides
            .http_addr
            .or(file.http_addr)
            .unwrap_or_else(|| DEFAULT_HTTP_ADDR.to_owned());
        let http_addr = http_addr_text.parse().map_err(|_| {
            ConfigError(format!(
                "http_addr {http_addr_text:?} is not an address like 127.0.0.1:8081"
            ))
        })?;
        let mtproto_addr_text = overrides
            .mtproto_addr
            .or(file.mtproto_addr)
            .unwrap_or_else(|| DEFAULT_MTPROTO_ADDR.to_owned());
        let mtproto_addr = mtproto_addr_text.parse().map_err(|_| {
            ConfigError(format!(
                "mtproto_addr {mtproto_addr_text:?} is not an address like 127.0.0.1:8443"
            ))
        })?;
        let mtproto_public_addr = overrides
            .mtproto_public_addr
            .or(file.mtproto_public_addr)
            .map(|text| {
                text.parse().map_err(|_| {
                    ConfigError(format!(
                        "mtproto_public_addr {text:?} is not an address like 203.0.113.7:443"
                    ))
                })
            })
            .transpose()?;
        let backend_name = overrides
            .storage_backend
            .or(file.storage.backend)
            .unwrap_or_else(|| "sqlite".to_owned());
        let storage_backend = StorageBackend::ALL
            .iter()
            .find(|(name, _)| *name == backend_name)
            .map(|&(_, backend)| backend)
            .ok_or_else(|| {
                let names: Vec<String> = StorageBackend::ALL
                    .iter()
                    .map(|(name, _)| format!("{name:?}"))
                    .collect();
                ConfigError(format!(
                    "storage backend {backend_name:?} must be {}",
                    names.join(" or ")
                ))
            })?;
        let durability = match overrides
            .durability
            .or(file.storage.durability)
            .as_deref()
            .unwrap_or("full")
        {
            "full" => Durability::Full,
            "normal" => Durability::Normal,
            other => {
                return Err(ConfigError(format!(
                    "storage durability {other:?} must be \"full\" or \"normal\""
                )));
            }
        };
        let limits = &file.limits;
        let max_body_bytes = limit(
            "max_body_bytes",
            limits.max_body_bytes,
            64 << 20,
            1024..=usize::MAX,
        )?;
        let timeout = limit(
            "callback_answer_timeout_secs",
            limits.callback_answer_timeout_secs,
            15,
            1..=300,
        )?;
        let inline_timeout = limit(
            "inline_answer_timeout_secs",
            limits.inline_answer_timeout_secs,
            10,
            1..=300,
        )?;
        let max_connections = limit(
            "max_connections",
            limits.max_connections,
            10_000,
            1..=usize::MAX,
        )?;
        let header_timeout = limit(
            "header_timeout_secs",
            limits.header_timeout_secs,
            60,
            1..=3600,
        )?;
        let bot_max_in_flight = limit(
            "bot_max_in_flight",
            limits.bot_max_in_flight,
            100,
            1..=usize::MAX,
        )?;
        let hooks = &file.webhooks;
        let request_timeout = setting(
            "webhooks.request_timeout_secs",
            hooks.request_timeout_secs,
            60,
            1..=3600,
        )?;
        let max_retry_delay = setting(
            "webhooks.max_retry_delay_ms",
            hooks.max_retry_delay_ms,
            120_000,
            1..=3_600_000,
        )?;
        let webhooks = WebhookConfig {
            allow_local: overrides
                .webhook_allow_local
                .or(hooks.allow_local)
                .unwrap_or(false),
            request_timeout: Duration::from_secs(request_timeout),
            max_retry_delay: Duration::from_millis(max_retry_delay),
        };
        let files_section = &file.files;
        let files = FilesConfig {
            fetch_urls: match overrides.fetch_urls.as_deref() {
                Some(text) => parse_switch("GRAMD_FILES_FETCH_URLS", text)?,
                None => files_section.fetch_urls.unwrap_or(false),
            },
            max_photo_bytes: files_limit(
                "max_photo_bytes",
                files_section.max_photo_bytes,
                10 << 20,
            )?,
            max_upload_bytes: files_limit(
                "max_upload_bytes",
                files_section.max_upload_bytes,
                50 << 20,
            )?,
            max_download_bytes: files_limit(
                "max_download_bytes",
                files_section.max_download_bytes,
                20 << 20,
            )?,
        };
        let rate_limits = rate_limits(&file.rate_limits, overrides.rate_limits.as_deref())?;
        let auth = auth(&file.auth, overrides.auth_test_phones.as_deref())?;
        Ok(Self {
            data_dir,
            storage_backend,
            http_addr,
            mtproto_addr,
            mtproto_public_addr,
            durability,
            max_body_bytes,
            callback_answer_timeout: Duration::from_secs(timeout),
            inline_answer_timeout: Duration::from_secs(inline_timeout),
            max_connections,
            header_timeout: Duration::from_secs(header_timeout),
            bot_max_in_flight,
            webhooks,
            files,
            rate_limits,
            auth,
        })
    }
}

/// `[auth]`, with test numbers switched on or off by `GRAMD_AUTH_TEST_PHONES` if set.
fn auth(section: &AuthSection, test_phones: Option<&str>) -> Result<AuthConfig, ConfigError> {
    let defaults = AuthConfig::default();
    let sign_up = match section.new_phones.as_deref() {
        None | Some("sign_in") => SignUp::InSignIn,
        Some("sign_up") => SignUp::Required,
        Some(other) => {
            return Err(ConfigError(format!(
                "auth.new_phones {other:?} must be \"sign_in\" or \"sign_up\""
            )));
        }
    };
    Ok(AuthConfig {
        test_phones: match test_phones {
            Some(text) => parse_switch("GRAMD_AUTH_TEST_PHONES", text)?,
            None => section.test_phones.unwrap_or(defaults.test_phones),
        },
        sign_up,
        code_ttl: Duration::from_secs(setting(
            "auth.code_ttl_secs",
            section.code_ttl_secs,
            defaults.code_ttl.as_secs(),
            1..=86_400,
        )?),
        max_attempts: setting(
            "auth.max_attempts",
            section.max_attempts,
            defaults.max_attempts,
            1..=1000,
        )?,
        flood_wait: Duration::from_secs(setting(
            "auth.flood_wait_secs",
            section.flood_wait_secs,
            defaults.flood_wait.as_secs(),
            1..=86_400,
        )?),
    })
}

/// `[rate_limits]`, switched on or off by `GRAMD_RATE_LIMITS` if set.
fn rate_limits(
    section: &RateLimitsSection,
    switch: Option<&str>,
) -> Result<RateLimits, ConfigError> {
    let telegram = RateLimits::default();
    Ok(RateLimits {
        enabled: match switch {
            Some(text) => parse_switch("GRAMD_RATE_LIMITS", text)?,
            None => section.enabled.unwrap_or(telegram.enabled),
        },
        private_chat_per_second: setting(
            "rate_limits.private_chat_per_second",
            section.private_chat_per_second,
            telegram.private_chat_per_second,
            1..=1000,
        )?,
        group_per_minute: setting(
            "rate_limits.group_per_minute",
            section.group_per_minute,
            telegram.group_per_minute,
            1..=60_000,
        )?,
        bot_per_second: setting(
            "rate_limits.bot_per_second",
            section.bot_per_second,
            telegram.bot_per_second,
            1..=100_000,
        )?,
    })
}

/// An on/off value from the environment.
fn parse_switch(name: &str, text: &str) -> Result<bool, ConfigError> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Ok(true),
        "false" | "0" | "no" | "off" => Ok(false),
        _ => Err(ConfigError(format!(
            "{name} {text:?} must be true or false"
        ))),
    }
}

/// A `[files]` size: `value` or `default`, at least 1024 bytes.
fn files_limit(name: &str, value: Option<u64>, default: u64) -> Result<u64, ConfigError> {
    let value = value.unwrap_or(default);
    if value < 1024 {
        return Err(ConfigError(format!("files.{name} must be at least 1024")));
    }
    Ok(value)
}

/// A `[limits]` setting: `value` or `default`, checked against `range`.
fn limit<T>(
    name: &str,
    value: Option<T>,
    default: T,
    range: RangeInclusive<T>,
) -> Result<T, ConfigError>
where
    T: PartialOrd + std::fmt::Display + Copy + Bounded,
{
    setting(&format!("limits.{name}"), value, default, range)
}

/// A numeric setting named `name` (with its section): `value` or `default`, checked
/// against `range`.
fn setting<T>(
    name: &str,
    value: Option<T>,
    default: T,
    range: RangeInclusive<T>,
) -> Result<T, ConfigError>
where
    T: PartialOrd + std::fmt::Display + Copy + Bounded,
{
    let value = value.unwrap_or(default);
    if range.contains(&value) {
        return Ok(value);
    }
    let (min, max) = (range.start(), range.end());
    Err(ConfigError(if *max == T::MAX {
        format!("{name} must be at least {min}")
    } else {
        format!("{name} must be between {min} and {max}")
    }))
}

/// The largest value of an integer type (for messages about open-ended ranges).
trait Bounded {
    const MAX: Self;
}

impl Bounded for usize {
    const MAX: Self = usize::MAX;
}

impl Bounded for u64 {
    const MAX: Self = u64::MAX;
}

impl Bounded for u32 {
    const MAX: Self = u32::MAX;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_with_nothing_configured() {
        let config = Config::load(Overrides::default()).unwrap();
        assert_eq!(config.data_dir, PathBuf::from("./gramd-data"));
        assert_eq!(config.http_addr.to_string(), "127.0.0.1:8081");
        assert_eq!(config.mtproto_addr.to_string(), "127.0.0.1:8443");
        assert_eq!(config.durability, Durability::Full);
        assert_eq!(
            config.webhooks,
            WebhookConfig {
                allow_local: false,
                request_timeout: Duration::from_secs(60),
                max_retry_delay: Duration::from_secs(120),
            }
        );
    }

    #[test]
    fn webhook_settings_layer_and_validate() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("gramd.toml");
        std::fs::write(
            &file,
            "[webhooks]\nallow_local = true\nrequest_timeout_secs = 2\nmax_retry_delay_ms = 50\n",
        )
        .unwrap();
        let load = |allow_local| {
            Config::load(Overrides {
                config_file: Some(file.clone()),
                webhook_allow_local: allow_local,
                ..Overrides::default()
            })
        };
        let config = load(None).unwrap();
        assert!(config.webhooks.allow_local);
        assert_eq!(config.webhooks.request_timeout, Duration::from_secs(2));
        assert_eq!(config.webhooks.max_retry_delay, Duration::from_millis(50));
        assert!(
            !load(Some(false)).unwrap().webhooks.allow_local,
            "the flag wins"
        );
        std::fs::write(&file, "[webhooks]\nrequest_timeout_secs = 0\n").unwrap();
        assert_eq!(
            load(None).unwrap_err().to_string(),
            "invalid configuration: webhooks.request_timeout_secs must be between 1 and 3600"
        );
    }

    #[test]
    fn flags_beat_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("gramd.toml");
        std::fs::write(
            &file,
            "data_dir = \"/from/file\"\nhttp_addr = \"0.0.0.0:9\"\n[storage]\ndurability = \"normal\"\n",
        )
        .unwrap();
        let config = Config::load(Overrides {
            config_file: Some(file.clone()),
            http_addr: Some("127.0.0.1:7000".into()),
            ..Overrides::default()
        })
        .unwrap();
        assert_eq!(config.data_dir, PathBuf::from("/from/file"));
        assert_eq!(config.http_addr.to_string(), "127.0.0.1:7000");
        assert_eq!(config.durability, Durability::Normal);
    }

    #[test]
    fn the_storage_backend_is_chosen_by_name() {
        let config = Config::load(Overrides::default()).unwrap();
        assert_eq!(config.storage_backend, StorageBackend::Sqlite);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("gramd.toml");
        std::fs::write(&file, "[storage]\nbackend = \"sqlite\"\n").unwrap();
        let from_file = Overrides {
            config_file: Some(file.clone()),
            ..Overrides::default()
        };
        let config = Config::load(from_file.clone()).unwrap();
        assert_eq!(config.storage_backend, StorageBackend::Sqlite);
        // The environment beats the file.
        let err = Config::load(Overrides {
            storage_backend: Some("postgres".into()),
            ..from_file
        })
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid configuration: storage backend \"postgres\" must be \"sqlite\""
        );
        std::fs::write(&file, "[storage]\nbackend = \"SQLite\"\n").unwrap();
        let err = Config::load(Overrides {
            config_file: Some(file),
            ..Overrides::default()
        })
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid configuration: storage backend \"SQLite\" must be \"sqlite\""
        );
    }

    #[test]
    fn files_settings_layer_and_validate() {
        let config = Config::load(Overrides::default()).unwrap();
        assert_eq!(
            config.files,
            FilesConfig {
                fetch_urls: false,
                max_photo_bytes: 10 << 20,
                max_upload_bytes: 50 << 20,
                max_download_bytes: 20 << 20,
            }
        );
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("gramd.toml");
        std::fs::write(
            &file,
            "[files]\nfetch_urls = true\nmax_upload_bytes = 100000000\n",
        )
        .unwrap();
        let from_file = Overrides {
            config_file: Some(file.clone()),
            ..Overrides::default()
        };
        let config = Config::load(from_file.clone()).unwrap();
        assert!(config.files.fetch_urls);
        assert_eq!(config.files.max_upload_bytes, 100_000_000);
        let config = Config::load(Overrides {
            fetch_urls: Some("off".into()),
            ..from_file.clone()
        })
        .unwrap();
        assert!(!config.files.fetch_urls, "the environment beats the file");
        let err = Config::load(Overrides {
            fetch_urls: Some("maybe".into()),
            ..from_file
        })
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid configuration: GRAMD_FILES_FETCH_URLS \"maybe\" must be true or false"
        );
        std::fs::write(&file, "[files]\nmax_photo_bytes = 5\n").unwrap();
        let err = Config::load(Overrides {
            config_file: Some(file),
            ..Overrides::default()
        })
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid configuration: files.max_photo_bytes must be at least 1024"
        );
    }

    #[test]
    fn rate_limits_are_off_by_default_and_switched_on_by_file_or_environment() {
        let config = Config::load(Overrides::default()).unwrap();
        assert_eq!(
            config.rate_limits,
            RateLimits {
                enabled: false,
                private_chat_per_second: 1,
                group_per_minute: 20,
                bot_per_second: 30,
            }
        );
        let config = Config::load(Overrides {
            rate_limits: Some("1".into()),
            ..Overrides::default()
        })
        .unwrap();
        assert!(config.rate_limits.enabled);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("gramd.toml");
        std::fs::write(
            &file,
            "[rate_limits]\nenabled = true\nprivate_chat_per_second = 2\n\
             group_per_minute = 40\nbot_per_second = 60\n",
        )
        .unwrap();
        let from_file = Overrides {
            config_file: Some(file.clone()),
            ..Overrides::default()
        };
        assert_eq!(
            Config::load(from_file.clone()).unwrap().rate_limits,
            RateLimits {
                enabled: true,
                private_chat_per_second: 2,
                group_per_minute: 40,
                bot_per_second: 60,
            }
        );
        let config = Config::load(Overrides {
            rate_limits: Some("off".into()),
            ..from_file.clone()
        })
        .unwrap();
        assert!(
            !config.rate_limits.enabled,
            "the environment beats the file"
        );
        let err = Config::load(Overrides {
            rate_limits: Some("sometimes".into()),
            ..from_file
        })
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid configuration: GRAMD_RATE_LIMITS \"sometimes\" must be true or false"
        );
        for (line, message) in [
            (
                "private_chat_per_second = 0",
                "rate_limits.private_chat_per_second must be between 1 and 1000",
            ),
            (
                "group_per_minute = 0",
                "rate_limits.group_per_minute must be between 1 and 60000",
            ),
            (
                "bot_per_second = 100001",
                "rate_limits.bot_per_second must be between 1 and 100000",
            ),
        ] {
            std::fs::write(&file, format!("[rate_limits]\n{line}\n")).unwrap();
            let err = Config::load(Overrides {
                config_file: Some(file.clone()),
                ..Overrides::default()
            })
            .unwrap_err();
            assert_eq!(err.to_string(), format!("invalid configuration: {message}"));
        }
    }

    #[test]
    fn auth_settings_layer_and_validate() {
        let config = Config::load(Overrides::default()).unwrap();
        assert_eq!(config.auth, AuthConfig::default());
        assert!(!config.auth.test_phones);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("gramd.toml");
        std::fs::write(
            &file,
            "[auth]\ntest_phones = true\nnew_phones = \"sign_up\"\ncode_ttl_secs = 60\n\
             max_attempts = 3\nflood_wait_secs = 30\n",
        )
        .unwrap();
        let from_file = Overrides {
            config_file: Some(file.clone()),
            ..Overrides::default()
        };
        assert_eq!(
            Config::load(from_file.clone()).unwrap().auth,
            AuthConfig {
                test_phones: true,
                sign_up: SignUp::Required,
                code_ttl: Duration::from_secs(60),
                max_attempts: 3,
                flood_wait: Duration::from_secs(30),
            }
        );
        let switched_off = Overrides {
            auth_test_phones: Some("0".into()),
            ..from_file
        };
        assert!(!Config::load(switched_off).unwrap().auth.test_phones);
        let switched_on = Overrides {
            auth_test_phones: Some("on".into()),
            ..Overrides::default()
        };
        assert!(Config::load(switched_on).unwrap().auth.test_phones);
        for (line, error) in [
            (
                "new_phones = \"never\"",
                "auth.new_phones \"never\" must be \"sign_in\" or \"sign_up\"",
            ),
            (
                "code_ttl_secs = 0",
                "auth.code_ttl_secs must be between 1 and 86400",
            ),
            (
                "max_attempts = 0",
                "auth.max_attempts must be between 1 and 1000",
            ),
        ] {
            std::fs::write(&file, format!("[auth]\n{line}\n")).unwrap();
            let err = Config::load(Overrides {
                config_file: Some(file.clone()),
                ..Overrides::default()
            })
            .unwrap_err();
            assert_eq!(err.to_string(), format!("invalid configuration: {error}"));
        }
    }

    #[test]
    fn bad_settings_get_one_readable_error() {
        let err = Config::load(Overrides {
            http_addr: Some("localhost".into()),
            ..Overrides::default()
        })
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid configuration: http_addr \"localhost\" is not an address like 127.0.0.1:8081"
        );
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("gramd.toml");
        std::fs::write(&file, "http_adr = \"x\"\n").unwrap();
        let err = Config::load(Overrides {
            config_file: Some(file.clone()),
            ..Overrides::default()
        })
        .unwrap_err();
        assert!(
            err.to_string().contains("unknown field `http_adr`"),
            "{err}"
        );
        for (limits, message) in [
            (
                "max_connections = 0",
                "limits.max_connections must be at least 1",
            ),
            (
                "header_timeout_secs = 0",
                "limits.header_timeout_secs must be between 1 and 3600",
            ),
            (
                "max_body_bytes = 10",
                "limits.max_body_bytes must be at least 1024",
            ),
            (
                "bot_max_in_flight = 0",
                "limits.bot_max_in_flight must be at least 1",
            ),
        ] {
            std::fs::write(&file, format!("[limits]\n{limits}\n")).unwrap();
            let err = Config::load(Overrides {
                config_file: Some(file.clone()),
                ..Overrides::default()
            })
            .unwrap_err();
            assert_eq!(err.to_string(), format!("invalid configuration: {message}"));
        }
    }

    #[test]
    fn mtproto_addr_from_file_and_flag() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("gramd.toml");
        std::fs::write(&file, "mtproto_addr = \"0.0.0.0:443\"\n").unwrap();
        let from_file = Config::load(Overrides {
            config_file: Some(file.clone()),
            ..Overrides::default()
        })
        .unwrap();
        assert_eq!(from_file.mtproto_addr.to_string(), "0.0.0.0:443");
        let from_flag = Config::load(Overrides {
            config_file: Some(file),
            mtproto_addr: Some("127.0.0.1:9443".into()),
            ..Overrides::default()
        })
        .unwrap();
        assert_eq!(from_flag.mtproto_addr.to_string(), "127.0.0.1:9443");
        let err = Config::load(Overrides {
            mtproto_addr: Some("nowhere".into()),
            ..Overrides::default()
        })
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid configuration: mtproto_addr \"nowhere\" is not an address like 127.0.0.1:8443"
        );
    }

    #[test]
    fn mtproto_public_addr_from_file_and_flag() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("gramd.toml");
        std::fs::write(&file, "mtproto_public_addr = \"203.0.113.7:443\"\n").unwrap();
        let unset = Config::load(Overrides::default()).unwrap();
        assert_eq!(unset.mtproto_public_addr, None);
        let from_file = Config::load(Overrides {
            config_file: Some(file.clone()),
            ..Overrides::default()
        })
        .unwrap();
        assert_eq!(
            from_file.mtproto_public_addr.map(|a| a.to_string()),
            Some("203.0.113.7:443".into())
        );
        let from_flag = Config::load(Overrides {
            config_file: Some(file),
            mtproto_public_addr: Some("[2001:db8::1]:8443".into()),
            ..Overrides::default()
        })
        .unwrap();
        assert_eq!(
            from_flag.mtproto_public_addr.map(|a| a.to_string()),
            Some("[2001:db8::1]:8443".into())
        );
        let err = Config::load(Overrides {
            mtproto_public_addr: Some("example.org".into()),
            ..Overrides::default()
        })
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid configuration: mtproto_public_addr \"example.org\" is not an address like 203.0.113.7:443"
        );
    }
}
