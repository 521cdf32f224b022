//! @BotFather: the built-in bot that every user can talk to, as on Telegram, to create
//! bots and configure them (<https://core.telegram.org/bots/features#botfather>).
//!
//! It is an ordinary bot account of the core (the SQLite schema creates it with Telegram's
//! id for it, 93372553; a backend that does not is given one on first start; its username
//! `BotFather` does not end in `bot`, as built-in bots' may not) driven by
//! a task inside the server: the task long-polls the core for BotFather's updates, as a
//! Bot API client would, and answers through the core's own calls, so nothing here knows
//! HTTP. Every change it makes goes through the same core services as the Bot API's
//! (`set_bot_text`, `update_bot_info`, `set_bot_commands`, `revoke_bot_token`, ...).
//!
//! Commands: /newbot, /mybots (inline keyboard), /token, /revoke, /setname,
//! /setdescription, /setabouttext, /setuserpic (the next photo sent), /setcommands, /deletecommands, /setjoingroups,
//! /setprivacy, /setinline, /setinlinefeedback, /setbusiness, /newapp (mini apps for `t.me/<bot>/<name>`),
//! /setmenubutton, /setattach (attachment and side menu), /deletebot, /cancel, /help. A command that works on one bot
//! first asks which, with a reply keyboard of the user's bots, as Telegram's does.
//!
//! What a user is in the middle of (a conversation step) is kept in memory: a restart
//! forgets it, and the user starts the command again, as after /cancel.

mod conversation;
mod replies;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use gramd_core::bots::CommandScope;
use gramd_core::ids::{Peer, UserId};
use gramd_core::markup::{
    InlineAction, InlineButton, KeyboardAction, KeyboardButton, ReplyKeyboard, ReplyMarkup,
};
use gramd_core::media::{Media, Photo};
use gramd_core::messages::{Content, OutgoingText, SendOptions};
use gramd_core::updates::{BotUpdate, CallbackQuery};
use gramd_core::users::{BotInfo, User};
use gramd_core::{CallbackAnswer, Core, CoreResult, GetUpdates};
use tokio::task::JoinHandle;

use crate::conversation::{Command, Step};

/// BotFather's username.
pub const USERNAME: &str = "BotFather";

/// How long one poll for updates waits.
const POLL: Duration = Duration::from_secs(30);

/// The built-in @BotFather.
#[derive(Clone)]
pub struct BotFather {
    core: Core,
    me: UserId,
    /// What each user is in the middle of.
    steps: Arc<Mutex<HashMap<UserId, Step>>>,
}

impl BotFather {
    /// Finds or creates the @BotFather account.
    ///
    /// # Errors
    /// `UsernameOccupied` if someone else holds the name, or `Internal`.
    pub async fn open(core: Core) -> CoreResult<Self> {
        let info = BotInfo {
            can_join_groups: false,
            ..BotInfo::default()
        };
        let me = core.ensure_builtin_bot(USERNAME, "BotFather", info).await?;
        Ok(Self {
            core,
            me: me.id,
            steps: Arc::default(),
        })
    }

    /// BotFather's user id.
    #[must_use]
    pub fn id(&self) -> UserId {
        self.me
    }

    /// Runs BotFather until the task is dropped: polls its updates and answers them. A
    /// failed answer is logged and the update is not retried.
    pub fn spawn(self) -> JoinHandle<()> {
        tokio::spawn(async move {
            let mut offset = 0;
            loop {
                let request = GetUpdates {
                    offset,
                    limit: 100,
                    timeout: POLL,
                    allowed_updates: None,
                };
                let updates = match self.core.get_updates(self.me, request).await {
                    Ok(updates) => updates,
                    Err(err) => {
                        tracing::error!(%err, "BotFather cannot read its updates");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                        continue;
                    }
                };
                for queued in updates {
                    offset = queued.update_id + 1;
                    if let Err(err) = self.handle(&queued.update).await {
                        tracing::warn!(%err, "BotFather could not answer an update");
                    }
                }
            }
        })
    }

    /// Answers one update.
    ///
    /// # Errors
    /// The core's errors while answering.
    pub async fn handle(&self, update: &BotUpdate) -> CoreResult<()> {
        match update {
            BotUpdate::Message(message) => {
                let Peer::User(user) = message.peer else {
                    return Ok(());
                };
                match &message.content {
                    Content::Text { text, .. } => self.on_text(user, text.trim()).await,
                    Content::Media(media) => match &media.media {
                        Media::Photo(photo) => self.on_photo(user, photo).await,
                        Media::Document(_) => Ok(()),
                    },
                    _ => Ok(()),
                }
            }
            BotUpdate::CallbackQuery(query) => self.on_button(query).await,
            _ => Ok(()),
        }
    }

    fn take_step(&self, user: UserId) -> Option<Step> {
        self.steps
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&user)
    }

    fn set_step(&self, user: UserId, step: Step) {
        self.steps
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(user, step);
    }

    async fn on_text(&self, user: UserId, text: &str) -> CoreResult<()> {
        if let Some(command) = text.strip_prefix('/') {
            let name = command.split(['@', ' ']).next().unwrap_or_default();
            // "/empty" answers a step; every other command starts over.
            if name != "empty" {
                let previous = self.take_step(user);
                return self.on_command(user, name, previous).await;
            }
        }
        match self.take_step(user) {
            None => self.say(user, replies::HELP, None).await,
            Some(Step::NewBotName) => self.on_new_bot_name(user, text).await,
            Some(Step::NewBotUsername { name }) => self.on_new_bot_username(user, name, text).await,
            Some(Step::ChooseBot(command)) => self.on_bot_chosen(user, command, text).await,
            Some(Step::Value { command, bot }) => self.on_value(user, command, bot, text).await,
            Some(Step::MenuButtonTitle { bot, url }) => {
                let button = Some((url.clone(), text.to_owned()));
                let outcome = conversation::set_menu_button(&self.core, bot, button).await?;
                self.finish(
                    user,
                    outcome,
                    Step::Value {
                        command: Command::SetMenuButton,
                        bot,
                    },
                )
                .await
            }
            Some(Step::NewAppUrl { bot, title }) => {
                let url = text.to_owned();
                self.set_step(user, Step::NewAppShortName { bot, title, url });
                self.say(user, replies::APP_SHORT_NAME, None).await
            }
            Some(Step::NewAppShortName { bot, title, url }) => {
                let retry = Step::NewAppShortName {
                    bot,
                    title: title.clone(),
                    url: url.clone(),
                };
                let outcome = conversation::add_app(&self.core, bot, title, url, text).await?;
                self.finish(user, outcome, retry).await
            }
        }
    }

    /// A photo: the new profile photo when /setuserpic asked for one.
    async fn on_photo(&self, user: UserId, photo: &Photo) -> CoreResult<()> {
        match self.take_step(user) {
            Some(Step::Value {
                command: Command::SetUserpic,
                bot,
            }) => {
                self.core
                    .set_profile_photo(user, bot, photo.clone())
                    .await?;
                let done = Ok(replies::USERPIC_UPDATED.to_owned());
                let retry = Step::Value {
                    command: Command::SetUserpic,
                    bot,
                };
                self.finish(user, done, retry).await
            }
            Some(step) => {
                // Any other step waits for text; it goes on.
                self.set_step(user, step);
                Ok(())
            }
            None => self.say(user, replies::HELP, None).await,
        }
    }

    async fn on_command(&self, user: UserId, name: &str, previous: Option<Step>) -> CoreResult<()> {
        match name {
            "start" | "help" => self.say(user, replies::HELP, None).await,
            "cancel" => {
                let text = match previous {
                    Some(step) => replies::cancelled(step.command_name()),
                    None => replies::NOTHING_TO_CANCEL.to_owned(),
                };
                self.say(user, &text, Some(ReplyMarkup::Remove { selective: false }))
                    .await
            }
            "newbot" => {
                self.set_step(user, Step::NewBotName);
                self.say(user, replies::NEW_BOT, None).await
            }
            "mybots" => self.my_bots(user).await,
            other => match Command::parse(other) {
                Some(command) => self.choose_bot(user, command).await,
                None => self.say(user, replies::UNKNOWN_COMMAND, None).await,
            },
        }
    }

    async fn on_new_bot_name(&self, user: UserId, name: &str) -> CoreResult<()> {
        if name.is_empty() || name.chars().count() > 64 {
            self.set_step(user, Step::NewBotName);
            return self.say(user, replies::NAME_INVALID, None).await;
        }
        self.set_step(
            user,
            Step::NewBotUsername {
                name: name.to_owned(),
            },
        );
        self.say(user, replies::CHOOSE_USERNAME, None).await
    }

    async fn on_new_bot_username(&self, user: UserId, name: String, text: &str) -> CoreResult<()> {
        let username = text.trim_start_matches('@');
        let retry = |reply: &'static str| (Step::NewBotUsername { name: name.clone() }, reply);
        let refusal = if !username.to_ascii_lowercase().ends_with("bot") {
            Some(retry(replies::USERNAME_NOT_BOT))
        } else {
            let new = gramd_core::users::NewUser {
                first_name: name.clone(),
                last_name: None,
                username: Some(username.to_owned()),
                phone: None,
                bot: None,
            };
            let info = BotInfo {
                owner: Some(user),
                ..BotInfo::default()
            };
            match self.core.create_bot(new, info).await {
                Ok((bot, token)) => {
                    let username = bot.username.clone().unwrap_or_default();
                    let text = replies::bot_created(&username, &token.to_string());
                    return self.say(user, &text, None).await;
                }
                Err(gramd_core::CoreError::UsernameOccupied) => {
                    Some(retry(replies::USERNAME_TAKEN))
                }
                Err(gramd_core::CoreError::UsernameInvalid) => {
                    Some(retry(replies::USERNAME_INVALID))
                }
                Err(err) => return Err(err),
            }
        };
        if let Some((step, reply)) = refusal {
            self.set_step(user, step);
            self.say(user, reply, None).await?;
        }
        Ok(())
    }

    /// The user's bots, as an inline keyboard.
    async fn my_bots(&self, user: UserId) -> CoreResult<()> {
        let bots = self.owned(user).await?;
        if bots.is_empty() {
            return self.say(user, replies::NO_BOTS, None).await;
        }
        let rows = bots
            .chunks(2)
            .map(|pair| {
                pair.iter()
                    .map(|bot| callback(&at(bot), format!("bot:{}", bot.id.0)))
                    .collect()
            })
            .collect();
        self.say(
            user,
            replies::CHOOSE_FROM_LIST,
            Some(ReplyMarkup::Inline { rows }),
        )
        .await
    }

    /// Asks which bot a command is for, with a reply keyboard of the user's bots.
    async fn choose_bot(&self, user: UserId, command: Command) -> CoreResult<()> {
        let bots = self.owned(user).await?;
        if bots.is_empty() {
            return self.say(user, replies::NO_BOTS, None).await;
        }
        let rows = bots
            .chunks(2)
            .map(|pair| pair.iter().map(|bot| key(&at(bot))).collect())
            .collect();
        self.set_step(user, Step::ChooseBot(command));
        self.say(user, command.choose_prompt(), Some(keyboard(rows)))
            .await
    }

    async fn on_bot_chosen(&self, user: UserId, command: Command, text: &str) -> CoreResult<()> {
        let wanted = text.trim_start_matches('@');
        let bots = self.owned(user).await?;
        let Some(bot) = bots.iter().find(|b| {
            b.username
                .as_deref()
                .is_some_and(|u| u.eq_ignore_ascii_case(wanted))
        }) else {
            self.set_step(user, Step::ChooseBot(command));
            return self.say(user, replies::INVALID_BOT, None).await;
        };
        self.start_on_bot(user, command, bot).await
    }

    /// What a command does once its bot is known: acts at once, or asks for a value.
    async fn start_on_bot(&self, user: UserId, command: Command, bot: &User) -> CoreResult<()> {
        let remove = Some(ReplyMarkup::Remove { selective: false });
        match command {
            Command::Token => {
                let token = self.core.bot_token(bot.id).await?;
                self.say(user, &replies::token(&token.to_string()), remove)
                    .await
            }
            Command::Revoke => {
                let token = self.core.revoke_bot_token(bot.id).await?;
                self.say(
                    user,
                    &replies::revoked(&at(bot), &token.to_string()),
                    remove,
                )
                .await
            }
            Command::DeleteCommands => {
                self.core
                    .set_bot_commands(bot.id, CommandScope::Default, "", Vec::new())
                    .await?;
                self.say(user, replies::COMMANDS_CLEARED, remove).await
            }
            Command::SetJoinGroups
            | Command::SetPrivacy
            | Command::SetBusiness
            | Command::SetInlineFeedback
            | Command::SetAttach => {
                let info = bot.bot.clone().unwrap_or_default();
                let enabled = match command {
                    Command::SetJoinGroups => info.can_join_groups,
                    Command::SetPrivacy => !info.can_read_all_group_messages,
                    Command::SetBusiness => info.can_connect_to_business,
                    Command::SetInlineFeedback => info.inline_feedback,
                    _ => self
                        .core
                        .web_app_settings(bot.id)
                        .await?
                        .attach_menu
                        .is_some(),
                };
                self.set_step(
                    user,
                    Step::Value {
                        command,
                        bot: bot.id,
                    },
                );
                let rows = vec![vec![key("Enable"), key("Disable")]];
                let text = replies::toggle_prompt(command, &at(bot), enabled);
                self.say(user, &text, Some(keyboard(rows))).await
            }
            Command::DeleteBot => {
                self.set_step(
                    user,
                    Step::Value {
                        command,
                        bot: bot.id,
                    },
                );
                self.say(user, &replies::delete_prompt(&at(bot)), remove)
                    .await
            }
            _ => {
                self.set_step(
                    user,
                    Step::Value {
                        command,
                        bot: bot.id,
                    },
                );
                self.say(user, command.value_prompt(), remove).await
            }
        }
    }

    async fn on_value(
        &self,
        user: UserId,
        command: Command,
        bot: UserId,
        text: &str,
    ) -> CoreResult<()> {
        match command {
            Command::SetMenuButton if text == "/empty" => {
                let outcome = conversation::set_menu_button(&self.core, bot, None).await?;
                self.finish(user, outcome, Step::Value { command, bot })
                    .await
            }
            Command::SetMenuButton => {
                let url = text.to_owned();
                self.set_step(user, Step::MenuButtonTitle { bot, url });
                self.say(user, replies::MENU_BUTTON_TITLE, None).await
            }
            Command::NewApp => {
                let title = text.to_owned();
                self.set_step(user, Step::NewAppUrl { bot, title });
                self.say(user, replies::APP_URL, None).await
            }
            _ => {
                let outcome = conversation::apply(&self.core, command, bot, text).await?;
                self.finish(user, outcome, Step::Value { command, bot })
                    .await
            }
        }
    }

    /// Ends a step: says what was done, or why not and asks again (`retry`).
    async fn finish(
        &self,
        user: UserId,
        outcome: Result<String, String>,
        retry: Step,
    ) -> CoreResult<()> {
        match outcome {
            Ok(done) => {
                self.say(user, &done, Some(ReplyMarkup::Remove { selective: false }))
                    .await
            }
            Err(problem) => {
                self.set_step(user, retry);
                self.say(user, &problem, None).await
            }
        }
    }

    async fn on_button(&self, query: &CallbackQuery) -> CoreResult<()> {
        // Answered at once, so the user's client stops waiting.
        let _ = self
            .core
            .answer_callback_query(self.me, &query.id, CallbackAnswer::default());
        let user = query.from;
        let data = query.data.as_deref().unwrap_or_default();
        let Some((action, id)) = data.split_once(':') else {
            return Ok(());
        };
        let Ok(id) = id.parse::<i64>() else {
            return Ok(());
        };
        let bots = self.owned(user).await?;
        let Some(bot) = bots.iter().find(|b| b.id.0 == id) else {
            return self.say(user, replies::INVALID_BOT, None).await;
        };
        match action {
            "bot" => {
                let rows = vec![
                    vec![
                        callback("API Token", format!("token:{id}")),
                        callback("Revoke Token", format!("revoke:{id}")),
                    ],
                    vec![
                        callback("Edit Name", format!("setname:{id}")),
                        callback("Edit Description", format!("setdescription:{id}")),
                    ],
                    vec![
                        callback("Edit About", format!("setabouttext:{id}")),
                        callback("Edit Commands", format!("setcommands:{id}")),
                    ],
                    vec![
                        callback("Edit Botpic", format!("setuserpic:{id}")),
                        callback("Delete Bot", format!("deletebot:{id}")),
                    ],
                ];
                let text = replies::bot_menu(&bot.first_name, &at(bot));
                self.say(user, &text, Some(ReplyMarkup::Inline { rows }))
                    .await
            }
            other => match Command::parse(other) {
                Some(command) => {
                    self.take_step(user);
                    self.start_on_bot(user, command, bot).await
                }
                None => Ok(()),
            },
        }
    }

    async fn owned(&self, user: UserId) -> CoreResult<Vec<Arc<User>>> {
        self.core.bots_owned_by(user).await
    }

    async fn say(&self, user: UserId, text: &str, markup: Option<ReplyMarkup>) -> CoreResult<()> {
        let options = SendOptions {
            reply_markup: markup,
            ..SendOptions::default()
        };
        let text = OutgoingText {
            text: text.to_owned(),
            ..OutgoingText::default()
        };
        self.core
            .send_text(self.me, Peer::User(user), text, options)
            .await
            .map(drop)
    }
}

/// `@username` of a bot.
fn at(bot: &User) -> String {
    format!("@{}", bot.username.as_deref().unwrap_or_default())
}

fn callback(text: &str, data: String) -> InlineButton {
    InlineButton {
        text: text.to_owned(),
        style: None,
        icon_custom_emoji_id: None,
        action: InlineAction::Callback { data },
    }
}

fn key(text: &str) -> KeyboardButton {
    KeyboardButton {
        text: text.to_owned(),
        style: None,
        icon_custom_emoji_id: None,
        action: KeyboardAction::Text,
    }
}

fn keyboard(rows: Vec<Vec<KeyboardButton>>) -> ReplyMarkup {
    ReplyMarkup::Keyboard(ReplyKeyboard {
        rows,
        is_persistent: false,
        resize: true,
        one_time: true,
        placeholder: None,
        selective: false,
    })
}
