#!/usr/bin/env python3
"""Golden vectors for gramd-mtproto, computed independently of the crate.

Implements the formulas of core.telegram.org/mtproto (description, auth_key,
mtproto-transports) with Python's hashlib/zlib and the `cryptography` package's AES,
and writes vectors.txt (name=hex lines) next to this script. Run it again only to add
vectors; the Rust tests read vectors.txt.

    python3 make_vectors.py
"""
import hashlib
import os
import struct
import zlib

from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

HERE = os.path.dirname(os.path.abspath(__file__))


def sha1(*parts):
    return hashlib.sha1(b"".join(parts)).digest()


def sha256(*parts):
    return hashlib.sha256(b"".join(parts)).digest()


def aes_ecb(key, block, decrypt=False):
    c = Cipher(algorithms.AES(key), modes.ECB())
    op = c.decryptor() if decrypt else c.encryptor()
    return op.update(block) + op.finalize()


def xor(a, b):
    return bytes(x ^ y for x, y in zip(a, b))


def ige_encrypt(data, key, iv):
    prev_c, prev_p = iv[:16], iv[16:]
    out = b""
    for i in range(0, len(data), 16):
        p = data[i:i + 16]
        c = xor(aes_ecb(key, xor(p, prev_c)), prev_p)
        out += c
        prev_c, prev_p = c, p
    return out


def kdf2(auth_key, msg_key, x):
    a = sha256(msg_key, auth_key[x:x + 36])
    b = sha256(auth_key[40 + x:76 + x], msg_key)
    return a[:8] + b[8:24] + a[24:32], b[:8] + a[8:24] + b[24:32]


def encrypt2(auth_key, plaintext_with_padding, x):
    msg_key_large = sha256(auth_key[88 + x:120 + x], plaintext_with_padding)
    msg_key = msg_key_large[8:24]
    key, iv = kdf2(auth_key, msg_key, x)
    key_id = sha1(auth_key)[12:20]
    return key_id + msg_key + ige_encrypt(plaintext_with_padding, key, iv), msg_key_large


def tl_bytes(b):
    head = bytes([len(b)]) if len(b) < 254 else b"\xfe" + len(b).to_bytes(3, "little")
    out = head + b
    return out + b"\0" * (-len(out) % 4)


def ctr(key, iv, data):
    c = Cipher(algorithms.AES(key), modes.CTR(iv)).encryptor()
    return c.update(data)


vectors = {}

# --- MTProto 2.0 message encryption, both directions -------------------------------
auth_key = bytes((i * 7 + 3) % 256 for i in range(256))
body = bytes(range(64))
plaintext = (
    struct.pack("<qqqii", 0x1122334455667788, -42, (1700000000 << 32) | 1, 1, len(body)) + body
)
padding = bytes(range(0xa0, 0xa0 + 16))
vectors["auth_key"] = auth_key
vectors["auth_key_id"] = sha1(auth_key)[12:20]
vectors["server_plaintext"] = plaintext
vectors["server_padding"] = padding
vectors["server_message"], _ = encrypt2(auth_key, plaintext + padding, 8)
client_msg, large = encrypt2(auth_key, plaintext + padding, 0)
vectors["client_message"] = client_msg
vectors["client_quick_ack"] = struct.pack("<I", struct.unpack("<I", large[:4])[0] | 0x80000000)

# --- RSA: fingerprint, RSA_PAD and the SHA-1 padding with the test key ----------------
with open(os.path.join(HERE, "test_key.pem"), "rb") as f:
    priv = serialization.load_pem_private_key(f.read(), password=None)
numbers = priv.private_numbers()
n, e = numbers.public_numbers.n, numbers.public_numbers.e
n_bytes = n.to_bytes(256, "big")
e_bytes = e.to_bytes((e.bit_length() + 7) // 8, "big")
vectors["rsa_n"] = n_bytes
vectors["rsa_e"] = e_bytes
vectors["rsa_d"] = numbers.d.to_bytes(256, "big")
vectors["rsa_fingerprint"] = sha1(tl_bytes(n_bytes) + tl_bytes(e_bytes))[12:20]

data = bytes(range(100, 200))  # stands for a TL object of 100 bytes
vectors["rsa_data"] = data
# RSA_PAD with fixed "random" bytes.
data_with_padding = data + bytes((i * 13) % 256 for i in range(192 - len(data)))
temp_key = bytes((i * 29 + 1) % 256 for i in range(32))
while True:
    data_with_hash = data_with_padding[::-1] + sha256(temp_key, data_with_padding)
    aes_encrypted = ige_encrypt(data_with_hash, temp_key, b"\0" * 32)
    key_aes_encrypted = xor(temp_key, sha256(aes_encrypted)) + aes_encrypted
    if int.from_bytes(key_aes_encrypted, "big") < n:
        break
    temp_key = sha1(temp_key) + temp_key[:12]
vectors["rsa_pad_cipher"] = pow(int.from_bytes(key_aes_encrypted, "big"), e, n).to_bytes(256, "big")
vectors["rsa_pad_data_with_padding"] = data_with_padding
# Telethon's scheme: SHA-1(data) + data + padding to 255 bytes, raw RSA.
old = sha1(data) + data + bytes((i * 5) % 256 for i in range(255 - 20 - len(data)))
vectors["rsa_sha1_cipher"] = pow(int.from_bytes(old, "big"), e, n).to_bytes(256, "big")

# --- obfuscated2 with the intermediate framing -----------------------------------------
init = bytearray((i * 11 + 5) % 256 for i in range(64))
init[0] = 0x42  # not 0xef, not a reserved first int
init[56:60] = b"\xee\xee\xee\xee"
fwd_key, fwd_iv = bytes(init[8:40]), bytes(init[40:56])
rev = bytes(init[::-1])
back_key, back_iv = rev[8:40], rev[40:56]
payload_in = bytes(range(40))
frame_in = struct.pack("<I", len(payload_in)) + payload_in
stream = ctr(fwd_key, fwd_iv, bytes(init) + frame_in)
header = bytes(init[:56]) + stream[56:64]
vectors["obf_client_bytes"] = header + stream[64:]
vectors["obf_payload_in"] = payload_in
payload_out = bytes(range(200, 232))
vectors["obf_payload_out"] = payload_out
vectors["obf_server_bytes"] = ctr(back_key, back_iv, struct.pack("<I", len(payload_out)) + payload_out)

# --- full transport ----------------------------------------------------------------
full_payload = bytes(range(1, 25))
packet = struct.pack("<II", len(full_payload) + 12, 0) + full_payload
vectors["full_payload"] = full_payload
vectors["full_frame"] = packet + struct.pack("<I", zlib.crc32(packet))

# --- auth.bindTempAuthKey: bind_auth_key_inner in an MTProto 1.0 message -------------
def kdf1(auth_key, msg_key, x):
    a = sha1(msg_key, auth_key[x:x + 32])
    b = sha1(auth_key[32 + x:48 + x], msg_key, auth_key[48 + x:64 + x])
    c = sha1(auth_key[64 + x:96 + x], msg_key)
    d = sha1(msg_key, auth_key[96 + x:128 + x])
    return a[:8] + b[8:20] + c[4:16], a[8:20] + b[:8] + c[16:20] + d[:8]


perm_key = auth_key
temp_key = bytes((i * 3 + 1) % 256 for i in range(256))
bind_msg_id = (1700000000 << 32) + 4 * 7
inner = struct.pack(
    "<Iqqqqi", 0x75a3f765, 0x1234, struct.unpack("<q", sha1(temp_key)[12:20])[0],
    struct.unpack("<q", sha1(perm_key)[12:20])[0], 0x5e55, 1700086400,
)
data = struct.pack("<qqqii", 0x0102030405060708, 0x1112131415161718, bind_msg_id, 0, len(inner)) + inner
msg_key = sha1(data)[4:20]
key, iv = kdf1(perm_key, msg_key, 0)
padded = data + bytes(range(-len(data) % 16))
vectors["bind_temp_key"] = temp_key
vectors["bind_encrypted_message"] = sha1(perm_key)[12:20] + msg_key + ige_encrypt(padded, key, iv)

with open(os.path.join(HERE, "vectors.txt"), "w") as f:
    for name, value in vectors.items():
        f.write(f"{name}={value.hex()}\n")
