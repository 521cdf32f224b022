//! The TL of the message layer that the generated types lack (`rpc_result`,
//! `msg_container`, `gzip_packed`), and the unwrapping of the invoke wrappers a client puts
//! around its queries (`invokeWithLayer`, `initConnection`, `invokeWithoutUpdates`,
//! `invokeAfterMsg`, `invokeAfterMsgs`).

use std::io::{Read, Write};

use grammers_tl_types::{self as tl, Cursor, Deserializable, Identifiable};

use crate::crypto::tl_bytes;

/// `rpc_result#f35c6d01 req_msg_id:long result:Object`.
pub const RPC_RESULT: u32 = 0xf35c_6d01;
/// `msg_container#73f1f8dc messages:vector<message>`.
pub const MSG_CONTAINER: u32 = 0x73f1_f8dc;
/// `gzip_packed#3072cfa1 packed_data:bytes`.
pub const GZIP_PACKED: u32 = 0x3072_cfa1;
/// `msg_copy#e06046b2 orig_message:message` (unused by Telegram; refused).
pub const MSG_COPY: u32 = 0xe060_46b2;

/// The most messages one container holds.
pub const MAX_CONTAINER_MESSAGES: usize = 1024;
/// The most bytes a `gzip_packed` may inflate to.
pub const MAX_INFLATED: usize = 16 << 20;
/// Results at least this long are sent as `gzip_packed`.
pub const GZIP_THRESHOLD: usize = 1024;

/// Malformed message-layer TL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnvelopeError {
    /// The bytes end early or hold the wrong constructor.
    #[error("malformed message: {0}")]
    Malformed(&'static str),
    /// `gzip_packed` that does not inflate, or inflates beyond [`MAX_INFLATED`].
    #[error("bad gzip_packed")]
    BadGzip,
}

/// One message of a container: `msg_id:long seqno:int bytes:int body`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InnerMessage {
    /// Its msg_id.
    pub msg_id: i64,
    /// Its seqno.
    pub seqno: i32,
    /// Its body.
    pub body: Vec<u8>,
}

/// The constructor id a body starts with.
pub fn constructor(body: &[u8]) -> Option<u32> {
    Some(u32::from_le_bytes(body.get(..4)?.try_into().ok()?))
}

/// Reads the messages of a `msg_container` body (constructor included).
pub fn read_container(body: &[u8]) -> Result<Vec<InnerMessage>, EnvelopeError> {
    let mut cursor = Cursor::from_slice(body);
    let bad = |_| EnvelopeError::Malformed("container");
    if u32::deserialize(&mut cursor).map_err(bad)? != MSG_CONTAINER {
        return Err(EnvelopeError::Malformed("not a container"));
    }
    let count = i32::deserialize(&mut cursor).map_err(bad)?;
    if !(0..=MAX_CONTAINER_MESSAGES as i32).contains(&count) {
        return Err(EnvelopeError::Malformed("container size"));
    }
    let mut messages = Vec::with_capacity(count as usize);
    for _ in 0..count {
        let msg_id = i64::deserialize(&mut cursor).map_err(bad)?;
        let seqno = i32::deserialize(&mut cursor).map_err(bad)?;
        let len = i32::deserialize(&mut cursor).map_err(bad)?;
        if len < 0 || len % 4 != 0 || len as usize > body.len() - cursor.pos() {
            return Err(EnvelopeError::Malformed("container message length"));
        }
        let mut inner = vec![0; len as usize];
        cursor.read_exact(&mut inner).map_err(bad)?;
        messages.push(InnerMessage {
            msg_id,
            seqno,
            body: inner,
        });
    }
    if cursor.pos() != body.len() {
        return Err(EnvelopeError::Malformed("bytes after container"));
    }
    Ok(messages)
}

/// Writes a `msg_container` of `messages`.
pub fn write_container(messages: &[InnerMessage]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&MSG_CONTAINER.to_le_bytes());
    out.extend_from_slice(&(messages.len() as i32).to_le_bytes());
    for message in messages {
        out.extend_from_slice(&message.msg_id.to_le_bytes());
        out.extend_from_slice(&message.seqno.to_le_bytes());
        out.extend_from_slice(&(message.body.len() as i32).to_le_bytes());
        out.extend_from_slice(&message.body);
    }
    out
}

/// Inflates a `gzip_packed` body (constructor included).
pub fn read_gzip_packed(body: &[u8]) -> Result<Vec<u8>, EnvelopeError> {
    let mut cursor = Cursor::from_slice(body);
    if u32::deserialize(&mut cursor).ok() != Some(GZIP_PACKED) {
        return Err(EnvelopeError::Malformed("not gzip_packed"));
    }
    let packed =
        Vec::<u8>::deserialize(&mut cursor).map_err(|_| EnvelopeError::Malformed("gzip_packed"))?;
    let mut inflated = Vec::new();
    flate2::read::GzDecoder::new(&packed[..])
        .take(MAX_INFLATED as u64 + 1)
        .read_to_end(&mut inflated)
        .map_err(|_| EnvelopeError::BadGzip)?;
    if inflated.len() > MAX_INFLATED {
        return Err(EnvelopeError::BadGzip);
    }
    Ok(inflated)
}

/// Writes `data` as `gzip_packed`.
pub fn write_gzip_packed(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).expect("writing to memory");
    let packed = encoder.finish().expect("writing to memory");
    let mut out = GZIP_PACKED.to_le_bytes().to_vec();
    tl_bytes(&packed, &mut out);
    out
}

/// `rpc_result` for the query `req_msg_id`; a long result is gzipped when that makes it
/// shorter.
pub fn write_rpc_result(req_msg_id: i64, result: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(12 + result.len());
    out.extend_from_slice(&RPC_RESULT.to_le_bytes());
    out.extend_from_slice(&req_msg_id.to_le_bytes());
    if result.len() >= GZIP_THRESHOLD {
        let packed = write_gzip_packed(result);
        if packed.len() < result.len() {
            out.extend_from_slice(&packed);
            return out;
        }
    }
    out.extend_from_slice(result);
    out
}

/// The fields of `initConnection`, without its query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitConnection {
    /// The application's api_id.
    pub api_id: i32,
    /// Device model.
    pub device_model: String,
    /// Operating system version.
    pub system_version: String,
    /// Application version.
    pub app_version: String,
    /// The system's language code.
    pub system_lang_code: String,
    /// The language pack.
    pub lang_pack: String,
    /// The language code.
    pub lang_code: String,
}

/// A query with its wrappers removed, and what the wrappers said.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Unwrapped {
    /// The query itself, starting with its constructor id.
    pub query: Vec<u8>,
    /// From `invokeWithLayer`.
    pub layer: Option<i32>,
    /// From `initConnection`.
    pub init_connection: Option<InitConnection>,
    /// `invokeWithoutUpdates` was among the wrappers.
    pub without_updates: bool,
    /// From `invokeAfterMsg`/`invokeAfterMsgs`: queries this one is to run after.
    pub after_msgs: Vec<i64>,
}

/// The rest of a buffer, whatever it holds: the query inside a wrapper, which is always its
/// last field.
struct Rest(Vec<u8>);

impl Deserializable for Rest {
    fn deserialize(buf: &mut Cursor) -> tl::deserialize::Result<Self> {
        let mut rest = Vec::new();
        buf.read_to_end(&mut rest)?;
        Ok(Rest(rest))
    }
}

/// How many wrappers deep a query may be.
const MAX_WRAPPERS: usize = 8;

/// Removes the invoke wrappers around a query.
pub fn unwrap_query(body: &[u8]) -> Result<Unwrapped, EnvelopeError> {
    use tl::functions as f;
    let mut out = Unwrapped::default();
    let mut query = body.to_vec();
    let bad = |_| EnvelopeError::Malformed("invoke wrapper");
    for _ in 0..MAX_WRAPPERS {
        let Some(id) = constructor(&query) else {
            return Err(EnvelopeError::Malformed("empty query"));
        };
        let mut cursor = Cursor::from_slice(&query[4..]);
        query = match id {
            f::InvokeWithLayer::<Rest>::CONSTRUCTOR_ID => {
                let call = f::InvokeWithLayer::<Rest>::deserialize(&mut cursor).map_err(bad)?;
                out.layer = Some(call.layer);
                call.query.0
            }
            f::InitConnection::<Rest>::CONSTRUCTOR_ID => {
                let call = f::InitConnection::<Rest>::deserialize(&mut cursor).map_err(bad)?;
                out.init_connection = Some(InitConnection {
                    api_id: call.api_id,
                    device_model: call.device_model,
                    system_version: call.system_version,
                    app_version: call.app_version,
                    system_lang_code: call.system_lang_code,
                    lang_pack: call.lang_pack,
                    lang_code: call.lang_code,
                });
                call.query.0
            }
            f::InvokeWithoutUpdates::<Rest>::CONSTRUCTOR_ID => {
                let call =
                    f::InvokeWithoutUpdates::<Rest>::deserialize(&mut cursor).map_err(bad)?;
                out.without_updates = true;
                call.query.0
            }
            f::InvokeAfterMsg::<Rest>::CONSTRUCTOR_ID => {
                let call = f::InvokeAfterMsg::<Rest>::deserialize(&mut cursor).map_err(bad)?;
                out.after_msgs.push(call.msg_id);
                call.query.0
            }
            f::InvokeAfterMsgs::<Rest>::CONSTRUCTOR_ID => {
                let call = f::InvokeAfterMsgs::<Rest>::deserialize(&mut cursor).map_err(bad)?;
                out.after_msgs.extend(call.msg_ids);
                call.query.0
            }
            _ => {
                out.query = query;
                return Ok(out);
            }
        };
    }
    Err(EnvelopeError::Malformed("too many invoke wrappers"))
}

#[cfg(test)]
mod tests;
