//! Building TL objects (as the codec's JSON) from core objects, as one user sees them.
//!
//! The JSON is encoded by the schema-driven codec, which checks every field against layer
//! 230, so a mistake here is an encoding error in tests rather than bytes a client
//! misreads. Access hashes are per viewer, as in Telegram: a keyed hash of the viewer and
//! the peer, checked when a client refers to the peer again.

use base64::Engine as _;
use gramd_core::chats::{Chat, ChatKind, Member};
use gramd_core::ids::{BoxId, ChannelId, Peer, UserId};
use gramd_core::markup::{InlineAction, KeyboardAction, KeyboardButton, ReplyMarkup};
use gramd_core::messages::{Content, ForwardOrigin, Message, ServiceAction};
use gramd_core::text::{EntityKind, MessageEntity};
use gramd_core::users::User;
use gramd_core::{Core, CoreResult, Mentioned};
use serde_json::{Map, Value, json};

/// Domain tags keeping user and channel access hashes apart.
const USER_HASH: i64 = 0;
const CHANNEL_HASH: i64 = 1;

/// One user's view of the world.
#[derive(Clone, Copy)]
pub(crate) struct View<'a> {
    pub(crate) core: &'a Core,
    pub(crate) me: &'a User,
}

/// A TL object under construction: `"_"` then fields, optional ones only when set.
pub(crate) struct Obj(Map<String, Value>);

impl Obj {
    pub(crate) fn new(constructor: &str) -> Self {
        let mut map = Map::new();
        map.insert("_".into(), Value::String(constructor.into()));
        Self(map)
    }

    pub(crate) fn set(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.0.insert(key.into(), value.into());
        self
    }

    pub(crate) fn opt(self, key: &str, value: Option<impl Into<Value>>) -> Self {
        match value {
            Some(v) => self.set(key, v),
            None => self,
        }
    }

    /// A `true` flag, present only when set.
    pub(crate) fn flag(self, key: &str, on: bool) -> Self {
        if on { self.set(key, true) } else { self }
    }

    pub(crate) fn build(self) -> Value {
        Value::Object(self.0)
    }
}

/// `bytes` in the codec's JSON form.
pub(crate) fn bytes(data: &[u8]) -> Value {
    Value::String(base64::engine::general_purpose::STANDARD.encode(data))
}

/// The TL `Peer` of a core peer.
pub(crate) fn peer(peer: Peer) -> Value {
    match peer {
        Peer::User(UserId(id)) => Obj::new("peerUser").set("user_id", id).build(),
        Peer::Group(g) => Obj::new("peerChat").set("chat_id", g.0).build(),
        Peer::Channel(c) => Obj::new("peerChannel").set("channel_id", c.0).build(),
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
    pub(crate) fn user(&self, user: &User) -> Value {
        let is_self = user.id == self.me.id;
        let mut obj = Obj::new("user")
            .flag("self", is_self)
            .flag("bot", user.is_bot())
            .set("id", user.id.0)
            .set("access_hash", self.user_hash(user.id))
            .set("first_name", user.first_name.clone())
            .opt("last_name", user.last_name.clone())
            .opt("username", user.username.clone())
            .opt("phone", user.phone.clone().filter(|_| is_self));
        if let Some(info) = &user.bot {
            obj = obj
                .flag("bot_nochats", !info.can_join_groups)
                .flag("bot_chat_history", info.can_read_all_group_messages)
                .flag("bot_has_main_app", info.has_main_web_app)
                .flag("bot_business", info.can_connect_to_business)
                .set("bot_info_version", 1);
            if info.supports_inline_queries {
                obj = obj.set("bot_inline_placeholder", "");
            }
        } else {
            obj = obj.set("status", Obj::new("userStatusRecently").build());
        }
        obj.build()
    }

    /// `chat` or `channel`, with the viewer's membership.
    pub(crate) fn chat(&self, chat: &Chat, me: Option<&Member>, count: u32) -> Value {
        let is_member = me.is_some_and(|m| m.status.is_member());
        let creator = me.is_some_and(|m| m.status == gramd_core::chats::MemberStatus::Creator);
        let count = i64::from(count);
        match chat.peer {
            Peer::Group(g) => {
                if !is_member && me.is_none() {
                    return Obj::new("chatForbidden")
                        .set("id", g.0)
                        .set("title", chat.title.clone())
                        .build();
                }
                Obj::new("chat")
                    .flag("creator", creator)
                    .flag("left", !is_member)
                    .set("id", g.0)
                    .set("title", chat.title.clone())
                    .set("photo", Obj::new("chatPhotoEmpty").build())
                    .set("participants_count", count)
                    .set("date", chat.date)
                    .set("version", 1)
                    .build()
            }
            Peer::Channel(c) => Obj::new("channel")
                .flag("creator", creator)
                .flag("left", !is_member)
                .flag("broadcast", chat.kind == ChatKind::Channel)
                .flag("megagroup", chat.kind == ChatKind::Supergroup)
                .set("id", c.0)
                .set("access_hash", self.channel_hash(c))
                .set("title", chat.title.clone())
                .opt("username", chat.username.clone())
                .set("photo", Obj::new("chatPhotoEmpty").build())
                .set("date", chat.date)
                .set("participants_count", count)
                .build(),
            Peer::User(_) => Value::Null,
        }
    }

    /// A message (`message` or `messageService`).
    pub(crate) fn message(&self, msg: &Message, broadcast: bool) -> Value {
        let out = match msg.box_id {
            BoxId::User(owner) => msg.from == Some(owner),
            BoxId::Channel(_) => msg.from == Some(self.me.id) && !broadcast,
        };
        let from = if broadcast {
            None
        } else {
            msg.from.map(|id| peer(Peer::User(id)))
        };
        let reply_to = msg.reply_to.map(|id| {
            Obj::new("messageReplyHeader")
                .set("reply_to_msg_id", id.0)
                .build()
        });
        match &msg.content {
            Content::Text { text, entities, .. } => Obj::new("message")
                .flag("out", out)
                .flag("silent", msg.silent)
                .flag("post", broadcast)
                .flag("noforwards", msg.noforwards)
                .set("id", msg.id.0)
                .opt("from_id", from)
                .set("peer_id", peer(msg.peer))
                .opt("fwd_from", msg.forward.as_ref().map(forward_header))
                .opt("reply_to", reply_to)
                .set("date", msg.date)
                .set("message", text.clone())
                .opt("reply_markup", msg.reply_markup.as_ref().map(markup))
                .opt(
                    "entities",
                    (!entities.is_empty()).then(|| self::entities(entities)),
                )
                .opt("edit_date", msg.edit_date)
                .build(),
            Content::Service(action) => Obj::new("messageService")
                .flag("out", out)
                .flag("silent", msg.silent)
                .flag("post", broadcast)
                .set("id", msg.id.0)
                .opt("from_id", from)
                .set("peer_id", peer(msg.peer))
                .opt("reply_to", reply_to)
                .set("date", msg.date)
                .set("action", service_action(action))
                .build(),
        }
    }

    /// The `users` and `chats` vectors that go with some messages and peers.
    pub(crate) async fn users_and_chats(
        &self,
        messages: &[Message],
        extra: impl IntoIterator<Item = Peer>,
    ) -> CoreResult<(Vec<Value>, Vec<Value>)> {
        let mentioned = self.core.mentioned(messages, extra).await?;
        self.mentioned(&mentioned).await
    }

    /// The `users` and `chats` vectors of what some messages refer to.
    pub(crate) async fn mentioned(
        &self,
        mentioned: &Mentioned,
    ) -> CoreResult<(Vec<Value>, Vec<Value>)> {
        let users = mentioned.users.iter().map(|u| self.user(u)).collect();
        let mut chats = Vec::with_capacity(mentioned.chats.len());
        for chat in &mentioned.chats {
            chats.push(self.chat_for_me(chat).await?);
        }
        Ok((users, chats))
    }

    /// An `updates` container: `updates` plus the users and chats of `messages` and
    /// `peers`.
    pub(crate) async fn updates(
        &self,
        updates: Vec<Value>,
        messages: &[Message],
        peers: impl IntoIterator<Item = Peer>,
    ) -> CoreResult<Value> {
        let (users, chats) = self.users_and_chats(messages, peers).await?;
        Ok(Obj::new("updates")
            .set("updates", updates)
            .set("users", users)
            .set("chats", chats)
            .set("date", self.core.now())
            .set("seq", 0)
            .build())
    }

    /// A chat with the viewer's membership looked up.
    pub(crate) async fn chat_for_me(&self, chat: &Chat) -> CoreResult<Value> {
        let standing = self.core.standing(self.me.id, chat.peer).await?;
        Ok(self.chat(chat, standing.membership.as_ref(), standing.member_count))
    }
}

fn forward_header(origin: &ForwardOrigin) -> Value {
    match origin {
        ForwardOrigin::User { sender, date } => Obj::new("messageFwdHeader")
            .set("from_id", peer(Peer::User(*sender)))
            .set("date", *date)
            .build(),
        ForwardOrigin::HiddenUser { sender_name, date } => Obj::new("messageFwdHeader")
            .set("from_name", sender_name.clone())
            .set("date", *date)
            .build(),
        ForwardOrigin::Channel {
            chat,
            message_id,
            author_signature,
            date,
        } => Obj::new("messageFwdHeader")
            .set("from_id", peer(*chat))
            .set("date", *date)
            .set("channel_post", message_id.0)
            .opt("post_author", author_signature.clone())
            .build(),
        ForwardOrigin::Chat {
            chat,
            author_signature,
            date,
        } => Obj::new("messageFwdHeader")
            .set("from_id", peer(*chat))
            .set("date", *date)
            .opt("post_author", author_signature.clone())
            .build(),
    }
}

fn service_action(action: &ServiceAction) -> Value {
    match action {
        ServiceAction::GroupCreated { title, users } => Obj::new("messageActionChatCreate")
            .set("title", title.clone())
            .set("users", users.iter().map(|u| u.0).collect::<Vec<_>>())
            .build(),
        ServiceAction::ChannelCreated { title, .. } => Obj::new("messageActionChannelCreate")
            .set("title", title.clone())
            .build(),
        ServiceAction::MembersAdded { users } => Obj::new("messageActionChatAddUser")
            .set("users", users.iter().map(|u| u.0).collect::<Vec<_>>())
            .build(),
        ServiceAction::MemberJoined => Obj::new("messageActionChatJoinedByRequest").build(),
        ServiceAction::MemberLeft { user } => Obj::new("messageActionChatDeleteUser")
            .set("user_id", user.0)
            .build(),
        ServiceAction::TitleChanged { title } => Obj::new("messageActionChatEditTitle")
            .set("title", title.clone())
            .build(),
    }
}

/// Entities as TL `MessageEntity` objects.
pub(crate) fn entities(entities: &[MessageEntity]) -> Value {
    Value::Array(entities.iter().map(entity).collect())
}

fn entity(e: &MessageEntity) -> Value {
    let plain = |name: &str| {
        Obj::new(name)
            .set("offset", e.offset)
            .set("length", e.length)
            .build()
    };
    match &e.kind {
        EntityKind::Mention => plain("messageEntityMention"),
        EntityKind::Hashtag => plain("messageEntityHashtag"),
        EntityKind::Cashtag => plain("messageEntityCashtag"),
        EntityKind::BotCommand => plain("messageEntityBotCommand"),
        EntityKind::Url => plain("messageEntityUrl"),
        EntityKind::Email => plain("messageEntityEmail"),
        EntityKind::PhoneNumber => plain("messageEntityPhone"),
        EntityKind::Bold => plain("messageEntityBold"),
        EntityKind::Italic => plain("messageEntityItalic"),
        EntityKind::Underline => plain("messageEntityUnderline"),
        EntityKind::Strikethrough => plain("messageEntityStrike"),
        EntityKind::Spoiler => plain("messageEntitySpoiler"),
        EntityKind::Code => plain("messageEntityCode"),
        EntityKind::Blockquote => plain("messageEntityBlockquote"),
        EntityKind::ExpandableBlockquote => Obj::new("messageEntityBlockquote")
            .flag("collapsed", true)
            .set("offset", e.offset)
            .set("length", e.length)
            .build(),
        EntityKind::Pre { language } => Obj::new("messageEntityPre")
            .set("offset", e.offset)
            .set("length", e.length)
            .set("language", language.clone().unwrap_or_default())
            .build(),
        EntityKind::TextLink { url } => Obj::new("messageEntityTextUrl")
            .set("offset", e.offset)
            .set("length", e.length)
            .set("url", url.clone())
            .build(),
        EntityKind::TextMention { user_id } => Obj::new("messageEntityMentionName")
            .set("offset", e.offset)
            .set("length", e.length)
            .set("user_id", *user_id)
            .build(),
        EntityKind::CustomEmoji { custom_emoji_id } => Obj::new("messageEntityCustomEmoji")
            .set("offset", e.offset)
            .set("length", e.length)
            .set(
                "document_id",
                custom_emoji_id.parse::<i64>().unwrap_or_default(),
            )
            .build(),
        EntityKind::DateTime {
            unix_time,
            date_time_format,
        } => {
            let format = date_time_format.as_deref().unwrap_or_default();
            Obj::new("messageEntityFormattedDate")
                .flag("relative", format.eq_ignore_ascii_case("r"))
                .flag("short_time", format.contains('t'))
                .flag("long_time", format.contains('T'))
                .flag("short_date", format.contains('d'))
                .flag("long_date", format.contains('D'))
                .flag("day_of_week", format.contains(['w', 'W']))
                .set("offset", e.offset)
                .set("length", e.length)
                .set("date", *unix_time)
                .build()
        }
    }
}

fn button_style(style: Option<&str>, icon: Option<&str>) -> Option<Value> {
    let icon = icon.and_then(|i| i.parse::<i64>().ok());
    if style.is_none() && icon.is_none() {
        return None;
    }
    Some(
        Obj::new("keyboardButtonStyle")
            .flag("bg_primary", style == Some("primary"))
            .flag("bg_danger", style == Some("danger"))
            .flag("bg_success", style == Some("success"))
            .opt("icon", icon)
            .build(),
    )
}

/// A reply markup as TL `ReplyMarkup`.
pub(crate) fn markup(markup: &ReplyMarkup) -> Value {
    match markup {
        ReplyMarkup::Inline { rows } => {
            let mut button_id = 0;
            let rows: Vec<Value> = rows
                .iter()
                .map(|row| {
                    let buttons: Vec<Value> = row
                        .iter()
                        .map(|b| {
                            button_id += 1;
                            Obj::new("keyboardInlineButton")
                                .opt(
                                    "style",
                                    button_style(
                                        b.style.as_deref(),
                                        b.icon_custom_emoji_id.as_deref(),
                                    ),
                                )
                                .set("text", b.text.clone())
                                .set("type", inline_type(&b.action, button_id))
                                .build()
                        })
                        .collect();
                    Obj::new("keyboardInlineButtonRow")
                        .set("buttons", buttons)
                        .build()
                })
                .collect();
            Obj::new("replyInlineMarkup").set("rows", rows).build()
        }
        ReplyMarkup::Keyboard(keyboard) => {
            let rows: Vec<Value> = keyboard
                .rows
                .iter()
                .map(|row| {
                    let buttons: Vec<Value> = row.iter().map(keyboard_button).collect();
                    Obj::new("keyboardButtonRow")
                        .set("buttons", buttons)
                        .build()
                })
                .collect();
            Obj::new("replyKeyboardMarkup")
                .flag("resize", keyboard.resize)
                .flag("single_use", keyboard.one_time)
                .flag("selective", keyboard.selective)
                .flag("persistent", keyboard.is_persistent)
                .set("rows", rows)
                .opt("placeholder", keyboard.placeholder.clone())
                .build()
        }
        ReplyMarkup::Remove { selective } => Obj::new("replyKeyboardHide")
            .flag("selective", *selective)
            .build(),
        ReplyMarkup::ForceReply {
            placeholder,
            selective,
        } => Obj::new("replyKeyboardForceReply")
            .flag("selective", *selective)
            .opt("placeholder", placeholder.clone())
            .build(),
    }
}

fn inline_type(action: &InlineAction, button_id: i32) -> Value {
    match action {
        InlineAction::Url { url } => Obj::new("inlineButtonTypeUrl")
            .set("url", url.clone())
            .build(),
        InlineAction::Callback { data } => Obj::new("inlineButtonTypeCallback")
            .set("data", bytes(data.as_bytes()))
            .build(),
        InlineAction::WebApp { url } => Obj::new("inlineButtonTypeWebView")
            .set("url", url.clone())
            .build(),
        InlineAction::LoginUrl {
            url, forward_text, ..
        } => Obj::new("inlineButtonTypeUrlAuth")
            .opt("fwd_text", forward_text.clone())
            .set("url", url.clone())
            .set("button_id", button_id)
            .build(),
        InlineAction::SwitchInline {
            query,
            current_chat,
        } => Obj::new("inlineButtonTypeSwitchInline")
            .flag("same_peer", *current_chat)
            .set("query", query.clone())
            .build(),
        InlineAction::SwitchInlineChosenChat {
            query,
            allow_user_chats,
            allow_bot_chats,
            allow_group_chats,
            allow_channel_chats,
        } => {
            let mut types = Vec::new();
            if *allow_user_chats {
                types.push(json!({"_": "inlineQueryPeerTypePM"}));
            }
            if *allow_bot_chats {
                types.push(json!({"_": "inlineQueryPeerTypeBotPM"}));
            }
            if *allow_group_chats {
                types.push(json!({"_": "inlineQueryPeerTypeChat"}));
                types.push(json!({"_": "inlineQueryPeerTypeMegagroup"}));
            }
            if *allow_channel_chats {
                types.push(json!({"_": "inlineQueryPeerTypeBroadcast"}));
            }
            Obj::new("inlineButtonTypeSwitchInline")
                .set("query", query.clone().unwrap_or_default())
                .set("peer_types", types)
                .build()
        }
        InlineAction::CopyText { text } => Obj::new("inlineButtonTypeCopy")
            .set("copy_text", text.clone())
            .build(),
        InlineAction::CallbackGame => Obj::new("inlineButtonTypeGame").build(),
        InlineAction::Pay => Obj::new("inlineButtonTypeBuy").build(),
    }
}

fn keyboard_button(button: &KeyboardButton) -> Value {
    let kind = match &button.action {
        KeyboardAction::Text => Obj::new("buttonTypeDefault").build(),
        KeyboardAction::RequestContact => Obj::new("buttonTypeRequestPhone").build(),
        KeyboardAction::RequestLocation => Obj::new("buttonTypeRequestGeoLocation").build(),
        KeyboardAction::RequestPoll { poll_type } => Obj::new("buttonTypeRequestPoll")
            .opt("quiz", poll_type.as_deref().map(|t| t == "quiz"))
            .build(),
        KeyboardAction::WebApp { url } => Obj::new("buttonTypeSimpleWebView")
            .set("url", url.clone())
            .build(),
        KeyboardAction::RequestUsers { request_id, params } => {
            let max = params
                .get("max_quantity")
                .and_then(Value::as_i64)
                .unwrap_or(1);
            Obj::new("buttonTypeRequestPeer")
                .set("button_id", *request_id)
                .set("peer_type", Obj::new("requestPeerTypeUser").build())
                .set("max_quantity", max)
                .build()
        }
        KeyboardAction::RequestChat { request_id, params } => {
            let channel = params
                .get("chat_is_channel")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let peer_type = if channel {
                "requestPeerTypeBroadcast"
            } else {
                "requestPeerTypeChat"
            };
            Obj::new("buttonTypeRequestPeer")
                .set("button_id", *request_id)
                .set("peer_type", Obj::new(peer_type).build())
                .set("max_quantity", 1)
                .build()
        }
    };
    Obj::new("keyboardButton")
        .opt(
            "style",
            button_style(
                button.style.as_deref(),
                button.icon_custom_emoji_id.as_deref(),
            ),
        )
        .set("text", button.text.clone())
        .set("type", kind)
        .build()
}
