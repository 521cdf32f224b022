"""Telethon signs in to gramd over MTProto and talks to a bot that runs on the Bot API.

Usage: signin.py HOST PORT KEY_FILE HTTP_BASE BOT_TOKEN BOT_USERNAME
KEY_FILE holds what `gramd mtproto key` prints. gramd must run with test phones on
(`GRAMD_AUTH_TEST_PHONES=1`): +99966XYYYY accepts the code XXXXX. The script signs in a new
user (auth.sendCode, auth.signIn, which registers the number), sends the bot a message,
plays the bot over the Bot API (getUpdates, then sendMessage), reads the reply with
messages.getHistory, hears the bot's next message as a live update that gramd pushed (the
client calls no updates.getDifference for it), disconnects, lets the bot send twice, comes
back with the pts it kept and catches up through getDifference (each message once, none
missing), then connects again with the same auth key and is still signed in.
Exits non-zero on the first failure.
"""
import asyncio
import json
import sys
import urllib.request

from telethon import TelegramClient, events, functions
from telethon.crypto import rsa
from telethon.network import ConnectionTcpFull
from telethon.sessions import StringSession

PHONE = "+9996620001"
CODE = "22222"


def bot_api(base, token, method, params):
    request = urllib.request.Request(
        f"{base}/bot{token}/{method}",
        data=json.dumps(params).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        body = json.load(response)
    assert body["ok"], body
    return body["result"]


def client_for(session, host, port, receive_updates=False, catch_up=False):
    client = TelegramClient(session, api_id=1, api_hash="0" * 32,
                            connection=ConnectionTcpFull, receive_updates=receive_updates,
                            catch_up=catch_up)
    client.session.set_dc(1, host, port)
    return client


def count_differences(client):
    """Counts the client's updates.getDifference calls (in a one-item list)."""
    count = [0]
    call = client._call

    async def counting(sender, request, *args, **kwargs):
        if isinstance(request, functions.updates.GetDifferenceRequest):
            count[0] += 1
        return await call(sender, request, *args, **kwargs)

    client._call = counting
    return count


async def wait_for_count(heard, arrived, count, timeout=10):
    async def enough():
        while len(heard) < count:
            arrived.clear()
            await arrived.wait()
    await asyncio.wait_for(enough(), timeout)


async def main(host, port, key_file, base, token, bot_username):
    text = open(key_file).read()
    end = "-----END RSA PUBLIC KEY-----"
    pem = text[text.index("-----BEGIN"):text.index(end) + len(end)]
    rsa.add_key(pem, old=False)

    client = client_for(StringSession(), host, port)
    await client.start(phone=PHONE, code_callback=lambda: CODE)
    me = await client.get_me()
    assert me.phone == PHONE.lstrip("+"), me
    print(f"signed in over MTProto as user {me.id}")

    await client.send_message(bot_username, "ping")
    updates = bot_api(base, token, "getUpdates", {"timeout": 10})
    message = next(u["message"] for u in updates if "message" in u)
    assert message["text"] == "ping" and message["from"]["id"] == me.id, message
    bot_api(base, token, "sendMessage", {"chat_id": me.id, "text": "pong: ping"})
    history = await client.get_messages(bot_username, limit=5)
    texts = [m.message for m in history]
    assert "pong: ping" in texts, texts
    print("the bot's reply arrived:", texts[0])

    saved = client.session.save()
    await client.disconnect()

    # Live updates: a client that receives updates hears the bot's next message as a
    # NewMessage event that gramd pushed (updateShortMessage): the client does not call
    # updates.getDifference for it.
    live = client_for(StringSession(saved), host, port, receive_updates=True)
    live_differences = count_differences(live)
    heard = []
    arrived = asyncio.Event()

    async def on_message(event):
        heard.append((event.id, event.raw_text))
        arrived.set()

    live.add_event_handler(on_message, events.NewMessage(incoming=True))
    await live.connect()
    await live.get_me()  # a call as the signed-in user: from here on gramd pushes
    await live.get_input_entity(bot_username)
    await asyncio.sleep(0.5)
    before = live_differences[0]
    pushed = bot_api(base, token, "sendMessage", {"chat_id": me.id, "text": "pushed: hello"})
    await wait_for_count(heard, arrived, 1)
    assert heard == [(pushed["message_id"], "pushed: hello")], heard
    assert live_differences[0] == before, (
        f"the client called updates.getDifference {live_differences[0] - before} time(s) "
        "to get the message: it was not pushed")
    print("the bot's next message arrived as a live update, without getDifference")

    # Missed while away: the bot sends twice while the client is disconnected; the client
    # comes back with the pts it kept (catch_up) and gets both through getDifference,
    # once each, after the one it had.
    session = live.session
    await live.disconnect()
    away = [
        bot_api(base, token, "sendMessage", {"chat_id": me.id, "text": f"while away: {n}"})
        for n in (1, 2)
    ]
    back = client_for(session, host, port, receive_updates=True, catch_up=True)
    back_differences = count_differences(back)
    back.add_event_handler(on_message, events.NewMessage(incoming=True))
    await back.connect()
    await wait_for_count(heard, arrived, 3)
    await back.get_me()
    await asyncio.sleep(1)  # room for a duplicate to show up
    expected = [(pushed["message_id"], "pushed: hello")] + [
        (m["message_id"], m["text"]) for m in away]
    assert heard == expected, heard
    assert back_differences[0] >= 1, "caught up without getDifference"
    print("caught up after a reconnect through getDifference: no gap, no duplicate")
    await back.disconnect()

    again = client_for(StringSession(saved), host, port)
    await again.connect()
    assert await again.is_user_authorized(), "the auth key's session is no longer signed in"
    assert (await again.get_me()).id == me.id
    await again.log_out()
    print("reconnected with the same auth key, signed in; logged out")


if __name__ == "__main__":
    host, port, key_file, base, token, bot_username = sys.argv[1:7]
    asyncio.run(main(host, int(port), key_file, base, token, bot_username))
