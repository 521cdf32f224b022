//! The `user create` and `bot create` commands.

use gramd_core::Core;
use gramd_core::ids::UserId;
use gramd_core::users::{BotInfo, NewUser};

/// Creates a user and a session for it; returns a description line and the session token.
///
/// # Errors
/// The core's validation errors, as text.
pub async fn create_user(
    core: &Core,
    phone: String,
    first_name: String,
    last_name: Option<String>,
    username: Option<String>,
) -> Result<(String, String), String> {
    let user = core
        .create_user(NewUser {
            first_name,
            last_name,
            username,
            phone: Some(phone),
            bot: None,
        })
        .await
        .map_err(|e| format!("cannot create the user: {}", describe(&e)))?;
    let token = core
        .create_session(user.id)
        .await
        .map_err(|e| format!("cannot create a session: {}", describe(&e)))?;
    let line = format!(
        "created user {} ({}{})",
        user.id.0,
        user.full_name(),
        user.username
            .as_ref()
            .map(|u| format!(", @{u}"))
            .unwrap_or_default()
    );
    Ok((line, token))
}

/// Creates a bot; returns a description line and its Bot API token. With `business`, users
/// can connect the bot to their accounts (Telegram's Business Mode).
///
/// # Errors
/// The core's validation errors, as text.
pub async fn create_bot(
    core: &Core,
    username: String,
    first_name: String,
    owner: Option<i64>,
    business: bool,
) -> Result<(String, String), String> {
    if let Some(owner) = owner {
        core.user(UserId(owner))
            .await
            .map_err(|_| format!("no user {owner} to own the bot"))?;
    }
    let info = BotInfo {
        owner: owner.map(UserId),
        can_connect_to_business: business,
        ..BotInfo::default()
    };
    let (bot, token) = core
        .create_bot(
            NewUser {
                first_name,
                last_name: None,
                username: Some(username),
                phone: None,
                bot: None,
            },
            info,
        )
        .await
        .map_err(|e| format!("cannot create the bot: {}", describe(&e)))?;
    let line = format!(
        "created bot {} (@{})",
        bot.id.0,
        bot.username.as_deref().unwrap_or_default()
    );
    Ok((line, token.to_string()))
}

fn describe(err: &gramd_core::CoreError) -> String {
    use gramd_core::CoreError as E;
    match err {
        E::UsernameInvalid => "the username is invalid (5-32 characters of a-z, 0-9 and _, \
            starting with a letter; a bot's must end in \"bot\")"
            .into(),
        E::UsernameOccupied => "the username is taken".into(),
        E::PhoneNumberInvalid => "the phone number is invalid (+ and 5 to 15 digits)".into(),
        E::PhoneNumberOccupied => "the phone number is taken".into(),
        E::FirstNameInvalid => "the name must be 1 to 64 characters".into(),
        other => other.to_string(),
    }
}
