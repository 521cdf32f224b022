"""A user on gramd's JSON client API (`POST /client/<TL function>`), and the Bot API
calls the suite makes as a bot to look at its state (getWebhookInfo)."""
from __future__ import annotations

import base64
import json
import random
import urllib.error
import urllib.request
from typing import Callable

# Parts of uploads and downloads: Telegram's rules (a multiple of 1 KiB dividing 512 KiB
# for uploads, of 4 KiB dividing 1 MiB for downloads); small, so that files of a few
# tens of KiB take several parts.
PART = 16384


class ScenarioFailure(Exception):
    pass


class ClientApiError(Exception):
    def __init__(self, method: str, status: int, body: str):
        super().__init__(f"{method}: HTTP {status}: {body[:300]}")
        self.status = status
        self.body = body

    @property
    def error_message(self) -> str | None:
        try:
            return json.loads(self.body).get("error_message")
        except ValueError:
            return None


def http_json(url: str, body: dict | None, headers: dict[str, str], timeout: float) -> tuple[int, str]:
    """POSTs JSON (GET without a body); returns (status, body text)."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json", **headers},
                                 method="GET" if body is None else "POST")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read().decode(errors="replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")


def random_id() -> str:
    return str(random.getrandbits(63))


def input_peer_user(user: dict) -> dict:
    return {"_": "inputPeerUser", "user_id": user["id"], "access_hash": user["access_hash"]}


def input_user(user: dict) -> dict:
    return {"_": "inputUser", "user_id": user["id"], "access_hash": user["access_hash"]}


def input_channel(channel: dict) -> dict:
    return {"_": "inputChannel", "channel_id": channel["id"], "access_hash": channel["access_hash"]}


def input_peer_channel(channel: dict) -> dict:
    return {"_": "inputPeerChannel", "channel_id": channel["id"], "access_hash": channel["access_hash"]}


def photo_location(photo: dict) -> dict:
    """The largest size of a TL photo."""
    sizes = [s for s in photo.get("sizes", []) if "w" in s and "h" in s]
    if not sizes:
        raise ScenarioFailure(f"photo has no sizes: {json.dumps(photo)[:300]}")
    largest = max(sizes, key=lambda s: s["w"] * s["h"])
    return {"_": "inputPhotoFileLocation", "id": photo["id"], "access_hash": photo["access_hash"],
            "file_reference": photo["file_reference"], "thumb_size": largest["type"]}


def document_location(document: dict) -> dict:
    return {"_": "inputDocumentFileLocation", "id": document["id"], "access_hash": document["access_hash"],
            "file_reference": document["file_reference"], "thumb_size": ""}


def sent_message_id(result: dict) -> int | None:
    if result.get("_") == "updateShortSentMessage":
        return result.get("id")
    for upd in result.get("updates", []):
        if upd.get("_") == "updateMessageID":
            return upd.get("id")
        if upd.get("_") == "updateNewMessage" and upd.get("message", {}).get("out"):
            return upd["message"].get("id")
    return None


class Client:
    """A user session. `alive` is called before each request and returns why the server
    is gone, if it is."""

    def __init__(self, base: str, token: str, user_id: int, alive: Callable[[], str | None]):
        self.base = base
        self.token = token
        self.id = user_id
        self.alive = alive

    def call(self, method: str, params: dict, timeout: float = 10) -> dict:
        if (dead := self.alive()) is not None:
            raise ScenarioFailure(dead)
        try:
            status, body = http_json(f"{self.base}/client/{method}", params,
                                     {"Authorization": f"Bearer {self.token}"}, timeout)
        except OSError as e:
            raise ScenarioFailure(self.alive() or f"{method}: request failed: {e}") from e
        try:
            reply = json.loads(body)
        except ValueError:
            raise ClientApiError(method, status, body) from None
        if status != 200 or not isinstance(reply, dict) or reply.get("ok") is not True or "result" not in reply:
            raise ClientApiError(method, status, body)
        return reply["result"]

    # ---- messages

    def send(self, peer: dict, text: str, reply_to: int | None = None) -> int:
        params = {"peer": peer, "message": text, "random_id": random_id()}
        if reply_to is not None:
            params["reply_to"] = {"_": "inputReplyToMessage", "reply_to_msg_id": reply_to}
        result = self.call("messages.sendMessage", params)
        msg_id = sent_message_id(result)
        if msg_id is None:
            raise ScenarioFailure(f"messages.sendMessage result has no message id: {json.dumps(result)[:300]}")
        return msg_id

    def send_media(self, peer: dict, media: dict, caption: str = "") -> int:
        result = self.call("messages.sendMedia",
                           {"peer": peer, "media": media, "message": caption, "random_id": random_id()})
        msg_id = sent_message_id(result)
        if msg_id is None:
            raise ScenarioFailure(f"messages.sendMedia result has no message id: {json.dumps(result)[:300]}")
        return msg_id

    def history(self, peer: dict, limit: int = 100) -> list[dict]:
        """The newest messages (not service messages) with `peer`, newest first."""
        result = self.call("messages.getHistory", {
            "peer": peer, "offset_id": 0, "offset_date": 0, "add_offset": 0, "limit": limit,
            "max_id": 0, "min_id": 0, "hash": "0",
        })
        if result.get("_") not in ("messages.messages", "messages.messagesSlice", "messages.channelMessages"):
            raise ScenarioFailure(f"messages.getHistory returned {result.get('_')!r}")
        return [m for m in result.get("messages", []) if m.get("_") == "message"]

    def resolve(self, username: str) -> dict:
        """The TL user of a username."""
        resolved = self.call("contacts.resolveUsername", {"username": username})
        users = [u for u in resolved.get("users", []) if u.get("username") == username]
        if not users or "access_hash" not in users[0]:
            raise ScenarioFailure(f"contacts.resolveUsername({username}) gave no user: {json.dumps(resolved)[:300]}")
        return users[0]

    # ---- files

    def upload(self, data: bytes, name: str) -> dict:
        """Uploads in parts with upload.saveFilePart; returns the inputFile."""
        file_id = random_id()
        parts = [data[i:i + PART] for i in range(0, len(data), PART)] or [b""]
        for i, part in enumerate(parts):
            saved = self.call("upload.saveFilePart", {
                "file_id": file_id, "file_part": i, "bytes": base64.b64encode(part).decode()})
            if saved is not True:
                raise ScenarioFailure(f"upload.saveFilePart returned {saved!r}")
        return {"_": "inputFile", "id": file_id, "parts": len(parts), "name": name, "md5_checksum": ""}

    def download(self, location: dict) -> bytes:
        """A whole file, PART bytes at a time with upload.getFile."""
        out = b""
        while True:
            chunk = self.call("upload.getFile", {"location": location, "offset": len(out), "limit": PART})
            data = base64.b64decode(chunk.get("bytes", ""))
            out += data
            if len(data) < PART:
                return out
            if len(out) > 64 * PART:
                raise ScenarioFailure(f"upload.getFile keeps giving data past {len(out)} bytes")


def bot_api(base: str, token: str, method: str, params: dict | None = None, timeout: float = 10) -> dict:
    """A Bot API call as the bot (for looking at its state); returns the envelope."""
    status, body = http_json(f"{base}/bot{token}/{method}", params or {}, {}, timeout)
    try:
        return json.loads(body)
    except ValueError:
        raise ScenarioFailure(f"{method}: HTTP {status}, not JSON: {body[:300]}") from None
