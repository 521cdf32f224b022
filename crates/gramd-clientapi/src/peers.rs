//! Resolving the `Input*` peers a client sends, checking access hashes.

use gramd_core::error::MessagePurpose;
use gramd_core::ids::{ChannelId, GroupId, MessageId, Peer, UserId};
use grammers_tl_types::enums;

use crate::error::RpcError;
use crate::rpc::Ctx;

impl Ctx<'_> {
    /// An `InputPeer` as a peer the caller may use.
    pub(crate) async fn input_peer(&self, peer: &enums::InputPeer) -> Result<Peer, RpcError> {
        let invalid = || RpcError::bad_request("PEER_ID_INVALID");
        match peer {
            enums::InputPeer::Empty => Err(invalid()),
            enums::InputPeer::PeerSelf => Ok(Peer::User(self.me().id)),
            enums::InputPeer::Chat(chat) => Ok(Peer::Group(GroupId(chat.chat_id))),
            enums::InputPeer::User(user) => {
                let id = UserId(user.user_id);
                if self.view().user_hash(id) != user.access_hash
                    || self.core.find_user(id).await?.is_none()
                {
                    return Err(invalid());
                }
                Ok(Peer::User(id))
            }
            enums::InputPeer::Channel(channel) => {
                let id = ChannelId(channel.channel_id);
                if self.view().channel_hash(id) != channel.access_hash {
                    return Err(RpcError::bad_request("CHANNEL_INVALID"));
                }
                Ok(Peer::Channel(id))
            }
            enums::InputPeer::UserFromMessage(from) => {
                let chat = Box::pin(self.input_peer(&from.peer)).await?;
                self.seen_in_message(chat, from.msg_id, Peer::User(UserId(from.user_id)))
                    .await
            }
            enums::InputPeer::ChannelFromMessage(from) => {
                let chat = Box::pin(self.input_peer(&from.peer)).await?;
                self.seen_in_message(chat, from.msg_id, Peer::Channel(ChannelId(from.channel_id)))
                    .await
            }
        }
    }

    /// A peer referred to by a message the caller can see.
    async fn seen_in_message(
        &self,
        chat: Peer,
        msg_id: i32,
        target: Peer,
    ) -> Result<Peer, RpcError> {
        let msg = self
            .core
            .message_in_chat(self.me().id, chat, MessageId(msg_id), MessagePurpose::Get)
            .await
            .map_err(|_| RpcError::bad_request("PEER_ID_INVALID"))?;
        let mentioned = msg.from.map(Peer::User) == Some(target) || msg.peer == target;
        if mentioned {
            Ok(target)
        } else {
            Err(RpcError::bad_request("PEER_ID_INVALID"))
        }
    }

    /// An `InputUser`.
    pub(crate) async fn input_user(&self, user: &enums::InputUser) -> Result<UserId, RpcError> {
        let peer = match user {
            enums::InputUser::Empty => return Err(RpcError::bad_request("USER_ID_INVALID")),
            enums::InputUser::UserSelf => return Ok(self.me().id),
            enums::InputUser::User(u) => {
                enums::InputPeer::User(grammers_tl_types::types::InputPeerUser {
                    user_id: u.user_id,
                    access_hash: u.access_hash,
                })
            }
            enums::InputUser::FromMessage(from) => enums::InputPeer::UserFromMessage(Box::new(
                grammers_tl_types::types::InputPeerUserFromMessage {
                    peer: from.peer.clone(),
                    msg_id: from.msg_id,
                    user_id: from.user_id,
                },
            )),
        };
        match self.input_peer(&peer).await {
            Ok(Peer::User(id)) => Ok(id),
            _ => Err(RpcError::bad_request("USER_ID_INVALID")),
        }
    }

    /// An `InputChannel`.
    pub(crate) async fn input_channel(
        &self,
        channel: &enums::InputChannel,
    ) -> Result<Peer, RpcError> {
        let peer = match channel {
            enums::InputChannel::Empty => return Err(RpcError::bad_request("CHANNEL_INVALID")),
            enums::InputChannel::Channel(c) => {
                enums::InputPeer::Channel(grammers_tl_types::types::InputPeerChannel {
                    channel_id: c.channel_id,
                    access_hash: c.access_hash,
                })
            }
            enums::InputChannel::FromMessage(from) => enums::InputPeer::ChannelFromMessage(
                Box::new(grammers_tl_types::types::InputPeerChannelFromMessage {
                    peer: from.peer.clone(),
                    msg_id: from.msg_id,
                    channel_id: from.channel_id,
                }),
            ),
        };
        match self.input_peer(&peer).await {
            Ok(p @ Peer::Channel(_)) => Ok(p),
            _ => Err(RpcError::bad_request("CHANNEL_INVALID")),
        }
    }
}
