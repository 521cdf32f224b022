//! Profile photos (<https://core.telegram.org/api/files#profile-photos>):
//! `photos.uploadProfilePhoto`, `photos.updateProfilePhoto`, `photos.deletePhotos` and
//! `photos.getUserPhotos`. With `bot`, the owner of a bot changes the bot's photos.

use gramd_core::ids::UserId;
use gramd_core::media::Media;
use grammers_tl_types::{enums, functions as f, types};

use super::media::uploaded;
use crate::error::RpcError;
use crate::rpc::Ctx;

/// Whose photos a request changes: the caller's, or the bot it names.
async fn target(ctx: &Ctx<'_>, bot: Option<&enums::InputUser>) -> Result<UserId, RpcError> {
    match bot {
        Some(bot) => ctx
            .input_user(bot)
            .await
            .map_err(|_| RpcError::bad_request("BOT_INVALID")),
        None => Ok(ctx.me().id),
    }
}

/// `photos.photo` of the account's current photo (`photoEmpty` if it has none).
async fn current(ctx: &Ctx<'_>, user: UserId) -> Result<enums::photos::Photo, RpcError> {
    let user = ctx.core.user(user).await?;
    let view = ctx.view();
    Ok(enums::photos::Photo::Photo(types::photos::Photo {
        photo: user
            .photo
            .as_ref()
            .map_or(enums::Photo::Empty(types::PhotoEmpty { id: 0 }), |p| {
                view.photo(p)
            }),
        users: vec![view.user(&user)],
    }))
}

pub(crate) async fn upload_profile_photo(
    ctx: &Ctx<'_>,
    req: f::photos::UploadProfilePhoto,
) -> Result<enums::photos::Photo, RpcError> {
    let target = target(ctx, req.bot.as_ref()).await?;
    // Video avatars are not kept: the photo is what a video avatar falls back to.
    let Some(file) = req.file.as_ref() else {
        return Err(RpcError::bad_request("PHOTO_FILE_MISSING"));
    };
    let (bytes, _) = uploaded(ctx, file).await?;
    let photo = ctx.core.upload_photo(bytes).await?;
    ctx.core
        .set_profile_photo(ctx.me().id, target, photo)
        .await?;
    current(ctx, target).await
}

pub(crate) async fn update_profile_photo(
    ctx: &Ctx<'_>,
    req: f::photos::UpdateProfilePhoto,
) -> Result<enums::photos::Photo, RpcError> {
    let target = target(ctx, req.bot.as_ref()).await?;
    match &req.id {
        // `inputPhotoEmpty` takes the current photo away.
        enums::InputPhoto::Empty => {
            if let Some(photo) = &ctx.core.user(target).await?.photo {
                ctx.core
                    .delete_profile_photos(ctx.me().id, target, &[photo.id])
                    .await?;
            }
        }
        input => {
            let Media::Photo(photo) = ctx.input_photo(input).await? else {
                return Err(RpcError::bad_request("PHOTO_INVALID"));
            };
            ctx.core
                .reuse_profile_photo(ctx.me().id, target, photo.id)
                .await?;
        }
    }
    current(ctx, target).await
}

pub(crate) async fn delete_photos(
    ctx: &Ctx<'_>,
    req: f::photos::DeletePhotos,
) -> Result<Vec<i64>, RpcError> {
    let mut ids = Vec::with_capacity(req.id.len());
    for input in &req.id {
        // Photos the caller cannot name are not theirs to delete; they are skipped.
        if let Ok(Media::Photo(photo)) = ctx.input_photo(input).await {
            ids.push(photo.id);
        }
    }
    let me = ctx.me().id;
    Ok(ctx.core.delete_profile_photos(me, me, &ids).await?)
}

pub(crate) async fn get_user_photos(
    ctx: &Ctx<'_>,
    req: f::photos::GetUserPhotos,
) -> Result<enums::photos::Photos, RpcError> {
    let user = ctx.input_user(&req.user_id).await?;
    let offset = u32::try_from(req.offset).unwrap_or(0);
    let limit = u32::try_from(req.limit).unwrap_or(0);
    let (total, photos) = ctx.core.profile_photos(user, offset, limit).await?;
    let view = ctx.view();
    let photos: Vec<enums::Photo> = photos
        .iter()
        .filter(|p| req.max_id == 0 || p.id != req.max_id)
        .map(|p| view.photo(p))
        .collect();
    let users = vec![view.user(&*ctx.core.user(user).await?)];
    let returned = u32::try_from(photos.len()).unwrap_or(u32::MAX);
    Ok(if offset == 0 && returned == total {
        enums::photos::Photos::Photos(types::photos::Photos { photos, users })
    } else {
        enums::photos::Photos::Slice(types::photos::PhotosSlice {
            count: i32::try_from(total).unwrap_or(i32::MAX),
            photos,
            users,
        })
    })
}
