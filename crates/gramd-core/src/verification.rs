//! Third-party verification (<https://core.telegram.org/api/bots/verification>): an
//! organisation's bot verifies users, bots, supergroups and channels, and clients show its
//! icon by their name and its description on their profile (`verifyUser`, `verifyChat`,
//! `removeUserVerification`, `removeChatVerification`; `bots.setCustomVerification`).
//!
//! On Telegram, Telegram chooses the organisations. On gramd it is the server's operator:
//! `gramd bot verifier` gives a bot its [`VerifierSettings`]; a bot without them cannot
//! verify anyone.

use serde::{Deserialize, Serialize};

use crate::ids::UserId;

/// Longest custom description of a verification, in characters.
pub const MAX_VERIFICATION_DESCRIPTION: usize = 70;

/// What makes a bot a verifier: the organisation it stands for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifierSettings {
    /// The organisation's name, shown in the default description.
    pub company: String,
    /// The custom emoji id of the icon clients show by verified names (0: none).
    #[serde(default)]
    pub icon: i64,
    /// Whether the bot may give a verification its own description.
    #[serde(default)]
    pub can_modify_custom_description: bool,
}

impl VerifierSettings {
    /// The description of a verification without a custom one.
    #[must_use]
    pub fn default_description(&self) -> String {
        format!("Verified by {}", self.company)
    }
}

/// A verification a user or chat carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    /// The verifier bot.
    pub bot: UserId,
    /// Its icon (custom emoji id; 0: none).
    pub icon: i64,
    /// What clients show on the profile.
    pub description: String,
}
