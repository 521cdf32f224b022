//! Profile photos: getUserProfilePhotos, and the bot's own with setMyProfilePhoto and
//! removeMyProfilePhoto (<https://core.telegram.org/bots/api#getuserprofilephotos>,
//! `#setmyprofilephoto`, `#removemyprofilephoto`); the music on a profile,
//! getUserProfileAudios; and a user's emoji status, setUserEmojiStatus.

use gramd_core::ids::UserId;
use gramd_core::users::EmojiStatus;
use serde::Serialize;
use serde_json::Value;

use super::media::input::{InputFile, input_file};
use super::{Call, Outcome, Reply};
use crate::error::ApiError;
use crate::media::{FileObject, PhotoSize};

/// `UserProfilePhotos`.
#[derive(Serialize)]
struct UserProfilePhotos {
    total_count: u32,
    photos: Vec<Vec<PhotoSize>>,
}

pub(super) async fn get_user_profile_photos(call: &Call<'_>) -> Outcome {
    let p = call.params;
    let user = UserId(p.user_id("user_id")?);
    let offset = u32::try_from(p.i32_arg("offset", 0, 0, i32::MAX)).unwrap_or(0);
    let limit = u32::try_from(p.i32_arg("limit", 100, 1, 100)).unwrap_or(100);
    let (total_count, photos) = call
        .core
        .profile_photos(user, offset, limit)
        .await
        .map_err(|err| match err {
            gramd_core::CoreError::UserNotFound => ApiError::bad_request("user not found"),
            other => other.into(),
        })?;
    let renderer = call.renderer();
    let media = renderer.media();
    Reply::of(&UserProfilePhotos {
        total_count,
        photos: photos.iter().map(|photo| media.photo(photo)).collect(),
    })
}

/// `UserProfileAudios`.
#[derive(Serialize)]
struct UserProfileAudios {
    total_count: usize,
    audios: Vec<FileObject>,
}

pub(super) async fn get_user_profile_audios(call: &Call<'_>) -> Outcome {
    let p = call.params;
    let user = UserId(p.user_id("user_id")?);
    let offset = usize::try_from(p.i32_arg("offset", 0, 0, i32::MAX)).unwrap_or(0);
    let limit = usize::try_from(p.i32_arg("limit", 100, 1, 100)).unwrap_or(100);
    let (total_count, audios) =
        call.core
            .profile_music(user, offset, limit)
            .await
            .map_err(|err| match err {
                gramd_core::CoreError::UserNotFound => ApiError::bad_request("user not found"),
                other => other.into(),
            })?;
    let renderer = call.renderer();
    let media = renderer.media();
    Reply::of(&UserProfileAudios {
        total_count,
        audios: audios
            .iter()
            .map(|audio| media.document(audio, false))
            .collect(),
    })
}

pub(super) async fn set_my_profile_photo(call: &Call<'_>) -> Outcome {
    let p = call.params;
    let photo = p
        .json_value("photo")
        .map_err(|_| ApiError::bad_request("can't parse InputProfilePhoto JSON object"))?
        .ok_or_else(|| ApiError::bad_request("parameter \"photo\" is required"))?;
    let Value::Object(photo) = photo else {
        return Err(ApiError::bad_request("InputProfilePhoto must be an Object"));
    };
    let file = match photo.get("type").and_then(Value::as_str) {
        Some("static") => photo.get("photo").and_then(Value::as_str).unwrap_or(""),
        Some("animated") => {
            return Err(ApiError::bad_request(
                "animated profile photos are not supported by gramd yet",
            ));
        }
        _ => return Err(ApiError::bad_request("unsupported profile photo type")),
    };
    // Profile photos can't be reused: only a new upload is accepted.
    let Some(InputFile::Upload(upload)) = input_file(p, "photo", file, true) else {
        return Err(ApiError::bad_request(
            "photo must be uploaded as a new file",
        ));
    };
    let stored = call.core.upload_photo(upload.data.to_vec()).await?;
    call.core
        .set_profile_photo(call.bot.id, call.bot.id, stored)
        .await?;
    Ok(Reply::ok())
}

pub(super) async fn remove_my_profile_photo(call: &Call<'_>) -> Outcome {
    let me = call.core.user(call.bot.id).await?;
    if let Some(photo) = &me.photo {
        call.core
            .delete_profile_photos(me.id, me.id, &[photo.id])
            .await?;
    }
    Ok(Reply::ok())
}

pub(super) async fn set_user_emoji_status(call: &Call<'_>) -> Outcome {
    let p = call.params;
    let user = UserId(p.user_id("user_id")?);
    let status = match p.arg("emoji_status_custom_emoji_id") {
        "" => None,
        id => Some(EmojiStatus {
            custom_emoji_id: crate::params::to_i64(id),
            until: Some(p.i64_arg("emoji_status_expiration_date", 0, 0, i64::MAX))
                .filter(|&date| date > 0),
        }),
    };
    call.core
        .bot_set_emoji_status(call.bot.id, user, status)
        .await
        .map_err(|err| match err {
            gramd_core::CoreError::UserNotFound => ApiError::bad_request("user not found"),
            other => other.into(),
        })?;
    Ok(Reply::ok())
}
