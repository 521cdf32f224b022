//! Sign-in over the JSON client API: sessions opened before sign-in, login codes (test
//! numbers, wrong and expired codes, flood waits, the code sent to the account's other
//! sessions), signing up, bots signing in with their token, listing and ending sessions,
//! and which functions refuse people or bots.

use std::sync::Arc;

use gramd_core::clock::{ManualClock, SystemClock};
use serde_json::{Value, json};

use crate::harness::{TestServer, UserClient};

/// Telegram's test number on "DC 2": its code is 22222.
const TEST_PHONE: &str = "+9996621234";

fn send_code_params(phone: &str) -> Value {
    json!({"phone_number": phone, "api_id": 1, "api_hash": "hash",
           "settings": {"_": "codeSettings"}})
}

fn sign_in_params(phone: &str, hash: &Value, code: &str) -> Value {
    json!({"phone_number": phone, "phone_code_hash": hash, "phone_code": code})
}

/// `auth.sendCode` without a token: the new session and the `auth.sentCode`.
async fn send_code(server: &TestServer, phone: &str) -> (UserClient, Value) {
    let (status, token, body) = server
        .anonymous("auth.sendCode", send_code_params(phone))
        .await;
    assert_eq!(status, 200, "{body}");
    let session = server.client(&token.expect("a session token in X-Gramd-Session"));
    (session, body["result"].clone())
}

/// Signs a new session in on `phone` with `code`; returns it and the signed-in user.
async fn signed_in(server: &TestServer, phone: &str, code: &str) -> (UserClient, Value) {
    let (session, sent) = send_code(server, phone).await;
    let authorization = session
        .ok(
            "auth.signIn",
            sign_in_params(phone, &sent["phone_code_hash"], code),
        )
        .await;
    assert_eq!(authorization["_"], "auth.authorization", "{authorization}");
    let user = authorization["user"].clone();
    let id = user["id"].as_str().unwrap().parse().unwrap();
    (UserClient { id, ..session }, user)
}

fn test_phones() -> &'static str {
    "test_phones = true"
}

#[tokio::test]
async fn a_test_number_signs_in_and_is_registered_by_sign_in() {
    let server = TestServer::start_with_auth(test_phones(), Arc::new(SystemClock)).await;
    let (session, sent) = send_code(&server, TEST_PHONE).await;
    // No account has the number, so the code is not sent to any session: "by SMS".
    assert_eq!(sent["_"], "auth.sentCode");
    assert_eq!(
        sent["type"],
        json!({"_": "auth.sentCodeTypeSms", "length": 5})
    );
    assert!(!sent["phone_code_hash"].as_str().unwrap().is_empty());
    assert_eq!(sent["timeout"], 300);
    // Before sign-in the session may only sign in.
    for function in ["updates.getState", "account.getAuthorizations"] {
        let (code, name) = session.err(function, json!({})).await;
        assert_eq!((code, name.as_str()), (401, "AUTH_KEY_UNREGISTERED"));
    }
    let (code, name) = session
        .err("users.getUsers", json!({"id": [{"_": "inputUserSelf"}]}))
        .await;
    assert_eq!((code, name.as_str()), (401, "AUTH_KEY_UNREGISTERED"));

    let authorization = session
        .ok(
            "auth.signIn",
            sign_in_params(TEST_PHONE, &sent["phone_code_hash"], "22222"),
        )
        .await;
    let user = &authorization["user"];
    assert_eq!(authorization["_"], "auth.authorization");
    assert_eq!(user["self"], true);
    assert_eq!(user["phone"], "9996621234");
    assert_eq!(user["first_name"], "+9996621234");
    // The same session is now signed in.
    session.ok("updates.getState", json!({})).await;
    let me = session
        .ok("users.getUsers", json!({"id": [{"_": "inputUserSelf"}]}))
        .await;
    assert_eq!(me[0]["id"], user["id"]);
    // Signing in again finds the same account.
    let (_, again) = signed_in(&server, "+999 66 21234", "22222").await;
    assert_eq!(again["id"], user["id"]);
    // Without a token, only the functions open before sign-in open a session.
    let (status, token, body) = server.anonymous("updates.getState", json!({})).await;
    assert_eq!((status, token), (401, None));
    assert_eq!(body["error_message"], "AUTH_KEY_UNREGISTERED");
    // Garbage is no phone number.
    let (status, _, body) = server
        .anonymous("auth.sendCode", send_code_params("+1 555 CALL ME"))
        .await;
    assert_eq!(
        (status, body["error_message"].as_str()),
        (400, Some("PHONE_NUMBER_INVALID"))
    );
}

#[tokio::test]
async fn a_new_number_signs_up_when_the_setting_says_so() {
    let server = TestServer::start_with_auth(
        "test_phones = true\nnew_phones = \"sign_up\"",
        Arc::new(SystemClock),
    )
    .await;
    let (session, sent) = send_code(&server, TEST_PHONE).await;
    let hash = &sent["phone_code_hash"];
    let answer = session
        .ok("auth.signIn", sign_in_params(TEST_PHONE, hash, "22222"))
        .await;
    assert_eq!(answer, json!({"_": "auth.authorizationSignUpRequired"}));
    let (code, name) = session.err("updates.getState", json!({})).await;
    assert_eq!((code, name.as_str()), (401, "AUTH_KEY_UNREGISTERED"));
    let sign_up = |hash: &Value| {
        json!({"phone_number": TEST_PHONE, "phone_code_hash": hash,
               "first_name": "Gram", "last_name": "Js"})
    };
    // The code must have been accepted for this very request.
    let (code, name) = session
        .err("auth.signUp", sign_up(&json!("not the hash")))
        .await;
    assert_eq!((code, name.as_str()), (400, "PHONE_CODE_EXPIRED"));
    let authorization = session.ok("auth.signUp", sign_up(hash)).await;
    assert_eq!(authorization["_"], "auth.authorization");
    assert_eq!(authorization["user"]["first_name"], "Gram");
    assert_eq!(authorization["user"]["last_name"], "Js");
    session.ok("updates.getState", json!({})).await;
    // Now the number has an account: signIn signs in.
    let (_, user) = signed_in(&server, TEST_PHONE, "22222").await;
    assert_eq!(user["id"], authorization["user"]["id"]);
}

#[tokio::test]
async fn wrong_and_expired_codes_and_too_many_attempts() {
    let clock = Arc::new(ManualClock::new(1_800_000_000));
    let server = TestServer::start_with_auth(
        "test_phones = true\ncode_ttl_secs = 60\nmax_attempts = 3\nflood_wait_secs = 120",
        clock.clone(),
    )
    .await;
    let (session, sent) = send_code(&server, TEST_PHONE).await;
    let hash = sent["phone_code_hash"].clone();
    let attempt = |code: &'static str, hash: Value| {
        let session = session.clone();
        async move {
            session
                .err("auth.signIn", sign_in_params(TEST_PHONE, &hash, code))
                .await
        }
    };
    assert_eq!(
        attempt("11111", hash.clone()).await,
        (400, "PHONE_CODE_INVALID".into())
    );
    assert_eq!(
        attempt("", hash.clone()).await,
        (400, "PHONE_CODE_EMPTY".into())
    );
    assert_eq!(
        attempt("22222", json!("other")).await,
        (400, "PHONE_CODE_EXPIRED".into())
    );
    clock.advance(61);
    assert_eq!(
        attempt("22222", hash).await,
        (400, "PHONE_CODE_EXPIRED".into())
    );

    // A new code; three wrong guesses use up the attempts (the one above counts too).
    let sent = session
        .ok("auth.sendCode", send_code_params(TEST_PHONE))
        .await;
    let hash = sent["phone_code_hash"].clone();
    for _ in 0..2 {
        assert_eq!(
            attempt("33333", hash.clone()).await,
            (400, "PHONE_CODE_INVALID".into())
        );
    }
    assert_eq!(
        attempt("22222", hash.clone()).await,
        (420, "FLOOD_WAIT_120".into())
    );
    let (code, name) = session
        .err("auth.sendCode", send_code_params(TEST_PHONE))
        .await;
    assert_eq!((code, name.as_str()), (420, "FLOOD_WAIT_120"));
    clock.advance(100);
    assert_eq!(attempt("22222", hash).await, (420, "FLOOD_WAIT_20".into()));
    clock.advance(20);
    // A code sent again keeps its request's hash; a cancelled one is gone.
    let sent = session
        .ok("auth.sendCode", send_code_params(TEST_PHONE))
        .await;
    let hash = sent["phone_code_hash"].clone();
    let request = json!({"phone_number": TEST_PHONE, "phone_code_hash": hash});
    let resent = session.ok("auth.resendCode", request.clone()).await;
    assert_eq!(resent["phone_code_hash"], hash);
    assert_eq!(session.ok("auth.cancelCode", request.clone()).await, true);
    assert_eq!(
        attempt("22222", hash).await,
        (400, "PHONE_CODE_EXPIRED".into())
    );
    let (code, name) = session.err("auth.resendCode", request).await;
    assert_eq!((code, name.as_str()), (400, "PHONE_CODE_EXPIRED"));
    let sent = session
        .ok("auth.sendCode", send_code_params(TEST_PHONE))
        .await;
    let authorization = session
        .ok(
            "auth.signIn",
            sign_in_params(TEST_PHONE, &sent["phone_code_hash"], "22222"),
        )
        .await;
    assert_eq!(authorization["_"], "auth.authorization");
}

/// The code for a number whose account is signed in somewhere arrives there as a message
/// from Telegram (777000), and it signs the new session in: no test number needed.
#[tokio::test]
async fn the_login_code_arrives_in_the_other_sessions() {
    let server = TestServer::start().await;
    let ann = server.user("Ann", None).await;
    let state = ann.ok("updates.getState", json!({})).await;
    let me = ann
        .ok("users.getUsers", json!({"id": [{"_": "inputUserSelf"}]}))
        .await;
    let phone = format!("+{}", me[0]["phone"].as_str().unwrap());

    let (laptop, sent) = send_code(&server, &phone).await;
    assert_eq!(
        sent["type"],
        json!({"_": "auth.sentCodeTypeApp", "length": 5})
    );
    let difference = ann
        .ok(
            "updates.getDifference",
            json!({"pts": state["pts"], "date": state["date"], "qts": 0}),
        )
        .await;
    let message = &difference["new_messages"][0];
    assert_eq!(
        message["from_id"],
        json!({"_": "peerUser", "user_id": "777000"})
    );
    let service = difference["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == "777000")
        .unwrap();
    assert_eq!(service["first_name"], "Telegram");
    assert_eq!(service["verified"], true);
    let text = message["message"].as_str().unwrap();
    let code = text
        .strip_prefix("Login code: ")
        .and_then(|rest| rest.get(..5))
        .unwrap_or_else(|| panic!("no code in {text:?}"));
    assert!(text.contains("Do not give this code to anyone"), "{text}");

    let authorization = laptop
        .ok(
            "auth.signIn",
            sign_in_params(&phone, &sent["phone_code_hash"], code),
        )
        .await;
    assert_eq!(authorization["user"]["id"], ann.id.to_string());
    // A code is used once.
    let (status, _, body) = server
        .anonymous(
            "auth.signIn",
            sign_in_params(&phone, &sent["phone_code_hash"], code),
        )
        .await;
    assert_eq!(
        (status, body["error_message"].as_str()),
        (400, Some("PHONE_CODE_EXPIRED"))
    );
}

#[tokio::test]
async fn sessions_are_listed_and_ended() {
    let server = TestServer::start_with_auth(test_phones(), Arc::new(SystemClock)).await;
    let (first, _) = signed_in(&server, TEST_PHONE, "22222").await;
    let phone_client = json!({"api_id": 6, "device_model": "Pixel 9", "platform": "Android",
        "system_version": "SDK 35", "app_name": "Telegram Android", "app_version": "12.0"});
    let (status, token, sent) = server
        .anonymous_as(
            Some(phone_client.clone()),
            "auth.sendCode",
            send_code_params(TEST_PHONE),
        )
        .await;
    assert_eq!(status, 200);
    let phone = server.client(&token.unwrap());
    phone
        .ok(
            "auth.signIn",
            sign_in_params(TEST_PHONE, &sent["result"]["phone_code_hash"], "22222"),
        )
        .await;
    let (third, _) = signed_in(&server, TEST_PHONE, "22222").await;

    let listed = first.ok("account.getAuthorizations", json!({})).await;
    assert_eq!(listed["_"], "account.authorizations");
    let list = listed["authorizations"].as_array().unwrap();
    assert_eq!(list.len(), 3, "{listed}");
    let current: Vec<&Value> = list.iter().filter(|a| a["current"] == true).collect();
    assert_eq!(current.len(), 1);
    assert_eq!(
        list[0]["current"], true,
        "the caller's own session comes first"
    );
    let described = list
        .iter()
        .find(|a| a["device_model"] == "Pixel 9")
        .unwrap_or_else(|| panic!("no Pixel in {listed}"));
    for field in [
        "api_id",
        "platform",
        "system_version",
        "app_name",
        "app_version",
    ] {
        assert_eq!(described[field], phone_client[field], "{field}");
    }
    assert!(described["date_created"].as_i64().unwrap() > 0);
    // The phone's own list marks the phone's session as current.
    let from_phone = phone.ok("account.getAuthorizations", json!({})).await;
    assert_eq!(from_phone["authorizations"][0]["current"], true);
    let mine = from_phone["authorizations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["current"] == true)
        .unwrap()
        .clone();
    assert_eq!(mine["hash"], described["hash"]);

    // Ending the phone's session.
    let ended = first
        .ok(
            "account.resetAuthorization",
            json!({"hash": described["hash"]}),
        )
        .await;
    assert_eq!(ended, true);
    let (code, name) = phone.err("updates.getState", json!({})).await;
    assert_eq!((code, name.as_str()), (401, "AUTH_KEY_UNREGISTERED"));
    // An ended token opens nothing, not even the functions open before sign-in.
    let (code, name) = phone
        .err("auth.sendCode", send_code_params(TEST_PHONE))
        .await;
    assert_eq!((code, name.as_str()), (401, "AUTH_KEY_UNREGISTERED"));
    let (code, name) = first
        .err("account.resetAuthorization", json!({"hash": "12345"}))
        .await;
    assert_eq!((code, name.as_str()), (400, "HASH_INVALID"));

    // Ending every other session.
    third.ok("updates.getState", json!({})).await;
    assert_eq!(first.ok("auth.resetAuthorizations", json!({})).await, true);
    let (code, name) = third.err("updates.getState", json!({})).await;
    assert_eq!((code, name.as_str()), (401, "AUTH_KEY_UNREGISTERED"));
    let listed = first.ok("account.getAuthorizations", json!({})).await;
    assert_eq!(listed["authorizations"].as_array().unwrap().len(), 1);
    assert_eq!(listed["authorizations"][0]["current"], true);

    // Logging out ends the caller's own.
    let out = first.ok("auth.logOut", json!({})).await;
    assert_eq!(out["_"], "auth.loggedOut");
    let (code, name) = first.err("updates.getState", json!({})).await;
    assert_eq!((code, name.as_str()), (401, "AUTH_KEY_UNREGISTERED"));
}

#[tokio::test]
async fn bots_sign_in_with_their_token() {
    let server = TestServer::start().await;
    let bot = server.bot("signin_bot").await;
    let import =
        |token: &str| json!({"flags": 0, "api_id": 1, "api_hash": "hash", "bot_auth_token": token});
    let (status, token, body) = server
        .anonymous("auth.importBotAuthorization", import(&bot.token))
        .await;
    assert_eq!(status, 200, "{body}");
    let user = &body["result"]["user"];
    assert_eq!(user["id"], bot.id.to_string());
    assert_eq!(user["bot"], true);
    assert_eq!(user["self"], true);
    let session = server.client(&token.unwrap());
    let me = session
        .ok("users.getUsers", json!({"id": [{"_": "inputUserSelf"}]}))
        .await;
    assert_eq!(me[0]["id"], bot.id.to_string());
    session.ok("updates.getState", json!({})).await;

    let (status, _, body) = server
        .anonymous(
            "auth.importBotAuthorization",
            import(&format!("{}:wrong", bot.id)),
        )
        .await;
    assert_eq!(
        (status, body["error_message"].as_str()),
        (400, Some("ACCESS_TOKEN_INVALID"))
    );

    // The Bot API token itself is a bearer token on the client API.
    let direct = server.client(&bot.token);
    let me = direct
        .ok("users.getUsers", json!({"id": [{"_": "inputUserSelf"}]}))
        .await;
    assert_eq!(me[0]["id"], bot.id.to_string());
    let wrong = server.client(&format!("{}:wrong", bot.id));
    let (code, name) = wrong.err("updates.getState", json!({})).await;
    assert_eq!((code, name.as_str()), (401, "AUTH_KEY_UNREGISTERED"));
}

/// Functions for people refuse bots, and functions for bots refuse people, with each
/// function's own error.
#[tokio::test]
async fn functions_refuse_the_wrong_kind_of_account() {
    let server = TestServer::start().await;
    let bot = server.bot("gate_bot").await;
    let ann = server.user("Ann", Some("gate_ann")).await;
    let as_bot = server.client(&bot.token);
    let ann_peer = ann.peer("gate_ann").await;
    for (function, params) in [
        ("messages.getHistory", json!({"peer": ann_peer, "limit": 1})),
        ("account.getAuthorizations", json!({})),
        ("auth.resetAuthorizations", json!({})),
        ("messages.createChat", json!({"users": [], "title": "T"})),
    ] {
        let (code, name) = as_bot.err(function, params).await;
        assert_eq!(
            (code, name.as_str()),
            (400, "BOT_METHOD_INVALID"),
            "{function}"
        );
    }
    let commands = json!({"scope": {"_": "botCommandScopeDefault"}, "lang_code": "",
                          "commands": []});
    let (code, name) = ann.err("bots.setBotCommands", commands.clone()).await;
    assert_eq!((code, name.as_str()), (400, "USER_BOT_REQUIRED"));
    let (code, name) = ann
        .err(
            "bots.sendCustomRequest",
            json!({"custom_method": "x", "params": {"_": "dataJSON", "data": "{}"}}),
        )
        .await;
    assert_eq!((code, name.as_str()), (403, "USER_BOT_INVALID"));
    // A bot passes the gate, and its command list is the one the Bot API sees.
    let commands = json!({"scope": {"_": "botCommandScopeDefault"}, "lang_code": "",
        "commands": [{"_": "botCommand", "command": "start", "description": "Begin"}]});
    assert_eq!(
        as_bot.ok("bots.setBotCommands", commands).await,
        json!(true)
    );
    assert_eq!(
        bot.ok("getMyCommands", json!({})).await,
        json!([{"command": "start", "description": "Begin"}])
    );
    let listed = as_bot
        .ok(
            "bots.getBotCommands",
            json!({"scope": {"_": "botCommandScopeDefault"}, "lang_code": ""}),
        )
        .await;
    assert_eq!(listed[0]["command"], "start", "{listed}");
    as_bot
        .ok(
            "bots.resetBotCommands",
            json!({"scope": {"_": "botCommandScopeDefault"}, "lang_code": ""}),
        )
        .await;
    assert_eq!(bot.ok("getMyCommands", json!({})).await, json!([]));
    // Functions for everyone serve both.
    as_bot.ok("updates.getState", json!({})).await;
    ann.ok("updates.getState", json!({})).await;
}

/// The hand-off an edge with its own secret makes (the MTProto edge, with its auth key):
/// the secret keeps one session, unauthorized until it signs in through the same handlers,
/// described by what `initConnection` says, and unauthorized again once ended.
#[tokio::test]
async fn an_edge_secret_keeps_its_session_through_sign_in() {
    use gramd_clientapi::{Rpc, Session};
    use gramd_core::auth::ClientInfo;

    let server = TestServer::start_with_auth(test_phones(), Arc::new(SystemClock)).await;
    let core = &server.core;
    let schema = Arc::new(gramd_tl::Schema::layer_230());
    let rpc = Rpc::new(core.clone(), schema.clone());
    let call = |state: gramd_core::SessionState, function: &'static str, params: Value| {
        let (rpc, schema) = (rpc.clone(), schema.clone());
        async move {
            let request = schema.encode_function(function, &params).unwrap();
            let session = Session::of_state(state, 230);
            rpc.invoke(&session, &request)
                .await
                .map(|bytes| schema.decode_result(function, &params, &bytes).unwrap())
        }
    };
    let key = "hex of the auth key's SHA-256";
    let fresh = core
        .attach_session(key, ClientInfo::default())
        .await
        .unwrap();
    assert!(fresh.user.is_none());
    let again = core
        .attach_session(key, ClientInfo::default())
        .await
        .unwrap();
    assert_eq!(again.id, fresh.id);
    let refused = call(again.clone(), "updates.getState", json!({}))
        .await
        .unwrap_err();
    assert_eq!(
        (refused.code, &*refused.name),
        (401, "AUTH_KEY_UNREGISTERED")
    );

    let sent = call(again.clone(), "auth.sendCode", send_code_params(TEST_PHONE))
        .await
        .unwrap();
    call(
        again,
        "auth.signIn",
        sign_in_params(TEST_PHONE, &sent["phone_code_hash"], "22222"),
    )
    .await
    .unwrap();
    let signed_in = core
        .attach_session(key, ClientInfo::default())
        .await
        .unwrap();
    assert_eq!(signed_in.id, fresh.id);
    let user = signed_in.user.clone().expect("signed in");
    call(signed_in.clone(), "updates.getState", json!({}))
        .await
        .unwrap();

    let client = ClientInfo {
        api_id: 4,
        device_model: "Desktop".into(),
        system_version: "Linux".into(),
        app_version: "5.0".into(),
        ..ClientInfo::default()
    };
    core.describe_session(signed_in.id, client.clone())
        .await
        .unwrap();
    let listed = core.authorizations(user.id).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!((listed[0].id, &listed[0].client), (fresh.id, &client));

    call(signed_in, "auth.logOut", json!({})).await.unwrap();
    let after = core
        .attach_session(key, ClientInfo::default())
        .await
        .unwrap();
    assert!(after.user.is_none());
    assert_ne!(after.id, fresh.id);
}
