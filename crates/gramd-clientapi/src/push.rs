//! Updates pushed to connected sessions, for an edge that keeps connections (MTProto).
//!
//! Such an edge remembers, per connection, the pts of the person's common box that it has
//! sent the client everything up to. When the box changes it asks [`Rpc::pending_updates`]
//! for the events after that pts (the same conversion `updates.getDifference` uses), and
//! when a call's result itself carries updates of the box (`messages.sendMessage` answers
//! `updateShortSentMessage`, `messages.deleteMessages` `messages.affectedMessages`, …) or a
//! state (`updates.getState`, `updates.getDifference`), [`result_pts`] says which pts the
//! client now has, so that nothing it got in a result is pushed to it again and nothing
//! before it is left out (<https://core.telegram.org/api/updates>).

use grammers_tl_types::{Deserializable, Identifiable, enums, types};

use crate::error::RpcError;
use crate::functions::updates;
use crate::rpc::{Ctx, Rpc};
use crate::session::Session;

/// What a connected session is to be sent ([`Rpc::pending_updates`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pushed {
    /// An `Updates` object (TL bytes) to push; `None` when nothing is pending.
    pub updates: Option<Vec<u8>>,
    /// The pts the session has been sent everything up to, once `updates` is sent.
    pub pts: i32,
    /// For a bot, the qts it has been sent everything up to (its business updates).
    pub qts: Option<i32>,
}

/// The pts of a person's common box that a call's result brings the client to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultPts {
    /// The result carries events of the box: those after `from`, up to `to`.
    Events {
        /// The pts before the first of them.
        from: i32,
        /// The pts after the last.
        to: i32,
    },
    /// The result is a state of the box (`updates.getState`, `updates.getDifference`):
    /// the client has everything up to this pts, or will fetch it.
    State(i32),
}

impl Rpc {
    /// What a person's session, sent everything up to pts `after`, has not been sent: the
    /// events of their box after `after` (only up to `up_to` if given), as
    /// `updateShortMessage`, `updateShortChatMessage`, `updates` or, past the
    /// `getDifference` limit, `updatesTooLong`; and the updates without pts of the session
    /// ([`Core::take_session_updates`](gramd_core::Core::take_session_updates)), each
    /// delivered once; and for a bot sent everything up to qts `qts_after`, its business
    /// updates after it. `None` for a session with nobody signed in.
    ///
    /// # Errors
    /// The core's errors (`INTERNAL`).
    pub async fn pending_updates(
        &self,
        session: &Session,
        after: i32,
        up_to: Option<i32>,
        qts_after: Option<i32>,
    ) -> Result<Option<Pushed>, RpcError> {
        let Some(caller) = &session.caller else {
            return Ok(None);
        };
        let ctx = Ctx {
            core: self.core(),
            session,
            caller,
            business_connection: None,
        };
        let pending = updates::pending(&ctx, after, up_to, qts_after).await?;
        Ok(Some(Pushed {
            updates: pending
                .updates
                .map(|u| grammers_tl_types::Serializable::to_bytes(&u)),
            pts: pending.pts,
            qts: pending.qts,
        }))
    }
}

/// Which pts of the caller's common box a call's result (TL bytes) brings the client to;
/// `None` when it carries neither events of that box nor its state (updates of channels
/// have their own pts and do not count).
#[must_use]
pub fn result_pts(result: &[u8]) -> Option<ResultPts> {
    let id = u32::from_le_bytes(*result.first_chunk::<4>()?);
    let events = |pts: i32, pts_count: i32| ResultPts::Events {
        from: pts - pts_count,
        to: pts,
    };
    match id {
        types::messages::AffectedMessages::CONSTRUCTOR_ID => {
            let enums::messages::AffectedMessages::Messages(affected) =
                enums::messages::AffectedMessages::from_bytes(result).ok()?;
            Some(events(affected.pts, affected.pts_count))
        }
        types::messages::AffectedHistory::CONSTRUCTOR_ID => {
            let enums::messages::AffectedHistory::History(affected) =
                enums::messages::AffectedHistory::from_bytes(result).ok()?;
            Some(events(affected.pts, affected.pts_count))
        }
        types::messages::AffectedFoundMessages::CONSTRUCTOR_ID => {
            let enums::messages::AffectedFoundMessages::Messages(affected) =
                enums::messages::AffectedFoundMessages::from_bytes(result).ok()?;
            Some(events(affected.pts, affected.pts_count))
        }
        types::updates::State::CONSTRUCTOR_ID => {
            let enums::updates::State::State(state) =
                enums::updates::State::from_bytes(result).ok()?;
            Some(ResultPts::State(state.pts))
        }
        types::updates::Difference::CONSTRUCTOR_ID
        | types::updates::DifferenceSlice::CONSTRUCTOR_ID
        | types::updates::DifferenceTooLong::CONSTRUCTOR_ID => {
            match enums::updates::Difference::from_bytes(result).ok()? {
                enums::updates::Difference::Difference(d) => {
                    Some(ResultPts::State(state_pts(&d.state)))
                }
                enums::updates::Difference::Slice(d) => {
                    Some(ResultPts::State(state_pts(&d.intermediate_state)))
                }
                enums::updates::Difference::TooLong(d) => Some(ResultPts::State(d.pts)),
                enums::updates::Difference::Empty(_) => None,
            }
        }
        types::UpdateShortSentMessage::CONSTRUCTOR_ID
        | types::UpdateShortMessage::CONSTRUCTOR_ID
        | types::UpdateShortChatMessage::CONSTRUCTOR_ID
        | types::UpdateShort::CONSTRUCTOR_ID
        | types::Updates::CONSTRUCTOR_ID
        | types::UpdatesCombined::CONSTRUCTOR_ID => {
            let pts: Vec<(i32, i32)> = match enums::Updates::from_bytes(result).ok()? {
                enums::Updates::UpdateShortSentMessage(u) => vec![(u.pts, u.pts_count)],
                enums::Updates::UpdateShortMessage(u) => vec![(u.pts, u.pts_count)],
                enums::Updates::UpdateShortChatMessage(u) => vec![(u.pts, u.pts_count)],
                enums::Updates::UpdateShort(u) => common_pts(&u.update).into_iter().collect(),
                enums::Updates::Updates(u) => u.updates.iter().filter_map(common_pts).collect(),
                enums::Updates::Combined(u) => u.updates.iter().filter_map(common_pts).collect(),
                enums::Updates::TooLong => Vec::new(),
            };
            let from = pts.iter().map(|(pts, count)| pts - count).min()?;
            let to = pts.iter().map(|(pts, _)| *pts).max()?;
            Some(ResultPts::Events { from, to })
        }
        _ => None,
    }
}

fn state_pts(state: &enums::updates::State) -> i32 {
    let enums::updates::State::State(state) = state;
    state.pts
}

/// The (pts, pts_count) of an update of the common box.
fn common_pts(update: &enums::Update) -> Option<(i32, i32)> {
    use enums::Update as U;
    Some(match update {
        U::NewMessage(u) => (u.pts, u.pts_count),
        U::EditMessage(u) => (u.pts, u.pts_count),
        U::DeleteMessages(u) => (u.pts, u.pts_count),
        U::ReadHistoryInbox(u) => (u.pts, u.pts_count),
        U::ReadHistoryOutbox(u) => (u.pts, u.pts_count),
        U::PinnedMessages(u) => (u.pts, u.pts_count),
        U::ReadMessagesContents(u) => (u.pts, u.pts_count),
        U::WebPage(u) => (u.pts, u.pts_count),
        U::FolderPeers(u) => (u.pts, u.pts_count),
        _ => return None,
    })
}
