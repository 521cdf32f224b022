//! gramd: a self-hosted, Telegram-compatible messaging server built around bots.
//!
//! This crate is the composition root: it reads the configuration, opens the storage
//! backend it names (module [`storage`]), builds the [`gramd_core::Core`], mounts the edges (the Bot API and the JSON
//! client API) on one HTTP listener, and runs until Ctrl-C or SIGTERM. Module [`web_apps`]
//! keeps the key that signs mini apps' `initData`. The binary's
//! `main` only parses the command line and calls into here.

pub mod accounts;
pub mod config;
pub mod mtproto;
pub mod server;
pub mod storage;
pub mod web_apps;
