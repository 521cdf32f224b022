//! Building TL objects from core objects, as one user sees them.
//!
//! Objects are the typed constructors of `grammers-tl-types` (layer 230, the same schema as
//! `spec/tl/api.tl`), so a field of the wrong type or a missing one is a compile error, and
//! serializing them gives layer-230 bytes. Fields gramd has nothing for are `false`/`None`,
//! which leaves them out of the wire (their flag bits unset).
//!
//! Access hashes are per viewer, as in Telegram: a keyed hash of the viewer and the peer,
//! checked when a client refers to the peer again.

use gramd_core::auth::SERVICE_USER;
use gramd_core::chats::{Chat, ChatKind, Member, MemberStatus};
use gramd_core::ids::{BoxId, ChannelId, Peer, UserId};
use gramd_core::markup::{InlineAction, KeyboardAction, KeyboardButton, ReplyMarkup};
use gramd_core::messages::{Content, ForwardOrigin, Message, ServiceAction};
use gramd_core::text::{EntityKind, MessageEntity};
use gramd_core::users::{EmojiStatus, User};
use gramd_core::verification::Verification;
use gramd_core::{Core, CoreResult, Mentioned};

use crate::media::attachment_media;
use crate::rights;
use grammers_tl_types::{enums, types};
use serde_json::Value;

/// Domain tags keeping user and channel access hashes apart.
const USER_HASH: i64 = 0;
const CHANNEL_HASH: i64 = 1;

/// One user's view of the world.
#[derive(Clone, Copy)]
pub(crate) struct View<'a> {
    pub(crate) core: &'a Core,
    pub(crate) me: &'a User,
}

/// A TL `int` (dates, counts) from a wider number, clamped to its range.
pub(crate) fn int(value: impl Into<i64>) -> i32 {
    let value = value.into();
    i32::try_from(value).unwrap_or(if value < 0 { i32::MIN } else { i32::MAX })
}

/// The TL `Peer` of a core peer.
/// An emoji status as clients show it by a name.
pub(crate) fn emoji_status(status: EmojiStatus) -> enums::EmojiStatus {
    enums::EmojiStatus::Status(types::EmojiStatus {
        document_id: status.custom_emoji_id,
        until: status.until.map(int),
    })
}

/// A verification as clients show it on a profile.
pub(crate) fn bot_verification(verification: &Verification) -> enums::BotVerification {
    enums::BotVerification::Verification(types::BotVerification {
        bot_id: verification.bot.0,
        icon: verification.icon,
        description: enums::TextWithEntities::Entities(types::TextWithEntities {
            text: verification.description.clone(),
            entities: Vec::new(),
        }),
    })
}

pub(crate) fn peer(peer: Peer) -> enums::Peer {
    match peer {
        Peer::User(UserId(user_id)) => enums::Peer::User(types::PeerUser { user_id }),
        Peer::Group(g) => enums::Peer::Chat(types::PeerChat { chat_id: g.0 }),
        Peer::Channel(c) => enums::Peer::Channel(types::PeerChannel { channel_id: c.0 }),
    }
}

impl View<'_> {
    pub(crate) fn user_hash(&self, user: UserId) -> i64 {
        self.core.keyed_hash(&[self.me.id.0, USER_HASH, user.0])
    }

    pub(crate) fn channel_hash(&self, channel: ChannelId) -> i64 {
        self.core
            .keyed_hash(&[self.me.id.0, CHANNEL_HASH, channel.0])
    }

    /// `user`.
    pub(crate) fn user(&self, user: &User) -> enums::User {
        let is_self = user.id == self.me.id;
        let service = user.id == SERVICE_USER;
        let bot = user.bot.as_ref();
        enums::User::User(types::User {
            is_self,
            contact: false,
            mutual_contact: false,
            deleted: false,
            bot: bot.is_some(),
            bot_chat_history: bot.is_some_and(|b| b.can_read_all_group_messages),
            bot_nochats: bot.is_some_and(|b| !b.can_join_groups),
            verified: service,
            restricted: false,
            min: false,
            bot_inline_geo: false,
            support: service,
            scam: false,
            apply_min_photo: false,
            fake: false,
            bot_attach_menu: false,
            premium: false,
            attach_menu_enabled: false,
            bot_can_edit: false,
            close_friend: false,
            stories_hidden: false,
            stories_unavailable: false,
            contact_require_premium: false,
            bot_business: bot.is_some_and(|b| b.can_connect_to_business),
            bot_has_main_app: bot.is_some_and(|b| b.has_main_web_app),
            bot_forum_view: false,
            bot_forum_can_manage_topics: false,
            bot_can_manage_bots: false,
            bot_guestchat: false,
            bot_guard: false,
            id: user.id.0,
            access_hash: Some(self.user_hash(user.id)),
            first_name: Some(user.first_name.clone()),
            last_name: user.last_name.clone(),
            username: user.username.clone(),
            phone: user.phone.clone().filter(|_| is_self),
            photo: user.photo.as_ref().map(|photo| {
                enums::UserProfilePhoto::Photo(types::UserProfilePhoto {
                    has_video: false,
                    personal: false,
                    photo_id: photo.id,
                    stripped_thumb: None,
                    dc_id: crate::media::DC_ID,
                })
            }),
            status: bot.is_none().then_some(enums::UserStatus::Recently(
                types::UserStatusRecently { by_me: false },
            )),
            bot_info_version: bot.map(|_| 1),
            restriction_reason: None,
            bot_inline_placeholder: bot
                .filter(|b| b.supports_inline_queries)
                .map(|b| b.inline_placeholder.clone().unwrap_or_default()),
            lang_code: None,
            emoji_status: user
                .emoji_status
                .filter(|s| s.is_active(self.core.now()))
                .map(emoji_status),
            usernames: None,
            stories_max_id: None,
            color: None,
            profile_color: None,
            bot_active_users: None,
            bot_verification_icon: user.verification.as_ref().map(|v| v.icon),
            send_paid_messages_stars: None,
            linked_community_id: None,
        })
    }

    /// `chat`, `chatForbidden` or `channel`, with the viewer's membership; `None` for a
    /// private chat, which is no TL `Chat`.
    pub(crate) fn chat(&self, chat: &Chat, me: Option<&Member>, count: u32) -> Option<enums::Chat> {
        let is_member = me.is_some_and(|m| m.status.is_member());
        let creator = me.is_some_and(|m| m.status == MemberStatus::Creator);
        let count = int(count);
        // The viewer's own rights or restrictions, and what every member may do.
        // A basic group's creator is known by its flag alone; a channel's has every right.
        let admin_rights = me.and_then(|m| match m.status {
            MemberStatus::Creator if chat.kind != ChatKind::Group => Some(rights::admin_rights(
                gramd_core::chats::AdminRights::all().for_kind(chat.kind),
            )),
            MemberStatus::Administrator => Some(rights::admin_rights(m.rights)),
            _ => None,
        });
        let banned_rights = me.and_then(|m| {
            m.permissions
                .map(|p| rights::banned_rights(p, false, m.until_date))
        });
        let default_banned_rights = (chat.kind != ChatKind::Channel)
            .then(|| rights::banned_rights(chat.permissions, false, 0));
        match chat.peer {
            Peer::Group(g) if !is_member && me.is_none() => {
                Some(enums::Chat::Forbidden(types::ChatForbidden {
                    id: g.0,
                    title: chat.title.clone(),
                }))
            }
            Peer::Group(g) => Some(enums::Chat::Chat(types::Chat {
                creator,
                left: !is_member,
                deactivated: false,
                call_active: false,
                call_not_empty: false,
                noforwards: false,
                id: g.0,
                title: chat.title.clone(),
                photo: chat_photo(chat),
                participants_count: count,
                date: int(chat.date),
                version: 1,
                migrated_to: None,
                admin_rights,
                default_banned_rights,
            })),
            Peer::Channel(c) => Some(enums::Chat::Channel(types::Channel {
                creator,
                left: !is_member,
                broadcast: chat.kind == ChatKind::Channel,
                verified: false,
                megagroup: chat.kind == ChatKind::Supergroup,
                restricted: false,
                signatures: false,
                min: false,
                scam: false,
                has_link: false,
                has_geo: false,
                slowmode_enabled: false,
                call_active: false,
                call_not_empty: false,
                fake: false,
                gigagroup: false,
                noforwards: false,
                join_to_send: false,
                join_request: false,
                forum: chat.forum,
                stories_hidden: false,
                stories_hidden_min: false,
                stories_unavailable: false,
                signature_profiles: false,
                autotranslation: false,
                broadcast_messages_allowed: false,
                monoforum: false,
                forum_tabs: false,
                id: c.0,
                access_hash: Some(self.channel_hash(c)),
                title: chat.title.clone(),
                username: chat.username.clone(),
                photo: chat_photo(chat),
                date: int(chat.date),
                restriction_reason: None,
                admin_rights,
                banned_rights,
                default_banned_rights,
                participants_count: Some(count),
                usernames: None,
                stories_max_id: None,
                color: None,
                profile_color: None,
                emoji_status: None,
                level: None,
                subscription_until_date: None,
                bot_verification_icon: chat.verification.as_ref().map(|v| v.icon),
                send_paid_messages_stars: None,
                linked_monoforum_id: None,
                linked_community_id: None,
            })),
            Peer::User(_) => None,
        }
    }

    /// A message (`message` or `messageService`).
    pub(crate) fn message(&self, msg: &Message, broadcast: bool) -> enums::Message {
        let out = match msg.box_id {
            BoxId::User(owner) => msg.from == Some(owner),
            BoxId::Channel(_) => msg.from == Some(self.me.id) && !broadcast,
        };
        let from_id = if broadcast {
            None
        } else {
            msg.from.map(|id| peer(Peer::User(id)))
        };
        // In a forum topic: the topic, and the message replied to if another.
        let reply_to = match (msg.topic, msg.reply_to) {
            (Some(topic), Some(id)) if id != topic => Some(reply_header(id.0, Some(topic.0), true)),
            (Some(topic), _) => Some(reply_header(topic.0, None, true)),
            (None, Some(id)) => Some(reply_header(id.0, None, false)),
            (None, None) => None,
        };
        let (text, entities, media, grouped_id, invert_media) = match &msg.content {
            Content::Text { text, entities, .. } => (text, entities, None, None, false),
            Content::Media(content) => (
                &content.caption,
                &content.entities,
                Some(self.media(content)),
                content.group_id,
                content.show_caption_above_media,
            ),
            Content::Contact(_)
            | Content::Location(_)
            | Content::Venue(_)
            | Content::Dice(_)
            | Content::Poll(_) => (
                &NO_TEXT,
                &NO_ENTITIES,
                attachment_media(&msg.content, self.me.id),
                None,
                false,
            ),
            Content::Service(action) => {
                return enums::Message::Service(types::MessageService {
                    out,
                    mentioned: false,
                    media_unread: false,
                    reactions_are_possible: false,
                    silent: msg.silent,
                    post: broadcast,
                    legacy: false,
                    id: msg.id.0,
                    from_id,
                    peer_id: peer(msg.peer),
                    saved_peer_id: None,
                    reply_to,
                    date: int(msg.date),
                    action: service_action(action, self.me.is_bot(), |photo| self.photo(photo)),
                    reactions: None,
                    ttl_period: None,
                });
            }
        };
        enums::Message::Message(types::Message {
            out,
            mentioned: false,
            media_unread: false,
            silent: msg.silent,
            post: broadcast,
            from_scheduled: false,
            legacy: false,
            edit_hide: false,
            pinned: false,
            noforwards: msg.noforwards,
            invert_media,
            offline: false,
            video_processing_pending: false,
            paid_suggested_post_stars: false,
            paid_suggested_post_ton: false,
            id: msg.id.0,
            from_id,
            from_boosts_applied: None,
            from_rank: None,
            peer_id: peer(msg.peer),
            saved_peer_id: None,
            fwd_from: msg.forward.as_ref().map(forward_header),
            via_bot_id: msg.via_bot.map(|bot| bot.0),
            via_business_bot_id: msg.via_business_bot.map(|bot| bot.0),
            guestchat_via_from: None,
            reply_to,
            date: int(msg.date),
            message: text.clone(),
            media,
            reply_markup: msg.reply_markup.as_ref().map(markup),
            entities: (!entities.is_empty()).then(|| self::entities(entities)),
            views: None,
            forwards: None,
            replies: None,
            edit_date: msg.edit_date.map(int),
            post_author: None,
            grouped_id,
            reactions: None,
            restriction_reason: None,
            ttl_period: None,
            quick_reply_shortcut_id: None,
            effect: None,
            factcheck: None,
            report_delivery_until_date: None,
            paid_message_stars: None,
            suggested_post: None,
            schedule_repeat_period: None,
            summary_from_language: None,
            rich_message: None,
        })
    }

    /// The `users` and `chats` vectors that go with some messages and peers: every user
    /// and chat the messages mention (chat, sender, forward origin, users of service
    /// actions), and `extra`.
    pub(crate) async fn users_and_chats(
        &self,
        messages: &[Message],
        extra: impl IntoIterator<Item = Peer>,
    ) -> CoreResult<(Vec<enums::User>, Vec<enums::Chat>)> {
        let mentioned = self.core.mentioned(messages, extra).await?;
        self.mentioned(&mentioned).await
    }

    /// The `users` and `chats` vectors of what some messages refer to.
    pub(crate) async fn mentioned(
        &self,
        mentioned: &Mentioned,
    ) -> CoreResult<(Vec<enums::User>, Vec<enums::Chat>)> {
        let users = mentioned.users.iter().map(|u| self.user(u)).collect();
        let mut chats = Vec::with_capacity(mentioned.chats.len());
        for chat in &mentioned.chats {
            chats.extend(self.chat_for_me(chat).await?);
        }
        Ok((users, chats))
    }

    /// An `updates` container: `updates` plus the users and chats of `messages` and
    /// `peers`.
    pub(crate) async fn updates(
        &self,
        updates: Vec<enums::Update>,
        messages: &[Message],
        peers: impl IntoIterator<Item = Peer>,
    ) -> CoreResult<enums::Updates> {
        let (users, chats) = self.users_and_chats(messages, peers).await?;
        Ok(enums::Updates::Updates(types::Updates {
            updates,
            users,
            chats,
            date: int(self.core.now()),
            seq: 0,
        }))
    }

    /// A chat with the viewer's membership looked up.
    pub(crate) async fn chat_for_me(&self, chat: &Chat) -> CoreResult<Option<enums::Chat>> {
        let standing = self.core.standing(self.me.id, chat.peer).await?;
        Ok(self.chat(chat, standing.membership.as_ref(), standing.member_count))
    }
}

/// `chatPhoto` of a chat's photo, or `chatPhotoEmpty`.
fn chat_photo(chat: &Chat) -> enums::ChatPhoto {
    match &chat.photo {
        Some(photo) => enums::ChatPhoto::Photo(types::ChatPhoto {
            has_video: false,
            photo_id: photo.id,
            stripped_thumb: None,
            dc_id: crate::media::DC_ID,
        }),
        None => enums::ChatPhoto::Empty,
    }
}

/// A reply header: the message replied to, in a forum topic (`forum`) whose id is `top`
/// when that is another message.
fn reply_header(reply_to_msg_id: i32, top: Option<i32>, forum: bool) -> enums::MessageReplyHeader {
    enums::MessageReplyHeader::Header(types::MessageReplyHeader {
        reply_to_scheduled: false,
        forum_topic: forum,
        quote: false,
        reply_to_ephemeral: false,
        reply_to_msg_id: Some(reply_to_msg_id),
        reply_to_peer_id: None,
        reply_from: None,
        reply_media: None,
        reply_to_top_id: top,
        quote_text: None,
        quote_entities: None,
        quote_offset: None,
        todo_item_id: None,
        poll_option: None,
    })
}

fn forward_header(origin: &ForwardOrigin) -> enums::MessageFwdHeader {
    let (from_id, from_name, date, channel_post, post_author) = match origin {
        ForwardOrigin::User { sender, date } => {
            (Some(peer(Peer::User(*sender))), None, *date, None, None)
        }
        ForwardOrigin::HiddenUser { sender_name, date } => {
            (None, Some(sender_name.clone()), *date, None, None)
        }
        ForwardOrigin::Channel {
            chat,
            message_id,
            author_signature,
            date,
        } => (
            Some(peer(*chat)),
            None,
            *date,
            Some(message_id.0),
            author_signature.clone(),
        ),
        ForwardOrigin::Chat {
            chat,
            author_signature,
            date,
        } => (
            Some(peer(*chat)),
            None,
            *date,
            None,
            author_signature.clone(),
        ),
    };
    enums::MessageFwdHeader::Header(types::MessageFwdHeader {
        imported: false,
        saved_out: false,
        from_id,
        from_name,
        date: int(date),
        channel_post,
        post_author,
        saved_from_peer: None,
        saved_from_msg_id: None,
        saved_from_id: None,
        saved_from_name: None,
        saved_date: None,
        psa_type: None,
    })
}

/// A service action as `viewer_is_bot` sees it; `render_photo` renders the photo of a new
/// chat photo.
/// The text of a message that has none.
static NO_TEXT: String = String::new();
/// The entities of a message without text.
static NO_ENTITIES: Vec<MessageEntity> = Vec::new();

fn service_action(
    action: &ServiceAction,
    viewer_is_bot: bool,
    render_photo: impl FnOnce(&gramd_core::media::Photo) -> enums::Photo,
) -> enums::MessageAction {
    use enums::MessageAction as A;
    let ids = |users: &[UserId]| users.iter().map(|u| u.0).collect();
    match action {
        ServiceAction::GroupCreated { title, users } => {
            A::ChatCreate(types::MessageActionChatCreate {
                title: title.clone(),
                users: ids(users),
            })
        }
        ServiceAction::ChannelCreated { title, .. } => {
            A::ChannelCreate(types::MessageActionChannelCreate {
                title: title.clone(),
            })
        }
        ServiceAction::MembersAdded { users } => {
            A::ChatAddUser(types::MessageActionChatAddUser { users: ids(users) })
        }
        ServiceAction::MemberJoined => A::ChatJoinedByRequest,
        ServiceAction::MemberLeft { user } => {
            A::ChatDeleteUser(types::MessageActionChatDeleteUser { user_id: user.0 })
        }
        ServiceAction::TitleChanged { title } => {
            A::ChatEditTitle(types::MessageActionChatEditTitle {
                title: title.clone(),
            })
        }
        ServiceAction::JoinedByLink { inviter } => {
            A::ChatJoinedByLink(types::MessageActionChatJoinedByLink {
                inviter_id: inviter.0,
            })
        }
        ServiceAction::Pinned => A::PinMessage,
        ServiceAction::PhotoChanged { photo } => {
            A::ChatEditPhoto(types::MessageActionChatEditPhoto {
                photo: render_photo(photo),
            })
        }
        ServiceAction::PhotoDeleted => A::ChatDeletePhoto,
        ServiceAction::BotAllowed {
            from_attachment_menu,
            from_request,
            ..
        } => A::BotAllowed(types::MessageActionBotAllowed {
            attach_menu: *from_attachment_menu,
            from_request: *from_request,
            domain: None,
            app: None,
        }),
        ServiceAction::WebAppData { button_text, data } if viewer_is_bot => {
            A::WebViewDataSentMe(types::MessageActionWebViewDataSentMe {
                text: button_text.clone(),
                data: data.clone(),
            })
        }
        ServiceAction::WebAppData { button_text, .. } => {
            A::WebViewDataSent(types::MessageActionWebViewDataSent {
                text: button_text.clone(),
            })
        }
        ServiceAction::TopicCreated {
            name,
            icon_color,
            icon_emoji_id,
        } => A::TopicCreate(types::MessageActionTopicCreate {
            title_missing: false,
            title: name.clone(),
            icon_color: *icon_color,
            icon_emoji_id: *icon_emoji_id,
        }),
        ServiceAction::TopicEdited {
            name,
            icon_emoji_id,
            closed,
            hidden,
        } => A::TopicEdit(types::MessageActionTopicEdit {
            title: name.clone(),
            icon_emoji_id: *icon_emoji_id,
            closed: *closed,
            hidden: *hidden,
        }),
    }
}

/// Entities as TL `MessageEntity` objects.
pub(crate) fn entities(entities: &[MessageEntity]) -> Vec<enums::MessageEntity> {
    entities.iter().map(entity).collect()
}

fn entity(e: &MessageEntity) -> enums::MessageEntity {
    use enums::MessageEntity as E;
    let (offset, length) = (int(e.offset), int(e.length));
    match &e.kind {
        EntityKind::Mention => E::Mention(types::MessageEntityMention { offset, length }),
        EntityKind::Hashtag => E::Hashtag(types::MessageEntityHashtag { offset, length }),
        EntityKind::Cashtag => E::Cashtag(types::MessageEntityCashtag { offset, length }),
        EntityKind::BotCommand => E::BotCommand(types::MessageEntityBotCommand { offset, length }),
        EntityKind::Url => E::Url(types::MessageEntityUrl { offset, length }),
        EntityKind::Email => E::Email(types::MessageEntityEmail { offset, length }),
        EntityKind::PhoneNumber => E::Phone(types::MessageEntityPhone { offset, length }),
        EntityKind::Bold => E::Bold(types::MessageEntityBold { offset, length }),
        EntityKind::Italic => E::Italic(types::MessageEntityItalic { offset, length }),
        EntityKind::Underline => E::Underline(types::MessageEntityUnderline { offset, length }),
        EntityKind::Strikethrough => E::Strike(types::MessageEntityStrike { offset, length }),
        EntityKind::Spoiler => E::Spoiler(types::MessageEntitySpoiler { offset, length }),
        EntityKind::Code => E::Code(types::MessageEntityCode { offset, length }),
        EntityKind::Blockquote | EntityKind::ExpandableBlockquote => {
            E::Blockquote(types::MessageEntityBlockquote {
                collapsed: e.kind == EntityKind::ExpandableBlockquote,
                offset,
                length,
            })
        }
        EntityKind::Pre { language } => E::Pre(types::MessageEntityPre {
            offset,
            length,
            language: language.clone().unwrap_or_default(),
        }),
        EntityKind::TextLink { url } => E::TextUrl(types::MessageEntityTextUrl {
            offset,
            length,
            url: url.clone(),
        }),
        EntityKind::TextMention { user_id } => E::MentionName(types::MessageEntityMentionName {
            offset,
            length,
            user_id: *user_id,
        }),
        EntityKind::CustomEmoji { custom_emoji_id } => {
            E::CustomEmoji(types::MessageEntityCustomEmoji {
                offset,
                length,
                document_id: custom_emoji_id.parse::<i64>().unwrap_or_default(),
            })
        }
        EntityKind::DateTime {
            unix_time,
            date_time_format,
        } => {
            let format = date_time_format.as_deref().unwrap_or_default();
            E::FormattedDate(types::MessageEntityFormattedDate {
                relative: format.eq_ignore_ascii_case("r"),
                short_time: format.contains('t'),
                long_time: format.contains('T'),
                short_date: format.contains('d'),
                long_date: format.contains('D'),
                day_of_week: format.contains(['w', 'W']),
                offset,
                length,
                date: int(*unix_time),
            })
        }
    }
}

fn button_style(style: Option<&str>, icon: Option<&str>) -> Option<enums::KeyboardButtonStyle> {
    let icon = icon.and_then(|i| i.parse::<i64>().ok());
    if style.is_none() && icon.is_none() {
        return None;
    }
    Some(enums::KeyboardButtonStyle::Style(
        types::KeyboardButtonStyle {
            bg_primary: style == Some("primary"),
            bg_danger: style == Some("danger"),
            bg_success: style == Some("success"),
            icon,
        },
    ))
}

/// A reply markup as TL `ReplyMarkup`.
pub(crate) fn markup(markup: &ReplyMarkup) -> enums::ReplyMarkup {
    match markup {
        ReplyMarkup::Inline { rows } => {
            let mut button_id = 0;
            let rows = rows
                .iter()
                .map(|row| {
                    let buttons = row
                        .iter()
                        .map(|b| {
                            button_id += 1;
                            enums::KeyboardInlineButton::Button(types::KeyboardInlineButton {
                                style: button_style(
                                    b.style.as_deref(),
                                    b.icon_custom_emoji_id.as_deref(),
                                ),
                                text: b.text.clone(),
                                r#type: inline_type(&b.action, button_id),
                            })
                        })
                        .collect();
                    enums::KeyboardInlineButtonRow::Row(types::KeyboardInlineButtonRow { buttons })
                })
                .collect();
            enums::ReplyMarkup::ReplyInlineMarkup(types::ReplyInlineMarkup {
                force_reply: false,
                rows,
            })
        }
        ReplyMarkup::Keyboard(keyboard) => {
            let rows = keyboard
                .rows
                .iter()
                .map(|row| {
                    enums::KeyboardButtonRow::Row(types::KeyboardButtonRow {
                        buttons: row.iter().map(keyboard_button).collect(),
                    })
                })
                .collect();
            enums::ReplyMarkup::ReplyKeyboardMarkup(types::ReplyKeyboardMarkup {
                resize: keyboard.resize,
                single_use: keyboard.one_time,
                selective: keyboard.selective,
                persistent: keyboard.is_persistent,
                force_reply: false,
                rows,
                placeholder: keyboard.placeholder.clone(),
            })
        }
        ReplyMarkup::Remove { selective } => {
            enums::ReplyMarkup::ReplyKeyboardHide(types::ReplyKeyboardHide {
                selective: *selective,
            })
        }
        ReplyMarkup::ForceReply {
            placeholder,
            selective,
        } => enums::ReplyMarkup::ReplyKeyboardForceReply(types::ReplyKeyboardForceReply {
            single_use: false,
            selective: *selective,
            placeholder: placeholder.clone(),
        }),
    }
}

fn inline_type(action: &InlineAction, button_id: i32) -> enums::InlineButtonType {
    use enums::InlineButtonType as T;
    match action {
        InlineAction::Url { url } => T::Url(types::InlineButtonTypeUrl { url: url.clone() }),
        InlineAction::Callback { data } => T::Callback(types::InlineButtonTypeCallback {
            requires_password: false,
            data: data.as_bytes().to_vec(),
        }),
        InlineAction::WebApp { url } => {
            T::WebView(types::InlineButtonTypeWebView { url: url.clone() })
        }
        InlineAction::LoginUrl {
            url, forward_text, ..
        } => T::UrlAuth(types::InlineButtonTypeUrlAuth {
            fwd_text: forward_text.clone(),
            url: url.clone(),
            button_id,
        }),
        InlineAction::SwitchInline {
            query,
            current_chat,
        } => T::SwitchInline(types::InlineButtonTypeSwitchInline {
            same_peer: *current_chat,
            query: query.clone(),
            peer_types: None,
        }),
        InlineAction::SwitchInlineChosenChat {
            query,
            allow_user_chats,
            allow_bot_chats,
            allow_group_chats,
            allow_channel_chats,
        } => {
            use enums::InlineQueryPeerType as P;
            let mut peer_types = Vec::new();
            if *allow_user_chats {
                peer_types.push(P::Pm);
            }
            if *allow_bot_chats {
                peer_types.push(P::BotPm);
            }
            if *allow_group_chats {
                peer_types.extend([P::Chat, P::Megagroup]);
            }
            if *allow_channel_chats {
                peer_types.push(P::Broadcast);
            }
            T::SwitchInline(types::InlineButtonTypeSwitchInline {
                same_peer: false,
                query: query.clone().unwrap_or_default(),
                peer_types: Some(peer_types),
            })
        }
        InlineAction::CopyText { text } => T::Copy(types::InlineButtonTypeCopy {
            copy_text: text.clone(),
        }),
        InlineAction::CallbackGame => T::Game,
        InlineAction::Pay => T::Buy,
    }
}

fn request_peer(button_id: i32, peer_type: enums::RequestPeerType, max: i32) -> enums::ButtonType {
    enums::ButtonType::RequestPeer(types::ButtonTypeRequestPeer {
        button_id,
        peer_type,
        max_quantity: max,
    })
}

fn keyboard_button(button: &KeyboardButton) -> enums::KeyboardButton {
    use enums::ButtonType as T;
    let kind = match &button.action {
        KeyboardAction::Text => T::Default,
        KeyboardAction::RequestContact => T::RequestPhone,
        KeyboardAction::RequestLocation => T::RequestGeoLocation,
        KeyboardAction::RequestPoll { poll_type } => T::RequestPoll(types::ButtonTypeRequestPoll {
            quiz: poll_type.as_deref().map(|t| t == "quiz"),
        }),
        KeyboardAction::WebApp { url } => {
            T::SimpleWebView(types::ButtonTypeSimpleWebView { url: url.clone() })
        }
        KeyboardAction::RequestUsers { request_id, params } => {
            let max = params
                .get("max_quantity")
                .and_then(Value::as_i64)
                .unwrap_or(1);
            let user = enums::RequestPeerType::User(types::RequestPeerTypeUser {
                bot: None,
                premium: None,
            });
            request_peer(*request_id, user, int(max))
        }
        KeyboardAction::RequestChat { request_id, params } => {
            let channel = params
                .get("chat_is_channel")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let chat = if channel {
                enums::RequestPeerType::Broadcast(types::RequestPeerTypeBroadcast {
                    creator: false,
                    has_username: None,
                    user_admin_rights: None,
                    bot_admin_rights: None,
                })
            } else {
                enums::RequestPeerType::Chat(types::RequestPeerTypeChat {
                    creator: false,
                    bot_participant: false,
                    has_username: None,
                    forum: None,
                    user_admin_rights: None,
                    bot_admin_rights: None,
                })
            };
            request_peer(*request_id, chat, 1)
        }
    };
    enums::KeyboardButton::Button(types::KeyboardButton {
        style: button_style(
            button.style.as_deref(),
            button.icon_custom_emoji_id.as_deref(),
        ),
        text: button.text.clone(),
        r#type: kind,
    })
}

#[cfg(test)]
mod tests {
    //! The objects the integration transcript (`crates/gramd/tests/integration/golden`)
    //! cannot reach through the APIs yet, checked as the JSON edge would show them.

    use gramd_core::ids::{GroupId, MessageId};
    use gramd_tl::Schema;
    use grammers_tl_types::Serializable;
    use serde_json::json;

    use super::*;

    fn no_photo(_: &gramd_core::media::Photo) -> enums::Photo {
        enums::Photo::Empty(types::PhotoEmpty { id: 0 })
    }

    fn json_of(ty: &str, value: &impl Serializable) -> Value {
        Schema::layer_230()
            .decode(ty, &value.to_bytes())
            .unwrap_or_else(|e| panic!("{ty} does not decode: {e}"))
    }

    #[test]
    fn service_actions_without_an_api_to_cause_them() {
        let title = ServiceAction::TitleChanged {
            title: "New".into(),
        };
        assert_eq!(
            json_of("MessageAction", &service_action(&title, false, no_photo)),
            json!({"_": "messageActionChatEditTitle", "title": "New"})
        );
        assert_eq!(
            json_of(
                "MessageAction",
                &service_action(&ServiceAction::MemberJoined, false, no_photo)
            ),
            json!({"_": "messageActionChatJoinedByRequest"})
        );
    }

    #[test]
    fn forward_headers_of_hidden_users_and_chats() {
        let hidden = ForwardOrigin::HiddenUser {
            sender_name: "Someone".into(),
            date: 1_700_000_000,
        };
        assert_eq!(
            json_of("MessageFwdHeader", &forward_header(&hidden)),
            json!({"_": "messageFwdHeader", "from_name": "Someone", "date": 1_700_000_000})
        );
        let chat = ForwardOrigin::Chat {
            chat: Peer::Group(GroupId(7)),
            author_signature: Some("Ann".into()),
            date: 5,
        };
        assert_eq!(
            json_of("MessageFwdHeader", &forward_header(&chat)),
            json!({"_": "messageFwdHeader", "from_id": {"_": "peerChat", "chat_id": "7"},
                   "date": 5, "post_author": "Ann"})
        );
        let unsigned = ForwardOrigin::Channel {
            chat: Peer::Channel(ChannelId(9)),
            message_id: MessageId(3),
            author_signature: None,
            date: 5,
        };
        assert_eq!(
            json_of("MessageFwdHeader", &forward_header(&unsigned)),
            json!({"_": "messageFwdHeader", "from_id": {"_": "peerChannel", "channel_id": "9"},
                   "date": 5, "channel_post": 3})
        );
    }

    #[test]
    fn phone_entities_and_numbers_out_of_int_range() {
        let phone = MessageEntity {
            kind: EntityKind::PhoneNumber,
            offset: 2,
            length: u32::MAX,
        };
        assert_eq!(
            json_of("MessageEntity", &entity(&phone)),
            json!({"_": "messageEntityPhone", "offset": 2, "length": i32::MAX})
        );
        assert_eq!(int(i64::MIN), i32::MIN);
        assert_eq!(int(-5i64), -5);
        assert_eq!(int(1u32 << 31), i32::MAX);
    }
}
