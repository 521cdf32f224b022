//! Mini apps and the attachment menu: opening web views (`messages.request*WebView`,
//! `messages.getBotApp`, `messages.prolongWebView`), their custom methods
//! (`bots.invokeWebViewCustomMethod`), the data a keyboard-button app sends
//! (`messages.sendWebViewData`), menu buttons (`bots.setBotMenuButton`,
//! `bots.getBotMenuButton`) and the attachment menu (`messages.getAttachMenuBots`,
//! `messages.getAttachMenuBot`, `messages.toggleBotInAttachMenu`), the bot's answer to a
//! web-view session (`messages.sendWebViewResultMessage`), and the session updates
//! (`updateAttachMenuBots`, `updateWebViewResultSent`, `updateBotMenuButton`) as TL.
//!
//! Who may call each function is in the access table (people only, or bots only for the
//! menu button and the answer to a web view).

use gramd_core::ids::{Peer, UserId};
use gramd_core::media::Media;
use gramd_core::messages::{LinkPreview, OutgoingText};
use gramd_core::web_apps::{AttachPeerType, MenuButton, WebAppSettings};
use gramd_core::{Launch, WebView, WebViewRequest};
use grammers_tl_types::{enums, functions as f, types};

use crate::error::RpcError;
use crate::functions::media::sent_updates;
use crate::functions::messages::input_entities;
use crate::rpc::Ctx;

/// The bot an `InputUser` names: `BOT_INVALID` if it names none.
async fn input_bot(ctx: &Ctx<'_>, bot: &enums::InputUser) -> Result<UserId, RpcError> {
    let id = ctx
        .input_user(bot)
        .await
        .map_err(|_| RpcError::bad_request("BOT_INVALID"))?;
    match ctx.core.find_user(id).await? {
        Some(user) if user.is_bot() => Ok(id),
        _ => Err(RpcError::bad_request("BOT_INVALID")),
    }
}

fn data_json(data: Option<enums::DataJson>) -> Option<String> {
    data.map(|enums::DataJson::Json(json)| json.data)
}

fn result_url(view: WebView) -> enums::WebViewResult {
    enums::WebViewResult::Url(types::WebViewResultUrl {
        fullsize: view.fullsize,
        fullscreen: view.fullscreen,
        same_origin: false,
        query_id: view.query_id,
        url: view.url,
    })
}

pub(crate) async fn invoke_web_view_custom_method(
    ctx: &Ctx<'_>,
    req: f::bots::InvokeWebViewCustomMethod,
) -> Result<enums::DataJson, RpcError> {
    let me = ctx.me();
    let bot = input_bot(ctx, &req.bot).await?;
    let enums::DataJson::Json(params) = req.params;
    let data = ctx
        .core
        .invoke_web_view_method(me, bot, &req.custom_method, &params.data)
        .await?;
    Ok(enums::DataJson::Json(types::DataJson { data }))
}

pub(crate) async fn request_web_view(
    ctx: &Ctx<'_>,
    req: f::messages::RequestWebView,
) -> Result<enums::WebViewResult, RpcError> {
    let me = ctx.me();
    let bot = input_bot(ctx, &req.bot).await?;
    let peer = ctx.input_peer(&req.peer).await?;
    let launch = match (req.url, req.from_bot_menu) {
        (Some(url), _) => Launch::InlineButton { url },
        (None, true) => Launch::MenuButton,
        (None, false) => Launch::AttachMenu,
    };
    if !matches!(launch, Launch::AttachMenu) && peer != Peer::User(bot) {
        return Err(RpcError::bad_request("BOT_WEBVIEW_DISABLED"));
    }
    let request = WebViewRequest {
        bot,
        launch,
        peer: Some(peer),
        start_param: req.start_param,
        theme_params: data_json(req.theme_params),
        platform: req.platform,
        compact: req.compact,
        fullscreen: req.fullscreen,
        silent: req.silent,
    };
    Ok(result_url(ctx.core.open_web_view(me, request).await?))
}

pub(crate) async fn request_simple_web_view(
    ctx: &Ctx<'_>,
    req: f::messages::RequestSimpleWebView,
) -> Result<enums::WebViewResult, RpcError> {
    let me = ctx.me();
    let bot = input_bot(ctx, &req.bot).await?;
    let launch = match req.url {
        _ if req.from_side_menu => Launch::SideMenu,
        Some(url) if req.from_switch_webview => Launch::SwitchWebView { url },
        Some(url) => Launch::KeyboardButton { url },
        None => return Err(RpcError::bad_request("URL_INVALID")),
    };
    let request = WebViewRequest {
        bot,
        launch,
        peer: None,
        start_param: req.start_param,
        theme_params: data_json(req.theme_params),
        platform: req.platform,
        compact: req.compact,
        fullscreen: req.fullscreen,
        silent: false,
    };
    Ok(result_url(ctx.core.open_web_view(me, request).await?))
}

pub(crate) async fn request_main_web_view(
    ctx: &Ctx<'_>,
    req: f::messages::RequestMainWebView,
) -> Result<enums::WebViewResult, RpcError> {
    let me = ctx.me();
    let bot = input_bot(ctx, &req.bot).await?;
    let peer = ctx.input_peer(&req.peer).await?;
    let request = WebViewRequest {
        bot,
        launch: Launch::Main,
        peer: Some(peer),
        start_param: req.start_param,
        theme_params: data_json(req.theme_params),
        platform: req.platform,
        compact: req.compact,
        fullscreen: req.fullscreen,
        silent: false,
    };
    Ok(result_url(ctx.core.open_web_view(me, request).await?))
}

/// The bot and short name of an `InputBotApp`.
async fn input_bot_app(
    ctx: &Ctx<'_>,
    app: &enums::InputBotApp,
) -> Result<(UserId, String, i64), RpcError> {
    match app {
        enums::InputBotApp::ShortName(app) => {
            let bot = ctx
                .input_user(&app.bot_id)
                .await
                .map_err(|_| RpcError::bad_request("BOT_APP_BOT_INVALID"))?;
            let (id, found) =
                ctx.core
                    .mini_app(bot, &app.short_name)
                    .await
                    .map_err(|err| match err {
                        gramd_core::CoreError::Refused {
                            name: "BOT_INVALID",
                        } => RpcError::bad_request("BOT_APP_BOT_INVALID"),
                        other => other.into(),
                    })?;
            Ok((bot, found.short_name, id))
        }
        enums::InputBotApp::Id(app) => {
            if app.access_hash != app_hash(ctx, app.id) {
                return Err(RpcError::bad_request("BOT_APP_INVALID"));
            }
            let (bot, found) = ctx.core.mini_app_by_id(app.id).await?;
            Ok((bot, found.short_name, app.id))
        }
    }
}

/// A named mini app's access hash, for this viewer.
fn app_hash(ctx: &Ctx<'_>, id: i64) -> i64 {
    /// Keeps app hashes apart from other access hashes of the same ids.
    const APP_HASH: i64 = 0x0061_7070;
    ctx.core.keyed_hash(&[ctx.me().id.0, APP_HASH, id])
}

pub(crate) async fn get_bot_app(
    ctx: &Ctx<'_>,
    req: f::messages::GetBotApp,
) -> Result<enums::messages::BotApp, RpcError> {
    let me = ctx.me();
    let (bot, short_name, id) = input_bot_app(ctx, &req.app).await?;
    let (_, app) = ctx.core.mini_app(bot, &short_name).await?;
    let settings = ctx.core.web_app_settings(bot).await?;
    let hash =
        gramd_core::web_apps::fold_hash([id.cast_unsigned(), settings.version.cast_unsigned()]);
    let inactive = !ctx.core.bot_may_message(bot, me.id).await?;
    let bot_app = if req.hash != 0 && req.hash == hash {
        enums::BotApp::NotModified
    } else {
        enums::BotApp::App(types::BotApp {
            id,
            access_hash: app_hash(ctx, id),
            short_name: app.short_name,
            title: app.title,
            description: app.description,
            photo: enums::Photo::Empty(types::PhotoEmpty { id: 0 }),
            document: None,
            hash,
        })
    };
    Ok(enums::messages::BotApp::App(types::messages::BotApp {
        inactive,
        request_write_access: app.request_write_access,
        has_settings: false,
        app: bot_app,
    }))
}

pub(crate) async fn request_app_web_view(
    ctx: &Ctx<'_>,
    req: f::messages::RequestAppWebView,
) -> Result<enums::WebViewResult, RpcError> {
    let me = ctx.me();
    let (bot, short_name, _) = input_bot_app(ctx, &req.app).await?;
    let peer = ctx.input_peer(&req.peer).await?;
    if req.write_allowed {
        ctx.core.allow_bot_from_app(me, bot, &short_name).await?;
    }
    let request = WebViewRequest {
        bot,
        launch: Launch::App { short_name },
        peer: Some(peer),
        start_param: req.start_param,
        theme_params: data_json(req.theme_params),
        platform: req.platform,
        compact: req.compact,
        fullscreen: req.fullscreen,
        silent: false,
    };
    Ok(result_url(ctx.core.open_web_view(me, request).await?))
}

pub(crate) async fn prolong_web_view(
    ctx: &Ctx<'_>,
    req: f::messages::ProlongWebView,
) -> Result<bool, RpcError> {
    let me = ctx.me();
    let bot = input_bot(ctx, &req.bot).await?;
    ctx.core.prolong_web_view(me.id, bot, req.query_id)?;
    Ok(true)
}

pub(crate) async fn send_web_view_data(
    ctx: &Ctx<'_>,
    req: f::messages::SendWebViewData,
) -> Result<enums::Updates, RpcError> {
    let me = ctx.me();
    let bot = input_bot(ctx, &req.bot).await?;
    let sent = ctx
        .core
        .send_web_app_data(me, bot, &req.button_text, &req.data)
        .await?;
    sent_updates(ctx, vec![(sent.message, sent.pts, req.random_id)]).await
}

// --- menu button ---------------------------------------------------------------------

fn menu_button_of(button: enums::BotMenuButton) -> MenuButton {
    match button {
        enums::BotMenuButton::Default => MenuButton::Default,
        enums::BotMenuButton::Commands => MenuButton::Commands,
        enums::BotMenuButton::Button(b) => MenuButton::WebApp {
            text: b.text,
            url: b.url,
        },
    }
}

pub(crate) fn bot_menu_button(button: MenuButton) -> enums::BotMenuButton {
    match button {
        MenuButton::Default => enums::BotMenuButton::Default,
        MenuButton::Commands => enums::BotMenuButton::Commands,
        MenuButton::WebApp { text, url } => {
            enums::BotMenuButton::Button(types::BotMenuButton { text, url })
        }
    }
}

/// The user a bot's menu-button call is about: `inputUserEmpty` means every user.
async fn menu_user(ctx: &Ctx<'_>, user: &enums::InputUser) -> Result<Option<UserId>, RpcError> {
    match user {
        enums::InputUser::Empty => Ok(None),
        other => Ok(Some(ctx.input_user(other).await?)),
    }
}

pub(crate) async fn set_bot_menu_button(
    ctx: &Ctx<'_>,
    req: f::bots::SetBotMenuButton,
) -> Result<bool, RpcError> {
    let bot = ctx.me().id;
    let user = menu_user(ctx, &req.user_id).await?;
    ctx.core
        .set_menu_button(bot, user, menu_button_of(req.button))
        .await?;
    Ok(true)
}

pub(crate) async fn get_bot_menu_button(
    ctx: &Ctx<'_>,
    req: f::bots::GetBotMenuButton,
) -> Result<enums::BotMenuButton, RpcError> {
    let bot = ctx.me().id;
    let user = menu_user(ctx, &req.user_id).await?;
    Ok(bot_menu_button(ctx.core.menu_button(bot, user).await?))
}

// --- attachment menu -----------------------------------------------------------------

/// A bot's `attachMenuBot`, as `installed` or not by the viewer.
async fn attach_menu_bot(
    ctx: &Ctx<'_>,
    bot: UserId,
    settings: &WebAppSettings,
    installed: bool,
) -> Result<Option<enums::AttachMenuBot>, RpcError> {
    let Some(menu) = &settings.attach_menu else {
        return Ok(None);
    };
    let view = ctx.view();
    let mut icons = Vec::with_capacity(menu.icons.len());
    for icon in &menu.icons {
        if let Some(Media::Document(doc)) = ctx.core.media(icon.document).await? {
            icons.push(enums::AttachMenuBotIcon::Icon(types::AttachMenuBotIcon {
                name: icon.name.clone(),
                icon: view.document(&doc),
                colors: None,
            }));
        }
    }
    Ok(Some(enums::AttachMenuBot::Bot(types::AttachMenuBot {
        inactive: !installed,
        has_settings: false,
        request_write_access: menu.request_write_access,
        show_in_attach_menu: menu.show_in_attach_menu,
        show_in_side_menu: menu.show_in_side_menu,
        side_menu_disclaimer_needed: menu.side_menu_disclaimer_needed && !installed,
        bot_id: bot.0,
        short_name: menu.short_name.clone(),
        peer_types: menu.show_in_attach_menu.then(|| {
            menu.peer_types
                .iter()
                .map(|t| match t {
                    AttachPeerType::SameBotPm => enums::AttachMenuPeerType::SameBotPm,
                    AttachPeerType::BotPm => enums::AttachMenuPeerType::BotPm,
                    AttachPeerType::Pm => enums::AttachMenuPeerType::Pm,
                    AttachPeerType::Chat => enums::AttachMenuPeerType::Chat,
                    AttachPeerType::Broadcast => enums::AttachMenuPeerType::Broadcast,
                })
                .collect()
        }),
        icons,
    })))
}

/// A bot as the viewer sees it, with `attach_menu_enabled` as the viewer set it.
async fn attach_menu_user(
    ctx: &Ctx<'_>,
    bot: UserId,
    installed: bool,
) -> Result<enums::User, RpcError> {
    let user = ctx.core.user(bot).await?;
    let mut user = ctx.view().user(&user);
    if let enums::User::User(u) = &mut user {
        u.bot_attach_menu = true;
        u.attach_menu_enabled = installed;
    }
    Ok(user)
}

pub(crate) async fn get_attach_menu_bots(
    ctx: &Ctx<'_>,
    req: f::messages::GetAttachMenuBots,
) -> Result<enums::AttachMenuBots, RpcError> {
    let me = ctx.me();
    let (hash, installed) = ctx.core.attach_menu_bots(me.id).await?;
    if req.hash != 0 && req.hash == hash {
        return Ok(enums::AttachMenuBots::NotModified);
    }
    let mut bots = Vec::with_capacity(installed.len());
    let mut users = Vec::with_capacity(installed.len());
    for (bot, settings) in &installed {
        bots.extend(attach_menu_bot(ctx, *bot, settings, true).await?);
        users.push(attach_menu_user(ctx, *bot, true).await?);
    }
    Ok(enums::AttachMenuBots::Bots(types::AttachMenuBots {
        hash,
        bots,
        users,
    }))
}

pub(crate) async fn get_attach_menu_bot(
    ctx: &Ctx<'_>,
    req: f::messages::GetAttachMenuBot,
) -> Result<enums::AttachMenuBotsBot, RpcError> {
    let me = ctx.me();
    let bot = input_bot(ctx, &req.bot).await?;
    let (settings, installed) = ctx.core.attach_menu_bot(me.id, bot).await?;
    let entry = attach_menu_bot(ctx, bot, &settings, installed)
        .await?
        .ok_or_else(|| RpcError::bad_request("BOT_INVALID"))?;
    Ok(enums::AttachMenuBotsBot::Bot(types::AttachMenuBotsBot {
        bot: entry,
        users: vec![attach_menu_user(ctx, bot, installed).await?],
    }))
}

pub(crate) async fn toggle_bot_in_attach_menu(
    ctx: &Ctx<'_>,
    req: f::messages::ToggleBotInAttachMenu,
) -> Result<bool, RpcError> {
    let me = ctx.me();
    let bot = input_bot(ctx, &req.bot).await?;
    ctx.core
        .toggle_attach_menu(me, ctx.session.id, bot, req.enabled, req.write_allowed)
        .await?;
    Ok(true)
}

pub(crate) async fn send_web_view_result_message(
    ctx: &Ctx<'_>,
    req: f::messages::SendWebViewResultMessage,
) -> Result<enums::WebViewMessageSent, RpcError> {
    let bot = ctx.me().id;
    let text = match req.result.send_message() {
        enums::InputBotInlineMessage::Text(text) => OutgoingText {
            text: text.message,
            entities: input_entities(text.entities.as_ref()),
            link_preview: text.no_webpage.then(|| LinkPreview {
                is_disabled: true,
                ..LinkPreview::default()
            }),
        },
        _ => {
            return Err(RpcError::bad_request("RESULT_TYPE_INVALID")
                .with_detail("gramd sends text results only"));
        }
    };
    ctx.core
        .answer_web_view(bot, &req.bot_query_id, text)
        .await?;
    Ok(enums::WebViewMessageSent::Sent(types::WebViewMessageSent {
        msg_id: None,
    }))
}
