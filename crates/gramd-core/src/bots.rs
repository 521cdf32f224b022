//! Bot-only state: tokens, commands, webhook settings.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::error::CoreError;
use crate::ids::{Peer, UserId};
use crate::updates::UpdateMask;

/// A bot command shown in clients' menus.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotCommand {
    /// 1 to 32 characters of `a-z`, `0-9` and `_`.
    pub command: String,
    /// 1 to 256 characters.
    pub description: String,
}

/// Most commands a bot may set for one scope and language.
pub const MAX_COMMANDS: usize = 100;

impl BotCommand {
    /// Checks Telegram's limits; the command is lower-cased as Telegram does.
    ///
    /// # Errors
    /// `BotCommandInvalid` or `BotCommandDescriptionInvalid`.
    pub fn validate(mut self) -> Result<Self, CoreError> {
        let command = self
            .command
            .trim()
            .trim_start_matches('/')
            .to_ascii_lowercase();
        if command.is_empty()
            || command.len() > 32
            || !command
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            return Err(CoreError::BotCommandInvalid);
        }
        let description = self.description.trim();
        if description.is_empty() || description.chars().count() > 256 {
            return Err(CoreError::BotCommandDescriptionInvalid);
        }
        self.command = command;
        self.description = description.to_owned();
        Ok(self)
    }
}

/// Which users see a command list (`BotCommandScope`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CommandScope {
    /// Everybody, unless a narrower scope applies.
    Default,
    /// All private chats.
    AllPrivateChats,
    /// All groups and supergroups.
    AllGroupChats,
    /// All group administrators.
    AllChatAdministrators,
    /// One chat.
    Chat(Peer),
    /// The administrators of one chat.
    ChatAdministrators(Peer),
    /// One member of one chat.
    ChatMember(Peer, UserId),
}

impl CommandScope {
    /// A stable string key for storage.
    #[must_use]
    pub fn key(self) -> String {
        match self {
            Self::Default => "default".into(),
            Self::AllPrivateChats => "all_private_chats".into(),
            Self::AllGroupChats => "all_group_chats".into(),
            Self::AllChatAdministrators => "all_chat_administrators".into(),
            Self::Chat(peer) => format!("chat:{}", peer.key()),
            Self::ChatAdministrators(peer) => format!("chat_administrators:{}", peer.key()),
            Self::ChatMember(peer, user) => format!("chat_member:{}:{}", peer.key(), user.0),
        }
    }
}

/// A bot's webhook settings (checked by [`crate::webhooks::WebhookPolicy::check`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Webhook {
    /// Where updates are posted, as the bot gave it.
    pub url: String,
    /// Most simultaneous deliveries (1 to 100).
    pub max_connections: u32,
    /// Fixed IP address to deliver to instead of resolving the host.
    pub ip_address: Option<String>,
    /// Sent in `X-Telegram-Bot-Api-Secret-Token`.
    pub secret_token: Option<String>,
    /// The certificate the bot uploaded (PEM): if self-signed, the one certificate its
    /// server is trusted with; otherwise deliveries verify the server as usual.
    #[serde(default)]
    pub certificate: Option<Arc<str>>,
}

/// The delivery settings of a bot.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotDelivery {
    /// The webhook, when set; polling otherwise.
    pub webhook: Option<Webhook>,
    /// The update kinds queued for the bot.
    pub allowed_updates: UpdateMask,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_validated_and_lowercased() {
        let cmd = |c: &str, d: &str| {
            BotCommand {
                command: c.into(),
                description: d.into(),
            }
            .validate()
        };
        assert_eq!(cmd("/Start", " Begin ").unwrap().command, "start");
        assert_eq!(cmd("help_2", "x").unwrap().description, "x");
        assert_eq!(cmd("", "x"), Err(CoreError::BotCommandInvalid));
        assert_eq!(cmd("no-dash", "x"), Err(CoreError::BotCommandInvalid));
        assert_eq!(cmd(&"a".repeat(33), "x"), Err(CoreError::BotCommandInvalid));
        assert_eq!(cmd("ok", ""), Err(CoreError::BotCommandDescriptionInvalid));
    }
}
