//! Reply markup: inline keyboards, reply keyboards, keyboard removal and forced replies.
//!
//! Bot API: <https://core.telegram.org/bots/api#inlinekeyboardmarkup>; TL: `ReplyMarkup`.

use serde::{Deserialize, Serialize};

use crate::error::CoreError;

/// The markup attached to a message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReplyMarkup {
    /// Buttons under the message.
    Inline {
        /// Rows of buttons.
        rows: Vec<Vec<InlineButton>>,
    },
    /// A custom keyboard replacing the user's keyboard.
    Keyboard(ReplyKeyboard),
    /// Removes the custom keyboard.
    Remove {
        /// Only for mentioned users / the replied-to sender.
        selective: bool,
    },
    /// Asks the client to show a reply interface.
    ForceReply {
        /// Placeholder in the input field.
        placeholder: Option<String>,
        /// Only for mentioned users / the replied-to sender.
        selective: bool,
    },
}

/// A button under a message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InlineButton {
    /// Label.
    pub text: String,
    /// Visual style ("primary", "danger", …), if any.
    pub style: Option<String>,
    /// Custom emoji shown before the label.
    pub icon_custom_emoji_id: Option<String>,
    /// What pressing it does.
    pub action: InlineAction,
}

/// What an inline button does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum InlineAction {
    /// Opens a URL.
    Url {
        /// The URL.
        url: String,
    },
    /// Sends a callback query with this data to the bot.
    Callback {
        /// 1 to 64 bytes.
        data: String,
    },
    /// Opens a mini app.
    WebApp {
        /// The mini app URL.
        url: String,
    },
    /// Opens a URL with the user logged in (Telegram Login).
    LoginUrl {
        /// The URL.
        url: String,
        /// Label of the button in forwarded messages.
        forward_text: Option<String>,
        /// Bot used for authorisation.
        bot_username: Option<String>,
        /// Whether to ask for permission to write to the user.
        request_write_access: bool,
    },
    /// Starts an inline query.
    SwitchInline {
        /// Query text to insert.
        query: String,
        /// In the current chat rather than a chosen one.
        current_chat: bool,
    },
    /// Starts an inline query in a chat the user picks among the allowed kinds.
    SwitchInlineChosenChat {
        /// Query text to insert.
        query: Option<String>,
        /// Private chats with users allowed.
        allow_user_chats: bool,
        /// Private chats with bots allowed.
        allow_bot_chats: bool,
        /// Groups and supergroups allowed.
        allow_group_chats: bool,
        /// Channels allowed.
        allow_channel_chats: bool,
    },
    /// Copies text to the clipboard.
    CopyText {
        /// The text, 1 to 256 characters.
        text: String,
    },
    /// Launches the bot's game.
    CallbackGame,
    /// A payment button.
    Pay,
}

/// A custom reply keyboard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[allow(clippy::struct_excessive_bools)]
pub struct ReplyKeyboard {
    /// Rows of buttons.
    pub rows: Vec<Vec<KeyboardButton>>,
    /// Always shown while the chat is open.
    pub is_persistent: bool,
    /// Fit the keyboard's height to its buttons.
    pub resize: bool,
    /// Hide after one use.
    pub one_time: bool,
    /// Placeholder in the input field.
    pub placeholder: Option<String>,
    /// Only for mentioned users / the replied-to sender.
    pub selective: bool,
}

/// A button of a reply keyboard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyboardButton {
    /// Label (sent as a message when pressed, for plain buttons).
    pub text: String,
    /// Visual style, if any.
    pub style: Option<String>,
    /// Custom emoji shown before the label.
    pub icon_custom_emoji_id: Option<String>,
    /// What pressing it does besides sending the label.
    pub action: KeyboardAction,
}

/// What a reply-keyboard button does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum KeyboardAction {
    /// Sends its label as a message.
    Text,
    /// Shares the user's phone number.
    RequestContact,
    /// Shares the user's location.
    RequestLocation,
    /// Asks the user to create a poll.
    RequestPoll {
        /// "quiz", "regular", or any when absent.
        poll_type: Option<String>,
    },
    /// Opens a mini app.
    WebApp {
        /// The mini app URL.
        url: String,
    },
    /// Asks the user to pick users; the parameters are kept as given.
    RequestUsers {
        /// Identifier echoed in the `users_shared` service message.
        request_id: i32,
        /// The other parameters (`KeyboardButtonRequestUsers`), as JSON.
        params: serde_json::Value,
    },
    /// Asks the user to pick a chat; the parameters are kept as given.
    RequestChat {
        /// Identifier echoed in the `chat_shared` service message.
        request_id: i32,
        /// The other parameters (`KeyboardButtonRequestChat`), as JSON.
        params: serde_json::Value,
    },
}

/// Most buttons Telegram accepts in one inline keyboard.
pub const MAX_INLINE_BUTTONS: usize = 100;
/// Longest callback data, in bytes.
pub const MAX_CALLBACK_DATA: usize = 64;

impl ReplyMarkup {
    /// Checks the limits Telegram enforces on a markup a bot sends.
    ///
    /// # Errors
    /// `ButtonDataInvalid` for callback data outside 1..=64 bytes, `ReplyMarkupTooLong` for
    /// too many buttons, `ReplyMarkupInvalid` for an empty keyboard, `ButtonUrlInvalid` for
    /// an unusable URL.
    pub fn validate(&self) -> Result<(), CoreError> {
        match self {
            Self::Inline { rows } => {
                let count: usize = rows.iter().map(Vec::len).sum();
                if count > MAX_INLINE_BUTTONS {
                    return Err(CoreError::ReplyMarkupTooLong);
                }
                for button in rows.iter().flatten() {
                    match &button.action {
                        InlineAction::Callback { data }
                            if data.is_empty() || data.len() > MAX_CALLBACK_DATA =>
                        {
                            return Err(CoreError::ButtonDataInvalid);
                        }
                        InlineAction::Url { url } | InlineAction::WebApp { url }
                            if !is_button_url(url) =>
                        {
                            return Err(CoreError::ButtonUrlInvalid);
                        }
                        _ => {}
                    }
                }
                Ok(())
            }
            Self::Keyboard(keyboard) => {
                if keyboard.rows.iter().all(Vec::is_empty) {
                    return Err(CoreError::ReplyMarkupInvalid);
                }
                Ok(())
            }
            Self::Remove { .. } | Self::ForceReply { .. } => Ok(()),
        }
    }

    /// The markup as Telegram keeps it, checked ([`ReplyMarkup::validate`]): empty rows
    /// are dropped, and an inline keyboard with no buttons is no keyboard at all (`None`).
    ///
    /// # Errors
    /// As [`ReplyMarkup::validate`].
    pub fn normalized(mut self) -> Result<Option<Self>, CoreError> {
        self.validate()?;
        match &mut self {
            Self::Inline { rows } => {
                rows.retain(|row| !row.is_empty());
                if rows.is_empty() {
                    return Ok(None);
                }
            }
            Self::Keyboard(keyboard) => keyboard.rows.retain(|row| !row.is_empty()),
            Self::Remove { .. } | Self::ForceReply { .. } => {}
        }
        Ok(Some(self))
    }

    /// The callback button with exactly this data, if the markup has one.
    #[must_use]
    pub fn find_callback(&self, data: &str) -> Option<&InlineButton> {
        match self {
            Self::Inline { rows } => rows
                .iter()
                .flatten()
                .find(|b| matches!(&b.action, InlineAction::Callback { data: d } if d == data)),
            _ => None,
        }
    }
}

fn is_button_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let rest = ["http://", "https://", "tg://", "ton://"]
        .iter()
        .find_map(|scheme| lower.strip_prefix(scheme));
    matches!(rest, Some(r) if !r.is_empty() && !r.contains(char::is_whitespace))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inline(action: InlineAction) -> ReplyMarkup {
        ReplyMarkup::Inline {
            rows: vec![vec![InlineButton {
                text: "B".into(),
                style: None,
                icon_custom_emoji_id: None,
                action,
            }]],
        }
    }

    #[test]
    fn callback_data_limits() {
        let ok = inline(InlineAction::Callback {
            data: "x".repeat(64),
        });
        assert_eq!(ok.validate(), Ok(()));
        assert!(ok.find_callback(&"x".repeat(64)).is_some());
        assert!(ok.find_callback("y").is_none());
        for bad in [String::new(), "x".repeat(65)] {
            assert_eq!(
                inline(InlineAction::Callback { data: bad }).validate(),
                Err(CoreError::ButtonDataInvalid)
            );
        }
    }

    #[test]
    fn keyboards_need_buttons_but_not_too_many() {
        let button = InlineButton {
            text: "B".into(),
            style: None,
            icon_custom_emoji_id: None,
            action: InlineAction::Pay,
        };
        let rows = |n: usize| vec![vec![button.clone(); n]];
        assert_eq!(
            ReplyMarkup::Inline {
                rows: rows(MAX_INLINE_BUTTONS)
            }
            .validate(),
            Ok(())
        );
        assert_eq!(
            ReplyMarkup::Inline {
                rows: rows(MAX_INLINE_BUTTONS + 1)
            }
            .validate(),
            Err(CoreError::ReplyMarkupTooLong)
        );
        let empty = ReplyMarkup::Keyboard(ReplyKeyboard {
            rows: vec![Vec::new()],
            is_persistent: false,
            resize: false,
            one_time: false,
            placeholder: None,
            selective: false,
        });
        assert_eq!(empty.validate(), Err(CoreError::ReplyMarkupInvalid));
    }

    #[test]
    fn empty_rows_are_dropped_as_telegram_drops_them() {
        let ReplyMarkup::Inline { rows } = inline(InlineAction::Pay) else {
            unreachable!()
        };
        let with_empty = ReplyMarkup::Inline {
            rows: vec![Vec::new(), rows[0].clone(), Vec::new()],
        };
        assert_eq!(
            with_empty.normalized(),
            Ok(Some(ReplyMarkup::Inline { rows: rows.clone() }))
        );
        assert_eq!(
            ReplyMarkup::Inline {
                rows: vec![Vec::new()]
            }
            .normalized(),
            Ok(None),
            "an inline keyboard without buttons is none"
        );
        let bad = inline(InlineAction::Callback {
            data: String::new(),
        });
        assert_eq!(bad.normalized(), Err(CoreError::ButtonDataInvalid));
    }

    #[test]
    fn url_buttons_need_a_url() {
        let url = |u: &str| inline(InlineAction::Url { url: u.into() }).validate();
        assert_eq!(url("https://example.com"), Ok(()));
        assert_eq!(url("tg://user?id=1"), Ok(()));
        assert_eq!(url("example.com"), Err(CoreError::ButtonUrlInvalid));
        assert_eq!(url("https://"), Err(CoreError::ButtonUrlInvalid));
    }
}
