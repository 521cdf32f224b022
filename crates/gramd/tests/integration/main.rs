//! gramd's integration tests: the real server on a real port with a real database, driven
//! over HTTP. One test binary (link once), one module per area.
//!
//! Every Bot API response is checked against the Bot API spec (`gramd-spec-check`) by the
//! harness, whatever the test asserts besides.

mod groups;
mod harness;

mod attachments;
mod botapi_admin;
mod botapi_errors;
mod botapi_invites;
mod botapi_messages;
mod botapi_methods;
mod botapi_updates;
mod botfather;
mod business;
mod chat_actions;
mod cli;
mod clientapi;
mod clientapi_admin;
mod clientapi_golden;
mod clientapi_signin;
mod core_limits;
mod crash;
mod deep_links;
mod dialogs;
mod emoji_status;
mod inline;
mod media;
mod member_tags;
mod polls;
mod profile_music;
mod profile_photos;
mod profiles;
mod rate_limits;
mod reactions;
mod safew;
mod server_limits;
mod stickers;
mod topics;
mod verification;
mod web_apps;
mod webhooks;
