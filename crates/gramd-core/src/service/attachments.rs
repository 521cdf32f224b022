//! Sending contacts, locations, venues and dice ([`crate::attachments`]), and the contact a
//! user last shared with a bot, which its mini app reads back (`getRequestedContact`).

use crate::attachments::{Attachment, Contact, Dice, REQUESTED_CONTACT_WINDOW};
use crate::error::CoreResult;
use crate::ids::{Peer, UserId};
use crate::messages::{Content, HistoryQuery, SendOptions, Sent};

use super::{Core, random_u64};

/// Messages read while looking for that contact.
const REQUESTED_CONTACT_PAGE: u32 = 20;

impl Core {
    /// Checks an attachment and makes it a message's content: a contact is linked to the
    /// gramd user whose phone number it carries, a dice is rolled.
    pub(super) async fn attachment_content(&self, attachment: Attachment) -> CoreResult<Content> {
        Ok(match attachment {
            Attachment::Contact(mut contact) => {
                contact.validate()?;
                let digits: String = contact
                    .phone_number
                    .chars()
                    .filter(char::is_ascii_digit)
                    .collect();
                contact.user_id = if digits.is_empty() {
                    None
                } else {
                    self.0.store.user_by_phone(&digits).await?
                };
                Content::Contact(contact)
            }
            Attachment::Location(location) => Content::Location(location.validated()?),
            Attachment::Venue(venue) => Content::Venue(venue.validated()?),
            Attachment::Dice { emoji } => Content::Dice(Dice::roll(&emoji, random_u64())?),
        })
    }

    /// Sends a contact, a location, a venue or a dice from `sender` to `peer`; returns the
    /// sender's copy.
    ///
    /// # Errors
    /// `Refused` with Telegram's name for a malformed attachment (`GEO_POINT_INVALID`,
    /// `EMOTICON_INVALID`, …), and the errors of [`Core::send_text`].
    pub async fn send_attachment(
        &self,
        sender: UserId,
        peer: Peer,
        attachment: Attachment,
        options: SendOptions,
    ) -> CoreResult<Sent> {
        let sender = self.user(sender).await?;
        let content = self.attachment_content(attachment).await?;
        self.send(&sender, peer, content, options, None, 1).await
    }

    /// The contact card `user` shared of themself with `bot` in their private chat in the
    /// last [`REQUESTED_CONTACT_WINDOW`] seconds, the newest first: what a mini app gets
    /// when it asks for the user's phone number.
    ///
    /// # Errors
    /// `Internal`.
    pub async fn requested_contact(
        &self,
        user: UserId,
        bot: UserId,
    ) -> CoreResult<Option<(Contact, i64)>> {
        let since = self.now() - REQUESTED_CONTACT_WINDOW;
        let page = self
            .history(
                user,
                Peer::User(bot),
                HistoryQuery::newest(REQUESTED_CONTACT_PAGE),
            )
            .await?;
        Ok(page
            .messages
            .into_iter()
            .take_while(|m| m.date >= since)
            .find_map(|m| match m.content {
                Content::Contact(contact)
                    if m.from == Some(user) && contact.user_id == Some(user) =>
                {
                    Some((contact, m.date))
                }
                _ => None,
            }))
    }
}
