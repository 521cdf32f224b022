//! The storage conformance suite: checks of the [`Store`] contract that every backend's
//! tests run, so backends cannot drift apart, and checks of the core's own rules on a
//! [`Core`](crate::Core) over the backend (module `services`).
//!
//! A backend instantiates it with [`conformance_tests!`](crate::conformance_tests), giving
//! an expression that makes a fresh, empty store.

use std::sync::Arc;

use crate::ids::{BoxId, MessageId, Peer, UserId};
use crate::messages::{Content, Message};
use crate::store::{CopyPlace, Store, Write};
use crate::users::NewUser;

mod accounts;
mod admin;
mod attachments;
mod blocks;
mod business;
mod chats;
mod dialogs;
mod inline;
mod media;
mod messages;
mod ordering;
mod polls;
mod profile_photos;
mod reactions;
mod services;
mod sticker_sets;
mod topics;
mod updates;
mod web_apps;

pub use accounts::{
    auth_keys_round_trip, authorizations_round_trip, batches_commit_atomically_and_alone,
    counters_never_go_back, emoji_status_access_round_trips, id_spaces_are_durable_sequences,
    sessions_and_bot_secrets, the_service_account_exists, usernames_change_and_bios_round_trip,
    users_and_usernames,
};
pub use admin::{
    administration_records_round_trip, bans_and_restrictions_follow_the_rules,
    invite_links_and_join_requests, pins_reach_every_copy,
    promotion_and_permissions_follow_the_rules,
};
pub use attachments::attachments_round_trip;
pub use blocks::{block_records_round_trip, blocking_stops_private_messages};
pub use business::{
    account_counts_count_chats_and_private_chats, business_connections_follow_the_rules,
    business_connections_round_trip, business_recipients_tell_existing_from_new_chats,
    excluding_a_chat_detaches_it,
};
pub use chats::{bot_settings_round_trip, chats_and_members};
pub use dialogs::{chat_lists_read_dialogs_and_channels, dialogs_keep_read_marks};
pub use inline::inline_mode_follows_the_rules;
pub use media::media_records_round_trip;
pub use messages::{
    copies_and_edits_follow_the_gid, history_pages, unindexed_copies_stay_readable,
};
pub use ordering::submissions_commit_in_submission_order;
pub use polls::polls_round_trip;
pub use profile_photos::{
    profile_music_round_trips, profile_photos_belong_to_their_account, profile_photos_round_trip,
};
pub use reactions::reactions_round_trip;
pub use services::{
    chat_actions_need_membership, messages_come_with_what_they_refer_to,
    replies_are_read_from_the_viewers_own_box, standing_is_the_viewers_own_membership,
    the_creator_cannot_leave,
};
pub use sticker_sets::{sticker_sets_follow_the_rules, sticker_sets_round_trip};
pub use topics::topics_round_trip;
pub use updates::{bot_queue_expiry_and_trimming, box_log_reads_in_order};
pub use web_apps::{cloud_storage_and_installs, web_app_records_round_trip};

/// Expands to one `#[tokio::test]` per check, each on a fresh store from `$make`.
#[macro_export]
macro_rules! conformance_tests {
    ($make:expr) => {
        $crate::conformance_tests!(@tests $make;
            users_and_usernames, sessions_and_bot_secrets, id_spaces_are_durable_sequences,
            batches_commit_atomically_and_alone, counters_never_go_back, history_pages,
            copies_and_edits_follow_the_gid, unindexed_copies_stay_readable,
            bot_queue_expiry_and_trimming,
            box_log_reads_in_order, chats_and_members, bot_settings_round_trip,
            dialogs_keep_read_marks, submissions_commit_in_submission_order,
            messages_come_with_what_they_refer_to,
            replies_are_read_from_the_viewers_own_box, standing_is_the_viewers_own_membership,
            the_creator_cannot_leave, chat_actions_need_membership, media_records_round_trip,
            administration_records_round_trip, bans_and_restrictions_follow_the_rules,
            promotion_and_permissions_follow_the_rules, invite_links_and_join_requests,
            pins_reach_every_copy, block_records_round_trip, blocking_stops_private_messages,
            authorizations_round_trip, the_service_account_exists,
            business_connections_round_trip, account_counts_count_chats_and_private_chats,
            business_connections_follow_the_rules,
            business_recipients_tell_existing_from_new_chats, excluding_a_chat_detaches_it,
            web_app_records_round_trip, cloud_storage_and_installs,
            auth_keys_round_trip, attachments_round_trip, profile_photos_round_trip,
            profile_photos_belong_to_their_account, chat_lists_read_dialogs_and_channels,
            sticker_sets_round_trip, sticker_sets_follow_the_rules, polls_round_trip,
            usernames_change_and_bios_round_trip, profile_music_round_trips,
            inline_mode_follows_the_rules, reactions_round_trip, topics_round_trip,
            emoji_status_access_round_trips);
    };
    (@tests $make:expr; $($check:ident),*) => {
        $(
            #[tokio::test]
            async fn $check() {
                let store: std::sync::Arc<dyn $crate::store::Store> = $make;
                $crate::conformance::$check(store).await;
            }
        )*
    };
}

pub(super) fn user(name: &str, username: Option<&str>, phone: Option<&str>) -> NewUser {
    NewUser {
        first_name: name.into(),
        last_name: None,
        username: username.map(Into::into),
        phone: phone.map(Into::into),
        bot: None,
    }
}

pub(super) fn text_message(
    box_id: BoxId,
    id: i32,
    gid: i64,
    peer: Peer,
    from: UserId,
    text: &str,
) -> Message {
    Message {
        box_id,
        id: MessageId(id),
        gid,
        peer,
        from: Some(from),
        date: 1_700_000_000 + i64::from(id),
        edit_date: None,
        content: Content::Text {
            text: text.into(),
            entities: Vec::new(),
            link_preview: None,
        },
        reply_to: None,
        reply_markup: None,
        forward: None,
        silent: false,
        noforwards: false,
        via_business_bot: None,
        via_bot: None,
        topic: None,
    }
}

/// A message with a single copy.
pub(super) fn put(message: Message) -> Write {
    Write::PutMessage {
        copies: vec![CopyPlace::of(&message)],
        message: Box::new(message),
    }
}

pub(super) async fn commit(store: &Arc<dyn Store>, writes: Vec<Write>) {
    store.submit(writes).await.expect("commit");
}
