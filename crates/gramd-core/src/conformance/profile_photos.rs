//! Profile photos: the store keeps each user's list with the one set last first and copies
//! it into the user's record; the core lets only the account (or a bot's owner) change them.

use std::sync::Arc;

use super::user;

use crate::clock::ManualClock;
use crate::error::CoreError;
use crate::ids::UserId;
use crate::media::Photo;
use crate::store::{Store, Write};
use crate::users::{BotInfo, NewUser};
use crate::{Core, CoreConfig};

fn photo(id: i64) -> Photo {
    Photo {
        id,
        date: 1_000 + id,
        sizes: Vec::new(),
    }
}

fn ids(photos: &[Photo]) -> Vec<i64> {
    photos.iter().map(|p| p.id).collect()
}

/// The list reads newest-set first with its total; moving a photo to the front, deleting
/// one, and the current photo in the user's record follow.
pub async fn profile_photos_round_trip(store: Arc<dyn Store>) {
    let ann = store
        .create_user(user("Ann", None, Some("+15550001")), None)
        .await
        .unwrap()
        .id;
    let put = |id: i64| Write::PutProfilePhoto {
        user: ann,
        photo: Box::new(photo(id)),
    };
    // Photo 3 has the lowest id but is set last: order is by setting, not by id.
    store.submit(vec![put(5), put(4), put(3)]).await.unwrap();
    let (total, page) = store.profile_photos(ann, 0, 100).await.unwrap();
    assert_eq!((total, ids(&page)), (3, vec![3, 4, 5]));
    assert_eq!(
        store.user(ann).await.unwrap().unwrap().photo,
        Some(photo(3))
    );
    let (total, page) = store.profile_photos(ann, 1, 1).await.unwrap();
    assert_eq!((total, ids(&page)), (3, vec![4]));

    // An older photo made current again moves to the front.
    store.submit(vec![put(5)]).await.unwrap();
    assert_eq!(
        ids(&store.profile_photos(ann, 0, 100).await.unwrap().1),
        [5, 3, 4]
    );
    assert_eq!(
        store.user(ann).await.unwrap().unwrap().photo,
        Some(photo(5))
    );

    store
        .submit(vec![Write::DeleteProfilePhotos {
            user: ann,
            ids: vec![5, 99],
        }])
        .await
        .unwrap();
    assert_eq!(
        store.profile_photos(ann, 0, 100).await.unwrap(),
        (2, vec![photo(3), photo(4)])
    );
    assert_eq!(
        store.user(ann).await.unwrap().unwrap().photo,
        Some(photo(3))
    );
    store
        .submit(vec![Write::DeleteProfilePhotos {
            user: ann,
            ids: vec![4, 3],
        }])
        .await
        .unwrap();
    assert_eq!(
        store.profile_photos(ann, 0, 100).await.unwrap(),
        (0, vec![])
    );
    assert_eq!(store.user(ann).await.unwrap().unwrap().photo, None);
    assert_eq!(
        store.profile_photos(UserId(987_654), 0, 10).await.unwrap(),
        (0, vec![])
    );
}

/// A person changes their own photos; a bot's owner changes the bot's; nobody else does.
pub async fn profile_photos_belong_to_their_account(store: Arc<dyn Store>) {
    let clock = Arc::new(ManualClock::new(1_800_000_000));
    let core = Core::open(store, clock.clone(), CoreConfig::default())
        .await
        .expect("open the core");
    let ann = core
        .create_user(user("Ann", None, Some("+15550001")))
        .await
        .unwrap();
    let ben = core
        .create_user(user("Ben", None, Some("+15550002")))
        .await
        .unwrap();
    let bot = core
        .create_bot(
            NewUser {
                first_name: "Bot".into(),
                last_name: None,
                username: Some("photo_bot".into()),
                phone: None,
                bot: None,
            },
            BotInfo {
                owner: Some(ann.id),
                ..BotInfo::default()
            },
        )
        .await
        .unwrap()
        .0;

    let now = core
        .set_profile_photo(ann.id, ann.id, photo(1))
        .await
        .unwrap();
    assert_eq!(now.photo, Some(photo(1)));
    assert_eq!(
        core.user(ann.id).await.unwrap().photo,
        Some(photo(1)),
        "cached"
    );
    clock.advance(1);
    core.set_profile_photo(ann.id, ann.id, photo(2))
        .await
        .unwrap();
    clock.advance(1);
    let again = core.reuse_profile_photo(ann.id, ann.id, 1).await.unwrap();
    assert_eq!(again.photo, Some(photo(1)));
    assert_eq!(
        core.reuse_profile_photo(ann.id, ann.id, 77)
            .await
            .unwrap_err(),
        CoreError::refused("PHOTO_ID_INVALID")
    );
    let (total, photos) = core.profile_photos(ann.id, 0, 10).await.unwrap();
    assert_eq!((total, ids(&photos)), (2, vec![1, 2]));

    // Ann owns the bot; Ben neither owns it nor is Ann.
    core.set_profile_photo(ann.id, bot.id, photo(5))
        .await
        .unwrap();
    assert_eq!(core.user(bot.id).await.unwrap().photo, Some(photo(5)));
    for target in [bot.id, ann.id] {
        assert_eq!(
            core.set_profile_photo(ben.id, target, photo(6))
                .await
                .unwrap_err(),
            CoreError::refused("BOT_INVALID")
        );
    }
    assert_eq!(
        core.delete_profile_photos(ann.id, ann.id, &[1, 1, 42])
            .await
            .unwrap(),
        [1]
    );
    assert_eq!(core.user(ann.id).await.unwrap().photo, Some(photo(2)));
    assert!(core.media(5).await.unwrap().is_some(), "recorded as media");
}

/// A user's profile music is a list of document ids kept in order; an empty list clears it.
pub async fn profile_music_round_trips(store: Arc<dyn Store>) {
    let ann = store
        .create_user(user("Ann", None, None), None)
        .await
        .unwrap();
    assert_eq!(
        store.profile_music(ann.id).await.unwrap(),
        Vec::<i64>::new()
    );
    super::commit(
        &store,
        vec![Write::SetProfileMusic {
            user: ann.id,
            ids: vec![30, 10, 20],
        }],
    )
    .await;
    assert_eq!(store.profile_music(ann.id).await.unwrap(), [30, 10, 20]);
    super::commit(
        &store,
        vec![Write::SetProfileMusic {
            user: ann.id,
            ids: Vec::new(),
        }],
    )
    .await;
    assert_eq!(
        store.profile_music(ann.id).await.unwrap(),
        Vec::<i64>::new()
    );
}
