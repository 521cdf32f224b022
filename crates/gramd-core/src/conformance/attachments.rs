//! Contacts, locations, venues and dice: they are stored and read back whole, a contact is
//! linked to the user with its phone number, and the contact a user shares of themself with a
//! bot is the one that bot's mini app reads (see the `attachments` service module).

use std::sync::Arc;

use super::user;

use crate::attachments::{Attachment, Contact, Location, REQUESTED_CONTACT_WINDOW, Venue};
use crate::clock::ManualClock;
use crate::error::CoreError;
use crate::ids::Peer;
use crate::messages::{Content, HistoryQuery, SendOptions};
use crate::store::Store;
use crate::users::{BotInfo, NewUser};
use crate::{Core, CoreConfig};

fn card(phone: &str, first_name: &str) -> Contact {
    Contact {
        phone_number: phone.into(),
        first_name: first_name.into(),
        last_name: String::new(),
        vcard: String::new(),
        user_id: None,
    }
}

/// Each kind round-trips through the store as sent; bad ones are refused with Telegram's
/// error names; the contact a user shared of themself is found for the bot, and only
/// within the window.
pub async fn attachments_round_trip(store: Arc<dyn Store>) {
    let clock = Arc::new(ManualClock::new(1_800_000_000));
    let core = Core::open(store, clock.clone(), CoreConfig::default())
        .await
        .expect("open the core");
    let alice = core
        .create_user(user("Alice", None, Some("+15550001")))
        .await
        .unwrap();
    let bob = core
        .create_user(user("Bob", None, Some("+15550002")))
        .await
        .unwrap();
    let bot = core
        .create_bot(
            NewUser {
                first_name: "Bot".into(),
                last_name: None,
                username: Some("cards_bot".into()),
                phone: None,
                bot: None,
            },
            BotInfo::default(),
        )
        .await
        .unwrap()
        .0;
    let to_bob = Peer::User(bob.id);
    let send =
        |attachment| core.send_attachment(alice.id, to_bob, attachment, SendOptions::default());

    let mut venue_place = Location::point(48.858_37, 2.294_481);
    venue_place.horizontal_accuracy = Some(10.5);
    let venue = Venue {
        location: venue_place,
        title: "Tower".into(),
        address: "Champ de Mars".into(),
        provider: "foursquare".into(),
        venue_id: "4adcda".into(),
        venue_type: "arts_entertainment/default".into(),
    };
    let sent = [
        send(Attachment::Contact(card("+1 555-0002", "Bobby")))
            .await
            .unwrap(),
        send(Attachment::Location(Location::point(-33.5, 151.25)))
            .await
            .unwrap(),
        send(Attachment::Venue(venue.clone())).await.unwrap(),
        send(Attachment::Dice {
            emoji: "🎰".into()
        })
        .await
        .unwrap(),
    ];
    let Content::Contact(contact) = &sent[0].message.content else {
        panic!("a contact: {:?}", sent[0].message.content);
    };
    assert_eq!(contact.user_id, Some(bob.id), "linked by phone number");
    let Content::Dice(dice) = &sent[3].message.content else {
        panic!("a dice");
    };
    assert!((1..=64).contains(&dice.value));

    // Bob's copies hold exactly what Alice's do.
    let history = core
        .history(bob.id, Peer::User(alice.id), HistoryQuery::newest(10))
        .await
        .unwrap();
    let received: Vec<&Content> = history.messages.iter().rev().map(|m| &m.content).collect();
    let expected: Vec<&Content> = sent.iter().map(|s| &s.message.content).collect();
    assert_eq!(received, expected);
    assert_eq!(sent[2].message.content, Content::Venue(venue));

    for (bad, name) in [
        (
            Attachment::Location(Location::point(91.0, 0.0)),
            "GEO_POINT_INVALID",
        ),
        (Attachment::Contact(card("", "A")), "PHONE_NUMBER_INVALID"),
        (Attachment::Contact(card("+1", " ")), "FIRSTNAME_INVALID"),
        (
            Attachment::Dice {
                emoji: "🍕".into()
            },
            "EMOTICON_INVALID",
        ),
    ] {
        assert_eq!(send(bad).await.unwrap_err(), CoreError::refused(name));
    }

    // Alice shares her own card with the bot: it is the requested contact, for a while.
    let to_bot = Peer::User(bot.id);
    assert_eq!(
        core.requested_contact(alice.id, bot.id).await.unwrap(),
        None
    );
    core.send_attachment(
        alice.id,
        to_bot,
        Attachment::Contact(card("+15550001", "Alice")),
        SendOptions::default(),
    )
    .await
    .unwrap();
    // Someone else's card is not hers.
    core.send_attachment(
        alice.id,
        to_bot,
        Attachment::Contact(card("+15550002", "Bob")),
        SendOptions::default(),
    )
    .await
    .unwrap();
    let (shared, date) = core
        .requested_contact(alice.id, bot.id)
        .await
        .unwrap()
        .expect("her own card");
    assert_eq!(shared.user_id, Some(alice.id));
    assert_eq!(shared.phone_number, "+15550001");
    assert_eq!(date, 1_800_000_000);
    assert_eq!(core.requested_contact(bob.id, bot.id).await.unwrap(), None);
    clock.advance(REQUESTED_CONTACT_WINDOW + 1);
    assert_eq!(
        core.requested_contact(alice.id, bot.id).await.unwrap(),
        None
    );
}
