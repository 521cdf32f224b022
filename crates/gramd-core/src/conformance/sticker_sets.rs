//! Sticker sets: the store keeps each set whole, finds it by id, by name in any case and
//! by owner, and replaces media records; the core applies Telegram's rules to sets and
//! keeps their stickers' documents in step.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;

use super::{commit, user};

use crate::clock::ManualClock;
use crate::error::CoreError;
use crate::ids::UserId;
use crate::media::{
    Document, DocumentKind, FileHash, FileRef, FileStore, Media, StickerFormat, UploadKey,
    UploadProblem,
};
use crate::stickers::{SetSticker, StickerSet, StickerType};
use crate::store::{Store, StoreResult, Write};
use crate::users::{BotInfo, NewUser};
use crate::{Core, CoreConfig, NewSticker, NewStickerSet, SetThumbnail, StickerChange};

fn sticker_document(id: i64, set: Option<&StickerSet>) -> Document {
    Document {
        id,
        date: 1_700_000_000,
        file: FileRef {
            hash: FileHash::of(&id.to_le_bytes()),
            size: 10,
        },
        mime_type: "image/webp".into(),
        file_name: None,
        kind: DocumentKind::Sticker {
            width: 512,
            height: 512,
            emoji: Some("😀".into()),
            format: StickerFormat::Static,
            set: set.map(|s| Box::new(s.link(None))),
        },
        thumbnail: None,
    }
}

fn set_of(id: i64, name: &str, owner: UserId) -> StickerSet {
    StickerSet {
        id,
        name: name.into(),
        title: "Cats".into(),
        sticker_type: StickerType::Regular,
        needs_repainting: false,
        owner,
        bot: None,
        stickers: Vec::new(),
        thumbnail: None,
        thumbnail_custom_emoji: None,
        version: 1,
        created_at: 1_700_000_000,
    }
}

/// Sets are read back whole by id, by name in any case, and by owner; a put replaces the
/// set; a deleted set is gone; `ReplaceMedia` replaces what `PutMedia` would keep.
pub async fn sticker_sets_round_trip(store: Arc<dyn Store>) {
    let (ann, ben) = (UserId(7001), UserId(7002));
    let mut cats = set_of(11, "Cats_by_bot", ann);
    cats.stickers.push(SetSticker {
        document: sticker_document(101, Some(&cats)),
        emoji: vec!["😀".into(), "😺".into()],
        keywords: vec!["cat".into()],
    });
    let dogs = set_of(12, "dogs", ann);
    let birds = set_of(13, "birds", ben);
    commit(
        &store,
        vec![
            Write::PutStickerSet(Box::new(cats.clone())),
            Write::PutStickerSet(Box::new(dogs.clone())),
            Write::PutStickerSet(Box::new(birds)),
        ],
    )
    .await;
    assert_eq!(store.sticker_set(11).await.unwrap(), Some(cats.clone()));
    assert_eq!(
        store.sticker_set_by_name("cats_BY_BOT").await.unwrap(),
        Some(cats.clone()),
        "names are found in any case"
    );
    assert_eq!(store.sticker_set_by_name("cat").await.unwrap(), None);
    assert_eq!(store.sticker_sets_of(ann).await.unwrap(), [11, 12]);
    assert_eq!(
        store.sticker_sets_of(UserId(1)).await.unwrap(),
        Vec::<i64>::new()
    );

    cats.title = "More cats".into();
    cats.stickers.clear();
    commit(&store, vec![Write::PutStickerSet(Box::new(cats.clone()))]).await;
    assert_eq!(store.sticker_set(11).await.unwrap(), Some(cats));

    commit(&store, vec![Write::DeleteStickerSet { id: 12 }]).await;
    assert_eq!(store.sticker_set(12).await.unwrap(), None);
    assert_eq!(store.sticker_set_by_name("dogs").await.unwrap(), None);
    assert_eq!(store.sticker_sets_of(ann).await.unwrap(), [11]);

    let before = Media::Document(sticker_document(555, None));
    let after = Media::Document(sticker_document(555, Some(&set_of(11, "x", ann))));
    commit(&store, vec![Write::PutMedia(Box::new(before.clone()))]).await;
    commit(&store, vec![Write::PutMedia(Box::new(after.clone()))]).await;
    assert_eq!(store.media(555).await.unwrap(), Some(before), "put keeps");
    commit(&store, vec![Write::ReplaceMedia(Box::new(after.clone()))]).await;
    assert_eq!(
        store.media(555).await.unwrap(),
        Some(after),
        "replace replaces"
    );
}

/// Blobs in memory, for the core's checks that read sticker files back.
#[derive(Default)]
struct MemoryFiles(Mutex<HashMap<FileHash, Vec<u8>>>);

#[async_trait]
impl FileStore for MemoryFiles {
    async fn put(&self, bytes: Vec<u8>) -> StoreResult<FileRef> {
        let file = FileRef {
            hash: FileHash::of(&bytes),
            size: bytes.len() as u64,
        };
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(file.hash, bytes);
        Ok(file)
    }
    async fn read(
        &self,
        hash: FileHash,
        offset: u64,
        limit: usize,
    ) -> StoreResult<Option<Vec<u8>>> {
        let files = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Ok(files.get(&hash).map(|bytes| {
            let start = usize::try_from(offset)
                .unwrap_or(usize::MAX)
                .min(bytes.len());
            bytes[start..(start + limit).min(bytes.len())].to_vec()
        }))
    }
    async fn save_part(&self, _: UploadKey, _: u32, _: Vec<u8>) -> StoreResult<()> {
        Ok(())
    }
    async fn take_upload(
        &self,
        _: UploadKey,
        _: u32,
        _: u64,
    ) -> StoreResult<Result<Vec<u8>, UploadProblem>> {
        Ok(Err(UploadProblem::MissingPart(0)))
    }
}

/// A PNG of `width` x `height` in one colour (`shade` tells files apart).
fn png(width: u32, height: u32, shade: u8) -> Vec<u8> {
    let picture = image::RgbaImage::from_pixel(width, height, image::Rgba([shade, 0, 0, 255]));
    let mut out = std::io::Cursor::new(Vec::new());
    picture
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("encode a PNG");
    out.into_inner()
}

fn new_sticker(file: &Document, emoji: &[&str]) -> NewSticker {
    NewSticker {
        file: file.clone(),
        format: StickerFormat::Static,
        emoji: emoji.iter().map(|e| (*e).to_owned()).collect(),
        keywords: vec!["cat".into()],
        mask_position: None,
    }
}

fn ids(set: &StickerSet) -> Vec<i64> {
    set.stickers.iter().map(SetSticker::id).collect()
}

fn refused(name: &'static str) -> CoreError {
    CoreError::refused(name)
}

/// A bot creates a set for a person (its name ending in `_by_<bot>`), adds, moves,
/// changes and removes stickers, which keep their documents in step; another bot may not
/// touch it; custom emoji are found by id; a deleted set is gone and its stickers are
/// unlinked.
#[allow(clippy::too_many_lines)]
pub async fn sticker_sets_follow_the_rules(store: Arc<dyn Store>) {
    let clock = Arc::new(ManualClock::new(1_800_000_000));
    let core = Core::open_with_files(
        store,
        Arc::new(MemoryFiles::default()),
        clock,
        CoreConfig::default(),
    )
    .await
    .expect("open the core");
    let ann = core
        .create_user(user("Ann", None, Some("+15550101")))
        .await
        .unwrap();
    let bot = |name: &str| NewUser {
        first_name: name.into(),
        last_name: None,
        username: Some(name.into()),
        phone: None,
        bot: None,
    };
    let maker = core
        .create_bot(bot("MakerBot"), BotInfo::default())
        .await
        .unwrap()
        .0;
    let other = core
        .create_bot(bot("OtherBot"), BotInfo::default())
        .await
        .unwrap()
        .0;

    let upload = |shade: u8, side: u32| {
        core.upload_sticker_file(ann.id, png(side, side, shade), None, StickerFormat::Static)
    };
    let (a, b, c) = (
        upload(1, 512).await.unwrap(),
        upload(2, 512).await.unwrap(),
        upload(3, 512).await.unwrap(),
    );
    assert_eq!(
        core.upload_sticker_file(maker.id, png(512, 512, 9), None, StickerFormat::Static)
            .await
            .unwrap_err(),
        refused("USER_ID_INVALID"),
        "bots own no sets"
    );
    assert_eq!(
        core.upload_sticker_file(
            ann.id,
            b"not a picture".to_vec(),
            None,
            StickerFormat::Static
        )
        .await
        .unwrap_err(),
        refused("STICKER_PNG_NOPNG")
    );

    let new_set = |name: &str, stickers: Vec<NewSticker>| NewStickerSet {
        owner: ann.id,
        name: name.into(),
        title: "Cats".into(),
        sticker_type: StickerType::Regular,
        needs_repainting: false,
        stickers,
    };
    for bad in [
        "cats",
        "cats_by_otherbot",
        "1cats_by_makerbot",
        "ca__ts_by_makerbot",
    ] {
        assert_eq!(
            core.create_sticker_set(maker.id, new_set(bad, vec![new_sticker(&a, &["😺"])]))
                .await
                .unwrap_err(),
            refused("PACK_SHORT_NAME_INVALID"),
            "{bad}"
        );
    }
    assert_eq!(
        core.create_sticker_set(maker.id, new_set("cats_by_makerbot", Vec::new()))
            .await
            .unwrap_err(),
        refused("STICKERS_EMPTY")
    );
    assert_eq!(
        core.create_sticker_set(
            maker.id,
            new_set("cats_by_makerbot", vec![new_sticker(&a, &[])])
        )
        .await
        .unwrap_err(),
        refused("STICKER_EMOJI_INVALID")
    );
    let small = upload(4, 100).await.unwrap();
    assert_eq!(
        core.create_sticker_set(
            maker.id,
            new_set("cats_by_makerbot", vec![new_sticker(&small, &["😺"])])
        )
        .await
        .unwrap_err(),
        refused("STICKER_PNG_DIMENSIONS"),
        "regular stickers are 512 pixels on a side"
    );

    let set = core
        .create_sticker_set(
            maker.id,
            new_set("Cats_by_MakerBot", vec![new_sticker(&a, &["😺", "😀"])]),
        )
        .await
        .unwrap();
    assert_eq!((set.owner, set.bot), (ann.id, Some(maker.id)));
    assert_eq!(
        core.create_sticker_set(
            maker.id,
            new_set("cats_by_makerbot", vec![new_sticker(&b, &["😺"])])
        )
        .await
        .unwrap_err(),
        refused("PACK_SHORT_NAME_OCCUPIED"),
        "names are unique in any case"
    );
    let first = set.stickers[0].id();
    assert_ne!(first, a.id, "a sticker of a set is a document of its own");
    let Some(Media::Document(doc)) = core.media(first).await.unwrap() else {
        panic!("the sticker's document is recorded");
    };
    let DocumentKind::Sticker {
        emoji, set: link, ..
    } = &doc.kind
    else {
        panic!("a sticker");
    };
    assert_eq!(emoji.as_deref(), Some("😺"));
    assert_eq!(link.as_ref().unwrap().set_name, "Cats_by_MakerBot");

    core.add_sticker_to_set(
        maker.id,
        Some(ann.id),
        "cats_by_makerbot",
        new_sticker(&b, &["🐱"]),
    )
    .await
    .unwrap();
    let set = core
        .add_sticker_to_set(maker.id, None, "cats_by_makerbot", new_sticker(&c, &["🐈"]))
        .await
        .unwrap();
    let again = core
        .add_sticker_to_set(maker.id, None, "cats_by_makerbot", new_sticker(&c, &["🐈"]))
        .await
        .unwrap();
    assert_eq!(
        ids(&again),
        ids(&set),
        "the same file again changes nothing"
    );
    let [s1, s2, s3] = ids(&set)[..] else {
        panic!("three stickers")
    };
    for (actor, owner) in [(other.id, None), (maker.id, Some(UserId(424_242)))] {
        assert_eq!(
            core.add_sticker_to_set(actor, owner, "cats_by_makerbot", new_sticker(&c, &["🐈"]))
                .await
                .unwrap_err(),
            refused("STICKERSET_INVALID")
        );
    }
    assert_eq!(
        core.add_sticker_to_set(maker.id, None, "dogs_by_makerbot", new_sticker(&c, &["🐈"]))
            .await
            .unwrap_err(),
        refused("STICKERSET_INVALID")
    );

    let set = core.set_sticker_position(maker.id, s3, 0).await.unwrap();
    assert_eq!(ids(&set), [s3, s1, s2]);
    assert_eq!(
        core.set_sticker_position(maker.id, s3, 3)
            .await
            .unwrap_err(),
        refused("STICKER_INVALID")
    );
    assert_eq!(
        core.set_sticker_position(other.id, s3, 1)
            .await
            .unwrap_err(),
        refused("STICKERSET_INVALID")
    );
    assert_eq!(
        core.set_sticker_position(maker.id, a.id, 1)
            .await
            .unwrap_err(),
        refused("STICKERSET_INVALID"),
        "a sticker outside any set"
    );

    let set = core
        .change_sticker(
            maker.id,
            s2,
            StickerChange {
                emoji: Some(vec!["🙀".into()]),
                keywords: Some(vec!["scared".into()]),
                mask_position: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(set.stickers[2].emoji, ["🙀"]);
    assert_eq!(set.stickers[2].keywords, ["scared"]);
    let Some(Media::Document(doc)) = core.media(s2).await.unwrap() else {
        panic!("recorded");
    };
    assert!(
        matches!(&doc.kind, DocumentKind::Sticker { emoji: Some(e), .. } if e == "🙀"),
        "the record follows the set"
    );
    assert_eq!(
        core.change_sticker(
            maker.id,
            s2,
            StickerChange {
                emoji: Some(Vec::new()),
                ..StickerChange::default()
            }
        )
        .await
        .unwrap_err(),
        refused("STICKER_EMOJI_INVALID")
    );

    let set = core.delete_sticker_from_set(maker.id, s1).await.unwrap();
    assert_eq!(ids(&set), [s3, s2]);
    let Some(Media::Document(doc)) = core.media(s1).await.unwrap() else {
        panic!("recorded");
    };
    assert!(
        matches!(&doc.kind, DocumentKind::Sticker { set: None, .. }),
        "a removed sticker is in no set"
    );
    assert_eq!(
        core.delete_sticker_from_set(maker.id, s1)
            .await
            .unwrap_err(),
        refused("STICKERSET_INVALID")
    );

    let set = core
        .set_sticker_set_title(maker.id, "cats_by_makerbot", "  Cool cats ")
        .await
        .unwrap();
    assert_eq!(set.title, "Cool cats");
    assert_eq!(
        core.set_sticker_set_title(maker.id, "cats_by_makerbot", " ")
            .await
            .unwrap_err(),
        refused("PACK_TITLE_INVALID")
    );
    let thumb = upload(5, 100).await.unwrap();
    let set = core
        .set_sticker_set_thumbnail(
            maker.id,
            Some(ann.id),
            "cats_by_makerbot",
            SetThumbnail::File(Box::new(thumb), StickerFormat::Static),
        )
        .await
        .unwrap();
    assert!(set.thumbnail.is_some());
    assert_eq!(
        core.set_sticker_set_thumbnail(
            maker.id,
            None,
            "cats_by_makerbot",
            SetThumbnail::File(Box::new(b.clone()), StickerFormat::Static)
        )
        .await
        .unwrap_err(),
        refused("STICKER_THUMB_PNG_NOPNG"),
        "thumbnails are 100x100"
    );
    assert_eq!(core.sticker_set("CATS_BY_MAKERBOT").await.unwrap(), set);

    // Custom emoji: 100x100, found by their document ids.
    let emoji_set = core
        .create_sticker_set(
            maker.id,
            NewStickerSet {
                sticker_type: StickerType::CustomEmoji,
                needs_repainting: true,
                ..new_set("emoji_by_makerbot", vec![new_sticker(&small, &["⭐"])])
            },
        )
        .await
        .unwrap();
    let star = emoji_set.stickers[0].id();
    let found = core
        .custom_emoji_stickers(&[star, s2, 999, star])
        .await
        .unwrap();
    assert_eq!(found.iter().map(|d| d.id).collect::<Vec<_>>(), [star]);
    assert_eq!(
        core.sticker_sets_of(ann.id).await.unwrap(),
        [set.id, emoji_set.id]
    );

    let icons = core.forum_topic_icon_stickers().await.unwrap();
    assert!(!icons.is_empty());
    assert_eq!(
        core.forum_topic_icon_stickers().await.unwrap(),
        icons,
        "made once"
    );

    assert_eq!(
        core.delete_sticker_set(other.id, "cats_by_makerbot")
            .await
            .unwrap_err(),
        refused("STICKERSET_INVALID")
    );
    core.delete_sticker_set(maker.id, "cats_by_makerbot")
        .await
        .unwrap();
    assert_eq!(
        core.sticker_set("cats_by_makerbot").await.unwrap_err(),
        refused("STICKERSET_INVALID")
    );
    let Some(Media::Document(doc)) = core.media(s3).await.unwrap() else {
        panic!("recorded");
    };
    assert!(matches!(&doc.kind, DocumentKind::Sticker { set: None, .. }));
    core.check_sticker_set_name("cats_by_makerbot")
        .await
        .unwrap();
    assert_eq!(
        core.check_sticker_set_name("emoji_by_makerbot")
            .await
            .unwrap_err(),
        refused("PACK_SHORT_NAME_OCCUPIED")
    );
}
