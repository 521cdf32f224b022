//! Rendering core objects as Bot API objects, from one bot's point of view: those several
//! areas answer with (users, chats, messages, chat members, updates).

use gramd_core::attachments;
use gramd_core::chats::{AdminRights, ChatKind, Member, MemberStatus, Permissions};
use gramd_core::ids::{BoxId, Peer, UserId};
use gramd_core::inline::InlineChatType;
use gramd_core::invites::InviteLink;
use gramd_core::markup::{InlineAction, InlineButton, ReplyMarkup};
use gramd_core::messages::{Content, ForwardOrigin, LinkPreview, Message, ServiceAction};
use gramd_core::polls;
use gramd_core::reactions::Reaction;
use gramd_core::text::{EntityKind, MessageEntity};
use gramd_core::updates::{
    BotUpdate, CallbackQuery, JoinRequestUpdate, MemberUpdate, QueuedUpdate,
};
use gramd_core::users::User as CoreUser;
use gramd_core::{ChatView, Core, CoreError, CoreResult, Mentioned};

use crate::media::MediaRenderer;
use serde_json::{Value, json};

use crate::types::{
    self, AdministratorRights, BusinessConnection, BusinessMessagesDeleted,
    CallbackQuery as ApiCallbackQuery, Chat, ChatInviteLink, ChatJoinRequest, ChatMember,
    ChatMemberUpdated, ChosenInlineResult, Contact, Dice, Empty, ForumTopicCreated,
    ForumTopicEdited, InlineKeyboardMarkup, InlineQuery, LinkPreviewOptions, Location,
    MaybeInaccessibleMessage, Message as ApiMessage, MessageEntity as ApiEntity, MessageOrigin,
    MessageReactionCountUpdated, MessageReactionUpdated, Poll, PollAnswer, PollOption,
    ReactionCount, ReactionType, Update, UpdatePayload, User, Venue, WebAppData,
    WriteAccessAllowed,
};

/// Renders for one bot.
pub(crate) struct Renderer<'a> {
    pub(crate) core: &'a Core,
    /// The bot.
    pub(crate) viewer: gramd_core::ids::UserId,
}

/// A user as others see them.
pub(crate) fn user(user: &CoreUser) -> User {
    User {
        id: user.id.0,
        is_bot: user.is_bot(),
        first_name: user.first_name.clone(),
        last_name: user.last_name.clone(),
        username: user.username.clone(),
        language_code: if user.is_bot() {
            None
        } else {
            user.language_code.clone()
        },
        me: None,
    }
}

/// A chat as a `Chat` object.
pub(crate) fn chat(view: &ChatView) -> Chat {
    match view {
        ChatView::User(user) => Chat {
            id: user.id.0,
            kind: "private",
            title: None,
            username: user.username.clone(),
            first_name: Some(user.first_name.clone()),
            last_name: user.last_name.clone(),
            is_forum: false,
        },
        ChatView::Chat(chat) => Chat {
            id: chat.peer.key(),
            kind: types::chat_type(chat.kind),
            title: Some(chat.title.clone()),
            username: chat.username.clone(),
            first_name: None,
            last_name: None,
            is_forum: chat.forum,
        },
    }
}

/// One inline button as JSON (`InlineKeyboardButton`).
fn inline_button(button: &InlineButton) -> Value {
    let mut obj = serde_json::Map::new();
    obj.insert("text".into(), json!(button.text));
    if let Some(id) = &button.icon_custom_emoji_id {
        obj.insert("icon_custom_emoji_id".into(), json!(id));
    }
    if let Some(style) = &button.style {
        obj.insert("style".into(), json!(style));
    }
    let (key, value) = match &button.action {
        InlineAction::Url { url } => ("url", json!(url)),
        InlineAction::Callback { data } => ("callback_data", json!(data)),
        InlineAction::WebApp { url } => ("web_app", json!({ "url": url })),
        InlineAction::LoginUrl {
            url,
            forward_text,
            bot_username,
            request_write_access,
        } => {
            let mut login = serde_json::Map::new();
            login.insert("url".into(), json!(url));
            if let Some(text) = forward_text {
                login.insert("forward_text".into(), json!(text));
            }
            if let Some(name) = bot_username {
                login.insert("bot_username".into(), json!(name));
            }
            if *request_write_access {
                login.insert("request_write_access".into(), json!(true));
            }
            ("login_url", Value::Object(login))
        }
        InlineAction::SwitchInline {
            query,
            current_chat: false,
        } => ("switch_inline_query", json!(query)),
        InlineAction::SwitchInline {
            query,
            current_chat: true,
        } => ("switch_inline_query_current_chat", json!(query)),
        InlineAction::SwitchInlineChosenChat {
            query,
            allow_user_chats,
            allow_bot_chats,
            allow_group_chats,
            allow_channel_chats,
        } => {
            let mut chosen = serde_json::Map::new();
            if let Some(q) = query {
                chosen.insert("query".into(), json!(q));
            }
            for (name, on) in [
                ("allow_user_chats", allow_user_chats),
                ("allow_bot_chats", allow_bot_chats),
                ("allow_group_chats", allow_group_chats),
                ("allow_channel_chats", allow_channel_chats),
            ] {
                if *on {
                    chosen.insert(name.into(), json!(true));
                }
            }
            ("switch_inline_query_chosen_chat", Value::Object(chosen))
        }
        InlineAction::CopyText { text } => ("copy_text", json!({ "text": text })),
        InlineAction::CallbackGame => ("callback_game", json!({})),
        InlineAction::Pay => ("pay", json!(true)),
    };
    obj.insert(key.into(), value);
    Value::Object(obj)
}

fn render_link_preview(options: &LinkPreview) -> LinkPreviewOptions {
    LinkPreviewOptions {
        is_disabled: options.is_disabled,
        url: options.url.clone(),
        prefer_small_media: options.prefer_small_media,
        prefer_large_media: options.prefer_large_media,
        show_above_text: options.show_above_text,
    }
}

fn entity_base(kind: &'static str, entity: &MessageEntity) -> ApiEntity {
    ApiEntity {
        kind,
        offset: entity.offset,
        length: entity.length,
        url: None,
        user: None,
        language: None,
        custom_emoji_id: None,
        unix_time: None,
        date_time_format: None,
    }
}

/// Administrator rights as the Bot API shows them in a chat of `kind` (the fields of other
/// kinds of chat left out).
pub(crate) fn admin_rights(r: AdminRights, kind: ChatKind) -> AdministratorRights {
    let channel = kind == ChatKind::Channel;
    AdministratorRights {
        can_manage_chat: r.can_manage_chat,
        can_change_info: r.can_change_info,
        can_post_messages: channel.then_some(r.can_post_messages),
        can_edit_messages: channel.then_some(r.can_edit_messages),
        can_delete_messages: r.can_delete_messages,
        can_invite_users: r.can_invite_users,
        can_restrict_members: r.can_restrict_members,
        can_pin_messages: (!channel).then_some(r.can_pin_messages),
        can_manage_topics: (kind == ChatKind::Supergroup).then_some(r.can_manage_topics),
        can_promote_members: r.can_promote_members,
        can_manage_video_chats: r.can_manage_video_chats,
        can_post_stories: r.can_post_stories,
        can_edit_stories: r.can_edit_stories,
        can_delete_stories: r.can_delete_stories,
        can_send_welcome_messages: r.can_send_welcome_messages,
        can_manage_direct_messages: channel.then_some(r.can_manage_direct_messages),
        can_manage_tags: (!channel).then_some(r.can_manage_tags),
        is_anonymous: r.is_anonymous,
    }
}

/// A membership record as `viewer` sees it: an administrator it promoted is one it may
/// edit; a restricted user shows its permissions, in the chat or not.
fn member_kind(member: &Member, user: User, kind: ChatKind, viewer: UserId) -> ChatMember {
    match member.status {
        MemberStatus::Creator => ChatMember::Creator {
            user,
            is_anonymous: member.rights.is_anonymous,
            custom_title: member.custom_title.clone(),
        },
        MemberStatus::Administrator => ChatMember::Administrator {
            user,
            can_be_edited: member.promoted_by == Some(viewer),
            rights: admin_rights(member.rights, kind),
            custom_title: member.custom_title.clone(),
        },
        MemberStatus::Restricted | MemberStatus::Left
            if member.permissions.is_some() && kind == ChatKind::Supergroup =>
        {
            ChatMember::Restricted {
                tag: member.custom_title.clone(),
                user,
                is_member: member.status.is_member(),
                permissions: member.permissions.unwrap_or_else(Permissions::all).into(),
                until_date: member.until_date,
            }
        }
        MemberStatus::Member | MemberStatus::Restricted => ChatMember::Member {
            tag: member.custom_title.clone(),
            user,
            until_date: None,
        },
        MemberStatus::Left => ChatMember::Left { user },
        MemberStatus::Kicked => ChatMember::Kicked {
            user,
            until_date: member.until_date,
        },
    }
}

impl Renderer<'_> {
    /// Renders files for the same bot.
    pub(crate) fn media(&self) -> crate::media::MediaRenderer<'_> {
        crate::media::MediaRenderer {
            core: self.core,
            viewer: self.viewer,
        }
    }

    pub(crate) async fn user(&self, id: UserId) -> CoreResult<User> {
        Ok(user(&*self.core.user(id).await?))
    }

    /// The chat of a peer (without visibility checks: the bot already has a message there).
    async fn chat_view(&self, peer: Peer) -> CoreResult<ChatView> {
        Ok(match peer {
            Peer::User(id) => ChatView::User(self.core.user(id).await?),
            _ => ChatView::Chat(self.core.chat(peer).await?),
        })
    }

    /// The `Chat` of a peer (without visibility checks: the bot already has a message there).
    pub(crate) async fn chat(&self, peer: Peer) -> CoreResult<Chat> {
        Ok(chat(&self.chat_view(peer).await?))
    }

    /// A message, with the message it replies to (one level deep, as Telegram does) or,
    /// for a pin, the message it pins; rendered from what [`Core::message_view`] loads for
    /// this bot: the messages and the users and chats they refer to.
    pub(crate) async fn message(&self, msg: &Message) -> CoreResult<ApiMessage> {
        let view = self.core.message_view(self.viewer, msg).await?;
        let media = self.media();
        let mut out = render_message(msg, &view.mentioned, &media)?;
        let replied = match &view.replied {
            Some(replied) => Some(render_message(replied, &view.mentioned, &media)?),
            None => None,
        };
        if matches!(msg.content, Content::Service(ServiceAction::Pinned)) {
            // What is left of a pinned message that is gone is its id.
            out.pinned_message = match (replied, msg.reply_to) {
                (Some(pinned), _) => Some(MaybeInaccessibleMessage::Message(Box::new(pinned))),
                (None, Some(id)) => Some(MaybeInaccessibleMessage::Inaccessible {
                    chat: out.chat.clone(),
                    message_id: id.0,
                    date: 0,
                }),
                (None, None) => None,
            };
        } else {
            out.reply_to_message = replied.map(Box::new);
        }
        Ok(out)
    }

    /// A message of a chat a business connection covers: the connected user's copy, as
    /// that user sees it (the reply it quotes is in the user's box), with the connection's
    /// id; its files get this bot's file ids.
    pub(crate) async fn business_message(
        &self,
        connection_id: &str,
        msg: &Message,
    ) -> CoreResult<ApiMessage> {
        let owner = match msg.box_id {
            BoxId::User(owner) => owner,
            BoxId::Channel(_) => self.viewer,
        };
        let view = self.core.message_view(owner, msg).await?;
        let media = self.media();
        let mut out = render_message(msg, &view.mentioned, &media)?;
        if let Some(replied) = &view.replied {
            let mut replied = render_message(replied, &view.mentioned, &media)?;
            replied.business_connection_id = Some(connection_id.to_owned());
            out.reply_to_message = Some(Box::new(replied));
        }
        out.business_connection_id = Some(connection_id.to_owned());
        Ok(out)
    }

    /// A business connection as its bot sees it.
    pub(crate) async fn business_connection(
        &self,
        connection: &gramd_core::business::BusinessConnection,
    ) -> CoreResult<BusinessConnection> {
        Ok(BusinessConnection {
            id: connection.id.clone(),
            user: self.user(connection.user).await?,
            user_chat_id: connection.user.0,
            date: connection.date,
            rights: connection.enabled.then(|| connection.rights.into()),
            is_enabled: connection.enabled,
        })
    }

    /// An invite link as the bot sees it (another administrator's link shortened).
    pub(crate) async fn invite_link(&self, link: &InviteLink) -> CoreResult<ChatInviteLink> {
        Ok(ChatInviteLink {
            invite_link: link.url_seen_by(self.viewer),
            name: link.name.clone(),
            creator: self.user(link.creator).await?,
            expire_date: (link.expire_date != 0).then_some(link.expire_date),
            member_limit: (link.member_limit != 0).then_some(link.member_limit),
            pending_join_request_count: (link.pending_join_requests != 0)
                .then_some(link.pending_join_requests),
            creates_join_request: link.creates_join_request,
            is_primary: link.is_primary,
            is_revoked: link.is_revoked,
        })
    }

    async fn join_request(&self, request: &JoinRequestUpdate) -> CoreResult<ChatJoinRequest> {
        let invite_link = match &request.invite_link {
            Some(link) => Some(self.invite_link(link).await?),
            None => None,
        };
        Ok(ChatJoinRequest {
            chat: self.chat(request.chat).await?,
            from: self.user(request.user).await?,
            user_chat_id: request.user.0,
            date: request.date,
            invite_link,
        })
    }

    /// A membership record as a `ChatMember`.
    pub(crate) async fn member(&self, member: &Member) -> CoreResult<ChatMember> {
        let user = self.user(member.user).await?;
        let kind = match member.chat {
            Peer::User(_) => ChatKind::Group,
            peer => self.core.chat(peer).await?.kind,
        };
        Ok(member_kind(member, user, kind, self.viewer))
    }

    async fn member_update(&self, update: &MemberUpdate) -> CoreResult<ChatMemberUpdated> {
        Ok(ChatMemberUpdated {
            chat: self.chat(update.chat).await?,
            from: self.user(update.actor).await?,
            date: update.date,
            old_chat_member: self.member(&update.old).await?,
            new_chat_member: self.member(&update.new).await?,
            invite_link: match &update.invite_link {
                Some(link) => Some(self.invite_link(link).await?),
                None => None,
            },
            via_join_request: update.via_join_request,
        })
    }

    async fn callback_query(&self, query: &CallbackQuery) -> CoreResult<ApiCallbackQuery> {
        let message = match &query.message {
            Some(msg) => Some(Box::new(self.message(msg).await?)),
            None => None,
        };
        Ok(ApiCallbackQuery {
            id: query.id.clone(),
            from: self.user(query.from).await?,
            message,
            inline_message_id: query.inline_message_id.clone(),
            chat_instance: query.chat_instance.to_string(),
            data: query.data.clone(),
        })
    }

    /// A queued update.
    pub(crate) async fn update(&self, queued: &QueuedUpdate) -> CoreResult<Update> {
        let payload = match &queued.update {
            BotUpdate::Message(m) => UpdatePayload::Message(self.message(m).await?),
            BotUpdate::EditedMessage(m) => {
                if matches!(m.box_id, BoxId::Channel(_)) && self.is_broadcast(m.peer).await? {
                    UpdatePayload::EditedChannelPost(self.message(m).await?)
                } else {
                    UpdatePayload::EditedMessage(self.message(m).await?)
                }
            }
            BotUpdate::ChannelPost(m) => UpdatePayload::ChannelPost(self.message(m).await?),
            BotUpdate::EditedChannelPost(m) => {
                UpdatePayload::EditedChannelPost(self.message(m).await?)
            }
            BotUpdate::CallbackQuery(q) => {
                UpdatePayload::CallbackQuery(self.callback_query(q).await?)
            }
            BotUpdate::InlineQuery(q) => UpdatePayload::InlineQuery(InlineQuery {
                id: q.id.clone(),
                from: self.user(q.from).await?,
                query: q.query.clone(),
                offset: q.offset.clone(),
                chat_type: q.chat_type.map(InlineChatType::bot_api_name),
            }),
            BotUpdate::ChosenInlineResult(c) => {
                UpdatePayload::ChosenInlineResult(ChosenInlineResult {
                    result_id: c.result_id.clone(),
                    from: self.user(c.from).await?,
                    inline_message_id: c.inline_message_id.clone(),
                    query: c.query.clone(),
                })
            }
            BotUpdate::MyChatMember(u) => UpdatePayload::MyChatMember(self.member_update(u).await?),
            BotUpdate::ChatMember(u) => UpdatePayload::ChatMember(self.member_update(u).await?),
            BotUpdate::ChatJoinRequest(r) => {
                UpdatePayload::ChatJoinRequest(self.join_request(r).await?)
            }
            BotUpdate::BusinessConnection(c) => {
                UpdatePayload::BusinessConnection(self.business_connection(c).await?)
            }
            BotUpdate::BusinessMessage(m) => UpdatePayload::BusinessMessage(
                self.business_message(&m.connection_id, &m.message).await?,
            ),
            BotUpdate::EditedBusinessMessage(m) => UpdatePayload::EditedBusinessMessage(
                self.business_message(&m.connection_id, &m.message).await?,
            ),
            BotUpdate::Poll(update) => UpdatePayload::Poll(poll_update(update)),
            BotUpdate::PollAnswer(answer) => {
                let voter = self.core.user(answer.user).await?;
                UpdatePayload::PollAnswer(PollAnswer {
                    poll_id: answer.poll_id.to_string(),
                    user: user(&voter),
                    option_ids: answer.options.clone(),
                    option_persistent_ids: answer.options.iter().map(u8::to_string).collect(),
                })
            }
            BotUpdate::MessageReaction(r) => {
                UpdatePayload::MessageReaction(MessageReactionUpdated {
                    chat: self.chat(r.chat).await?,
                    message_id: r.message_id.0,
                    user: self.user(r.user).await?,
                    date: r.date,
                    old_reaction: r.old.iter().map(reaction_type).collect(),
                    new_reaction: r.new.iter().map(reaction_type).collect(),
                })
            }
            BotUpdate::MessageReactionCount(r) => {
                UpdatePayload::MessageReactionCount(MessageReactionCountUpdated {
                    chat: self.chat(r.chat).await?,
                    message_id: r.message_id.0,
                    date: r.date,
                    reactions: r
                        .counts
                        .iter()
                        .map(|c| ReactionCount {
                            kind: reaction_type(&c.reaction),
                            total_count: c.count,
                        })
                        .collect(),
                })
            }
            BotUpdate::DeletedBusinessMessages(d) => {
                UpdatePayload::DeletedBusinessMessages(BusinessMessagesDeleted {
                    business_connection_id: d.connection_id.clone(),
                    chat: self.chat(d.chat).await?,
                    message_ids: d.ids.iter().map(|id| id.0).collect(),
                })
            }
        };
        Ok(Update {
            update_id: queued.update_id,
            payload,
        })
    }

    async fn is_broadcast(&self, peer: Peer) -> CoreResult<bool> {
        Ok(self.core.chat(peer).await?.kind == ChatKind::Channel)
    }
}

/// A user the core loaded for a message; one it could not find (a deleted account) is
/// shown as Telegram shows those.
/// A reaction as a `ReactionType`.
pub(crate) fn reaction_type(reaction: &Reaction) -> ReactionType {
    match reaction {
        Reaction::Emoji(emoji) => ReactionType::Emoji {
            emoji: emoji.clone(),
        },
        Reaction::CustomEmoji(id) => ReactionType::CustomEmoji {
            custom_emoji_id: id.to_string(),
        },
    }
}

fn mentioned_user(mentioned: &Mentioned, id: UserId) -> User {
    match mentioned.user(id) {
        Some(found) => user(found),
        None => User {
            id: id.0,
            is_bot: false,
            first_name: "Deleted Account".into(),
            last_name: None,
            username: None,
            language_code: None,
            me: None,
        },
    }
}

/// The `Chat` of a peer the core loaded for a message, and whether it is a channel.
fn mentioned_chat(mentioned: &Mentioned, peer: Peer) -> CoreResult<(Chat, bool)> {
    let view = match peer {
        Peer::User(id) => {
            ChatView::User(mentioned.user(id).ok_or(CoreError::ChatNotFound)?.clone())
        }
        _ => ChatView::Chat(mentioned.chat(peer).ok_or(CoreError::ChatNotFound)?.clone()),
    };
    let is_channel = matches!(&view, ChatView::Chat(c) if c.kind == ChatKind::Channel);
    Ok((chat(&view), is_channel))
}

fn entity(entity: &MessageEntity, mentioned: &Mentioned) -> ApiEntity {
    let name = entity.kind.bot_api_name();
    let mut out = entity_base(name, entity);
    match &entity.kind {
        EntityKind::Pre { language } => out.language.clone_from(language),
        EntityKind::TextLink { url } => out.url = Some(url.clone()),
        EntityKind::TextMention { user_id } => {
            out.user = Some(mentioned_user(mentioned, UserId(*user_id)));
        }
        EntityKind::CustomEmoji { custom_emoji_id } => {
            out.custom_emoji_id = Some(custom_emoji_id.clone());
        }
        EntityKind::DateTime {
            unix_time,
            date_time_format,
        } => {
            out.unix_time = Some(*unix_time);
            out.date_time_format.clone_from(date_time_format);
        }
        _ => {}
    }
    out
}

/// A message without `reply_to_message` or `pinned_message`, from what the core loaded
/// for it: a plain function, with no lookups of its own.
fn render_message(
    msg: &Message,
    mentioned: &Mentioned,
    media: &MediaRenderer<'_>,
) -> CoreResult<ApiMessage> {
    let (chat, is_channel_post) = mentioned_chat(mentioned, msg.peer)?;
    let from = match msg.from {
        Some(id) if !is_channel_post => Some(mentioned_user(mentioned, id)),
        _ => None,
    };
    let sender_chat = is_channel_post.then(|| chat.clone());
    let thread = msg.thread();
    let mut out = ApiMessage {
        message_id: msg.id.0,
        message_thread_id: thread.map(|id| id.0),
        is_topic_message: thread.is_some(),
        from,
        sender_chat,
        sender_business_bot: msg
            .via_business_bot
            .map(|bot| mentioned_user(mentioned, bot)),
        date: msg.date,
        business_connection_id: None,
        chat,
        forward_origin: None,
        reply_to_message: None,
        via_bot: msg.via_bot.map(|bot| mentioned_user(mentioned, bot)),
        edit_date: msg.edit_date,
        has_protected_content: msg.noforwards,
        text: None,
        entities: Vec::new(),
        link_preview_options: None,
        media: crate::media::MessageMedia::default(),
        contact: None,
        poll: None,
        dice: None,
        venue: None,
        location: None,
        new_chat_members: None,
        left_chat_member: None,
        new_chat_title: None,
        new_chat_photo: None,
        delete_chat_photo: false,
        group_chat_created: false,
        supergroup_chat_created: false,
        channel_chat_created: false,
        pinned_message: None,
        write_access_allowed: None,
        web_app_data: None,
        forum_topic_created: None,
        forum_topic_edited: None,
        forum_topic_closed: None,
        forum_topic_reopened: None,
        general_forum_topic_hidden: None,
        general_forum_topic_unhidden: None,
        reply_markup: None,
    };
    match &msg.content {
        Content::Text {
            text,
            entities,
            link_preview,
        } => {
            out.text = Some(text.clone());
            out.entities = entities.iter().map(|e| entity(e, mentioned)).collect();
            out.link_preview_options = link_preview.as_ref().map(render_link_preview);
        }
        Content::Media(content) => {
            let caption_entities = content
                .entities
                .iter()
                .map(|e| entity(e, mentioned))
                .collect();
            out.media = media.message_media(content, caption_entities);
        }
        Content::Contact(contact) => out.contact = Some(render_contact(contact)),
        Content::Poll(poll) => {
            // A quiz's answer shows once it is closed, to its sender, and in a private chat.
            let own = match msg.box_id {
                BoxId::User(owner) => owner == poll.creator || matches!(msg.peer, Peer::User(_)),
                BoxId::Channel(_) => false,
            };
            let shown = mentioned.poll(poll.id);
            let closed = shown.is_some_and(|state| state.stopped);
            out.poll = Some(render_poll(
                poll,
                shown,
                closed,
                closed || (own && msg.forward.is_none()),
                mentioned,
            ));
        }
        Content::Location(place) => out.location = Some(render_location(place)),
        Content::Venue(venue) => {
            // A venue comes with its location too, for older bots.
            out.location = Some(render_location(&venue.location));
            out.venue = Some(render_venue(venue));
        }
        Content::Dice(dice) => {
            out.dice = Some(Dice {
                emoji: dice.emoji.clone(),
                value: dice.value,
            });
        }
        Content::Service(action) => match action {
            ServiceAction::GroupCreated { .. } => out.group_chat_created = true,
            ServiceAction::ChannelCreated { broadcast, .. } => {
                if *broadcast {
                    out.channel_chat_created = true;
                } else {
                    out.supergroup_chat_created = true;
                }
            }
            ServiceAction::MembersAdded { users } => {
                out.new_chat_members = Some(
                    users
                        .iter()
                        .map(|&id| mentioned_user(mentioned, id))
                        .collect(),
                );
            }
            ServiceAction::MemberJoined | ServiceAction::JoinedByLink { .. } => {
                if let Some(from) = &out.from {
                    out.new_chat_members = Some(vec![from.clone()]);
                }
            }
            ServiceAction::PhotoChanged { photo } => {
                out.new_chat_photo = Some(media.photo(photo));
            }
            ServiceAction::PhotoDeleted => out.delete_chat_photo = true,
            // `pinned_message` comes from the message view (see `Renderer::message`).
            ServiceAction::Pinned => {}
            ServiceAction::MemberLeft { user } => {
                out.left_chat_member = Some(mentioned_user(mentioned, *user));
            }
            ServiceAction::TitleChanged { title } => out.new_chat_title = Some(title.clone()),
            ServiceAction::BotAllowed {
                from_attachment_menu,
                from_request,
                web_app_name,
            } => {
                out.write_access_allowed = Some(WriteAccessAllowed {
                    from_request: *from_request,
                    web_app_name: web_app_name.clone(),
                    from_attachment_menu: *from_attachment_menu,
                });
            }
            ServiceAction::WebAppData { button_text, data } => {
                out.web_app_data = Some(WebAppData {
                    data: data.clone(),
                    button_text: button_text.clone(),
                });
            }
            ServiceAction::TopicCreated {
                name,
                icon_color,
                icon_emoji_id,
            } => {
                out.forum_topic_created = Some(ForumTopicCreated {
                    name: name.clone(),
                    icon_color: *icon_color,
                    icon_custom_emoji_id: icon_emoji_id.map(|id| id.to_string()),
                });
            }
            ServiceAction::TopicEdited {
                name,
                icon_emoji_id,
                closed,
                hidden,
            } => {
                if name.is_some() || icon_emoji_id.is_some() {
                    out.forum_topic_edited = Some(ForumTopicEdited {
                        name: name.clone(),
                        // A removed icon is an empty string.
                        icon_custom_emoji_id: icon_emoji_id.map(|id| {
                            if id == 0 {
                                String::new()
                            } else {
                                id.to_string()
                            }
                        }),
                    });
                }
                match closed {
                    Some(true) => out.forum_topic_closed = Some(Empty {}),
                    Some(false) => out.forum_topic_reopened = Some(Empty {}),
                    None => {}
                }
                match hidden {
                    Some(true) => out.general_forum_topic_hidden = Some(Empty {}),
                    Some(false) => out.general_forum_topic_unhidden = Some(Empty {}),
                    None => {}
                }
            }
        },
    }
    if let Some(origin) = &msg.forward {
        out.forward_origin = Some(forward_origin(origin, mentioned)?);
    }
    if let Some(ReplyMarkup::Inline { rows }) = &msg.reply_markup {
        out.reply_markup = Some(InlineKeyboardMarkup {
            inline_keyboard: rows
                .iter()
                .map(|row| row.iter().map(inline_button).collect())
                .collect(),
        });
    }
    Ok(out)
}

/// A poll as the Bot API shows it: `state` holds its votes (none if it could not be read),
/// `closed` whether it is closed, `with_answer` whether a quiz shows its correct options.
pub(crate) fn render_poll(
    poll: &polls::Poll,
    state: Option<&polls::PollState>,
    closed: bool,
    with_answer: bool,
    mentioned: &Mentioned,
) -> Poll {
    let counts = state
        .map(polls::PollState::voter_counts)
        .unwrap_or_default();
    let entities = |text: &polls::PollText| -> Vec<ApiEntity> {
        text.entities.iter().map(|e| entity(e, mentioned)).collect()
    };
    Poll {
        id: poll.id.to_string(),
        question: poll.question.text.clone(),
        question_entities: entities(&poll.question),
        options: poll
            .options
            .iter()
            .enumerate()
            .map(|(i, option)| PollOption {
                persistent_id: i.to_string(),
                text: option.text.clone(),
                text_entities: entities(option),
                voter_count: counts.get(i).copied().unwrap_or(0),
            })
            .collect(),
        total_voter_count: state.map_or(0, polls::PollState::total_voters),
        is_closed: closed,
        is_anonymous: !poll.public_voters,
        kind: if poll.quiz { "quiz" } else { "regular" },
        allows_multiple_answers: poll.multiple_choice,
        allows_revoting: !poll.revoting_disabled,
        members_only: false,
        correct_option_ids: (poll.quiz && with_answer).then(|| poll.correct.clone()),
        explanation: poll
            .solution
            .as_ref()
            .filter(|_| with_answer)
            .map(|s| s.text.clone()),
        explanation_entities: poll
            .solution
            .as_ref()
            .filter(|_| with_answer)
            .map(entities)
            .unwrap_or_default(),
        open_period: poll.open_period,
        close_date: poll.close_date,
    }
}

/// A `poll` update: the poll as it was when it changed, with its answer (the bot sent it).
fn poll_update(update: &polls::PollUpdate) -> Poll {
    let state = polls::PollState {
        poll: update.poll.clone(),
        stopped: update.closed,
        votes: Vec::new(),
    };
    let mut poll = render_poll(
        &update.poll,
        Some(&state),
        update.closed,
        true,
        &Mentioned::default(),
    );
    for (option, count) in poll.options.iter_mut().zip(&update.voter_counts) {
        option.voter_count = *count;
    }
    poll.total_voter_count = update.total_voters;
    poll
}

fn render_contact(contact: &attachments::Contact) -> Contact {
    let some = |text: &str| Some(text.to_owned()).filter(|t| !t.is_empty());
    Contact {
        phone_number: contact.phone_number.clone(),
        first_name: contact.first_name.clone(),
        last_name: some(&contact.last_name),
        user_id: contact.user_id.map(|u| u.0),
        vcard: some(&contact.vcard),
    }
}

fn render_location(place: &attachments::Location) -> Location {
    Location {
        latitude: place.latitude,
        longitude: place.longitude,
        horizontal_accuracy: place.horizontal_accuracy,
        // A live location stopped in the second it was sent has a period of 0: not live.
        live_period: place.live_period.filter(|p| *p > 0),
        heading: place.heading,
        proximity_alert_radius: place.proximity_alert_radius,
    }
}

fn render_venue(venue: &attachments::Venue) -> Venue {
    let some = |text: &str| Some(text.to_owned()).filter(|t| !t.is_empty());
    let (foursquare, google) = match venue.provider.as_str() {
        "foursquare" => (true, false),
        "gplaces" => (false, true),
        _ => (false, false),
    };
    Venue {
        location: render_location(&venue.location),
        title: venue.title.clone(),
        address: venue.address.clone(),
        foursquare_id: some(&venue.venue_id).filter(|_| foursquare),
        foursquare_type: some(&venue.venue_type).filter(|_| foursquare),
        google_place_id: some(&venue.venue_id).filter(|_| google),
        google_place_type: some(&venue.venue_type).filter(|_| google),
    }
}

fn forward_origin(origin: &ForwardOrigin, mentioned: &Mentioned) -> CoreResult<MessageOrigin> {
    let chat_of = |peer: Peer| mentioned_chat(mentioned, peer).map(|(chat, _)| chat);
    Ok(match origin {
        ForwardOrigin::User { sender, date } => MessageOrigin::User {
            date: *date,
            sender_user: mentioned_user(mentioned, *sender),
        },
        ForwardOrigin::HiddenUser { sender_name, date } => MessageOrigin::HiddenUser {
            date: *date,
            sender_user_name: sender_name.clone(),
        },
        ForwardOrigin::Channel {
            chat,
            message_id,
            author_signature,
            date,
        } => MessageOrigin::Channel {
            date: *date,
            chat: chat_of(*chat)?,
            message_id: message_id.0,
            author_signature: author_signature.clone(),
        },
        ForwardOrigin::Chat {
            chat,
            author_signature,
            date,
        } => MessageOrigin::Chat {
            date: *date,
            sender_chat: chat_of(*chat)?,
            author_signature: author_signature.clone(),
        },
    })
}
