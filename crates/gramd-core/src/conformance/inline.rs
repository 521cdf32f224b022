//! Inline mode on a core over the backend: asking a bot, its answer, caching, sending a
//! result "via" the bot, its `inline_message_id`, and prepared messages. The queries live
//! in memory; what they rely on in the store is the bot queue and the messages sent.

use std::sync::Arc;
use std::time::Duration;

use super::user;
use crate::clock::SystemClock;
use crate::error::CoreError;
use crate::ids::{Peer, UserId};
use crate::inline::{
    InlineAnswerInput, InlineChatType, InlineMessageInput, InlineResultInput, InlineResultKind,
};
use crate::markup::{InlineAction, InlineButton, ReplyMarkup};
use crate::messages::{Content, MessageEdit, OutgoingText, SendOptions};
use crate::store::Store;
use crate::updates::BotUpdate;
use crate::users::BotInfo;
use crate::{Core, CoreConfig, GetUpdates};

fn article(id: &str, text: &str, keyboard: bool) -> InlineResultInput {
    InlineResultInput {
        id: id.into(),
        kind: InlineResultKind::Article,
        title: Some(format!("Title {id}")),
        description: None,
        url: None,
        thumbnail: None,
        media: None,
        message: InlineMessageInput::Text(OutgoingText {
            text: text.into(),
            ..OutgoingText::default()
        }),
        reply_markup: keyboard.then(|| ReplyMarkup::Inline {
            rows: vec![vec![InlineButton {
                text: "Press".into(),
                style: None,
                icon_custom_emoji_id: None,
                action: InlineAction::Callback { data: "p".into() },
            }]],
        }),
    }
}

fn answer(results: Vec<InlineResultInput>, cache_time: i32) -> InlineAnswerInput {
    InlineAnswerInput {
        results,
        cache_time,
        is_personal: false,
        next_offset: "next".into(),
        button: None,
    }
}

/// The bot's next updates (confirming the ones before).
async fn updates(core: &Core, bot: UserId) -> Vec<BotUpdate> {
    let got = core
        .get_updates(
            bot,
            GetUpdates {
                offset: 0,
                limit: 100,
                timeout: Duration::from_secs(5),
                allowed_updates: None,
            },
        )
        .await
        .expect("get updates");
    if let Some(last) = got.last() {
        core.get_updates(
            bot,
            GetUpdates {
                offset: last.update_id + 1,
                limit: 1,
                timeout: Duration::ZERO,
                allowed_updates: None,
            },
        )
        .await
        .expect("confirm updates");
    }
    got.into_iter().map(|q| q.update).collect()
}

/// A user asks a bot with inline mode on; the bot gets an `inline_query` with the chat
/// type, answers, the user gets the results and sends one "via" the bot; the bot hears
/// of the choice with an `inline_message_id` it can edit with, and a press on the
/// message's button comes with that id. A second identical query within `cache_time`
/// is answered from the cache; wrong answers and unknown queries are refused.
pub async fn inline_mode_follows_the_rules(store: Arc<dyn Store>) {
    let config = CoreConfig {
        inline_answer_timeout: Duration::from_secs(5),
        callback_answer_timeout: Duration::from_millis(200),
        ..CoreConfig::default()
    };
    let core = Core::open(store, Arc::new(SystemClock), config)
        .await
        .expect("open the core");
    let alice = core
        .create_user(user("Alice", None, Some("15550201")))
        .await
        .unwrap();
    let bob = core
        .create_user(user("Bob", None, Some("15550202")))
        .await
        .unwrap();
    let info = BotInfo {
        supports_inline_queries: true,
        inline_feedback: true,
        ..BotInfo::default()
    };
    let (bot, _) = core
        .create_bot(user("Inline", Some("inline_conf_bot"), None), info)
        .await
        .unwrap();
    let (plain, _) = core
        .create_bot(
            user("Plain", Some("plain_conf_bot"), None),
            BotInfo::default(),
        )
        .await
        .unwrap();
    // Alice and Bob have a chat.
    core.send_text(
        alice.id,
        Peer::User(bob.id),
        OutgoingText {
            text: "hi".into(),
            ..OutgoingText::default()
        },
        SendOptions::default(),
    )
    .await
    .unwrap();

    assert_eq!(
        core.ask_inline_bot(alice.id, plain.id, None, "q", "")
            .await
            .unwrap_err(),
        CoreError::refused("BOT_INLINE_DISABLED")
    );

    let asking = {
        let core = core.clone();
        let (alice, bot, bob) = (alice.id, bot.id, bob.id);
        tokio::spawn(async move {
            core.ask_inline_bot(alice, bot, Some(Peer::User(bob)), "cats", "")
                .await
        })
    };
    let got = updates(&core, bot.id).await;
    let [BotUpdate::InlineQuery(query)] = got.as_slice() else {
        panic!("expected one inline query: {got:?}");
    };
    assert_eq!(
        (query.from, query.query.as_str(), query.offset.as_str()),
        (alice.id, "cats", "")
    );
    assert_eq!(query.chat_type, Some(InlineChatType::Private));
    // Another bot cannot answer it; a wrong answer is refused and the query stays open.
    assert_eq!(
        core.answer_inline_query(plain.id, &query.id, answer(vec![], 0))
            .await,
        Err(CoreError::QueryIdInvalid)
    );
    assert_eq!(
        core.answer_inline_query(
            bot.id,
            &query.id,
            answer(vec![article("a", "x", false), article("a", "y", false)], 0)
        )
        .await,
        Err(CoreError::refused("RESULT_ID_DUPLICATE"))
    );
    assert_eq!(
        core.answer_inline_query(bot.id, &query.id, answer(vec![article("a", " ", false)], 0))
            .await,
        Err(CoreError::MessageEmpty)
    );
    core.answer_inline_query(
        bot.id,
        &query.id,
        answer(
            vec![
                article("plain", "plain text", false),
                article("kb", "with keyboard", true),
            ],
            300,
        ),
    )
    .await
    .unwrap();
    let results = asking.await.unwrap().unwrap();
    assert_eq!(results.answer.results.len(), 2);
    assert_eq!(results.answer.next_offset, "next");
    assert_eq!(results.query_id.to_string(), query.id);
    // Answered once: a second answer is too late.
    assert_eq!(
        core.answer_inline_query(bot.id, &query.id, answer(vec![], 0))
            .await,
        Err(CoreError::QueryIdInvalid)
    );

    // The same query again is answered from the cache, without asking the bot.
    let again = core
        .ask_inline_bot(bob.id, bot.id, None, "cats", "")
        .await
        .unwrap();
    assert!(Arc::ptr_eq(&again.answer, &results.answer));
    assert_ne!(again.query_id, results.query_id);
    assert!(updates_now(&core, bot.id).await.is_empty());

    // Only the asking user may send its results, and only results it has.
    let to_bob = Peer::User(bob.id);
    assert_eq!(
        core.send_inline_result(
            bob.id,
            Peer::User(alice.id),
            results.query_id,
            "kb",
            SendOptions::default()
        )
        .await
        .unwrap_err(),
        CoreError::QueryIdInvalid
    );
    assert_eq!(
        core.send_inline_result(
            alice.id,
            to_bob,
            results.query_id,
            "nope",
            SendOptions::default()
        )
        .await
        .unwrap_err(),
        CoreError::refused("RESULT_ID_INVALID")
    );
    let sent = core
        .send_inline_result(
            alice.id,
            to_bob,
            results.query_id,
            "kb",
            SendOptions::default(),
        )
        .await
        .unwrap();
    assert_eq!(sent.message.via_bot, Some(bot.id));
    assert_eq!(sent.message.from, Some(alice.id));
    assert!(sent.message.reply_markup.is_some());
    let got = updates(&core, bot.id).await;
    let [BotUpdate::ChosenInlineResult(chosen)] = got.as_slice() else {
        panic!("expected one chosen result: {got:?}");
    };
    assert_eq!(
        (
            chosen.result_id.as_str(),
            chosen.from,
            chosen.query.as_str()
        ),
        ("kb", alice.id, "cats")
    );
    let inline_id = chosen
        .inline_message_id
        .clone()
        .expect("an inline message id");

    // The id names the message for its bot only, and cannot be altered.
    assert_eq!(
        core.inline_message(bot.id, &inline_id).await.unwrap().id,
        sent.message.id
    );
    assert_eq!(
        core.inline_message(plain.id, &inline_id).await.unwrap_err(),
        CoreError::refused("MESSAGE_ID_INVALID")
    );
    let mut forged = inline_id.clone().into_bytes();
    forged[0] = if forged[0] == b'A' { b'B' } else { b'A' };
    let forged = String::from_utf8(forged).unwrap();
    assert!(core.inline_message(bot.id, &forged).await.is_err());

    // Bob presses the button on his copy: the bot gets the press by the inline id.
    let bob_copy = core
        .history(
            bob.id,
            Peer::User(alice.id),
            crate::messages::HistoryQuery::newest(1),
        )
        .await
        .unwrap()
        .messages
        .remove(0);
    assert_eq!(bob_copy.via_bot, Some(bot.id));
    let press = core
        .press_callback_button(bob.id, Peer::User(alice.id), bob_copy.id, "p")
        .await;
    assert_eq!(press.unwrap_err(), CoreError::BotResponseTimeout);
    let got = updates(&core, bot.id).await;
    let [BotUpdate::CallbackQuery(callback)] = got.as_slice() else {
        panic!("expected one callback query: {got:?}");
    };
    assert_eq!(
        callback.inline_message_id.as_deref(),
        Some(inline_id.as_str())
    );
    assert!(callback.message.is_none());

    // The bot edits it: both copies change.
    core.edit_inline_message(
        bot.id,
        &inline_id,
        MessageEdit {
            text: Some(OutgoingText {
                text: "edited".into(),
                ..OutgoingText::default()
            }),
            ..MessageEdit::default()
        },
    )
    .await
    .unwrap();
    for (viewer, peer) in [(alice.id, to_bob), (bob.id, Peer::User(alice.id))] {
        let newest = core
            .history(viewer, peer, crate::messages::HistoryQuery::newest(1))
            .await
            .unwrap()
            .messages
            .remove(0);
        assert!(matches!(&newest.content, Content::Text { text, .. } if text == "edited"));
        assert!(newest.edit_date.is_some());
    }
    assert_eq!(
        core.edit_inline_message(plain.id, &inline_id, MessageEdit::default())
            .await
            .unwrap_err(),
        CoreError::refused("MESSAGE_ID_INVALID")
    );

    // A prepared message is for its user, to the kinds of chat it allows.
    let prepared = core
        .save_prepared_inline_message(
            bot.id,
            alice.id,
            article("prep", "prepared", false),
            vec![InlineChatType::Group],
        )
        .await
        .unwrap();
    assert!(prepared.expiration_date > core.now());
    assert!(
        core.prepared_inline_message(&bob, bot.id, &prepared.id)
            .is_err()
    );
    let ready = core
        .prepared_inline_message(&alice, bot.id, &prepared.id)
        .unwrap();
    assert_eq!(ready.answer.results[0].id, "prep");
    assert_eq!(
        core.send_inline_result(
            alice.id,
            to_bob,
            ready.query_id,
            "prep",
            SendOptions::default()
        )
        .await
        .unwrap_err(),
        CoreError::refused("PEER_TYPES_INVALID")
    );
}

/// The bot's pending updates, without waiting.
async fn updates_now(core: &Core, bot: UserId) -> Vec<BotUpdate> {
    core.get_updates(
        bot,
        GetUpdates {
            offset: 0,
            limit: 100,
            timeout: Duration::ZERO,
            allowed_updates: None,
        },
    )
    .await
    .expect("get updates")
    .into_iter()
    .map(|q| q.update)
    .collect()
}
