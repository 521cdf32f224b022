//! What was extracted from the description texts. Run with `--nocapture` to see the full
//! list of rules.

use gramd_spec_check::Spec;

fn values(type_name: &str, field: &str) -> Option<Vec<String>> {
    let spec = Spec::shared();
    let v = spec.allowed_values(type_name, field)?;
    Some(v.into_iter().map(str::to_owned).collect())
}

#[test]
fn lists_extracted_rules() {
    let rules = Spec::shared().documented_rules();
    let count = |prefix: &str, needle: &str| {
        rules
            .iter()
            .filter(|l| l.starts_with(prefix) && l.contains(needle))
            .count()
    };
    println!("{} rules extracted from descriptions:", rules.len());
    for line in rules.iter().filter(|l| !l.starts_with("method ")) {
        println!("  {line}");
    }
    let constants = count("field ", ": always \"");
    let enums = count("field ", ": one of ");
    let unions = count("union ", "");
    let true_only = count("method ", "must be true");
    println!("constants {constants}, enumerations {enums}, unions {unions}, True-only {true_only}");
    assert_eq!(constants, 147);
    assert_eq!(enums, 35);
    assert_eq!(unions, 25);
    assert_eq!(
        true_only, 104,
        "every method returning Boolean documents True"
    );
    assert_eq!(count("group ", ""), 7);
    assert_eq!(count("field ", "only for"), 6);
    assert_eq!(count("field User.", "returned only in getMe"), 10);
    assert_eq!(count("field ", "52 significant bits"), 20);
    // Only InputMessageContent has no discriminator (its variants differ by fields).
    let undiscriminated: Vec<&String> = rules
        .iter()
        .filter(|l| l.contains("exactly one variant"))
        .collect();
    assert_eq!(
        undiscriminated,
        ["union InputMessageContent: exactly one variant must match"]
    );
    assert!(rules.contains(
        &"union MaybeInaccessibleMessage by date: 0→InaccessibleMessage, otherwise another variant"
            .to_owned()
    ));
}

#[test]
fn enumerations() {
    let chat_types = ["private", "group", "supergroup", "channel"];
    assert_eq!(values("Chat", "type").unwrap(), chat_types);
    assert_eq!(values("ChatFullInfo", "type").unwrap(), chat_types);
    let inline_chat_types = ["sender", "private", "group", "supergroup", "channel"];
    assert_eq!(
        values("InlineQuery", "chat_type").unwrap(),
        inline_chat_types
    );
    let entity_types = values("MessageEntity", "type").unwrap();
    assert_eq!(entity_types.len(), 20);
    assert_eq!(entity_types.first().unwrap(), "mention");
    assert_eq!(entity_types.last().unwrap(), "date_time");
    assert!(entity_types.contains(&"bot_command".to_owned()));
    assert!(entity_types.contains(&"expandable_blockquote".to_owned()));
    assert_eq!(values("Poll", "type").unwrap(), ["regular", "quiz"]);
    assert_eq!(
        values("Sticker", "type").unwrap(),
        ["regular", "mask", "custom_emoji"]
    );
    assert_eq!(
        values("KeyboardButton", "style").unwrap(),
        ["danger", "success", "primary"]
    );
    assert_eq!(
        values("SuggestedPostPaid", "currency").unwrap(),
        ["XTR", "TON"]
    );
    assert!(
        values("ReactionTypeEmoji", "emoji")
            .unwrap()
            .contains(&"👍".to_owned())
    );
    let origins = ["upgrade", "transfer", "resale", "gifted_upgrade", "offer"];
    assert_eq!(values("UniqueGiftInfo", "origin").unwrap(), origins);
}

#[test]
fn constants() {
    assert_eq!(values("ChatMemberOwner", "status").unwrap(), ["creator"]);
    assert_eq!(values("ChatMemberBanned", "status").unwrap(), ["kicked"]);
    assert_eq!(values("MessageOriginUser", "type").unwrap(), ["user"]);
    assert_eq!(
        values("MessageOriginHiddenUser", "type").unwrap(),
        ["hidden_user"]
    );
    assert_eq!(values("ReactionTypeEmoji", "type").unwrap(), ["emoji"]);
    assert_eq!(
        values("BotCommandScopeDefault", "type").unwrap(),
        ["default"]
    );
    let scope = values("BotCommandScopeAllPrivateChats", "type").unwrap();
    assert_eq!(scope, ["all_private_chats"]);
    assert_eq!(values("MenuButtonWebApp", "type").unwrap(), ["web_app"]);
    assert_eq!(
        values("InlineQueryResultArticle", "type").unwrap(),
        ["article"]
    );
    assert_eq!(
        values("PassportElementErrorDataField", "source").unwrap(),
        ["data"]
    );
    assert_eq!(values("RefundedPayment", "currency").unwrap(), ["XTR"]);
}

#[test]
fn unreliable_wording_is_not_extracted() {
    // Conditional mentions and examples are not enumerations.
    assert_eq!(values("MessageEntity", "url"), None);
    assert_eq!(values("VideoQuality", "codec"), None);
    assert_eq!(values("Venue", "foursquare_type"), None);
    assert_eq!(values("Invoice", "currency"), None);
    assert_eq!(values("TransactionPartnerUser", "invoice_payload"), None);
    assert_eq!(values("User", "first_name"), None);
    // `"text/html" or "video/mp4"` has no introducing phrase, so it is left alone.
    assert_eq!(values("InlineQueryResultVideo", "mime_type"), None);
}
