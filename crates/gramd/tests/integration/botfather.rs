//! @BotFather over the client API: a user creates a bot by chatting, configures it, and
//! the bot runs on the Bot API with the token BotFather gave.

use serde_json::{Value, json};

use crate::harness::{BotClient, TestServer, UserClient};

/// Sends `text` to BotFather and waits for its answer (the newest message from it after
/// the one sent).
async fn ask(user: &UserClient, botfather: &Value, text: &str) -> Value {
    let sent = user.send(botfather, text).await;
    user.wait_for(botfather, |m| {
        m["id"].as_i64().is_some_and(|id| id > sent) && m["out"] != json!(true)
    })
    .await
}

fn text(message: &Value) -> &str {
    message["message"].as_str().unwrap_or_default()
}

/// The token in a BotFather answer: the line that looks like `<id>:<secret>`.
fn token_in(message: &Value) -> String {
    text(message)
        .lines()
        .find(|l| {
            l.split_once(':')
                .is_some_and(|(id, s)| id.parse::<i64>().is_ok() && s.len() > 20)
        })
        .unwrap_or_else(|| panic!("no token in {message}"))
        .to_owned()
}

fn bot_client(server: &TestServer, token: &str) -> BotClient {
    BotClient {
        base: server.base.clone(),
        token: token.to_owned(),
        id: token.split(':').next().unwrap().parse().unwrap(),
        http: reqwest::Client::new(),
    }
}

#[tokio::test]
async fn a_bot_is_created_and_configured_by_chatting_with_botfather() {
    let server = TestServer::start().await;
    let user = server.user("Maker", Some("bf_maker")).await;
    let botfather = user.peer("BotFather").await;

    let reply = ask(&user, &botfather, "/newbot").await;
    assert!(text(&reply).contains("choose a name"), "{reply}");
    ask(&user, &botfather, "Weather Helper").await;
    let reply = ask(&user, &botfather, "weather_helper").await;
    assert!(text(&reply).contains("must end in 'bot'"), "{reply}");
    let reply = ask(&user, &botfather, "weather_helper_bot").await;
    assert!(text(&reply).starts_with("Done! Congratulations"), "{reply}");
    let token = token_in(&reply);
    let bot = bot_client(&server, &token);
    let me = bot.ok("getMe", json!({})).await;
    assert_eq!(
        (me["first_name"].as_str(), me["username"].as_str()),
        (Some("Weather Helper"), Some("weather_helper_bot"))
    );
    // The username is taken now.
    ask(&user, &botfather, "/newbot").await;
    ask(&user, &botfather, "Copy").await;
    let reply = ask(&user, &botfather, "weather_helper_bot").await;
    assert!(text(&reply).contains("already taken"), "{reply}");
    ask(&user, &botfather, "/cancel").await;

    // Commands, description, about text and name, each through a reply keyboard.
    let reply = ask(&user, &botfather, "/setcommands").await;
    assert_eq!(
        reply["reply_markup"]["rows"][0]["buttons"][0]["text"], "@weather_helper_bot",
        "{reply}"
    );
    ask(&user, &botfather, "@weather_helper_bot").await;
    let reply = ask(&user, &botfather, "start - Start\nforecast - The forecast").await;
    assert!(text(&reply).starts_with("Success!"), "{reply}");
    let commands = bot.ok("getMyCommands", json!({})).await;
    assert_eq!(
        commands,
        json!([{"command": "start", "description": "Start"},
               {"command": "forecast", "description": "The forecast"}])
    );
    for (command, value) in [
        ("/setdescription", "I tell the weather."),
        ("/setabouttext", "Weather, daily."),
        ("/setname", "Weather"),
    ] {
        ask(&user, &botfather, command).await;
        ask(&user, &botfather, "@weather_helper_bot").await;
        let reply = ask(&user, &botfather, value).await;
        assert!(text(&reply).starts_with("Success!"), "{command}: {reply}");
    }
    assert_eq!(
        bot.ok("getMyDescription", json!({})).await,
        json!({"description": "I tell the weather."})
    );
    assert_eq!(
        bot.ok("getMyShortDescription", json!({})).await,
        json!({"short_description": "Weather, daily."})
    );
    assert_eq!(
        bot.ok("getMyName", json!({})).await,
        json!({"name": "Weather"})
    );

    // Privacy mode off: getMe says the bot reads every group message.
    ask(&user, &botfather, "/setprivacy").await;
    let reply = ask(&user, &botfather, "@weather_helper_bot").await;
    assert!(text(&reply).contains("Current status"), "{reply}");
    let reply = ask(&user, &botfather, "Disable").await;
    assert!(text(&reply).contains("DISABLED"), "{reply}");
    let me = bot.ok("getMe", json!({})).await;
    assert_eq!(me["can_read_all_group_messages"], json!(true), "{me}");

    // /mybots lists the bot with an inline keyboard.
    let reply = ask(&user, &botfather, "/mybots").await;
    assert_eq!(reply["reply_markup"]["_"], "replyInlineMarkup", "{reply}");

    // Business Mode, a mini app, the menu button and the attachment menu.
    ask(&user, &botfather, "/setbusiness").await;
    ask(&user, &botfather, "@weather_helper_bot").await;
    let reply = ask(&user, &botfather, "Enable").await;
    assert!(text(&reply).contains("ENABLED"), "{reply}");
    let me = bot.ok("getMe", json!({})).await;
    assert_eq!(me["can_connect_to_business"], json!(true), "{me}");

    // Inline mode with a placeholder, and inline feedback.
    ask(&user, &botfather, "/setinline").await;
    ask(&user, &botfather, "@weather_helper_bot").await;
    let reply = ask(&user, &botfather, "City…").await;
    assert!(text(&reply).starts_with("Success!"), "{reply}");
    let me = bot.ok("getMe", json!({})).await;
    assert_eq!(me["supports_inline_queries"], json!(true), "{me}");
    let seen = user
        .ok(
            "contacts.resolveUsername",
            json!({"username": "weather_helper_bot"}),
        )
        .await;
    assert_eq!(
        seen["users"][0]["bot_inline_placeholder"], "City…",
        "{seen}"
    );
    ask(&user, &botfather, "/setinlinefeedback").await;
    let reply = ask(&user, &botfather, "@weather_helper_bot").await;
    assert!(
        text(&reply).contains("Current status for @weather_helper_bot is: DISABLED"),
        "{reply}"
    );
    let reply = ask(&user, &botfather, "Enable").await;
    assert!(text(&reply).contains("ENABLED"), "{reply}");

    ask(&user, &botfather, "/newapp").await;
    ask(&user, &botfather, "@weather_helper_bot").await;
    ask(&user, &botfather, "Forecast").await;
    ask(&user, &botfather, "https://weather.example/app").await;
    let reply = ask(&user, &botfather, "forecast").await;
    assert!(
        text(&reply).contains("t.me/weather_helper_bot/forecast"),
        "{reply}"
    );
    let bot_input = user.peer("weather_helper_bot").await;
    let input_user = json!({"_": "inputUser", "user_id": bot_input["user_id"],
                            "access_hash": bot_input["access_hash"]});
    let app = user
        .ok(
            "messages.getBotApp",
            json!({"app": {"_": "inputBotAppShortName", "bot_id": input_user,
                           "short_name": "forecast"}, "hash": 0}),
        )
        .await;
    assert_eq!(app["app"]["title"], "Forecast", "{app}");

    ask(&user, &botfather, "/setmenubutton").await;
    ask(&user, &botfather, "@weather_helper_bot").await;
    ask(&user, &botfather, "https://weather.example/menu").await;
    let reply = ask(&user, &botfather, "Open forecast").await;
    assert!(text(&reply).starts_with("Success!"), "{reply}");
    assert_eq!(
        bot.ok("getChatMenuButton", json!({})).await,
        json!({"type": "web_app", "text": "Open forecast",
               "web_app": {"url": "https://weather.example/menu"}})
    );

    ask(&user, &botfather, "/setattach").await;
    ask(&user, &botfather, "@weather_helper_bot").await;
    let reply = ask(&user, &botfather, "Enable").await;
    assert!(text(&reply).contains("ENABLED"), "{reply}");
    let entry = user
        .ok("messages.getAttachMenuBot", json!({"bot": input_user}))
        .await;
    assert_eq!(entry["bot"]["short_name"], "Weather", "{entry}");

    // /revoke: the old token stops working, the new one works.
    ask(&user, &botfather, "/revoke").await;
    let reply = ask(&user, &botfather, "@weather_helper_bot").await;
    let new_token = token_in(&reply);
    assert_ne!(new_token, token);
    let (status, _) = bot.err("getMe", json!({})).await;
    assert_eq!(status, 401);
    let bot = bot_client(&server, &new_token);
    bot.ok("getMe", json!({})).await;

    // /deletebot asks for the exact confirmation, then frees the username.
    ask(&user, &botfather, "/deletebot").await;
    ask(&user, &botfather, "@weather_helper_bot").await;
    let reply = ask(&user, &botfather, "yes").await;
    assert!(text(&reply).contains("exactly like this"), "{reply}");
    let reply = ask(&user, &botfather, "Yes, I am totally sure.").await;
    assert!(
        text(&reply).starts_with("Done! The bot is gone."),
        "{reply}"
    );
    let (status, _) = bot.err("getMe", json!({})).await;
    assert_eq!(status, 401);
    let (_, error) = user
        .err(
            "contacts.resolveUsername",
            json!({"username": "weather_helper_bot"}),
        )
        .await;
    assert_eq!(error, "USERNAME_NOT_OCCUPIED");
}
