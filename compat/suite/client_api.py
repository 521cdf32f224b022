"""A user of gramd's JSON client API (`POST /client/<function>` with a session token),
for the checks that drive a person's side next to a bot library."""
from __future__ import annotations

import json
import urllib.request


class User:
    """A signed-in user of the JSON client API."""

    def __init__(self, base: str, token: str):
        self.base = base
        self.token = token

    def call(self, function: str, params: dict) -> dict:
        """Calls a function; it must succeed. Returns its result."""
        request = urllib.request.Request(
            f"{self.base}/client/{function}", data=json.dumps(params).encode(),
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            body = json.load(response)
        assert body["ok"], (function, body)
        return body["result"]

    def peer(self, username: str) -> dict:
        """The `inputPeerUser` of a username."""
        user = self.call("contacts.resolveUsername", {"username": username})["users"][0]
        return {"_": "inputPeerUser", "user_id": user["id"], "access_hash": user["access_hash"]}

    def history(self, peer: dict, limit: int = 10) -> list[dict]:
        """The newest `limit` messages of a chat."""
        return self.call("messages.getHistory", {
            "peer": peer, "offset_id": 0, "offset_date": 0, "add_offset": 0, "limit": limit,
            "max_id": 0, "min_id": 0, "hash": 0})["messages"]
