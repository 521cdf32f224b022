//! Mini apps: a bot's mini-app settings and menu button (what @BotFather and
//! `setChatMenuButton` change), launching a mini app (the URL with signed `initData`, and
//! the web-view sessions `answerWebAppQuery` answers), the attachment and side menu, and
//! the custom methods a mini app calls (`bots.invokeWebViewCustomMethod`), a small
//! registry, [`WebViewMethod`].

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use base64::Engine as _;
use serde::Serialize;

use crate::chats::ChatKind;
use crate::error::{CoreError, CoreResult};
use crate::ids::{Peer, SessionId, UserId};
use crate::messages::{OutgoingText, SendOptions, Sent, ServiceAction};
use crate::store::Write;
use crate::users::User;
use crate::web_apps::init_data::encode_component;
use crate::web_apps::{
    InitData, MAX_STORAGE_KEYS, MenuButton, MiniApp, WebAppSettings, check_storage_key,
    check_storage_value, check_url, fold_hash,
};

use super::session_updates::SessionUpdate;
use super::{Core, random_u64};

/// The Bot API version gramd's mini apps are told the client supports
/// (`tgWebAppVersion`): custom methods and CloudStorage (6.9), `initData` signatures (8.0).
pub const WEB_APP_VERSION: &str = "8.0";

/// Most bytes a reply-keyboard mini app may send to its bot at once.
const MAX_WEB_APP_DATA: usize = 4096;

/// How long a web-view session lives without `messages.prolongWebView` (clients prolong
/// every 60 seconds).
const WEB_VIEW_TTL: i64 = 120;

/// How a mini app is launched; decides what its `initData` holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Launch {
    /// An inline keyboard `web_app` button (`messages.requestWebView` with `url`).
    InlineButton {
        /// The button's URL.
        url: String,
    },
    /// The bot's menu button (`messages.requestWebView` with `from_bot_menu`).
    MenuButton,
    /// The attachment menu (`messages.requestWebView` without `url`).
    AttachMenu,
    /// A reply keyboard `web_app` button (`messages.requestSimpleWebView` with `url`):
    /// empty `initData`; the app answers with `messages.sendWebViewData`.
    KeyboardButton {
        /// The button's URL.
        url: String,
    },
    /// An inline-mode `switch_webview` button: empty `initData`.
    SwitchWebView {
        /// The button's URL.
        url: String,
    },
    /// The side menu (`messages.requestSimpleWebView` with `from_side_menu`).
    SideMenu,
    /// The bot's main mini app (`messages.requestMainWebView`).
    Main,
    /// A named mini app (`messages.requestAppWebView`).
    App {
        /// Its short name.
        short_name: String,
    },
}

impl Launch {
    /// Whether the launch opens a session the bot answers with `answerWebAppQuery`.
    fn has_query(&self) -> bool {
        matches!(
            self,
            Self::InlineButton { .. } | Self::MenuButton | Self::AttachMenu
        )
    }
}

/// A request to open a mini app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebViewRequest {
    /// The bot.
    pub bot: UserId,
    /// How it is launched.
    pub launch: Launch,
    /// The chat it is opened in (the chat with the bot if `None`).
    pub peer: Option<Peer>,
    /// `start_param` / `tgWebAppStartParam`.
    pub start_param: Option<String>,
    /// The client's theme (a JSON object of colours).
    pub theme_params: Option<String>,
    /// The client's short name (`android`, `ios`, `tdesktop`, `web`, …).
    pub platform: String,
    /// Open in compact mode.
    pub compact: bool,
    /// Open in full screen.
    pub fullscreen: bool,
    /// Send the bot's answer silently.
    pub silent: bool,
}

/// An opened mini app (`webViewResultUrl`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebView {
    /// The URL with the launch parameters in its fragment.
    pub url: String,
    /// The web-view session, for launches the bot answers.
    pub query_id: Option<i64>,
    /// Open full size rather than compact.
    pub fullsize: bool,
    /// Open in full screen.
    pub fullscreen: bool,
}

/// An open web-view session (`query_id`), until answered or expired.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WebViewSession {
    /// The user who opened it.
    pub user: UserId,
    /// The bot.
    pub bot: UserId,
    /// The chat the answer goes to.
    pub peer: Peer,
    /// Send the answer silently.
    pub silent: bool,
    /// When it expires unless prolonged.
    pub expires_at: i64,
}

/// How many locks CloudStorage writes are spread over.
const STORAGE_LOCKS: usize = 64;

/// Locks that make a CloudStorage save's key-count check and its write one step per bot and
/// user (two saves at 1023 keys must not both pass), striped so that their number is
/// fixed.
#[derive(Debug)]
pub(super) struct StorageLocks([tokio::sync::Mutex<()>; STORAGE_LOCKS]);

impl Default for StorageLocks {
    fn default() -> Self {
        Self(std::array::from_fn(|_| tokio::sync::Mutex::new(())))
    }
}

impl StorageLocks {
    fn of(&self, bot: UserId, user: UserId) -> &tokio::sync::Mutex<()> {
        let mixed = bot.0.wrapping_mul(0x9e37_79b9_7f4a_7c15_u64.cast_signed()) ^ user.0;
        &self.0[usize::try_from(mixed.rem_euclid(STORAGE_LOCKS as i64)).unwrap_or(0)]
    }
}

/// The open web-view sessions, by query id.
#[derive(Debug, Default)]
pub(super) struct Sessions(Mutex<HashMap<i64, WebViewSession>>);

impl Sessions {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, WebViewSession>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The custom methods a mini app may call through `bots.invokeWebViewCustomMethod`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WebViewMethod {
    /// CloudStorage `setItem`: `{"key","value"}` → `true`.
    SaveStorageValue,
    /// CloudStorage `getItem(s)`: `{"keys":[…]}` → `{"key":"value",…}`.
    GetStorageValues,
    /// CloudStorage `removeItem(s)`: `{"keys":[…]}` → `true`.
    DeleteStorageValues,
    /// CloudStorage `getKeys`: `{}` → `["key",…]`.
    GetStorageKeys,
    /// The contact the user last shared with the bot, signed like `initData`, or `""`.
    GetRequestedContact,
    /// The server's Unix time.
    GetCurrentTime,
}

impl WebViewMethod {
    /// The registry: every method by its name.
    pub const ALL: [(&'static str, Self); 6] = [
        ("saveStorageValue", Self::SaveStorageValue),
        ("getStorageValues", Self::GetStorageValues),
        ("deleteStorageValues", Self::DeleteStorageValues),
        ("getStorageKeys", Self::GetStorageKeys),
        ("getRequestedContact", Self::GetRequestedContact),
        ("getCurrentTime", Self::GetCurrentTime),
    ];

    /// The method named `name`.
    #[must_use]
    pub fn named(name: &str) -> Option<Self> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, m)| *m)
    }
}

/// `WebAppUser` as `initData` carries it, fields in Telegram's order.
#[derive(Serialize)]
struct WebAppUser<'a> {
    id: i64,
    first_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    username: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language_code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    added_to_attachment_menu: Option<bool>,
    allows_write_to_pm: bool,
}

/// `WebAppChat`.
#[derive(Serialize)]
struct WebAppChat<'a> {
    id: i64,
    #[serde(rename = "type")]
    kind: &'static str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    username: Option<&'a str>,
}

fn to_json(value: &impl Serialize) -> String {
    serde_json::to_string(value).expect("plain structs serialize")
}

fn bot_invalid() -> CoreError {
    CoreError::Refused {
        name: "BOT_INVALID",
    }
}

fn webview_disabled() -> CoreError {
    CoreError::Refused {
        name: "BOT_WEBVIEW_DISABLED",
    }
}

fn data_json(detail: impl Into<String>) -> CoreError {
    CoreError::DataJsonInvalid {
        detail: detail.into(),
    }
}

impl Core {
    // --- settings (@BotFather) ---------------------------------------------------------

    async fn mini_app_bot(&self, bot: UserId) -> CoreResult<std::sync::Arc<User>> {
        match self.find_user(bot).await? {
            Some(user) if user.is_bot() => Ok(user),
            _ => Err(bot_invalid()),
        }
    }

    /// A bot's mini-app settings (the defaults if never set).
    ///
    /// # Errors
    /// `BOT_INVALID` if `bot` is no bot, or `Internal`.
    pub async fn web_app_settings(&self, bot: UserId) -> CoreResult<WebAppSettings> {
        self.mini_app_bot(bot).await?;
        Ok(self
            .0
            .store
            .web_app_settings(bot)
            .await?
            .unwrap_or_default())
    }

    /// Replaces a bot's mini-app settings (what @BotFather edits); bumps their version, so
    /// cached attachment-menu lists and apps are refetched.
    ///
    /// # Errors
    /// `BOT_INVALID`, the checks of [`WebAppSettings::validate`], or `Internal`.
    pub async fn set_web_app_settings(
        &self,
        bot: UserId,
        mut settings: WebAppSettings,
    ) -> CoreResult<WebAppSettings> {
        let old = self.web_app_settings(bot).await?;
        settings.validate()?;
        settings.version = old.version + 1;
        let (submitted, ()) = self.transact(|tx| {
            tx.push(Write::SetWebAppSettings {
                bot,
                settings: Box::new(settings.clone()),
            });
            Ok(())
        })?;
        submitted.wait().await?;
        Ok(settings)
    }

    /// Sets a bot's menu button for one user, or with `user` `None` its default;
    /// `MenuButton::Default` for a user falls back to the bot's default. The user's
    /// sessions get [`SessionUpdate::BotMenuButton`] with the button they now see.
    ///
    /// # Errors
    /// `BOT_INVALID`, `WebAppUrlInvalid`, `ButtonTextInvalid`, `UserNotFound`, or
    /// `Internal`.
    pub async fn set_menu_button(
        &self,
        bot: UserId,
        user: Option<UserId>,
        button: MenuButton,
    ) -> CoreResult<()> {
        self.mini_app_bot(bot).await?;
        button.validate()?;
        if let Some(user) = user {
            self.user(user).await?;
        }
        let button = (button != MenuButton::Default || user.is_none()).then_some(button);
        let (submitted, ()) = self.transact(|tx| {
            tx.push(Write::SetMenuButton { bot, user, button });
            Ok(())
        })?;
        submitted.wait().await?;
        if let Some(user) = user {
            let button = self.menu_button(bot, Some(user)).await?;
            self.push_session_update(user, None, SessionUpdate::BotMenuButton { bot, button });
        }
        Ok(())
    }

    /// The menu button a user sees for a bot (or with `user` `None`, the bot's default).
    ///
    /// # Errors
    /// `BOT_INVALID` or `Internal`.
    pub async fn menu_button(&self, bot: UserId, user: Option<UserId>) -> CoreResult<MenuButton> {
        self.mini_app_bot(bot).await?;
        if user.is_some()
            && let Some(button) = self.0.store.menu_button(bot, user).await?
        {
            return Ok(button);
        }
        Ok(self
            .0
            .store
            .menu_button(bot, None)
            .await?
            .unwrap_or_default())
    }

    /// A bot's named mini app and its id (`botApp.id`: the bot's id and the app's place).
    ///
    /// # Errors
    /// `BOT_INVALID`, `Refused { BOT_APP_INVALID }`, or `Internal`.
    pub async fn mini_app(&self, bot: UserId, short_name: &str) -> CoreResult<(i64, MiniApp)> {
        let settings = self.web_app_settings(bot).await?;
        settings
            .apps
            .iter()
            .position(|a| a.short_name.eq_ignore_ascii_case(short_name))
            .map(|i| (mini_app_id(bot, i), settings.apps[i].clone()))
            .ok_or(CoreError::Refused {
                name: "BOT_APP_INVALID",
            })
    }

    /// The named mini app with this id (see [`Core::mini_app`]).
    ///
    /// # Errors
    /// `Refused { BOT_APP_INVALID }` or `Internal`.
    pub async fn mini_app_by_id(&self, id: i64) -> CoreResult<(UserId, MiniApp)> {
        let invalid = CoreError::Refused {
            name: "BOT_APP_INVALID",
        };
        let bot = UserId(id >> 8);
        let index = usize::try_from(id & 0xff).map_err(|_| invalid.clone())?;
        let settings = match self.web_app_settings(bot).await {
            Ok(settings) => settings,
            Err(CoreError::Refused { .. }) => return Err(invalid),
            Err(err) => return Err(err),
        };
        settings
            .apps
            .get(index)
            .map(|app| (bot, app.clone()))
            .ok_or(invalid)
    }

    // --- launching ---------------------------------------------------------------------

    /// Opens a mini app for `user`: checks the launch, signs its `initData` and builds the
    /// URL as Telegram does; launches the bot answers open a web-view session.
    ///
    /// # Errors
    /// `BOT_INVALID`, `BOT_WEBVIEW_DISABLED` (nothing to open), `BOT_APP_INVALID`,
    /// `WebAppUrlInvalid`, `THEME_PARAMS_INVALID`, `ChatNotFound`, or `Internal`.
    pub async fn open_web_view(&self, user: &User, request: WebViewRequest) -> CoreResult<WebView> {
        let bot = self.mini_app_bot(request.bot).await?;
        let settings = self
            .0
            .store
            .web_app_settings(bot.id)
            .await?
            .unwrap_or_default();
        let theme = match &request.theme_params {
            Some(theme) => match serde_json::from_str::<serde_json::Value>(theme) {
                Ok(value @ serde_json::Value::Object(_)) => value.to_string(),
                _ => {
                    return Err(CoreError::Refused {
                        name: "THEME_PARAMS_INVALID",
                    });
                }
            },
            None => "{}".to_owned(),
        };
        let peer = request.peer.unwrap_or(Peer::User(bot.id));
        let url = match &request.launch {
            Launch::InlineButton { url }
            | Launch::KeyboardButton { url }
            | Launch::SwitchWebView { url } => url.clone(),
            Launch::MenuButton => match self.menu_button(bot.id, Some(user.id)).await? {
                MenuButton::WebApp { url, .. } => url,
                _ => return Err(webview_disabled()),
            },
            Launch::AttachMenu | Launch::SideMenu => match (&settings.attach_menu, &settings.url) {
                (Some(_), Some(url)) => url.clone(),
                _ => return Err(bot_invalid()),
            },
            Launch::Main => settings.main_app_url.clone().ok_or_else(webview_disabled)?,
            Launch::App { short_name } => self.mini_app(bot.id, short_name).await?.1.url,
        };
        check_url(&url)?;

        let now = self.now();
        let query_id = request.launch.has_query().then(|| {
            let id = (random_u64() >> 1).cast_signed();
            let mut sessions = self.0.web_views.lock();
            sessions.retain(|_, s| s.expires_at > now);
            sessions.insert(
                id,
                WebViewSession {
                    user: user.id,
                    bot: bot.id,
                    peer,
                    silent: request.silent,
                    expires_at: now + WEB_VIEW_TTL,
                },
            );
            id
        });
        let init_data = match request.launch {
            Launch::KeyboardButton { .. } | Launch::SwitchWebView { .. } => String::new(),
            _ => {
                self.init_data(user, &bot, &request, peer, query_id, &settings)
                    .await?
            }
        };
        Ok(WebView {
            url: launch_url(
                &url,
                &init_data,
                &request.platform,
                &theme,
                request.start_param.as_deref(),
            ),
            query_id,
            fullsize: !request.compact,
            fullscreen: request.fullscreen,
        })
    }

    /// The signed `initData` of a launch.
    async fn init_data(
        &self,
        user: &User,
        bot: &User,
        request: &WebViewRequest,
        peer: Peer,
        query_id: Option<i64>,
        settings: &WebAppSettings,
    ) -> CoreResult<String> {
        let installed = settings.attach_menu.is_some()
            && self
                .0
                .store
                .attach_menu_bots(user.id)
                .await?
                .contains(&bot.id);
        let mut data = InitData::new();
        if let Some(id) = query_id {
            data.push("query_id", query_string_id(id, user.id));
        }
        data.push(
            "user",
            to_json(&WebAppUser {
                id: user.id.0,
                first_name: &user.first_name,
                last_name: user.last_name.as_deref(),
                username: user.username.as_deref(),
                language_code: user.language_code.as_deref(),
                added_to_attachment_menu: installed.then_some(true),
                allows_write_to_pm: self.has_started(bot.id, user.id).await?,
            }),
        );
        let in_chat = matches!(
            request.launch,
            Launch::AttachMenu | Launch::Main | Launch::App { .. }
        );
        if in_chat {
            match peer {
                Peer::User(other) if other != bot.id && other != user.id => {
                    let other = self.user(other).await?;
                    data.push(
                        "receiver",
                        to_json(&WebAppUser {
                            id: other.id.0,
                            first_name: &other.first_name,
                            last_name: other.last_name.as_deref(),
                            username: other.username.as_deref(),
                            language_code: None,
                            added_to_attachment_menu: None,
                            allows_write_to_pm: false,
                        }),
                    );
                }
                Peer::User(_) => {}
                chat_peer => {
                    let chat = self.chat(chat_peer).await?;
                    data.push(
                        "chat",
                        to_json(&WebAppChat {
                            id: chat.peer.key(),
                            kind: chat_type(chat.kind),
                            title: &chat.title,
                            username: chat.username.as_deref(),
                        }),
                    );
                }
            }
            let kind = match peer {
                Peer::User(other) if other == bot.id => "sender",
                Peer::User(_) => "private",
                chat_peer => chat_type(self.chat(chat_peer).await?.kind),
            };
            data.push("chat_type", kind);
            let seen_as = match peer {
                Peer::User(other) if other == bot.id => Peer::User(user.id),
                other => other,
            };
            data.push(
                "chat_instance",
                self.keyed_hash(&[bot.id.0, seen_as.key()]).to_string(),
            );
        }
        if let Some(start) = &request.start_param {
            data.push("start_param", start.clone());
        }
        data.push("auth_date", self.now().to_string());
        let token = self.signing_token(bot.id).await?;
        Ok(data.sign(bot.id.0, &token, &self.0.config.web_app_key))
    }

    /// The contact `user` last shared of themself with `bot` ([`Core::requested_contact`]),
    /// as `contact=<JSON>&auth_date=<when shared>` signed like `initData`; `""` when there
    /// is none.
    async fn signed_requested_contact(&self, user: UserId, bot: UserId) -> CoreResult<String> {
        let Some((contact, date)) = self.requested_contact(user, bot).await? else {
            return Ok(String::new());
        };
        let mut card = serde_json::Map::new();
        card.insert("user_id".into(), user.0.into());
        card.insert("phone_number".into(), contact.phone_number.into());
        card.insert("first_name".into(), contact.first_name.into());
        if !contact.last_name.is_empty() {
            card.insert("last_name".into(), contact.last_name.into());
        }
        let mut data = InitData::new();
        data.push("contact", serde_json::Value::Object(card).to_string());
        data.push("auth_date", date.to_string());
        let token = self.signing_token(bot).await?;
        Ok(data.sign(bot.0, &token, &self.0.config.web_app_key))
    }

    /// A bot's full Bot API token, the key of its `initData` hashes.
    async fn signing_token(&self, bot: UserId) -> CoreResult<String> {
        let secret = self
            .0
            .store
            .bot_secret(bot)
            .await?
            .ok_or_else(bot_invalid)?;
        Ok(format!("{}:{secret}", bot.0))
    }

    /// Keeps a web-view session open (`messages.prolongWebView`).
    ///
    /// # Errors
    /// `QueryIdInvalid` if it is unknown, expired, answered or another user's.
    pub fn prolong_web_view(&self, user: UserId, bot: UserId, query_id: i64) -> CoreResult<()> {
        let now = self.now();
        let mut sessions = self.0.web_views.lock();
        match sessions.get_mut(&query_id) {
            Some(s) if s.user == user && s.bot == bot && s.expires_at > now => {
                s.expires_at = now + WEB_VIEW_TTL;
                Ok(())
            }
            _ => Err(CoreError::QueryIdInvalid),
        }
    }

    /// Ends a web-view session the bot answers (`answerWebAppQuery` /
    /// `messages.sendWebViewResultMessage`, given the `query_id` string of `initData`):
    /// each session is answered once.
    ///
    /// # Errors
    /// `QueryIdInvalid` if it is unknown, expired, answered or another bot's.
    pub fn take_web_view(&self, bot: UserId, query_id: &str) -> CoreResult<(i64, WebViewSession)> {
        let id = parse_query_string_id(query_id).ok_or(CoreError::QueryIdInvalid)?;
        let now = self.now();
        let mut sessions = self.0.web_views.lock();
        match sessions.get(&id) {
            Some(s) if s.bot == bot && s.expires_at > now => {
                let session = *s;
                sessions.remove(&id);
                Ok((id, session))
            }
            _ => Err(CoreError::QueryIdInvalid),
        }
    }

    /// Answers a web-view session (`answerWebAppQuery` / `messages.sendWebViewResultMessage`):
    /// sends `text` from the user who opened it to the chat it was opened in, once; the
    /// user's sessions get [`SessionUpdate::WebViewResultSent`] and close the mini app.
    ///
    /// # Errors
    /// `QueryIdInvalid`, or the errors of sending.
    pub async fn answer_web_view(
        &self,
        bot: UserId,
        query_id: &str,
        text: OutgoingText,
    ) -> CoreResult<Sent> {
        let (id, session) = self.take_web_view(bot, query_id)?;
        let sent = self
            .send_text(
                session.user,
                session.peer,
                text,
                SendOptions {
                    silent: session.silent,
                    ..SendOptions::default()
                },
            )
            .await?;
        self.push_session_update(
            session.user,
            None,
            SessionUpdate::WebViewResultSent { query_id: id },
        );
        Ok(sent)
    }

    // --- attachment and side menu ------------------------------------------------------

    /// A bot's attachment-menu entry and whether `user` installed it.
    ///
    /// # Errors
    /// `BOT_INVALID` if the bot has no entry, or `Internal`.
    pub async fn attach_menu_bot(
        &self,
        user: UserId,
        bot: UserId,
    ) -> CoreResult<(WebAppSettings, bool)> {
        let settings = self.web_app_settings(bot).await?;
        if settings.attach_menu.is_none() {
            return Err(bot_invalid());
        }
        let installed = self.0.store.attach_menu_bots(user).await?.contains(&bot);
        Ok((settings, installed))
    }

    /// The attachment-menu entries `user` installed, by bot id, with the list's hash
    /// (Telegram's fold of each bot id and its settings version).
    ///
    /// # Errors
    /// `Internal`.
    pub async fn attach_menu_bots(
        &self,
        user: UserId,
    ) -> CoreResult<(i64, Vec<(UserId, WebAppSettings)>)> {
        let mut bots = Vec::new();
        for bot in self.0.store.attach_menu_bots(user).await? {
            if let Some(settings) = self.0.store.web_app_settings(bot).await?
                && settings.attach_menu.is_some()
            {
                bots.push((bot, settings));
            }
        }
        let hash = fold_hash(
            bots.iter()
                .flat_map(|(bot, s)| [bot.0.cast_unsigned(), s.version.cast_unsigned()]),
        );
        Ok((hash, bots))
    }

    /// Installs or removes a bot's attachment-menu entry for `user`
    /// (`messages.toggleBotInAttachMenu`, from `session`). Installing with `write_allowed`
    /// lets the bot message the user: unless it already may, the user's chat with it gets
    /// a `BotAllowed { from_attachment_menu }` service message (the bot's
    /// `write_access_allowed`). The user's other sessions get
    /// [`SessionUpdate::AttachMenuBots`].
    ///
    /// # Errors
    /// `BOT_INVALID` if the bot has no entry, or `Internal`.
    pub async fn toggle_attach_menu(
        &self,
        user: &User,
        session: SessionId,
        bot: UserId,
        enabled: bool,
        write_allowed: bool,
    ) -> CoreResult<()> {
        self.attach_menu_bot(user.id, bot).await?;
        let (submitted, ()) = self.transact(|tx| {
            tx.push(Write::SetAttachMenuInstalled {
                user: user.id,
                bot,
                installed: enabled,
            });
            Ok(())
        })?;
        submitted.wait().await?;
        self.push_session_update(user.id, Some(session), SessionUpdate::AttachMenuBots);
        if enabled && write_allowed && !self.has_started(bot, user.id).await? {
            self.send_service(
                user,
                Peer::User(bot),
                ServiceAction::BotAllowed {
                    from_attachment_menu: true,
                    from_request: false,
                    web_app_name: None,
                },
            )
            .await?;
        }
        Ok(())
    }

    /// Whether `bot` may message `user` (the user started it or allowed it to write).
    ///
    /// # Errors
    /// `Internal`.
    pub async fn bot_may_message(&self, bot: UserId, user: UserId) -> CoreResult<bool> {
        self.has_started(bot, user).await
    }

    /// Lets `bot` message `user` because the user launched its named mini app with
    /// `write_allowed` (`messages.requestAppWebView`): unless it already may, the chat gets
    /// a `BotAllowed { web_app_name }` service message.
    ///
    /// # Errors
    /// The errors of sending, or `Internal`.
    pub async fn allow_bot_from_app(
        &self,
        user: &User,
        bot: UserId,
        short_name: &str,
    ) -> CoreResult<()> {
        if !self.has_started(bot, user.id).await? {
            self.send_service(
                user,
                Peer::User(bot),
                ServiceAction::BotAllowed {
                    from_attachment_menu: false,
                    from_request: false,
                    web_app_name: Some(short_name.to_owned()),
                },
            )
            .await?;
        }
        Ok(())
    }

    /// Sends a reply-keyboard mini app's data to its bot (`messages.sendWebViewData`): a
    /// service message from `user` in the chat with the bot, which the bot reads as
    /// `web_app_data`.
    ///
    /// # Errors
    /// `BOT_INVALID`, `Refused { DATA_INVALID }` for data over 4096 bytes or an empty button
    /// text,
    /// the errors of sending, or `Internal`.
    pub async fn send_web_app_data(
        &self,
        user: &User,
        bot: UserId,
        button_text: &str,
        data: &str,
    ) -> CoreResult<Sent> {
        self.mini_app_bot(bot).await?;
        if data.len() > MAX_WEB_APP_DATA || button_text.trim().is_empty() {
            return Err(CoreError::Refused {
                name: "DATA_INVALID",
            });
        }
        self.send_service(
            user,
            Peer::User(bot),
            ServiceAction::WebAppData {
                button_text: button_text.to_owned(),
                data: data.to_owned(),
            },
        )
        .await
    }

    // --- custom methods ----------------------------------------------------------------

    /// Runs a mini app's custom method for `user` with `bot`
    /// (`bots.invokeWebViewCustomMethod`); returns the result as JSON text.
    ///
    /// # Errors
    /// `BOT_INVALID` if `bot` is no bot, `Refused { METHOD_INVALID }` for an unknown
    /// method, `DataJsonInvalid` for malformed parameters or a broken CloudStorage limit,
    /// or `Internal`.
    pub async fn invoke_web_view_method(
        &self,
        user: &User,
        bot: UserId,
        method: &str,
        params: &str,
    ) -> CoreResult<String> {
        let bot = self.mini_app_bot(bot).await?;
        let method = WebViewMethod::named(method).ok_or(CoreError::Refused {
            name: "METHOD_INVALID",
        })?;
        let params: serde_json::Value = if params.trim().is_empty() {
            serde_json::Value::Object(serde_json::Map::new())
        } else {
            serde_json::from_str(params).map_err(|e| data_json(e.to_string()))?
        };
        let params = params
            .as_object()
            .ok_or_else(|| data_json("the parameters must be a JSON object"))?;
        let result = match method {
            WebViewMethod::SaveStorageValue => {
                let key = string_param(params, "key")?;
                let value = string_param(params, "value")?;
                self.save_storage_value(bot.id, user.id, key, value).await?;
                serde_json::Value::Bool(true)
            }
            WebViewMethod::GetStorageValues => {
                let keys = keys_param(params)?;
                let found = self.0.store.storage_values(bot.id, user.id, &keys).await?;
                serde_json::Value::Object(
                    found
                        .into_iter()
                        .map(|(k, v)| (k, serde_json::Value::String(v)))
                        .collect(),
                )
            }
            WebViewMethod::DeleteStorageValues => {
                let keys = keys_param(params)?;
                let (submitted, ()) = self.transact(|tx| {
                    tx.push(Write::DeleteStorageValues {
                        bot: bot.id,
                        user: user.id,
                        keys,
                    });
                    Ok(())
                })?;
                submitted.wait().await?;
                serde_json::Value::Bool(true)
            }
            WebViewMethod::GetStorageKeys => serde_json::Value::Array(
                self.0
                    .store
                    .storage_keys(bot.id, user.id)
                    .await?
                    .into_iter()
                    .map(serde_json::Value::String)
                    .collect(),
            ),
            WebViewMethod::GetRequestedContact => {
                serde_json::Value::String(self.signed_requested_contact(user.id, bot.id).await?)
            }
            WebViewMethod::GetCurrentTime => serde_json::Value::from(self.now()),
        };
        Ok(result.to_string())
    }

    async fn save_storage_value(
        &self,
        bot: UserId,
        user: UserId,
        key: &str,
        value: &str,
    ) -> CoreResult<()> {
        check_storage_key(key)?;
        check_storage_value(value)?;
        let _one_at_a_time = self.0.storage_locks.of(bot, user).lock().await;
        let key = key.to_owned();
        let exists = !self
            .0
            .store
            .storage_values(bot, user, std::slice::from_ref(&key))
            .await?
            .is_empty();
        if !exists && self.0.store.storage_keys(bot, user).await?.len() >= MAX_STORAGE_KEYS {
            return Err(data_json(format!(
                "at most {MAX_STORAGE_KEYS} keys can be stored"
            )));
        }
        let (submitted, ()) = self.transact(|tx| {
            tx.push(Write::PutStorageValue {
                bot,
                user,
                key,
                value: value.to_owned(),
            });
            Ok(())
        })?;
        submitted.wait().await
    }
}

fn string_param<'a>(
    params: &'a serde_json::Map<String, serde_json::Value>,
    name: &str,
) -> CoreResult<&'a str> {
    params
        .get(name)
        .and_then(serde_json::Value::as_str)
        .ok_or_else(|| data_json(format!("\"{name}\" must be a string")))
}

fn keys_param(params: &serde_json::Map<String, serde_json::Value>) -> CoreResult<Vec<String>> {
    let keys = params
        .get("keys")
        .and_then(serde_json::Value::as_array)
        .ok_or_else(|| data_json("\"keys\" must be an array of strings"))?;
    if keys.is_empty() || keys.len() > MAX_STORAGE_KEYS {
        return Err(data_json(format!(
            "\"keys\" must have 1 to {MAX_STORAGE_KEYS} keys"
        )));
    }
    keys.iter()
        .map(|key| {
            let key = key
                .as_str()
                .ok_or_else(|| data_json("\"keys\" must be an array of strings"))?;
            check_storage_key(key)?;
            Ok(key.to_owned())
        })
        .collect()
}

/// `WebAppChat.type` / `chat_type` of a chat.
fn chat_type(kind: ChatKind) -> &'static str {
    match kind {
        ChatKind::Group => "group",
        ChatKind::Supergroup => "supergroup",
        ChatKind::Channel => "channel",
    }
}

/// A named mini app's id: the bot's id and the app's place among its apps.
fn mini_app_id(bot: UserId, index: usize) -> i64 {
    (bot.0 << 8) | i64::try_from(index).unwrap_or(0)
}

/// The `query_id` string of `initData`: base64url of the session id and the user's id.
fn query_string_id(id: i64, user: UserId) -> String {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&id.to_le_bytes());
    bytes[8..].copy_from_slice(&user.0.to_le_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn parse_query_string_id(text: &str) -> Option<i64> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .ok()?;
    let first: [u8; 8] = bytes.get(..8)?.try_into().ok()?;
    (bytes.len() == 16).then(|| i64::from_le_bytes(first))
}

/// The URL a mini app opens: `tgWebAppStartParam` in the query, the launch parameters in
/// the fragment (replacing any the URL had).
fn launch_url(
    base: &str,
    init_data: &str,
    platform: &str,
    theme: &str,
    start_param: Option<&str>,
) -> String {
    let base = base.split_once('#').map_or(base, |(before, _)| before);
    let mut url = base.to_owned();
    if let Some(start) = start_param {
        url.push(if base.contains('?') { '&' } else { '?' });
        url.push_str("tgWebAppStartParam=");
        url.push_str(&encode_component(start));
    }
    url.push_str("#tgWebAppData=");
    url.push_str(&encode_component(init_data));
    url.push_str("&tgWebAppVersion=");
    url.push_str(WEB_APP_VERSION);
    url.push_str("&tgWebAppPlatform=");
    url.push_str(&encode_component(platform));
    url.push_str("&tgWebAppThemeParams=");
    url.push_str(&encode_component(theme));
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_names_every_method_once() {
        for (name, method) in WebViewMethod::ALL {
            assert_eq!(WebViewMethod::named(name), Some(method));
        }
        assert_eq!(WebViewMethod::named("setItem"), None);
    }

    #[test]
    fn query_ids_round_trip_through_their_string() {
        let text = query_string_id(-5, UserId(77));
        assert_eq!(parse_query_string_id(&text), Some(-5));
        assert_eq!(parse_query_string_id("AAAA"), None);
        assert_eq!(parse_query_string_id("not base64!"), None);
    }

    #[test]
    fn launch_urls_carry_the_parameters_in_the_fragment() {
        let url = launch_url(
            "https://a.example/app?x=1#old",
            "user=%7B%7D&hash=ab",
            "tdesktop",
            r##"{"bg_color":"#fff"}"##,
            Some("go now"),
        );
        assert_eq!(
            url,
            "https://a.example/app?x=1&tgWebAppStartParam=go%20now\
             #tgWebAppData=user%3D%257B%257D%26hash%3Dab&tgWebAppVersion=8.0\
             &tgWebAppPlatform=tdesktop\
             &tgWebAppThemeParams=%7B%22bg_color%22%3A%22%23fff%22%7D"
        );
        let plain = launch_url("https://a.example", "", "web", "{}", None);
        assert!(
            plain.starts_with("https://a.example#tgWebAppData=&"),
            "{plain}"
        );
    }
}
