//! Bot custom requests: the methods a bot calls with `bots.sendCustomRequest`
//! (<https://core.telegram.org/method/bots.sendCustomRequest>).
//!
//! Telegram keeps this call for its own use and publishes no methods for it; gramd makes it
//! the server's extension channel for bots. [`BotCustomRequests`] maps method names to
//! [`CustomRequestHandler`]s; the core answers a name it does not hold with `METHOD_INVALID`
//! and parameters that are not JSON with `DATA_JSON_INVALID`, and only bots may call.
//!
//! # Built-in methods ([`BotCustomRequests::builtin`])
//! | method | params | result |
//! | --- | --- | --- |
//! | `getCurrentTime` | anything | the server's Unix time, an integer |
//! | `getBotStats` | anything | `{"users": n, "chats": n, "pending_updates": n}`: the bot's private chats with users, the groups, supergroups and channels it is a member of, and the updates waiting in its Bot API queue |
//! | `echo` | any JSON value | the same value |
//!
//! # Adding a method
//! Implement [`CustomRequestHandler`] and register it on the registry the core is opened
//! with ([`CoreConfig::bot_custom_requests`](crate::CoreConfig)):
//!
//! ```
//! use gramd_core::custom_requests::{BotCustomRequests, CustomRequest, CustomRequestHandler};
//! use gramd_core::{CoreConfig, CoreResult};
//!
//! struct Greeting;
//!
//! #[async_trait::async_trait]
//! impl CustomRequestHandler for Greeting {
//!     async fn handle(&self, request: CustomRequest<'_>) -> CoreResult<serde_json::Value> {
//!         Ok(serde_json::json!(format!("hello, {}", request.bot.first_name)))
//!     }
//! }
//!
//! let mut config = CoreConfig::default();
//! config.bot_custom_requests.register("greet", Greeting);
//! assert!(config.bot_custom_requests.contains("greet"));
//! assert!(config.bot_custom_requests.contains("getCurrentTime"));
//! ```
//!
//! Mini apps' custom methods (`bots.invokeWebViewCustomMethod`) are another registry.

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;
use serde_json::{Value, json};

use crate::Core;
use crate::error::CoreResult;
use crate::users::User;

/// One call of a custom method.
#[derive(Clone, Copy, Debug)]
pub struct CustomRequest<'a> {
    /// The core, to read or change what the method needs.
    pub core: &'a Core,
    /// The calling bot.
    pub bot: &'a User,
    /// The method's name.
    pub method: &'a str,
    /// The parameters (valid JSON, any value).
    pub params: &'a Value,
}

/// A custom method. Errors are the core's; a handler refusing its parameters answers
/// `CoreError::Refused { name: "DATA_JSON_INVALID" }`, as Telegram does.
#[async_trait]
pub trait CustomRequestHandler: Send + Sync + 'static {
    /// Answers one call with a JSON value.
    async fn handle(&self, request: CustomRequest<'_>) -> CoreResult<Value>;
}

/// The custom methods bots may call, by name (case-sensitive).
#[derive(Clone, Default)]
pub struct BotCustomRequests {
    handlers: BTreeMap<String, Arc<dyn CustomRequestHandler>>,
}

impl std::fmt::Debug for BotCustomRequests {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.handlers.keys()).finish()
    }
}

impl BotCustomRequests {
    /// No methods at all.
    #[must_use]
    pub fn empty() -> Self {
        Self::default()
    }

    /// The methods gramd ships: `getCurrentTime`, `getBotStats` and `echo`.
    #[must_use]
    pub fn builtin() -> Self {
        let mut registry = Self::empty();
        registry
            .register("getCurrentTime", CurrentTime)
            .register("getBotStats", BotStats)
            .register("echo", Echo);
        registry
    }

    /// Adds a method, replacing any of the same name.
    pub fn register(
        &mut self,
        name: impl Into<String>,
        handler: impl CustomRequestHandler,
    ) -> &mut Self {
        self.handlers.insert(name.into(), Arc::new(handler));
        self
    }

    /// Removes a method; whether it was there.
    pub fn remove(&mut self, name: &str) -> bool {
        self.handlers.remove(name).is_some()
    }

    /// Whether a method of this name is registered.
    #[must_use]
    pub fn contains(&self, name: &str) -> bool {
        self.handlers.contains_key(name)
    }

    /// The registered names, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.handlers.keys().map(String::as_str)
    }

    pub(crate) fn handler(&self, name: &str) -> Option<Arc<dyn CustomRequestHandler>> {
        self.handlers.get(name).cloned()
    }
}

/// `getCurrentTime`: the server's Unix time, as the official demo mini app reads it.
struct CurrentTime;

#[async_trait]
impl CustomRequestHandler for CurrentTime {
    async fn handle(&self, request: CustomRequest<'_>) -> CoreResult<Value> {
        Ok(json!(request.core.now()))
    }
}

/// `getBotStats`: the calling bot's own counts.
struct BotStats;

#[async_trait]
impl CustomRequestHandler for BotStats {
    async fn handle(&self, request: CustomRequest<'_>) -> CoreResult<Value> {
        let stats = request.core.bot_stats(request.bot.id).await?;
        Ok(json!({
            "users": stats.users,
            "chats": stats.chats,
            "pending_updates": stats.pending_updates,
        }))
    }
}

/// `echo`: the parameters, unchanged.
struct Echo;

#[async_trait]
impl CustomRequestHandler for Echo {
    async fn handle(&self, request: CustomRequest<'_>) -> CoreResult<Value> {
        Ok(request.params.clone())
    }
}
