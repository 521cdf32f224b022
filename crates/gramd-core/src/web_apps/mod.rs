//! Mini apps (<https://core.telegram.org/bots/webapps>): what a bot configures through
//! @BotFather (its web app URL, main mini app, named mini apps, menu button, attachment and
//! side menu entry), the per-user CloudStorage limits, and the signing of `initData`
//! ([`init_data`]).
//!
//! The operations on them are [`Core`](crate::Core) methods (module `service::web_apps`);
//! the custom methods a mini app calls through `bots.invokeWebViewCustomMethod` are a small
//! registry there, [`WebViewMethod`].

pub mod init_data;

use serde::{Deserialize, Serialize};

use crate::error::CoreError;

pub use init_data::{InitData, WebAppKey};

/// Most characters of a CloudStorage key.
pub const MAX_STORAGE_KEY_LEN: usize = 128;
/// Most characters of a CloudStorage value.
pub const MAX_STORAGE_VALUE_LEN: usize = 4096;
/// Most keys one user may store for one bot.
pub const MAX_STORAGE_KEYS: usize = 1024;
/// Most named mini apps one bot may have.
pub const MAX_MINI_APPS: usize = 255;

/// A bot's mini-app settings, as @BotFather sets them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebAppSettings {
    /// The bot's web app URL: what attachment and side menu launches open, and the
    /// domain inline buttons' and menu buttons' URLs must be on when set.
    #[serde(default)]
    pub url: Option<String>,
    /// The main mini app (`messages.requestMainWebView`, the profile's "Open app").
    #[serde(default)]
    pub main_app_url: Option<String>,
    /// The attachment and side menu entry, if the bot offers one.
    #[serde(default)]
    pub attach_menu: Option<AttachMenu>,
    /// Named mini apps, opened by `t.me/<bot>/<short_name>` links.
    #[serde(default)]
    pub apps: Vec<MiniApp>,
    /// Bumped on every change: the `hash` of attach-menu lists and `botApp` folds it in.
    #[serde(default)]
    pub version: i64,
}

impl WebAppSettings {
    /// The named mini app with this short name (case-insensitive, as `t.me` links are).
    #[must_use]
    pub fn app(&self, short_name: &str) -> Option<&MiniApp> {
        self.apps
            .iter()
            .find(|a| a.short_name.eq_ignore_ascii_case(short_name))
    }

    /// Checks every URL and name.
    ///
    /// # Errors
    /// `WebAppUrlInvalid`, `BotAppShortNameInvalid` or `AttachMenuInvalid`.
    pub fn validate(&self) -> Result<(), CoreError> {
        for url in self.url.iter().chain(&self.main_app_url) {
            check_url(url)?;
        }
        if self.apps.len() > MAX_MINI_APPS {
            return Err(CoreError::BotAppShortNameInvalid);
        }
        for (i, app) in self.apps.iter().enumerate() {
            app.validate()?;
            if self.apps[..i]
                .iter()
                .any(|a| a.short_name.eq_ignore_ascii_case(&app.short_name))
            {
                return Err(CoreError::BotAppShortNameInvalid);
            }
        }
        if let Some(menu) = &self.attach_menu {
            if !menu.show_in_attach_menu && !menu.show_in_side_menu {
                return Err(CoreError::AttachMenuInvalid);
            }
            if self.url.is_none() {
                return Err(CoreError::AttachMenuInvalid);
            }
        }
        Ok(())
    }
}

/// A named mini app (`botApp`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MiniApp {
    /// `t.me/<bot>/<short_name>`: 3 to 30 characters of `A-Za-z0-9_`, starting with a
    /// letter.
    pub short_name: String,
    /// The title shown.
    pub title: String,
    /// The description shown.
    #[serde(default)]
    pub description: String,
    /// The page it opens.
    pub url: String,
    /// Whether it asks for permission to message the user on launch.
    #[serde(default)]
    pub request_write_access: bool,
}

impl MiniApp {
    fn validate(&self) -> Result<(), CoreError> {
        let name = self.short_name.as_bytes();
        if !(3..=30).contains(&name.len())
            || !name[0].is_ascii_alphabetic()
            || !name.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_')
        {
            return Err(CoreError::BotAppShortNameInvalid);
        }
        if self.title.trim().is_empty() || self.title.chars().count() > 64 {
            return Err(CoreError::BotAppShortNameInvalid);
        }
        check_url(&self.url)
    }
}

/// The attachment and side menu entry of a bot (`attachMenuBot`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[allow(clippy::struct_excessive_bools)]
pub struct AttachMenu {
    /// The entry's name.
    pub short_name: String,
    /// Shown in the attachment menu.
    pub show_in_attach_menu: bool,
    /// Shown in the side menu.
    pub show_in_side_menu: bool,
    /// The chats the attachment-menu entry shows in.
    #[serde(default)]
    pub peer_types: Vec<AttachPeerType>,
    /// Whether the bot asks for permission to message the user on install.
    #[serde(default)]
    pub request_write_access: bool,
    /// Whether installing needs the third-party mini apps disclaimer accepted.
    #[serde(default)]
    pub side_menu_disclaimer_needed: bool,
    /// Icons, by Telegram's names (`default_static`, `ios_side_menu_static`, …): each a
    /// stored document.
    #[serde(default)]
    pub icons: Vec<AttachMenuIcon>,
}

/// One attachment-menu icon.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachMenuIcon {
    /// Telegram's icon name.
    pub name: String,
    /// The document's id.
    pub document: i64,
}

/// The chats an attachment-menu entry shows in (`AttachMenuPeerType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttachPeerType {
    /// The chat with the bot itself.
    SameBotPm,
    /// Private chats with other bots.
    BotPm,
    /// Private chats with people.
    Pm,
    /// Groups and supergroups.
    Chat,
    /// Channels.
    Broadcast,
}

impl AttachPeerType {
    /// Every type, in Telegram's order.
    pub const ALL: [Self; 5] = [
        Self::SameBotPm,
        Self::BotPm,
        Self::Pm,
        Self::Chat,
        Self::Broadcast,
    ];

    /// The name used in configuration: `same_bot_pm`, `bot_pm`, `pm`, `chat`, `broadcast`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::SameBotPm => "same_bot_pm",
            Self::BotPm => "bot_pm",
            Self::Pm => "pm",
            Self::Chat => "chat",
            Self::Broadcast => "broadcast",
        }
    }

    /// The type named `name` (see [`AttachPeerType::name`]).
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// A bot's menu button (`BotMenuButton` / Bot API `MenuButton`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum MenuButton {
    /// The client's default (the bot's commands).
    #[default]
    Default,
    /// The list of the bot's commands.
    Commands,
    /// Opens a mini app.
    WebApp {
        /// The button's text.
        text: String,
        /// The mini app's URL.
        url: String,
    },
}

impl MenuButton {
    /// Checks the text and URL.
    ///
    /// # Errors
    /// `WebAppUrlInvalid` or `ButtonTextInvalid`.
    pub fn validate(&self) -> Result<(), CoreError> {
        if let Self::WebApp { text, url } = self {
            if text.trim().is_empty() || text.chars().count() > 64 {
                return Err(CoreError::ButtonTextInvalid);
            }
            check_url(url)?;
        }
        Ok(())
    }
}

/// A mini app's URL: `https://` (or `http://` for local development) with a host, at most
/// 2048 bytes.
///
/// # Errors
/// `WebAppUrlInvalid`.
pub fn check_url(url: &str) -> Result<(), CoreError> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(rest)
            if url.len() <= 2048
                && !rest.is_empty()
                && !rest.starts_with('/')
                && !url.chars().any(|c| c.is_whitespace() || c.is_control()) =>
        {
            Ok(())
        }
        _ => Err(CoreError::WebAppUrlInvalid),
    }
}

/// A CloudStorage key: 1 to 128 characters of `A-Za-z0-9_-`.
///
/// # Errors
/// `DataJsonInvalid` with what is wrong.
pub fn check_storage_key(key: &str) -> Result<(), CoreError> {
    if key.is_empty() || key.len() > MAX_STORAGE_KEY_LEN {
        return Err(CoreError::DataJsonInvalid {
            detail: format!("a key must have 1 to {MAX_STORAGE_KEY_LEN} characters"),
        });
    }
    if !key
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return Err(CoreError::DataJsonInvalid {
            detail: "a key may contain only A-Z, a-z, 0-9, _ and -".into(),
        });
    }
    Ok(())
}

/// A CloudStorage value: at most 4096 characters.
///
/// # Errors
/// `DataJsonInvalid` with what is wrong.
pub fn check_storage_value(value: &str) -> Result<(), CoreError> {
    if value.chars().count() > MAX_STORAGE_VALUE_LEN {
        return Err(CoreError::DataJsonInvalid {
            detail: format!("a value may have at most {MAX_STORAGE_VALUE_LEN} characters"),
        });
    }
    Ok(())
}

/// Telegram's hash of a list of ids (<https://core.telegram.org/api/offsets#hash-generation>),
/// as `*NotModified` answers compare it.
#[must_use]
pub fn fold_hash(ids: impl IntoIterator<Item = u64>) -> i64 {
    let mut hash = 0u64;
    for id in ids {
        hash ^= hash >> 21;
        hash ^= hash << 35;
        hash ^= hash >> 4;
        hash = hash.wrapping_add(id);
    }
    hash.cast_signed()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_keys_and_values_follow_the_limits() {
        assert!(check_storage_key("a").is_ok());
        assert!(check_storage_key(&"k".repeat(128)).is_ok());
        assert!(check_storage_key("A-z_09").is_ok());
        assert!(check_storage_key("").is_err());
        assert!(check_storage_key(&"k".repeat(129)).is_err());
        assert!(check_storage_key("a.b").is_err());
        assert!(check_storage_key("ключ").is_err());
        assert!(check_storage_value(&"é".repeat(4096)).is_ok());
        assert!(check_storage_value(&"v".repeat(4097)).is_err());
    }

    #[test]
    fn urls_need_a_scheme_and_host() {
        assert!(check_url("https://example.com/app").is_ok());
        assert!(check_url("http://127.0.0.1:8080").is_ok());
        for bad in [
            "",
            "https://",
            "ftp://x",
            "https:///x",
            "https://a b",
            "example.com",
        ] {
            assert_eq!(check_url(bad), Err(CoreError::WebAppUrlInvalid), "{bad}");
        }
    }

    #[test]
    fn the_fold_hash_is_telegrams() {
        assert_eq!(fold_hash([]), 0);
        assert_eq!(fold_hash([5]), 5);
        // 5, then (5 ^ 5<<35 ^ ((5 ^ 5<<35) >> 4)) + 7
        let h: u64 = 5;
        let h = h ^ (h >> 21);
        let h = h ^ (h << 35);
        let h = h ^ (h >> 4);
        assert_eq!(fold_hash([5, 7]), h.wrapping_add(7).cast_signed());
        assert_ne!(fold_hash([5, 7]), fold_hash([7, 5]));
    }

    #[test]
    fn attach_menus_need_a_url_and_a_place() {
        let menu = AttachMenu {
            short_name: "App".into(),
            show_in_attach_menu: true,
            show_in_side_menu: false,
            peer_types: vec![AttachPeerType::Pm],
            request_write_access: false,
            side_menu_disclaimer_needed: false,
            icons: Vec::new(),
        };
        let mut settings = WebAppSettings {
            attach_menu: Some(menu),
            ..WebAppSettings::default()
        };
        assert_eq!(settings.validate(), Err(CoreError::AttachMenuInvalid));
        settings.url = Some("https://example.com".into());
        assert_eq!(settings.validate(), Ok(()));
        if let Some(menu) = &mut settings.attach_menu {
            menu.show_in_attach_menu = false;
        }
        assert_eq!(settings.validate(), Err(CoreError::AttachMenuInvalid));
    }
}
