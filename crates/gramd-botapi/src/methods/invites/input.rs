//! Parameters of the invite link methods, read as the reference server reads them.

use gramd_core::invites::LinkSpec;

use crate::error::ApiError;
use crate::params::Params;

/// The largest `member_limit` the reference passes on (it clamps to it).
const MEMBER_LIMIT_CLAMP: i32 = 100_000;

/// `name`, `expire_date`, `member_limit` and `creates_join_request` of
/// `createChatInviteLink` and `editChatInviteLink`.
pub(super) fn link_spec(params: &Params) -> Result<LinkSpec, ApiError> {
    let name = params.text_arg("name")?;
    Ok(LinkSpec {
        name: (!name.is_empty()).then(|| name.to_owned()),
        expire_date: i64::from(params.i32_arg("expire_date", 0, 0, i32::MAX)),
        member_limit: u32::try_from(params.i32_arg("member_limit", 0, 0, MEMBER_LIMIT_CLAMP))
            .unwrap_or_default(),
        creates_join_request: params.bool_arg("creates_join_request"),
    })
}

/// `invite_link` of `editChatInviteLink` and `revokeChatInviteLink`.
pub(super) fn invite_link(params: &Params) -> Result<&str, ApiError> {
    match params.text_arg("invite_link")? {
        "" => Err(ApiError::bad_request("Invite link must be non-empty")),
        link => Ok(link),
    }
}
