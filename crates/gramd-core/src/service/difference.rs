//! Reading a box's pts log back: the state and the difference since a pts
//! (<https://core.telegram.org/api/updates#fetching-the-difference>).

use std::collections::HashMap;

use crate::error::CoreResult;
use crate::ids::{BoxId, MessageId};
use crate::messages::Message;
use crate::updates::{BoxUpdate, LoggedUpdate};

use super::Core;
use super::mentions::Mentioned;

/// The events of a box after some pts.
#[derive(Clone, Debug, Default)]
pub struct Difference {
    /// The events, oldest first.
    pub updates: Vec<LoggedUpdate>,
    /// The messages the events refer to that still exist, by id.
    pub messages: HashMap<MessageId, Message>,
    /// Whether the events reach the box's current pts (else fetch again from the last one).
    pub complete: bool,
    /// The users and chats those messages refer to.
    pub mentioned: Mentioned,
}

impl Core {
    /// The current pts of a box.
    ///
    /// # Errors
    /// `Internal`.
    pub async fn current_pts(&self, box_id: BoxId) -> CoreResult<i32> {
        self.load_counters(&[box_id], &[]).await?;
        Ok(self.box_pts(box_id).unwrap_or_default())
    }

    /// At most `limit` events of `box_id` after `pts`, with their messages and what those
    /// refer to.
    ///
    /// # Errors
    /// `Internal`.
    pub async fn difference(&self, box_id: BoxId, pts: i32, limit: u32) -> CoreResult<Difference> {
        let current = self.current_pts(box_id).await?;
        let updates = self.0.store.box_updates(box_id, pts, limit).await?;
        let ids: Vec<MessageId> = updates
            .iter()
            .filter_map(|u| match u.update {
                BoxUpdate::NewMessage { id } | BoxUpdate::EditMessage { id } => Some(id),
                _ => None,
            })
            .collect();
        let found = self.0.store.messages(box_id, &ids).await?;
        let mentioned = self.mentioned(&found, []).await?;
        let messages = found.into_iter().map(|m| (m.id, m)).collect();
        let complete = updates.last().is_none_or(|u| u.pts >= current);
        Ok(Difference {
            updates,
            messages,
            complete,
            mentioned,
        })
    }
}
