//! `bots.setCustomVerification`: a verifier bot (or the user who owns it, naming it in
//! `bot`) verifies a user, bot, supergroup or channel, or takes its verification back. The
//! verification shows as `bot_verification` in `userFull`/`channelFull` and as
//! `bot_verification_icon` on the user or channel (see [`gramd_core::verification`]).

use grammers_tl_types::{enums, functions as f};

use super::users::own_bot;
use crate::error::RpcError;
use crate::rpc::Ctx;

pub(crate) async fn set_custom_verification(
    ctx: &Ctx<'_>,
    req: f::bots::SetCustomVerification,
) -> Result<bool, RpcError> {
    let verifier = own_bot(ctx, req.bot.as_ref()).await?;
    let target = ctx.input_peer(&req.peer).await?;
    if req.enabled {
        let description = match &req.custom_description {
            Some(enums::TextWithEntities::Entities(text)) => text.text.as_str(),
            None => "",
        };
        ctx.core.verify(verifier, target, description).await?;
    } else {
        ctx.core.remove_verification(verifier, target).await?;
    }
    Ok(true)
}
