"""Telethon against gramd's MTProto edge: key creation, help.getConfig, not-signed-in errors.

Usage: check_mtproto.py HOST PORT KEY_FILE SESSION_FILE [--resume]
KEY_FILE holds what `gramd mtproto key` prints: the PKCS#1 public key, then its fingerprint
as a signed decimal on the last line. Every transport Telethon has is tried in turn, each on a
fresh connection that creates its own auth key; the last key is saved to SESSION_FILE (a
Telethon StringSession). With --resume, only that session connects again (after a restart of
gramd): the auth key must still be known, so Telethon keeps it. Exits non-zero on the first
failure.
"""
import asyncio
import sys

from telethon import TelegramClient, errors
from telethon.crypto import rsa
from telethon.network import (
    ConnectionTcpAbridged,
    ConnectionTcpFull,
    ConnectionTcpIntermediate,
    ConnectionTcpObfuscated,
)
from telethon.sessions import MemorySession, StringSession
from telethon.tl.functions.help import GetConfigRequest, GetNearestDcRequest
from telethon.tl.functions.updates import GetStateRequest

TRANSPORTS = [ConnectionTcpFull, ConnectionTcpAbridged, ConnectionTcpIntermediate, ConnectionTcpObfuscated]


async def check(host, port, connection, session=None):
    if session is None:
        session = MemorySession()
        session.set_dc(1, host, port)
    client = TelegramClient(session, api_id=1, api_hash="0" * 32, connection=connection,
                            receive_updates=False, connection_retries=0, request_retries=1)
    await client.connect()
    try:
        config = await client(GetConfigRequest())
        assert config.this_dc == 1, config.this_dc
        [option] = config.dc_options
        assert (option.id, option.ip_address, option.port) == (1, host, port), option
        nearest = await client(GetNearestDcRequest())
        assert nearest.this_dc == 1, nearest
        try:
            await client(GetStateRequest())
            raise AssertionError("updates.getState answered without a signed-in user")
        except errors.AuthKeyUnregisteredError:
            pass
        assert not await client.is_user_authorized()
    finally:
        await client.disconnect()
    print(f"ok {connection.__name__}")
    return client.session


async def main():
    host, port, key_file, session_file = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    lines = open(key_file).read().strip().splitlines()
    pem, fingerprint = "\n".join(lines[:-1]) + "\n", int(lines[-1])
    rsa.add_key(pem, old=False)
    assert fingerprint in rsa._server_keys, "Telethon computes the same fingerprint"
    if "--resume" in sys.argv:
        saved = open(session_file).read()
        session = StringSession(saved)
        await check(host, port, ConnectionTcpFull, session)
        assert StringSession.save(session) == saved, "the auth key survived the restart"
        print("ok resumed")
        return
    for connection in TRANSPORTS:
        session = await check(host, port, connection)
    string = StringSession()
    string.set_dc(1, host, port)
    string.auth_key = session.auth_key
    open(session_file, "w").write(string.save())


if __name__ == "__main__":
    asyncio.run(main())
