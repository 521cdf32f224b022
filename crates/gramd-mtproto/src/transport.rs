//! MTProto's TCP transports, server side.
//!
//! A connection's first bytes say how it is framed: `0xef` is abridged, `0xeeeeeeee`
//! intermediate, `0xdddddddd` padded intermediate; a first packet whose bytes 4..8 are zero
//! (the sequence number 0) is full; anything else is taken as the 64-byte obfuscated2 header,
//! AES-256-CTR in both directions, whose decrypted bytes 56..60 name one of the first three.
//! HTTP and TLS openings are refused. [`Codec::feed`] takes bytes as they arrive and returns
//! the whole frames among them; [`Codec::encode`] frames an outgoing payload.

use grammers_crypto::ObfuscatedCipher;

use crate::{Entropy, random_array};

/// The largest frame payload accepted: a file part (512 KiB) with room for its envelope.
pub const MAX_FRAME: usize = 1 << 20;

/// How a connection frames its packets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// Length in 4-byte words, in 1 byte (< 127) or `0x7f` and 3 bytes.
    Abridged,
    /// Little-endian 4-byte length.
    Intermediate,
    /// Little-endian 4-byte length; the payload is followed by 0 to 15 random bytes.
    PaddedIntermediate,
    /// Length, sequence number, payload, CRC32.
    Full,
}

const TAG_ABRIDGED: [u8; 4] = [0xef; 4];
const TAG_INTERMEDIATE: [u8; 4] = [0xee; 4];
const TAG_PADDED: [u8; 4] = [0xdd; 4];

/// A frame that arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// Its payload (with padded intermediate, still followed by the padding).
    pub payload: Vec<u8>,
    /// The client asked for a quick acknowledgement.
    pub quick_ack: bool,
}

/// Bytes that are not a valid stream of frames; the connection is closed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    /// The connection opened like HTTP or TLS, or obfuscated2 named no known framing.
    #[error("unknown transport")]
    UnknownTransport,
    /// A frame announced more than [`MAX_FRAME`] bytes.
    #[error("frame of {0} bytes is too large")]
    TooLarge(usize),
    /// A frame length that cannot be (not a multiple of 4, or shorter than the envelope).
    #[error("bad frame length {0}")]
    BadLength(usize),
    /// The full transport's sequence number was not the next one.
    #[error("full transport: sequence number {got}, expected {expected}")]
    BadSequence {
        /// What came.
        got: u32,
        /// What was due.
        expected: u32,
    },
    /// The full transport's CRC32 was wrong.
    #[error("full transport: bad CRC32")]
    BadChecksum,
}

/// The transport codec of one connection.
pub struct Codec {
    framing: Option<Framing>,
    cipher: Option<ObfuscatedCipher>,
    /// Received bytes (deobfuscated) not yet consumed as frames.
    buffer: Vec<u8>,
    recv_seq: u32,
    send_seq: u32,
}

impl Default for Codec {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for Codec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Codec")
            .field("framing", &self.framing)
            .field("obfuscated", &self.cipher.is_some())
            .finish_non_exhaustive()
    }
}

impl Codec {
    /// A codec that has seen nothing yet.
    pub fn new() -> Self {
        Self {
            framing: None,
            cipher: None,
            buffer: Vec::new(),
            recv_seq: 0,
            send_seq: 0,
        }
    }

    /// The framing, once the first bytes have told it.
    pub fn framing(&self) -> Option<Framing> {
        self.framing
    }

    /// Whether the connection is obfuscated2.
    pub fn is_obfuscated(&self) -> bool {
        self.cipher.is_some()
    }

    /// Takes received bytes; returns the frames completed by them, in order.
    pub fn feed(&mut self, bytes: &[u8]) -> Result<Vec<Frame>, TransportError> {
        let start = self.buffer.len();
        self.buffer.extend_from_slice(bytes);
        if let Some(cipher) = &mut self.cipher {
            cipher.encrypt(&mut self.buffer[start..]);
        }
        if self.framing.is_none() && !self.detect()? {
            return Ok(Vec::new());
        }
        let mut frames = Vec::new();
        let mut consumed = 0;
        let framing = self.framing.expect("detected");
        while let Some((frame, used)) =
            Self::next_frame(framing, &mut self.recv_seq, &self.buffer[consumed..])?
        {
            consumed += used;
            frames.push(frame);
        }
        self.buffer.drain(..consumed);
        Ok(frames)
    }

    /// Works out the framing from the first bytes; `false` while too few have come.
    fn detect(&mut self) -> Result<bool, TransportError> {
        let buf = &self.buffer;
        if buf.first() == Some(&0xef) {
            self.framing = Some(Framing::Abridged);
            self.buffer.drain(..1);
            return Ok(true);
        }
        if buf.len() < 4 {
            return Ok(false);
        }
        let head: [u8; 4] = buf[..4].try_into().expect("4 bytes");
        match head {
            TAG_INTERMEDIATE | TAG_PADDED => {
                self.framing = Some(tag_framing(head).expect("a tag"));
                self.buffer.drain(..4);
                return Ok(true);
            }
            [0x16, 0x03, 0x01, 0x02] => return Err(TransportError::UnknownTransport),
            _ if [b"HEAD", b"POST", b"GET ", b"OPTI", b"PUT ", b"PVrG"].contains(&&head) => {
                return Err(TransportError::UnknownTransport);
            }
            _ => {}
        }
        if buf.len() < 8 {
            return Ok(false);
        }
        if buf[4..8] == [0; 4] {
            self.framing = Some(Framing::Full);
            return Ok(true);
        }
        if buf.len() < 64 {
            return Ok(false);
        }
        let init: [u8; 64] = buf[..64].try_into().expect("64 bytes");
        let mut cipher = ObfuscatedCipher::new(&init);
        // The client encrypts its whole header with its outgoing stream; the same stream
        // decrypts it here (grammers names that direction `encrypt`).
        let mut header = init;
        cipher.encrypt(&mut header);
        let framing = tag_framing(header[56..60].try_into().expect("4 bytes"))
            .ok_or(TransportError::UnknownTransport)?;
        let mut rest = self.buffer.split_off(64);
        cipher.encrypt(&mut rest);
        self.buffer = rest;
        self.cipher = Some(cipher);
        self.framing = Some(framing);
        Ok(true)
    }

    /// Reads one frame from the front of `buf`: the frame and the bytes it took.
    fn next_frame(
        framing: Framing,
        recv_seq: &mut u32,
        buf: &[u8],
    ) -> Result<Option<(Frame, usize)>, TransportError> {
        let (header, len, quick_ack) = match framing {
            Framing::Abridged => {
                let Some(&first) = buf.first() else {
                    return Ok(None);
                };
                let quick_ack = first & 0x80 != 0;
                if first & 0x7f == 0x7f {
                    if buf.len() < 4 {
                        return Ok(None);
                    }
                    let words = u32::from_le_bytes([buf[1], buf[2], buf[3], 0]) as usize;
                    (4, words * 4, quick_ack)
                } else {
                    (1, usize::from(first & 0x7f) * 4, quick_ack)
                }
            }
            Framing::Intermediate | Framing::PaddedIntermediate => {
                if buf.len() < 4 {
                    return Ok(None);
                }
                let raw = u32::from_le_bytes(buf[..4].try_into().expect("4 bytes"));
                (4, (raw & 0x7fff_ffff) as usize, raw & 0x8000_0000 != 0)
            }
            Framing::Full => {
                if buf.len() < 4 {
                    return Ok(None);
                }
                let len = u32::from_le_bytes(buf[..4].try_into().expect("4 bytes")) as usize;
                if len > MAX_FRAME + 12 {
                    return Err(TransportError::TooLarge(len));
                }
                if len < 12 || !len.is_multiple_of(4) {
                    return Err(TransportError::BadLength(len));
                }
                if buf.len() < len {
                    return Ok(None);
                }
                let seq = u32::from_le_bytes(buf[4..8].try_into().expect("4 bytes"));
                let crc = u32::from_le_bytes(buf[len - 4..len].try_into().expect("4 bytes"));
                if crc32fast::hash(&buf[..len - 4]) != crc {
                    return Err(TransportError::BadChecksum);
                }
                if seq != *recv_seq {
                    return Err(TransportError::BadSequence {
                        got: seq,
                        expected: *recv_seq,
                    });
                }
                *recv_seq = recv_seq.wrapping_add(1);
                let frame = Frame {
                    payload: buf[8..len - 4].to_vec(),
                    quick_ack: false,
                };
                return Ok(Some((frame, len)));
            }
        };
        if len > MAX_FRAME {
            return Err(TransportError::TooLarge(len));
        }
        if len == 0 || (framing != Framing::PaddedIntermediate && len % 4 != 0) {
            return Err(TransportError::BadLength(len));
        }
        if buf.len() < header + len {
            return Ok(None);
        }
        let frame = Frame {
            payload: buf[header..header + len].to_vec(),
            quick_ack,
        };
        Ok(Some((frame, header + len)))
    }

    /// Frames `payload` (a multiple of 4 bytes long) for sending. Before the framing is known
    /// nothing can be sent, and the result is empty.
    pub fn encode(&mut self, payload: &[u8], rng: &mut dyn Entropy) -> Vec<u8> {
        let Some(framing) = self.framing else {
            return Vec::new();
        };
        let mut out = Vec::with_capacity(payload.len() + 16);
        match framing {
            Framing::Abridged => {
                let words = payload.len() / 4;
                if words < 0x7f {
                    out.push(words as u8);
                } else {
                    out.push(0x7f);
                    out.extend_from_slice(&(words as u32).to_le_bytes()[..3]);
                }
                out.extend_from_slice(payload);
            }
            Framing::Intermediate => {
                out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
                out.extend_from_slice(payload);
            }
            Framing::PaddedIntermediate => {
                let [pad] = random_array::<1>(rng);
                let pad = usize::from(pad % 16);
                out.extend_from_slice(&((payload.len() + pad) as u32).to_le_bytes());
                out.extend_from_slice(payload);
                let mut padding = [0; 16];
                rng.fill(&mut padding[..pad]);
                out.extend_from_slice(&padding[..pad]);
            }
            Framing::Full => {
                out.extend_from_slice(&(payload.len() as u32 + 12).to_le_bytes());
                out.extend_from_slice(&self.send_seq.to_le_bytes());
                out.extend_from_slice(payload);
                out.extend_from_slice(&crc32fast::hash(&out).to_le_bytes());
                self.send_seq = self.send_seq.wrapping_add(1);
            }
        }
        self.obfuscate(&mut out);
        out
    }

    /// A transport error (`-404`, `-429`, `-444`): a frame whose payload is the negative code.
    pub fn encode_error(&mut self, code: i32, rng: &mut dyn Entropy) -> Vec<u8> {
        self.encode(&code.to_le_bytes(), rng)
    }

    /// A quick acknowledgement: the bare token, unframed; byte-swapped in abridged. The full
    /// transport has no quick acks, and gets nothing.
    pub fn encode_quick_ack(&mut self, token: u32) -> Vec<u8> {
        let mut out = match self.framing {
            Some(Framing::Abridged) => token.to_be_bytes().to_vec(),
            Some(Framing::Intermediate | Framing::PaddedIntermediate) => {
                token.to_le_bytes().to_vec()
            }
            Some(Framing::Full) | None => return Vec::new(),
        };
        self.obfuscate(&mut out);
        out
    }

    fn obfuscate(&mut self, out: &mut [u8]) {
        if let Some(cipher) = &mut self.cipher {
            cipher.decrypt(out);
        }
    }
}

fn tag_framing(tag: [u8; 4]) -> Option<Framing> {
    match tag {
        TAG_ABRIDGED => Some(Framing::Abridged),
        TAG_INTERMEDIATE => Some(Framing::Intermediate),
        TAG_PADDED => Some(Framing::PaddedIntermediate),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
