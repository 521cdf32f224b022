//! Profile music (`account.saveMusic`, `account.getSavedMusicIds`, `users.getSavedMusic`,
//! `users.getSavedMusicByID`): the audio files a person shows on their profile, newest
//! first; bots read them with the Bot API's `getUserProfileAudios`.

use gramd_core::media::Media;
use grammers_tl_types::{enums, functions as f, types};

use crate::error::RpcError;
use crate::rpc::Ctx;

/// Most documents one `users.getSavedMusic` page holds.
const MAX_PAGE: usize = 100;

/// The id of an audio document a client names.
async fn audio_id(ctx: &Ctx<'_>, input: &enums::InputDocument) -> Result<i64, RpcError> {
    match ctx.input_document(input).await? {
        Media::Document(doc) => Ok(doc.id),
        Media::Photo(_) => Err(RpcError::bad_request("DOCUMENT_INVALID")),
    }
}

pub(crate) async fn save_music(
    ctx: &Ctx<'_>,
    req: f::account::SaveMusic,
) -> Result<bool, RpcError> {
    let me = ctx.me().id;
    let id = audio_id(ctx, &req.id).await?;
    if req.unsave {
        ctx.core.unsave_profile_music(me, id).await?;
    } else {
        let after = match &req.after_id {
            Some(after) => Some(audio_id(ctx, after).await?),
            None => None,
        };
        ctx.core.save_profile_music(me, id, after).await?;
    }
    Ok(true)
}

pub(crate) async fn get_saved_music_ids(
    ctx: &Ctx<'_>,
    _req: f::account::GetSavedMusicIds,
) -> Result<enums::account::SavedMusicIds, RpcError> {
    let (_, documents) = ctx.core.profile_music(ctx.me().id, 0, usize::MAX).await?;
    Ok(enums::account::SavedMusicIds::Ids(
        types::account::SavedMusicIds {
            ids: documents.iter().map(|d| d.id).collect(),
        },
    ))
}

pub(crate) async fn get_saved_music(
    ctx: &Ctx<'_>,
    req: f::users::GetSavedMusic,
) -> Result<enums::users::SavedMusic, RpcError> {
    let user = ctx.input_user(&req.id).await?;
    let offset = usize::try_from(req.offset).unwrap_or(0);
    let limit = usize::try_from(req.limit).unwrap_or(0).min(MAX_PAGE);
    let (count, documents) = ctx.core.profile_music(user, offset, limit).await?;
    let view = ctx.view();
    Ok(enums::users::SavedMusic::Music(types::users::SavedMusic {
        count: i32::try_from(count).unwrap_or(i32::MAX),
        documents: documents.iter().map(|d| view.document(d)).collect(),
    }))
}

pub(crate) async fn get_saved_music_by_id(
    ctx: &Ctx<'_>,
    req: f::users::GetSavedMusicById,
) -> Result<enums::users::SavedMusic, RpcError> {
    let user = ctx.input_user(&req.id).await?;
    let (count, all) = ctx.core.profile_music(user, 0, usize::MAX).await?;
    let mut wanted = Vec::with_capacity(req.documents.len());
    for input in &req.documents {
        if let enums::InputDocument::Document(doc) = input {
            wanted.push(doc.id);
        }
    }
    let view = ctx.view();
    Ok(enums::users::SavedMusic::Music(types::users::SavedMusic {
        count: i32::try_from(count).unwrap_or(i32::MAX),
        documents: all
            .iter()
            .filter(|d| wanted.contains(&d.id))
            .map(|d| view.document(d))
            .collect(),
    }))
}
