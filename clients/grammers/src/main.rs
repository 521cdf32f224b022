//! grammers-client against a running gramd: connects to DC 1 at the given address (gramd's
//! own RSA key is known to the patched grammers-mtproto through `GRAMD_RSA_KEY`), signs a
//! bot in with `auth.importBotAuthorization`, resolves a user by username and sends them a
//! message. Exits non-zero on any failure.
//!
//! Usage: gramd-grammers-check HOST:PORT BOT_TOKEN USERNAME TEXT

use std::net::{SocketAddr, SocketAddrV6};
use std::sync::Arc;
use std::time::Duration;

use grammers_client::Client;
use grammers_mtsender::SenderPool;
use grammers_session::Session;
use grammers_session::storages::MemorySession;
use grammers_session::types::DcOption;

type Error = Box<dyn std::error::Error + Send + Sync>;

/// gramd is one data centre, DC 1.
const DC_ID: i32 = 1;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [addr, token, username, text] = &args[..] else {
        return Err("usage: gramd-grammers-check HOST:PORT BOT_TOKEN USERNAME TEXT".into());
    };
    let SocketAddr::V4(ipv4) = addr.parse::<SocketAddr>()? else {
        return Err("an IPv4 address".into());
    };
    let session = Arc::new(MemorySession::default());
    session
        .set_dc_option(&DcOption {
            id: DC_ID,
            ipv4,
            ipv6: SocketAddrV6::new(ipv4.ip().to_ipv6_mapped(), ipv4.port(), 0, 0),
            auth_key: None,
        })
        .await?;
    session.set_home_dc_id(DC_ID).await?;
    let SenderPool { runner, handle, .. } = SenderPool::new(Arc::clone(&session), 1);
    let client = Client::new(handle);
    let pool = tokio::spawn(runner.run());

    let result = tokio::time::timeout(Duration::from_secs(60), async {
        if client.is_authorized().await? {
            return Err::<(), Error>("authorized before signing in".into());
        }
        let bot = client.bot_sign_in(token, "gramd").await?;
        println!("signed in as @{}", bot.username().unwrap_or_default());
        if !client.is_authorized().await? {
            return Err("not authorized after bot_sign_in".into());
        }
        let me = client.get_me().await?;
        if me.id() != bot.id() || !me.is_bot() {
            return Err(format!("get_me is {:?}, not the bot", me.username()).into());
        }
        let user = client
            .resolve_username(username)
            .await?
            .ok_or_else(|| format!("@{username} does not resolve"))?;
        let peer = user.to_ref().await?.ok_or("no access hash for the user")?;
        let sent = client.send_message(peer, text.as_str()).await?;
        if sent.text() != text {
            return Err(format!("sent {:?}, not {text:?}", sent.text()).into());
        }
        println!("sent message {} to @{username}", sent.id());
        Ok(())
    })
    .await;
    pool.abort();
    result.map_err(|_| -> Error { "timed out after 60 s".into() })?
}
