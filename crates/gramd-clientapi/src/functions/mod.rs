//! TL function handlers, grouped by namespace area. Each takes the call context and the
//! typed request and returns the typed result its function declares.

pub(crate) mod admin;
pub(crate) mod auth;
pub(crate) mod bot_commands;
pub(crate) mod bot_qts;
pub(crate) mod business;
pub(crate) mod chats;
pub(crate) mod contacts;
pub(crate) mod dialogs;
pub(crate) mod emoji_status;
pub(crate) mod info;
pub(crate) mod inline;
pub(crate) mod invites;
pub(crate) mod media;
pub(crate) mod messages;
pub(crate) mod photos;
pub(crate) mod polls;
pub(crate) mod profile_music;
pub(crate) mod reactions;
pub(crate) mod stickers;
pub(crate) mod topics;
pub(crate) mod typing;
pub(crate) mod updates;
pub(crate) mod users;
pub(crate) mod verification;
pub(crate) mod web_apps;
