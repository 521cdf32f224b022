//! What a message can carry besides text and files: a shared contact, a location, a venue
//! and an animated dice roll.
//!
//! Each is its own [`Content`](crate::messages::Content) kind, as in Telegram
//! (<https://core.telegram.org/bots/api#contact>, `#location`, `#venue`, `#dice`; TL
//! `messageMediaContact`, `messageMediaGeo`, `messageMediaVenue`, `messageMediaDice`). The
//! checks here are the ones Telegram makes before sending: a contact needs a phone number and
//! a first name, a location lies on the globe, a dice is one of the six animated emoji and
//! its value is rolled by the server. A failed check names Telegram's error for it
//! (`GEO_POINT_INVALID`, `EMOTICON_INVALID`, …), which both edges pass on as it is.

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, CoreResult};
use crate::ids::UserId;

/// A contact card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// The phone number, as given.
    pub phone_number: String,
    /// The first name.
    pub first_name: String,
    /// The last name (may be empty).
    #[serde(default)]
    pub last_name: String,
    /// A vCard (may be empty).
    #[serde(default)]
    pub vcard: String,
    /// The gramd user the card stands for, when the phone number is one of theirs.
    #[serde(default)]
    pub user_id: Option<UserId>,
}

/// Most bytes of a contact's vCard (Telegram's `vcard` limit: 0-2048 bytes).
pub const MAX_VCARD_BYTES: usize = 2048;

/// Most characters of a contact's or a venue's short fields.
const MAX_NAME_CHARS: usize = 255;

impl Contact {
    /// Checks a card before it is sent.
    ///
    /// # Errors
    /// `Refused` naming what is wrong.
    pub fn validate(&self) -> CoreResult<()> {
        if self.phone_number.trim().is_empty() {
            return Err(invalid("PHONE_NUMBER_INVALID"));
        }
        if self.first_name.trim().is_empty() {
            return Err(invalid("FIRSTNAME_INVALID"));
        }
        if [&self.phone_number, &self.first_name, &self.last_name]
            .iter()
            .any(|field| field.chars().count() > MAX_NAME_CHARS)
        {
            return Err(invalid("MEDIA_INVALID"));
        }
        if self.vcard.len() > MAX_VCARD_BYTES {
            return Err(invalid("MEDIA_INVALID"));
        }
        Ok(())
    }
}

/// A point on the globe, with its optional live-location fields.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// Latitude in degrees, -90 to 90.
    pub latitude: f64,
    /// Longitude in degrees, -180 to 180.
    pub longitude: f64,
    /// The radius of uncertainty in meters, 0 to 1500.
    #[serde(default)]
    pub horizontal_accuracy: Option<f64>,
    /// For a live location: for how long it is updated, in seconds (60 to 86400, or
    /// 0x7FFFFFFF for ever).
    #[serde(default)]
    pub live_period: Option<i32>,
    /// For a live location: the direction of movement, 1 to 360 degrees.
    #[serde(default)]
    pub heading: Option<i32>,
    /// For a live location: the distance for proximity alerts, 1 to 100000 meters.
    #[serde(default)]
    pub proximity_alert_radius: Option<i32>,
}

// A location compares by the bits of its numbers, so a stored message equals itself.
impl Eq for Location {}

/// The live period meaning "until stopped".
pub const LIVE_PERIOD_FOREVER: i32 = 0x7FFF_FFFF;

impl Location {
    /// A plain point.
    #[must_use]
    pub fn point(latitude: f64, longitude: f64) -> Self {
        Self {
            latitude,
            longitude,
            horizontal_accuracy: None,
            live_period: None,
            heading: None,
            proximity_alert_radius: None,
        }
    }

    /// Checks a location before it is sent, and clamps its accuracy to 0-1500 m as
    /// Telegram does.
    ///
    /// # Errors
    /// `Refused` for a point off the globe or a live field out of range.
    pub fn validated(mut self) -> CoreResult<Self> {
        let on_globe = self.latitude.is_finite()
            && self.longitude.is_finite()
            && self.latitude.abs() <= 90.0
            && self.longitude.abs() <= 180.0;
        if !on_globe {
            return Err(invalid("GEO_POINT_INVALID"));
        }
        self.horizontal_accuracy = self
            .horizontal_accuracy
            .filter(|a| a.is_finite() && *a > 0.0)
            .map(|a| a.min(1500.0));
        if let Some(period) = self.live_period
            && !((60..=86_400).contains(&period) || period == LIVE_PERIOD_FOREVER)
        {
            return Err(invalid("PERIOD_INVALID"));
        }
        if let Some(heading) = self.heading
            && !(1..=360).contains(&heading)
        {
            return Err(invalid("HEADING_INVALID"));
        }
        if let Some(radius) = self.proximity_alert_radius
            && !(1..=100_000).contains(&radius)
        {
            return Err(invalid("PROXIMITY_RADIUS_INVALID"));
        }
        Ok(self)
    }
}

/// A place: a location with a name and an address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Venue {
    /// Where it is.
    pub location: Location,
    /// Its name.
    pub title: String,
    /// Its address.
    pub address: String,
    /// The directory it comes from (`foursquare`, `gplaces`), or empty.
    #[serde(default)]
    pub provider: String,
    /// Its id in that directory, or empty.
    #[serde(default)]
    pub venue_id: String,
    /// Its type in that directory, or empty.
    #[serde(default)]
    pub venue_type: String,
}

impl Venue {
    /// Checks a venue before it is sent.
    ///
    /// # Errors
    /// `Refused`, as for [`Location::validated`], or for an empty title or
    /// address.
    pub fn validated(mut self) -> CoreResult<Self> {
        self.location = self.location.validated()?;
        if self.title.trim().is_empty() {
            return Err(invalid("VENUE_TITLE_INVALID"));
        }
        if self.address.trim().is_empty() {
            return Err(invalid("VENUE_ADDRESS_INVALID"));
        }
        Ok(self)
    }
}

/// How far back (seconds) the contact a user shared with a bot counts as the one the bot's
/// mini app asked for (`getRequestedContact`).
pub const REQUESTED_CONTACT_WINDOW: i64 = 300;

/// The animated emoji a dice can be, with the values each can land on.
pub const DICE_EMOJI: [(&str, i32); 6] = [
    ("🎲", 6),
    ("🎯", 6),
    ("🏀", 5),
    ("⚽", 5),
    ("🎳", 6),
    ("🎰", 64),
];

/// A dice roll.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dice {
    /// The emoji it is shown as.
    pub emoji: String,
    /// Where it landed: 1-6 for 🎲, 🎯 and 🎳, 1-5 for 🏀 and ⚽, 1-64 for 🎰.
    pub value: i32,
}

impl Dice {
    /// Rolls `emoji` (empty means 🎲) with the random number `random`.
    ///
    /// # Errors
    /// `Refused` for an emoji that is not a dice.
    pub fn roll(emoji: &str, random: u64) -> CoreResult<Self> {
        // Telegram accepts the football emoji with or without its variation selector.
        let emoji = match emoji.trim_end_matches('\u{fe0f}') {
            "" => "🎲",
            other => other,
        };
        let (emoji, faces) = DICE_EMOJI
            .iter()
            .find(|(e, _)| *e == emoji)
            .ok_or_else(|| invalid("EMOTICON_INVALID"))?;
        let faces = u64::try_from(*faces).unwrap_or(1);
        let value = i32::try_from(random % faces).unwrap_or(0) + 1;
        Ok(Self {
            emoji: (*emoji).to_owned(),
            value,
        })
    }
}

fn invalid(name: &'static str) -> CoreError {
    CoreError::refused(name)
}

/// One of the things of this module, to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Attachment {
    /// A contact card.
    Contact(Contact),
    /// A location.
    Location(Location),
    /// A venue.
    Venue(Venue),
    /// A dice of this emoji (empty for 🎲), rolled when sent.
    Dice {
        /// The emoji.
        emoji: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dice_lands_within_its_faces() {
        for (emoji, faces) in DICE_EMOJI {
            for random in [0, 1, 5, 63, 64, u64::MAX] {
                let dice = Dice::roll(emoji, random).unwrap();
                assert!((1..=faces).contains(&dice.value), "{emoji} {random}");
                assert_eq!(dice.emoji, emoji);
            }
        }
        assert_eq!(Dice::roll("", 0).unwrap().emoji, "🎲");
        assert_eq!(Dice::roll("⚽\u{fe0f}", 0).unwrap().emoji, "⚽");
        assert_eq!(
            Dice::roll("🍕", 0),
            Err(CoreError::refused("EMOTICON_INVALID"))
        );
    }

    #[test]
    fn locations_must_lie_on_the_globe() {
        assert!(Location::point(90.0, -180.0).validated().is_ok());
        for (lat, lon) in [
            (90.1, 0.0),
            (0.0, 180.5),
            (f64::NAN, 0.0),
            (0.0, f64::INFINITY),
        ] {
            assert!(
                Location::point(lat, lon).validated().is_err(),
                "{lat} {lon}"
            );
        }
        let mut live = Location::point(1.0, 2.0);
        live.horizontal_accuracy = Some(5000.0);
        live.live_period = Some(59);
        assert!(live.clone().validated().is_err());
        live.live_period = Some(LIVE_PERIOD_FOREVER);
        assert_eq!(live.validated().unwrap().horizontal_accuracy, Some(1500.0));
    }

    #[test]
    fn a_contact_needs_a_phone_and_a_first_name() {
        let card = Contact {
            phone_number: "+1 555".into(),
            first_name: "Ann".into(),
            last_name: String::new(),
            vcard: String::new(),
            user_id: None,
        };
        assert!(card.validate().is_ok());
        let no_phone = Contact {
            phone_number: " ".into(),
            ..card.clone()
        };
        assert!(no_phone.validate().is_err());
        let no_name = Contact {
            first_name: String::new(),
            ..card
        };
        assert!(no_name.validate().is_err());
    }
}
