"""Telethon signs in to gramd over MTProto and talks to a bot that runs on the Bot API.

Usage: signin.py HOST PORT KEY_FILE HTTP_BASE BOT_TOKEN BOT_USERNAME
KEY_FILE holds what `gramd mtproto key` prints. gramd must run with test phones on
(`GRAMD_AUTH_TEST_PHONES=1`): +99966XYYYY accepts the code XXXXX. The script signs in a new
user (auth.sendCode, auth.signIn, which registers the number), sends the bot a message,
plays the bot over the Bot API (getUpdates, then sendMessage), reads the reply with
messages.getHistory, hears the bot's next message as a live update, then connects again
with the same auth key and is still signed in.
Exits non-zero on the first failure.
"""
import asyncio
import json
import sys
import urllib.request

from telethon import TelegramClient, events
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


def client_for(session, host, port, receive_updates=False):
    client = TelegramClient(session, api_id=1, api_hash="0" * 32,
                            connection=ConnectionTcpFull, receive_updates=receive_updates)
    client.session.set_dc(1, host, port)
    return client


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
    # NewMessage event, without asking (gramd pushes, the client catches up).
    live = client_for(StringSession(saved), host, port, receive_updates=True)
    heard = asyncio.get_running_loop().create_future()

    @live.on(events.NewMessage(incoming=True))
    async def on_message(event):
        if not heard.done():
            heard.set_result(event.raw_text)

    await live.connect()
    await live.get_me()  # a call as the signed-in user: from here on gramd pushes
    await asyncio.sleep(0.5)
    bot_api(base, token, "sendMessage", {"chat_id": me.id, "text": "pushed: hello"})
    text = await asyncio.wait_for(heard, timeout=10)
    assert text == "pushed: hello", text
    print("the bot's next message arrived as a live update")
    await live.disconnect()
    again = client_for(StringSession(saved), host, port)
    await again.connect()
    assert await again.is_user_authorized(), "the auth key's session is no longer signed in"
    assert (await again.get_me()).id == me.id
    await again.log_out()
    print("reconnected with the same auth key, signed in; logged out")


if __name__ == "__main__":
    host, port, key_file, base, token, bot_username = sys.argv[1:7]
    asyncio.run(main(host, int(port), key_file, base, token, bot_username))
