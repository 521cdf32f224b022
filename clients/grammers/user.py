"""The user's side of the grammers check, over gramd's JSON client API (stdlib only).

    user.py URL TOKEN start BOT_USERNAME        the user starts the bot (/start)
    user.py URL TOKEN expect BOT_USERNAME TEXT  the chat with the bot has TEXT from the bot
"""
import json
import sys
import urllib.request


def call(url, token, function, params):
    request = urllib.request.Request(
        f"{url}/client/{function}",
        data=json.dumps(params).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request) as response:
        body = json.load(response)
    if not body.get("ok"):
        sys.exit(f"{function}: {body}")
    return body["result"]


def bot_peer(url, token, username):
    resolved = call(url, token, "contacts.resolveUsername", {"username": username})
    bot = resolved["users"][0]
    return bot, {"_": "inputPeerUser", "user_id": bot["id"], "access_hash": bot["access_hash"]}


def main():
    url, token, command, username = sys.argv[1:5]
    bot, peer = bot_peer(url, token, username)
    if command == "start":
        call(url, token, "messages.sendMessage",
             {"peer": peer, "message": "/start", "random_id": 1})
        return
    text = sys.argv[5]
    history = call(url, token, "messages.getHistory",
                   {"peer": peer, "offset_id": 0, "offset_date": 0, "add_offset": 0,
                    "limit": 20, "max_id": 0, "min_id": 0, "hash": 0})
    from_bot = [m for m in history["messages"]
                if m.get("message") == text and not m.get("out")
                and m.get("from_id", m.get("peer_id", {})).get("user_id") == bot["id"]]
    if not from_bot:
        sys.exit(f"the user does not see {text!r} from @{username}: {history['messages']}")
    print(f"the user sees {text!r} from @{username} (message {from_bot[0]['id']})")


main()
