//! Objects only the message methods answer with.

use serde::Serialize;

/// `MessageId`.
#[derive(Clone, Copy, Debug, Serialize)]
pub(super) struct MessageIdObject {
    pub(super) message_id: i32,
}
