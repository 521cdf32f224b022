//! Media records and media messages.

use std::sync::Arc;

use super::{commit, put, text_message};
use crate::ids::{BoxId, MessageId, Peer, UserId};
use crate::media::{
    Document, DocumentKind, FileHash, FileRef, Media, MediaContent, Photo, PhotoSize,
};
use crate::messages::Content;
use crate::store::{Store, Write};

fn file(bytes: &[u8]) -> FileRef {
    FileRef {
        hash: FileHash::of(bytes),
        size: bytes.len() as u64,
    }
}

/// A photo and a document are stored by id, read back whole, and never changed by a
/// second record of the same id; a media message keeps its media, caption and album.
pub async fn media_records_round_trip(store: Arc<dyn Store>) {
    let photo = Media::Photo(Photo {
        id: 1 << 60,
        date: 1_700_000_000,
        sizes: vec![
            PhotoSize {
                kind: 's',
                width: 90,
                height: 60,
                file: file(b"small"),
            },
            PhotoSize {
                kind: 'm',
                width: 300,
                height: 200,
                file: file(b"original"),
            },
        ],
    });
    let document = Media::Document(Document {
        id: 77,
        date: 1_700_000_001,
        file: file(b"a song"),
        mime_type: "audio/mpeg".into(),
        file_name: Some("song.mp3".into()),
        kind: DocumentKind::Audio {
            duration: 180,
            performer: Some("Band".into()),
            title: None,
        },
        thumbnail: Some(PhotoSize {
            kind: 's',
            width: 90,
            height: 90,
            file: file(b"cover"),
        }),
    });
    assert_eq!(store.media(photo.id()).await.unwrap(), None);
    commit(
        &store,
        vec![
            Write::PutMedia(Box::new(photo.clone())),
            Write::PutMedia(Box::new(document.clone())),
        ],
    )
    .await;
    assert_eq!(store.media(photo.id()).await.unwrap(), Some(photo.clone()));
    assert_eq!(store.media(77).await.unwrap(), Some(document.clone()));
    let Media::Document(mut changed) = document.clone() else {
        unreachable!()
    };
    changed.file_name = Some("other.mp3".into());
    commit(
        &store,
        vec![Write::PutMedia(Box::new(Media::Document(changed)))],
    )
    .await;
    assert_eq!(
        store.media(77).await.unwrap(),
        Some(document),
        "a media record never changes once stored"
    );

    let me = UserId(40);
    let mut message = text_message(BoxId::User(me), 1, 1, Peer::User(UserId(41)), me, "");
    message.content = Content::Media(Box::new(MediaContent {
        media: photo,
        caption: "look".into(),
        entities: Vec::new(),
        has_spoiler: true,
        show_caption_above_media: true,
        group_id: Some(-5),
    }));
    commit(&store, vec![put(message.clone())]).await;
    let read = store
        .message(BoxId::User(me), MessageId(1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(read, message);
}
