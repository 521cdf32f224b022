//! Mini apps in the composition root: the server's `initData` signing key (a file in the
//! data directory, made on first start) and the `gramd webapp` and `gramd bot web-app` /
//! `gramd bot attach-menu` commands that configure bots until @BotFather does.

use std::io::Write as _;
use std::path::Path;

use gramd_core::Core;
use gramd_core::ids::UserId;
use gramd_core::web_apps::{AttachMenu, AttachPeerType, MenuButton, MiniApp, WebAppKey};

/// The file in the data directory holding the Ed25519 secret key that signs `initData`
/// (64 hex digits).
pub const WEB_APP_KEY_FILE: &str = "webapp-ed25519.key";

/// The server's `initData` key pair: read from the data directory, or made and saved there
/// (readable by its owner only) on first use.
///
/// # Errors
/// The file cannot be read or written, or holds no key.
pub fn load_or_create_key(data_dir: &Path) -> Result<WebAppKey, String> {
    let path = data_dir.join(WEB_APP_KEY_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => parse_key(text.trim())
            .ok_or_else(|| format!("{} holds no Ed25519 secret key", path.display())),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(data_dir)
                .map_err(|e| format!("cannot create {}: {e}", data_dir.display()))?;
            let key = WebAppKey::generate();
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            match options.open(&path) {
                Ok(mut file) => {
                    let hex: String = key.secret().iter().map(|b| format!("{b:02x}")).collect();
                    file.write_all(format!("{hex}\n").as_bytes())
                        .and_then(|()| file.sync_all())
                        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                    Ok(key)
                }
                // Another gramd process made it meanwhile: use theirs.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    load_or_create_key(data_dir)
                }
                Err(e) => Err(format!("cannot create {}: {e}", path.display())),
            }
        }
        Err(err) => Err(format!("cannot read {}: {err}", path.display())),
    }
}

fn parse_key(hex: &str) -> Option<WebAppKey> {
    if hex.len() != 64 || !hex.is_ascii() {
        return None;
    }
    let mut secret = [0u8; 32];
    for (i, byte) in secret.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(WebAppKey::from_secret(secret))
}

/// What `gramd bot web-app` changes; `None` leaves a setting as it is.
#[derive(Clone, Debug, Default)]
pub struct WebAppChange {
    /// The bot's web app URL (`""` clears it).
    pub url: Option<String>,
    /// The main mini app's URL (`""` clears it).
    pub main_app_url: Option<String>,
    /// The default menu button.
    pub menu_button: Option<MenuButton>,
    /// Named mini apps to add or replace: short name, title, URL.
    pub apps: Vec<(String, String, String)>,
    /// Named mini apps to remove, by short name.
    pub remove_apps: Vec<String>,
}

/// Applies a [`WebAppChange`] to a bot; returns a description of its settings.
///
/// # Errors
/// The core's validation errors, as text.
pub async fn configure_web_app(
    core: &Core,
    bot: i64,
    change: WebAppChange,
) -> Result<String, String> {
    let bot = UserId(bot);
    let mut settings = core.web_app_settings(bot).await.map_err(describe)?;
    if let Some(url) = change.url {
        settings.url = (!url.is_empty()).then_some(url);
    }
    if let Some(url) = change.main_app_url {
        settings.main_app_url = (!url.is_empty()).then_some(url);
    }
    settings.apps.retain(|a| {
        !change
            .remove_apps
            .iter()
            .any(|r| a.short_name.eq_ignore_ascii_case(r))
    });
    for (short_name, title, url) in change.apps {
        let app = MiniApp {
            short_name,
            title,
            description: String::new(),
            url,
            request_write_access: false,
        };
        match settings
            .apps
            .iter_mut()
            .find(|a| a.short_name.eq_ignore_ascii_case(&app.short_name))
        {
            Some(old) => *old = app,
            None => settings.apps.push(app),
        }
    }
    let settings = core
        .set_web_app_settings(bot, settings)
        .await
        .map_err(describe)?;
    if let Some(button) = change.menu_button {
        core.set_menu_button(bot, None, button)
            .await
            .map_err(describe)?;
    }
    Ok(format!(
        "bot {}: web app {}, main app {}, {} named app(s)",
        bot.0,
        settings.url.as_deref().unwrap_or("(none)"),
        settings.main_app_url.as_deref().unwrap_or("(none)"),
        settings.apps.len()
    ))
}

/// Sets (or with `menu` `None` removes) a bot's attachment and side menu entry.
///
/// # Errors
/// The core's validation errors, as text.
pub async fn configure_attach_menu(
    core: &Core,
    bot: i64,
    menu: Option<AttachMenu>,
) -> Result<String, String> {
    let bot = UserId(bot);
    let mut settings = core.web_app_settings(bot).await.map_err(describe)?;
    settings.attach_menu = menu;
    let settings = core
        .set_web_app_settings(bot, settings)
        .await
        .map_err(describe)?;
    Ok(match &settings.attach_menu {
        Some(menu) => format!(
            "bot {}: attachment menu entry \"{}\" ({}{}{})",
            bot.0,
            menu.short_name,
            if menu.show_in_attach_menu {
                "attachment menu"
            } else {
                ""
            },
            if menu.show_in_attach_menu && menu.show_in_side_menu {
                ", "
            } else {
                ""
            },
            if menu.show_in_side_menu {
                "side menu"
            } else {
                ""
            },
        ),
        None => format!("bot {}: no attachment menu entry", bot.0),
    })
}

/// Peer types named as `pm,chat,…` (see [`AttachPeerType::name`]).
///
/// # Errors
/// An unknown name.
pub fn parse_peer_types(list: &str) -> Result<Vec<AttachPeerType>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(|name| {
            AttachPeerType::parse(name).ok_or_else(|| {
                format!(
                    "unknown peer type {name:?} (use {})",
                    AttachPeerType::ALL.map(AttachPeerType::name).join(", ")
                )
            })
        })
        .collect()
}

fn describe(err: gramd_core::CoreError) -> String {
    use gramd_core::CoreError as E;
    match err {
        E::Refused {
            name: "BOT_INVALID",
        } => "no such bot".into(),
        E::WebAppUrlInvalid => "a URL must be https:// (or http://) with a host".into(),
        E::ButtonTextInvalid => "the menu button text must be 1 to 64 characters".into(),
        E::BotAppShortNameInvalid => "an app's short name must be 3 to 30 characters of \
            A-Z, a-z, 0-9 and _, starting with a letter, and unique; its title 1 to 64 \
            characters"
            .into(),
        E::AttachMenuInvalid => "an attachment menu entry needs the bot's web app URL \
            (gramd bot web-app --url) and at least one of --attach-menu and --side-menu"
            .into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_made_once_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let made = load_or_create_key(dir.path()).unwrap();
        let read = load_or_create_key(dir.path()).unwrap();
        assert_eq!(made.public_key_hex(), read.public_key_hex());
        let text = std::fs::read_to_string(dir.path().join(WEB_APP_KEY_FILE)).unwrap();
        assert_eq!(text.trim().len(), 64);
        std::fs::write(dir.path().join(WEB_APP_KEY_FILE), "nonsense").unwrap();
        assert!(load_or_create_key(dir.path()).is_err());
    }
}
