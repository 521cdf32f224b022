//! Parameters of the chat administration methods, read as the reference server reads them
//! (`get_chat_permissions`, `get_chat_administrator_rights` and the boolean parameters of
//! `promoteChatMember` in its `Client.cpp`).

use gramd_core::chats::{AdminRights, Permissions};
use serde_json::Value;

use crate::error::ApiError;
use crate::input::{FieldResult, Obj, json_param, opt_bool};
use crate::params::Params;

/// Longest chat title; TDLib cuts longer ones.
const MAX_TITLE: usize = 128;
/// Longest chat description; TDLib cuts longer ones.
const MAX_DESCRIPTION: usize = 255;

/// The `permissions` of `restrictChatMember` and `setChatPermissions`.
pub(super) struct PermissionsInput {
    /// The permissions asked for, with the implied ones added unless
    /// `use_independent_chat_permissions`.
    pub(super) permissions: Permissions,
    /// Given by the legacy parameters (`can_send_messages`, `can_send_media_messages`, …)
    /// without the four that lift every restriction: the permissions not among them keep
    /// the member's current values.
    pub(super) legacy: bool,
}

/// Reads `permissions` (a `ChatPermissions` object), or with `allow_legacy` the legacy
/// top-level parameters of `restrictChatMember`. Missing permissions are false.
pub(super) fn permissions(
    params: &Params,
    allow_legacy: bool,
) -> Result<PermissionsInput, ApiError> {
    let independent = params.bool_arg("use_independent_chat_permissions");
    if params.has("permissions") {
        let value = json_param(params, "permissions", "Can't parse permissions JSON object")?;
        let Some(Value::Object(obj)) = value else {
            return Err(ApiError::bad_request("Object expected as permissions"));
        };
        let permissions = permissions_object(&obj, independent).map_err(|detail| {
            ApiError::bad_request(format!("Can't parse chat permissions: {detail}"))
        })?;
        return Ok(PermissionsInput {
            permissions,
            legacy: false,
        });
    }
    if !allow_legacy {
        return Ok(PermissionsInput {
            permissions: Permissions::none(),
            legacy: false,
        });
    }
    let mut p = Permissions::none();
    p.can_send_messages = params.bool_arg("can_send_messages");
    let mut media = params.bool_arg("can_send_media_messages");
    p.can_send_other_messages = params.bool_arg("can_send_other_messages");
    p.can_add_web_page_previews = params.bool_arg("can_add_web_page_previews");
    if (p.can_send_other_messages || p.can_add_web_page_previews) && !independent {
        media = true;
    }
    if media && !independent {
        p.can_send_messages = true;
    }
    let lifts_all =
        p.can_send_messages && media && p.can_send_other_messages && p.can_add_web_page_previews;
    let mut legacy = false;
    if lifts_all {
        p.can_send_polls = true;
        p.can_change_info = true;
        p.can_invite_users = true;
        p.can_pin_messages = true;
        p.can_manage_topics = true;
    } else {
        legacy = [
            "can_send_messages",
            "can_send_media_messages",
            "can_send_other_messages",
            "can_add_web_page_previews",
        ]
        .iter()
        .any(|name| params.has(name));
    }
    p.set_media(media);
    p.can_edit_tag = p.can_pin_messages;
    p.can_react_to_messages = p.can_send_messages;
    Ok(PermissionsInput {
        permissions: p,
        legacy,
    })
}

/// A `ChatPermissions` object. Fields left out default as the reference has it: the media
/// ones to the legacy `can_send_media_messages`, `can_manage_topics` and `can_edit_tag` to
/// `can_pin_messages`, `can_react_to_messages` to `can_send_messages`.
fn permissions_object(obj: &Obj, independent: bool) -> FieldResult<Permissions> {
    let mut p = Permissions::none();
    p.can_send_messages = opt_bool(obj, "can_send_messages")?;
    p.can_send_polls = opt_bool(obj, "can_send_polls")?;
    p.can_send_other_messages = opt_bool(obj, "can_send_other_messages")?;
    p.can_add_web_page_previews = opt_bool(obj, "can_add_web_page_previews")?;
    p.can_change_info = opt_bool(obj, "can_change_info")?;
    p.can_invite_users = opt_bool(obj, "can_invite_users")?;
    p.can_pin_messages = opt_bool(obj, "can_pin_messages")?;
    p.can_manage_topics = if obj.contains_key("can_manage_topics") {
        opt_bool(obj, "can_manage_topics")?
    } else {
        p.can_pin_messages
    };
    const MEDIA: [&str; 6] = [
        "can_send_audios",
        "can_send_documents",
        "can_send_photos",
        "can_send_videos",
        "can_send_video_notes",
        "can_send_voice_notes",
    ];
    if MEDIA.iter().any(|name| obj.contains_key(*name)) {
        p.can_send_audios = opt_bool(obj, "can_send_audios")?;
        p.can_send_documents = opt_bool(obj, "can_send_documents")?;
        p.can_send_photos = opt_bool(obj, "can_send_photos")?;
        p.can_send_videos = opt_bool(obj, "can_send_videos")?;
        p.can_send_video_notes = opt_bool(obj, "can_send_video_notes")?;
        p.can_send_voice_notes = opt_bool(obj, "can_send_voice_notes")?;
    } else {
        p.set_media(opt_bool(obj, "can_send_media_messages")?);
    }
    p.can_edit_tag = if obj.contains_key("can_edit_tag") {
        opt_bool(obj, "can_edit_tag")?
    } else {
        p.can_pin_messages
    };
    p.can_react_to_messages = if obj.contains_key("can_react_to_messages") {
        opt_bool(obj, "can_react_to_messages")?
    } else {
        p.can_send_messages
    };
    Ok(if independent { p } else { p.with_implied() })
}

/// The boolean rights of `promoteChatMember` (`can_manage_voice_chats` is the legacy name
/// of `can_manage_video_chats`).
pub(super) fn promotion_rights(params: &Params) -> AdminRights {
    AdminRights {
        can_manage_chat: params.bool_arg("can_manage_chat"),
        can_delete_messages: params.bool_arg("can_delete_messages"),
        can_manage_video_chats: params.bool_arg("can_manage_voice_chats")
            || params.bool_arg("can_manage_video_chats"),
        can_restrict_members: params.bool_arg("can_restrict_members"),
        can_promote_members: params.bool_arg("can_promote_members"),
        can_change_info: params.bool_arg("can_change_info"),
        can_invite_users: params.bool_arg("can_invite_users"),
        can_post_stories: params.bool_arg("can_post_stories"),
        can_edit_stories: params.bool_arg("can_edit_stories"),
        can_delete_stories: params.bool_arg("can_delete_stories"),
        can_post_messages: params.bool_arg("can_post_messages"),
        can_edit_messages: params.bool_arg("can_edit_messages"),
        can_pin_messages: params.bool_arg("can_pin_messages"),
        can_manage_topics: params.bool_arg("can_manage_topics"),
        can_manage_direct_messages: params.bool_arg("can_manage_direct_messages"),
        can_manage_tags: params.bool_arg("can_manage_tags"),
        can_send_welcome_messages: params.bool_arg("can_send_welcome_messages"),
        is_anonymous: params.bool_arg("is_anonymous"),
    }
}

/// The `rights` of `setMyDefaultAdministratorRights` (a `ChatAdministratorRights` object);
/// `None` when absent, which clears them.
pub(super) fn default_rights(params: &Params) -> Result<Option<AdminRights>, ApiError> {
    let Some(value) = json_param(
        params,
        "rights",
        "Can't parse ChatAdministratorRights JSON object",
    )?
    else {
        return Ok(None);
    };
    let Value::Object(obj) = value else {
        return Err(ApiError::bad_request(
            "Can't parse ChatAdministratorRights: ChatAdministratorRights must be an Object",
        ));
    };
    rights_object(&obj).map(Some).map_err(|detail| {
        ApiError::bad_request(format!("Can't parse ChatAdministratorRights: {detail}"))
    })
}

fn rights_object(obj: &Obj) -> FieldResult<AdminRights> {
    Ok(AdminRights {
        can_manage_chat: opt_bool(obj, "can_manage_chat")?,
        can_change_info: opt_bool(obj, "can_change_info")?,
        can_post_messages: opt_bool(obj, "can_post_messages")?,
        can_edit_messages: opt_bool(obj, "can_edit_messages")?,
        can_delete_messages: opt_bool(obj, "can_delete_messages")?,
        can_invite_users: opt_bool(obj, "can_invite_users")?,
        can_restrict_members: opt_bool(obj, "can_restrict_members")?,
        can_pin_messages: opt_bool(obj, "can_pin_messages")?,
        can_manage_topics: opt_bool(obj, "can_manage_topics")?,
        can_promote_members: opt_bool(obj, "can_promote_members")?,
        can_manage_video_chats: opt_bool(obj, "can_manage_video_chats")?,
        can_post_stories: opt_bool(obj, "can_post_stories")?,
        can_edit_stories: opt_bool(obj, "can_edit_stories")?,
        can_delete_stories: opt_bool(obj, "can_delete_stories")?,
        can_manage_direct_messages: opt_bool(obj, "can_manage_direct_messages")?,
        can_manage_tags: opt_bool(obj, "can_manage_tags")?,
        can_send_welcome_messages: opt_bool(obj, "can_send_welcome_messages")?,
        is_anonymous: opt_bool(obj, "is_anonymous")?,
    })
}

/// A text cut to `max` characters, as TDLib's `clean_name` and `strip_empty_characters` cut
/// chat titles and descriptions before sending them.
fn cut(text: &str, max: usize) -> String {
    text.trim().chars().take(max).collect()
}

/// `title` of `setChatTitle`.
pub(super) fn title(params: &Params) -> Result<String, ApiError> {
    Ok(cut(params.text_arg("title")?, MAX_TITLE))
}

/// `description` of `setChatDescription`.
pub(super) fn description(params: &Params) -> Result<String, ApiError> {
    Ok(cut(params.text_arg("description")?, MAX_DESCRIPTION))
}
