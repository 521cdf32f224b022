//! Contacts, locations, venues and dice: sent by a bot (sendContact, sendLocation, sendVenue,
//! sendDice) and by a user (`messages.sendMedia` with `inputMediaContact` and the others),
//! seen on the other API, refused with Telegram's errors; and the contact a user shares
//! with a bot read back, signed, by the bot's mini app (`getRequestedContact`).

use hmac::{Hmac, KeyInit as _, Mac as _};
use serde_json::{Value, json};
use sha2::Sha256;

use crate::harness::{TestServer, UserClient, started};

async fn input_bot(user: &UserClient, username: &str) -> Value {
    let peer = user.peer(username).await;
    json!({"_": "inputUser", "user_id": peer["user_id"], "access_hash": peer["access_hash"]})
}

#[tokio::test]
async fn a_bot_sends_contacts_locations_venues_and_dice() {
    let server = TestServer::start().await;
    let bot = server.bot("places_bot").await;
    let user = started(&server, &bot, "Ann").await;
    let chat = json!(user.id);

    let contact = bot
        .ok(
            "sendContact",
            json!({"chat_id": chat, "phone_number": "+44 20 7946 0000",
                   "first_name": "Front", "last_name": "Desk"}),
        )
        .await;
    assert_eq!(
        contact["contact"],
        json!({"phone_number": "+44 20 7946 0000", "first_name": "Front", "last_name": "Desk"})
    );
    let location = bot
        .ok(
            "sendLocation",
            json!({"chat_id": chat, "latitude": 51.5007, "longitude": -0.1246,
                   "horizontal_accuracy": 20}),
        )
        .await;
    assert_eq!(
        location["location"],
        json!({"latitude": 51.5007, "longitude": -0.1246, "horizontal_accuracy": 20.0})
    );
    let live = bot
        .ok(
            "sendLocation",
            json!({"chat_id": chat, "latitude": "10.5", "longitude": "20.25",
                   "live_period": 600, "heading": 90}),
        )
        .await;
    assert_eq!(live["location"]["live_period"], 600);
    assert_eq!(live["location"]["heading"], 90);
    let venue = bot
        .ok(
            "sendVenue",
            json!({"chat_id": chat, "latitude": 48.8584, "longitude": 2.2945,
                   "title": "Eiffel Tower", "address": "Champ de Mars",
                   "google_place_id": "ChIJLU7jZClu5kcR4PcOOO6p3I0"}),
        )
        .await;
    assert_eq!(venue["venue"]["title"], "Eiffel Tower");
    assert_eq!(
        venue["venue"]["google_place_id"],
        "ChIJLU7jZClu5kcR4PcOOO6p3I0"
    );
    assert!(venue["venue"].get("foursquare_id").is_none(), "{venue}");
    assert_eq!(venue["location"], venue["venue"]["location"], "both fields");
    let mut values = Vec::new();
    for emoji in ["🎲", "🎯", "🏀", "⚽", "🎳", "🎰"] {
        let dice = bot
            .ok("sendDice", json!({"chat_id": chat, "emoji": emoji}))
            .await;
        assert_eq!(dice["dice"]["emoji"], emoji);
        values.push(dice["dice"]["value"].as_i64().unwrap());
    }
    let faces = [6, 6, 5, 5, 6, 64];
    for (value, faces) in values.iter().zip(faces) {
        assert!((1..=faces).contains(value), "{values:?}");
    }
    let default = bot.ok("sendDice", json!({"chat_id": chat})).await;
    assert_eq!(default["dice"]["emoji"], "🎲");

    // The user sees each as its messageMedia.
    let peer = user.peer("places_bot").await;
    let history = user.history(&peer, 20).await;
    let kinds: Vec<&str> = history
        .iter()
        .rev()
        .filter_map(|m| m["media"]["_"].as_str())
        .collect();
    assert_eq!(
        kinds[..5],
        [
            "messageMediaContact",
            "messageMediaGeo",
            "messageMediaGeoLive",
            "messageMediaVenue",
            "messageMediaDice"
        ]
    );
    let seen_venue = history
        .iter()
        .find(|m| m["media"]["_"] == "messageMediaVenue")
        .unwrap();
    assert_eq!(seen_venue["media"]["provider"], "gplaces");
    assert_eq!(seen_venue["media"]["geo"]["lat"], 48.8584);
    // The newest dice is the default one: the user sees where it landed.
    let seen_dice = history
        .iter()
        .find(|m| m["media"]["_"] == "messageMediaDice")
        .unwrap();
    assert_eq!(seen_dice["media"]["emoticon"], "🎲");
    assert_eq!(seen_dice["media"]["value"], default["dice"]["value"]);
}

#[tokio::test]
async fn bad_attachments_get_telegrams_errors() {
    let server = TestServer::start().await;
    let bot = server.bot("bad_places_bot").await;
    let user = started(&server, &bot, "Ann").await;
    let chat = json!(user.id);
    for (method, params, description) in [
        (
            "sendLocation",
            json!({"chat_id": chat, "longitude": 1}),
            "Bad Request: latitude is empty",
        ),
        (
            "sendLocation",
            json!({"chat_id": chat, "latitude": 1}),
            "Bad Request: longitude is empty",
        ),
        (
            "sendLocation",
            json!({"chat_id": chat, "latitude": 91, "longitude": 0}),
            "Bad Request: GEO_POINT_INVALID",
        ),
        (
            "sendLocation",
            json!({"chat_id": chat, "latitude": 1, "longitude": 1, "live_period": 5}),
            "Bad Request: PERIOD_INVALID",
        ),
        (
            "sendVenue",
            json!({"chat_id": chat, "latitude": 1, "longitude": 1, "address": "x"}),
            "Bad Request: VENUE_TITLE_INVALID",
        ),
        (
            "sendContact",
            json!({"chat_id": chat, "first_name": "A"}),
            "Bad Request: parameter \"phone_number\" is required",
        ),
        (
            "sendContact",
            json!({"chat_id": chat, "phone_number": "+1"}),
            "Bad Request: FIRSTNAME_INVALID",
        ),
        (
            "sendDice",
            json!({"chat_id": chat, "emoji": "🍕"}),
            "Bad Request: EMOTICON_INVALID",
        ),
        (
            "sendDice",
            json!({"chat_id": 12345, "emoji": "🎲"}),
            "Bad Request: chat not found",
        ),
    ] {
        assert_eq!(
            bot.err(method, params.clone()).await,
            (400, description.to_owned()),
            "{method} {params}"
        );
    }
    assert!(bot.drain().await.is_empty());
    let peer = user.peer("bad_places_bot").await;
    assert!(
        user.history(&peer, 10)
            .await
            .iter()
            .all(|m| m["media"].is_null()),
        "nothing was sent"
    );
}

#[tokio::test]
async fn a_dice_needs_the_stickers_permission_in_a_group() {
    let server = TestServer::start().await;
    let bot = server.bot("dice_group_bot").await;
    let owner = server.user("Owner", None).await;
    let chat = crate::harness::group_with(&owner, &bot, "dice_group_bot").await;
    bot.ok("sendDice", json!({"chat_id": chat})).await;
    let peer = json!({"_": "inputPeerChat", "chat_id": (-chat).to_string()});
    owner
        .ok(
            "messages.editChatDefaultBannedRights",
            json!({"peer": peer, "banned_rights": {"_": "chatBannedRights",
                   "send_stickers": true, "until_date": 0}}),
        )
        .await;
    assert_eq!(
        bot.err("sendDice", json!({"chat_id": chat})).await,
        (
            400,
            "Bad Request: not enough rights to send dice to the chat".to_owned()
        )
    );
    // A location goes with text, which is still allowed.
    bot.ok(
        "sendLocation",
        json!({"chat_id": chat, "latitude": 1, "longitude": 2}),
    )
    .await;
}

/// The HMAC `hash` of a signed query string, computed as Telegram documents for initData.
fn expected_hash(signed: &str, bot_token: &str) -> (String, String) {
    let mut fields: Vec<(String, String)> = form_urlencoded::parse(signed.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let position = fields.iter().position(|(k, _)| k == "hash").unwrap();
    let (_, hash) = fields.remove(position);
    fields.sort();
    let check: Vec<String> = fields.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let mut secret = <Hmac<Sha256>>::new_from_slice(b"WebAppData").unwrap();
    secret.update(bot_token.as_bytes());
    let secret = secret.finalize().into_bytes();
    let mut mac = <Hmac<Sha256>>::new_from_slice(&secret).unwrap();
    mac.update(check.join("\n").as_bytes());
    let computed: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    (hash, computed)
}

#[tokio::test]
async fn a_shared_contact_reaches_the_bot_and_its_mini_app() {
    let server = TestServer::start().await;
    let bot = server.bot("phone_bot").await;
    let user = started(&server, &bot, "Ann").await;
    // The bot as each user names it (access hashes are per viewer).
    let requested = |user: &UserClient| {
        let user = user.clone();
        async move {
            let input = input_bot(&user, "phone_bot").await;
            let result = user
                .ok(
                    "bots.invokeWebViewCustomMethod",
                    json!({"bot": input, "custom_method": "getRequestedContact",
                           "params": {"_": "dataJSON", "data": "{}"}}),
                )
                .await;
            let data: Value = serde_json::from_str(result["data"].as_str().unwrap()).unwrap();
            data.as_str().unwrap().to_owned()
        }
    };
    assert_eq!(requested(&user).await, "", "nothing shared yet");

    // The user's app shares their own contact, as `web_app_request_phone` makes it do.
    let me = user
        .ok("users.getUsers", json!({"id": [{"_": "inputUserSelf"}]}))
        .await;
    let phone = me[0]["phone"].as_str().unwrap().to_owned();
    let peer = user.peer("phone_bot").await;
    user.ok(
        "messages.sendMedia",
        json!({"peer": peer, "message": "", "random_id": crate::harness::rand_id(),
               "media": {"_": "inputMediaContact", "phone_number": format!("+{phone}"),
                         "first_name": "Ann", "last_name": "", "vcard": ""}}),
    )
    .await;
    let update = bot.next_update(5).await;
    assert_eq!(
        update["message"]["contact"],
        json!({"phone_number": format!("+{phone}"), "first_name": "Ann", "user_id": user.id}),
        "{update}"
    );

    let signed = requested(&user).await;
    let (hash, computed) = expected_hash(&signed, &bot.token);
    assert_eq!(hash, computed, "{signed}");
    let fields: Vec<(String, String)> = form_urlencoded::parse(signed.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let contact: Value =
        serde_json::from_str(&fields.iter().find(|(k, _)| k == "contact").unwrap().1).unwrap();
    assert_eq!(
        contact,
        json!({"user_id": user.id, "phone_number": format!("+{phone}"), "first_name": "Ann"})
    );
    assert!(fields.iter().any(|(k, _)| k == "auth_date"));

    // Someone else has shared nothing with the bot.
    let other = started(&server, &bot, "Ben").await;
    assert_eq!(requested(&other).await, "");
}

#[tokio::test]
async fn a_live_location_moves_until_it_is_stopped() {
    let server = TestServer::start().await;
    let bot = server.bot("live_bot").await;
    let user = started(&server, &bot, "Ann").await;
    let chat = json!(user.id);
    let sent = bot
        .ok(
            "sendLocation",
            json!({"chat_id": chat, "latitude": 1.5, "longitude": 2.5, "live_period": 3600}),
        )
        .await;
    let id = sent["message_id"].clone();
    let moved = bot
        .ok(
            "editMessageLiveLocation",
            json!({"chat_id": chat, "message_id": id, "latitude": 1.75, "longitude": 2.75,
                   "heading": 45}),
        )
        .await;
    assert_eq!(
        moved["location"],
        json!({"latitude": 1.75, "longitude": 2.75, "live_period": 3600, "heading": 45})
    );
    assert!(moved["edit_date"].is_i64(), "{moved}");
    assert_eq!(
        bot.err(
            "editMessageLiveLocation",
            json!({"chat_id": chat, "message_id": id, "longitude": 2}),
        )
        .await,
        (400, "Bad Request: latitude is empty".to_owned())
    );
    assert_eq!(
        bot.err(
            "editMessageLiveLocation",
            json!({"chat_id": chat, "message_id": id, "latitude": 1, "longitude": 2,
                   "live_period": 60}),
        )
        .await,
        (400, "Bad Request: PERIOD_INVALID".to_owned()),
        "a live period is never shortened"
    );

    // The user sees the move as an edit of messageMediaGeoLive.
    let peer = user.peer("live_bot").await;
    let seen = user.history(&peer, 1).await;
    assert_eq!(seen[0]["media"]["_"], "messageMediaGeoLive");
    assert_eq!(seen[0]["media"]["geo"]["lat"], 1.75);

    let stopped = bot
        .ok(
            "stopMessageLiveLocation",
            json!({"chat_id": chat, "message_id": id}),
        )
        .await;
    assert_eq!(stopped["location"]["latitude"], 1.75);
    // Stopped: the live period is what it lasted (nothing at all when stopped at once).
    assert!(
        stopped["location"]["live_period"].as_i64().unwrap_or(0) < 3600,
        "{stopped}"
    );
    for method in ["stopMessageLiveLocation", "editMessageLiveLocation"] {
        assert_eq!(
            bot.err(
                method,
                json!({"chat_id": chat, "message_id": id, "latitude": 3, "longitude": 4}),
            )
            .await,
            (400, "Bad Request: message can't be edited".to_owned()),
            "{method} after the stop"
        );
    }
    // A location that was never live, and a text, cannot be moved.
    let still = bot
        .ok(
            "sendLocation",
            json!({"chat_id": chat, "latitude": 1, "longitude": 2}),
        )
        .await;
    assert_eq!(
        bot.err(
            "stopMessageLiveLocation",
            json!({"chat_id": chat, "message_id": still["message_id"]}),
        )
        .await,
        (400, "Bad Request: message can't be edited".to_owned())
    );

    // A user's own live location, moved and stopped over the client API.
    let geo = |lat: f64| json!({"_": "inputGeoPoint", "lat": lat, "long": 10.0});
    let mine = user
        .ok(
            "messages.sendMedia",
            json!({"peer": peer, "message": "", "random_id": crate::harness::rand_id(),
                   "media": {"_": "inputMediaGeoLive", "geo_point": geo(5.0), "period": 900}}),
        )
        .await;
    let my_id = mine["updates"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|u| u["message"]["id"].as_i64())
        .unwrap();
    let update = bot.next_update(5).await;
    assert_eq!(
        update["message"]["location"]["live_period"], 900,
        "{update}"
    );
    user.ok(
        "messages.editMessage",
        json!({"peer": peer, "id": my_id,
               "media": {"_": "inputMediaGeoLive", "geo_point": geo(6.0)}}),
    )
    .await;
    let update = bot.next_update(5).await;
    assert_eq!(
        update["edited_message"]["location"]["latitude"], 6.0,
        "{update}"
    );
    user.ok(
        "messages.editMessage",
        json!({"peer": peer, "id": my_id,
               "media": {"_": "inputMediaGeoLive", "stopped": true,
                         "geo_point": {"_": "inputGeoPointEmpty"}}}),
    )
    .await;
    let update = bot.next_update(5).await;
    assert!(
        update["edited_message"]["location"]["live_period"]
            .as_i64()
            .unwrap_or(0)
            < 900,
        "{update}"
    );
}
