//! Users and bots.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::CoreError;
use crate::ids::UserId;

/// A user account; bots are users with [`User::bot`] set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// The user id.
    pub id: UserId,
    /// First name (never empty).
    pub first_name: String,
    /// Last name.
    pub last_name: Option<String>,
    /// Public username, unique case-insensitively.
    pub username: Option<String>,
    /// Phone number in international format without `+`, for human users.
    pub phone: Option<String>,
    /// IETF language tag of the user's client.
    pub language_code: Option<String>,
    /// Bot settings, for bots.
    pub bot: Option<BotInfo>,
    /// When the account was created (Unix time).
    pub created_at: i64,
    /// The current profile photo.
    pub photo: Option<crate::media::Photo>,
    /// The bio a person shows on their profile (at most [`MAX_ABOUT`] characters); a bot's
    /// is its description, in [`BotInfo`].
    #[serde(default)]
    pub about: Option<String>,
    /// The verification the user carries, if a verifier bot verified them.
    #[serde(default)]
    pub verification: Option<crate::verification::Verification>,
    /// The custom emoji shown by their name, if any.
    #[serde(default)]
    pub emoji_status: Option<EmojiStatus>,
}

impl User {
    /// Whether this user is a bot.
    #[must_use]
    pub fn is_bot(&self) -> bool {
        self.bot.is_some()
    }

    /// First and last name joined by a space, as clients show it.
    #[must_use]
    pub fn full_name(&self) -> String {
        match &self.last_name {
            Some(last) => format!("{} {last}", self.first_name),
            None => self.first_name.clone(),
        }
    }
}

/// The settings of a bot (what @BotFather lets its owner change).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotInfo {
    /// The user who created the bot.
    pub owner: Option<UserId>,
    /// Whether the bot can be added to groups.
    pub can_join_groups: bool,
    /// Whether privacy mode is off, so the bot sees every group message.
    pub can_read_all_group_messages: bool,
    /// Whether the bot supports inline queries.
    pub supports_inline_queries: bool,
    /// Whether the bot can be connected to a business account.
    pub can_connect_to_business: bool,
    /// Whether the bot has a main mini app.
    pub has_main_web_app: bool,
    /// The bot's texts by IETF language code; `""` holds the defaults.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub texts: BTreeMap<String, BotTexts>,
    /// The placeholder of the inline query field, when inline mode is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inline_placeholder: Option<String>,
    /// The organisation the bot verifies users and chats for, if it is a verifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verifier: Option<crate::verification::VerifierSettings>,
    /// Whether the bot hears which inline results users choose (@BotFather's
    /// /setinlinefeedback; Bot API `chosen_inline_result`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inline_feedback: bool,
}

/// A bot's texts in one language (`setMyName`, `setMyDescription`,
/// `setMyShortDescription`, and @BotFather's /setname, /setdescription, /setabouttext).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotTexts {
    /// The name shown to users of this language; the default name is the bot's
    /// `first_name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// What the bot can do, shown in an empty chat with it (at most 512 characters).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The short description on the bot's profile page, Telegram's "About" (at most
    /// 120 characters).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub short_description: String,
}

impl Default for BotInfo {
    fn default() -> Self {
        Self {
            owner: None,
            can_join_groups: true,
            can_read_all_group_messages: false,
            supports_inline_queries: false,
            can_connect_to_business: false,
            has_main_web_app: false,
            texts: BTreeMap::new(),
            inline_placeholder: None,
            verifier: None,
            inline_feedback: false,
        }
    }
}

/// An emoji status: a custom emoji shown by a user's name, until a date or for good.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmojiStatus {
    /// The custom emoji's id.
    pub custom_emoji_id: i64,
    /// When it ends (Unix time), if it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<i64>,
}

impl EmojiStatus {
    /// Whether it is still shown at `now`.
    #[must_use]
    pub fn is_active(&self, now: i64) -> bool {
        self.until.is_none_or(|until| until > now)
    }
}

/// A user to create.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewUser {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: Option<String>,
    /// Username.
    pub username: Option<String>,
    /// Phone number; a leading `+` is dropped.
    pub phone: Option<String>,
    /// Bot settings, to create a bot.
    pub bot: Option<BotInfo>,
}

impl NewUser {
    /// Checks the fields as Telegram does and normalises the phone number.
    ///
    /// # Errors
    /// `FirstNameInvalid`, `UsernameInvalid` (a bot's username must end in `bot`) or
    /// `PhoneNumberInvalid`.
    pub fn validate(mut self) -> Result<Self, CoreError> {
        let first = self.first_name.trim();
        if first.is_empty() || first.chars().count() > 64 {
            return Err(CoreError::FirstNameInvalid);
        }
        self.first_name = first.to_owned();
        self.last_name = self
            .last_name
            .map(|l| l.trim().to_owned())
            .filter(|l| !l.is_empty());
        if self
            .last_name
            .as_ref()
            .is_some_and(|l| l.chars().count() > 64)
        {
            return Err(CoreError::FirstNameInvalid);
        }
        if let Some(username) = &self.username {
            validate_username(username)?;
            if self.bot.is_some() && !username.to_ascii_lowercase().ends_with("bot") {
                return Err(CoreError::UsernameInvalid);
            }
        } else if self.bot.is_some() {
            return Err(CoreError::UsernameInvalid);
        }
        if let Some(phone) = &self.phone {
            let digits = phone.strip_prefix('+').unwrap_or(phone);
            if digits.len() < 5 || digits.len() > 15 || !digits.bytes().all(|b| b.is_ascii_digit())
            {
                return Err(CoreError::PhoneNumberInvalid);
            }
            self.phone = Some(digits.to_owned());
        }
        Ok(self)
    }
}

/// Longest bio of a person, in characters (Telegram Premium's limit, which the Bot API's
/// `setBusinessAccountBio` documents; gramd has no Premium tiers).
pub const MAX_ABOUT: usize = 140;

/// Checks a username against Telegram's rules: 5 to 32 characters of `a-z`, `0-9` and `_`,
/// starting with a letter, not ending with `_`, without `__`.
///
/// # Errors
/// `UsernameInvalid`.
pub fn validate_username(username: &str) -> Result<(), CoreError> {
    let bytes = username.as_bytes();
    let ok = (5..=32).contains(&bytes.len())
        && bytes[0].is_ascii_alphabetic()
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'_')
        && !username.ends_with('_')
        && !username.contains("__");
    if ok {
        Ok(())
    } else {
        Err(CoreError::UsernameInvalid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(first: &str, username: Option<&str>, bot: bool) -> NewUser {
        NewUser {
            first_name: first.into(),
            last_name: None,
            username: username.map(Into::into),
            phone: None,
            bot: bot.then(BotInfo::default),
        }
    }

    #[test]
    fn usernames_follow_telegram_rules() {
        for ok in ["alice", "Alice_2", "a1234", "echo_bot"] {
            assert_eq!(validate_username(ok), Ok(()), "{ok}");
        }
        for bad in [
            "abc",
            "1alice",
            "alice_",
            "al__ice",
            "alïce",
            &"a".repeat(33),
        ] {
            assert_eq!(
                validate_username(bad),
                Err(CoreError::UsernameInvalid),
                "{bad}"
            );
        }
    }

    #[test]
    fn bots_need_a_bot_username() {
        assert!(user("Echo", Some("echo_bot"), true).validate().is_ok());
        assert!(user("Echo", Some("EchoBot"), true).validate().is_ok());
        assert_eq!(
            user("Echo", Some("echo_robo"), true).validate(),
            Err(CoreError::UsernameInvalid)
        );
        assert_eq!(
            user("Echo", None, true).validate(),
            Err(CoreError::UsernameInvalid)
        );
        assert_eq!(
            user("  ", None, false).validate(),
            Err(CoreError::FirstNameInvalid)
        );
    }

    #[test]
    fn phone_is_normalised() {
        let mut u = user("A", None, false);
        u.phone = Some("+15550001".into());
        assert_eq!(
            u.clone().validate().unwrap().phone.as_deref(),
            Some("15550001")
        );
        u.phone = Some("+1-555".into());
        assert_eq!(u.validate(), Err(CoreError::PhoneNumberInvalid));
    }
}
