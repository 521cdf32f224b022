//! `contacts.resolveUsername`, `users.getUsers`, `users.getFullUser` (with whether the
//! caller blocked the user, and a bot's description and "About"), `bots.setBotInfo` and
//! `bots.getBotInfo` (a bot's texts by language, set by the bot or its owner), and a
//! person's own profile: `account.updateProfile`, `account.updateUsername`,
//! `account.checkUsername`.

use gramd_core::bots::CommandScope;
use gramd_core::ids::Peer;
use gramd_core::users::validate_username;
use gramd_core::verification::VerifierSettings;
use gramd_core::{BotText, CoreError, ProfileChange};
use grammers_tl_types::{enums, functions as f, types};

use crate::error::RpcError;
use crate::rpc::Ctx;
use crate::tl::{bot_verification, peer};

pub(crate) async fn resolve_username(
    ctx: &Ctx<'_>,
    req: f::contacts::ResolveUsername,
) -> Result<enums::contacts::ResolvedPeer, RpcError> {
    let name = req.username.trim_start_matches('@');
    if validate_username(name).is_err() {
        return Err(RpcError::bad_request("USERNAME_INVALID"));
    }
    let target = ctx
        .core
        .resolve_username(name)
        .await
        .map_err(|err| match err {
            CoreError::ChatNotFound => RpcError::bad_request("USERNAME_NOT_OCCUPIED"),
            other => other.into(),
        })?;
    let (users, chats) = ctx.view().users_and_chats(&[], [target]).await?;
    Ok(enums::contacts::ResolvedPeer::Peer(
        types::contacts::ResolvedPeer {
            peer: peer(target),
            chats,
            users,
        },
    ))
}

pub(crate) async fn get_users(
    ctx: &Ctx<'_>,
    req: f::users::GetUsers,
) -> Result<Vec<enums::User>, RpcError> {
    let mut users = Vec::with_capacity(req.id.len());
    for input in &req.id {
        if let Ok(id) = ctx.input_user(input).await
            && let Some(user) = ctx.core.find_user(id).await?
        {
            users.push(ctx.view().user(&user));
        }
    }
    Ok(users)
}

pub(crate) async fn get_full_user(
    ctx: &Ctx<'_>,
    req: f::users::GetFullUser,
) -> Result<enums::users::UserFull, RpcError> {
    let id = ctx.input_user(&req.id).await?;
    let user = ctx.core.user(id).await?;
    let texts = if user.is_bot() {
        Some(ctx.core.bot_texts(user.id, "").await?)
    } else {
        None
    };
    let bot_info = if let Some(texts) = &texts {
        let commands = ctx
            .core
            .bot_commands(user.id, CommandScope::Default, "")
            .await?
            .into_iter()
            .map(|c| {
                enums::BotCommand::Command(types::BotCommand {
                    ephemeral: false,
                    command: c.command,
                    description: c.description,
                })
            })
            .collect();
        let verifier = user.bot.as_ref().and_then(|b| b.verifier.as_ref());
        Some(bot_info(
            user.id.0,
            texts.description.clone(),
            commands,
            verifier,
        ))
    } else {
        None
    };
    let blocked = ctx.core.is_blocked(ctx.me().id, Peer::User(id)).await?;
    let manages_emoji_status =
        user.is_bot() && ctx.core.emoji_status_access(ctx.me().id, user.id).await?;
    let (users, chats) = ctx.view().users_and_chats(&[], [Peer::User(id)]).await?;
    Ok(enums::users::UserFull::Full(types::users::UserFull {
        full_user: user_full(
            user.id.0,
            bot_info,
            match texts {
                Some(texts) => Some(texts.short_description).filter(|a| !a.is_empty()),
                None => user.about.clone(),
            },
            blocked,
            user.photo.as_ref().map(|p| ctx.view().photo(p)),
            user.verification.as_ref().map(bot_verification),
            manages_emoji_status,
        ),
        chats,
        users,
    }))
}

fn bot_info(
    user_id: i64,
    description: String,
    commands: Vec<enums::BotCommand>,
    verifier: Option<&VerifierSettings>,
) -> enums::BotInfo {
    enums::BotInfo::Info(types::BotInfo {
        has_preview_medias: false,
        user_id: Some(user_id),
        description: Some(description),
        description_photo: None,
        description_document: None,
        commands: Some(commands),
        menu_button: None,
        privacy_policy_url: None,
        app_settings: None,
        verifier_settings: verifier.map(|v| {
            enums::BotVerifierSettings::Settings(types::BotVerifierSettings {
                can_modify_custom_description: v.can_modify_custom_description,
                icon: v.icon,
                company: v.company.clone(),
                custom_description: None,
            })
        }),
    })
}

fn user_full(
    id: i64,
    bot_info: Option<enums::BotInfo>,
    about: Option<String>,
    blocked: bool,
    profile_photo: Option<enums::Photo>,
    verification: Option<enums::BotVerification>,
    bot_can_manage_emoji_status: bool,
) -> enums::UserFull {
    enums::UserFull::Full(types::UserFull {
        blocked,
        phone_calls_available: false,
        phone_calls_private: false,
        can_pin_message: false,
        has_scheduled: false,
        video_calls_available: false,
        voice_messages_forbidden: false,
        translations_disabled: false,
        stories_pinned_available: false,
        blocked_my_stories_from: false,
        wallpaper_overridden: false,
        contact_require_premium: false,
        read_dates_private: false,
        sponsored_enabled: false,
        can_view_revenue: false,
        bot_can_manage_emoji_status,
        display_gifts_button: false,
        noforwards_my_enabled: false,
        noforwards_peer_enabled: false,
        unofficial_security_risk: false,
        id,
        about,
        settings: enums::PeerSettings::Settings(types::PeerSettings {
            report_spam: false,
            add_contact: false,
            block_contact: false,
            share_contact: false,
            need_contacts_exception: false,
            report_geo: false,
            autoarchived: false,
            invite_members: false,
            request_chat_broadcast: false,
            business_bot_paused: false,
            business_bot_can_reply: false,
            geo_distance: None,
            request_chat_title: None,
            request_chat_date: None,
            business_bot_id: None,
            business_bot_manage_url: None,
            charge_paid_message_stars: None,
            registration_month: None,
            phone_country: None,
            name_change_date: None,
            photo_change_date: None,
        }),
        personal_photo: None,
        profile_photo,
        fallback_photo: None,
        notify_settings: super::info::notify_settings(),
        bot_info,
        pinned_msg_id: None,
        common_chats_count: 0,
        folder_id: None,
        ttl_period: None,
        theme: None,
        private_forward_name: None,
        bot_group_admin_rights: None,
        bot_broadcast_admin_rights: None,
        wallpaper: None,
        stories: None,
        business_work_hours: None,
        business_location: None,
        business_greeting_message: None,
        business_away_message: None,
        business_intro: None,
        birthday: None,
        personal_channel_id: None,
        personal_channel_message: None,
        stargifts_count: None,
        starref_program: None,
        bot_verification: verification,
        send_paid_messages_stars: None,
        disallowed_gifts: None,
        stars_rating: None,
        stars_my_pending_rating: None,
        stars_my_pending_rating_date: None,
        main_tab: None,
        saved_music: None,
        note: None,
        bot_manager_id: None,
    })
}

/// The bot a `bots.setBotInfo`/`getBotInfo` is about: the calling bot, or with `bot` set
/// one the calling user owns (`BOT_INVALID` otherwise).
pub(crate) async fn own_bot(
    ctx: &Ctx<'_>,
    bot: Option<&enums::InputUser>,
) -> Result<gramd_core::ids::UserId, RpcError> {
    let me = ctx.me();
    match bot {
        None if me.is_bot() => Ok(me.id),
        None => Err(RpcError::bad_request("USER_BOT_REQUIRED")),
        Some(input) => {
            let id = ctx.input_user(input).await?;
            let bot = ctx.core.user(id).await?;
            let owned = bot.bot.as_ref().and_then(|b| b.owner) == Some(me.id);
            if id == me.id || owned {
                Ok(id)
            } else {
                Err(RpcError::bad_request("BOT_INVALID"))
            }
        }
    }
}

pub(crate) async fn set_bot_info(
    ctx: &Ctx<'_>,
    req: f::bots::SetBotInfo,
) -> Result<bool, RpcError> {
    let bot = own_bot(ctx, req.bot.as_ref()).await?;
    let changes = [
        (BotText::Name, req.name),
        (BotText::ShortDescription, req.about),
        (BotText::Description, req.description),
    ];
    for (which, text) in changes {
        if let Some(text) = text {
            ctx.core
                .set_bot_text(bot, &req.lang_code, which, &text)
                .await?;
        }
    }
    Ok(true)
}

pub(crate) async fn get_bot_info(
    ctx: &Ctx<'_>,
    req: f::bots::GetBotInfo,
) -> Result<enums::bots::BotInfo, RpcError> {
    let bot = own_bot(ctx, req.bot.as_ref()).await?;
    let texts = ctx.core.bot_texts(bot, &req.lang_code).await?;
    Ok(enums::bots::BotInfo::Info(types::bots::BotInfo {
        name: texts.name.unwrap_or_default(),
        about: texts.short_description,
        description: texts.description,
    }))
}

/// `account.updateProfile`: the caller changes their first and last name or bio; an omitted
/// field is kept, an empty last name or bio removes it.
pub(crate) async fn update_profile(
    ctx: &Ctx<'_>,
    req: f::account::UpdateProfile,
) -> Result<enums::User, RpcError> {
    let change = ProfileChange {
        first_name: req.first_name,
        last_name: req.last_name,
        about: req.about,
    };
    let user = ctx.core.update_profile(ctx.me().id, change).await?;
    Ok(ctx.view().user(&user))
}

/// `account.updateUsername`: the caller takes a username, or drops theirs (empty).
pub(crate) async fn update_username(
    ctx: &Ctx<'_>,
    req: f::account::UpdateUsername,
) -> Result<enums::User, RpcError> {
    let user = ctx
        .core
        .set_username(ctx.me().id, Some(&req.username))
        .await?;
    Ok(ctx.view().user(&user))
}

/// `account.checkUsername`: whether the caller may take a username.
pub(crate) async fn check_username(
    ctx: &Ctx<'_>,
    req: f::account::CheckUsername,
) -> Result<bool, RpcError> {
    Ok(ctx
        .core
        .username_available(ctx.me().id, &req.username)
        .await?)
}
