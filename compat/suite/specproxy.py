"""A recording proxy between a bot and gramd's Bot API, and the spec check of what it saw.

The bot is pointed at the proxy instead of gramd; every request is forwarded unchanged and
every answer to `/bot<token>/<method>` is kept as (method, response body). `check()` runs
the `gramd-spec-check` binary (crates/gramd-spec-check, next to the gramd binary) on the
answers not checked yet, so a scenario can validate, step by step, every Bot API response
and every update (getUpdates) that the bot got. File downloads (`/file/bot...`) pass
through unrecorded."""
from __future__ import annotations

import json
import subprocess
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FORWARD_TIMEOUT = 120  # longer than any library's long poll
HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "content-length", "host", "accept-encoding"}


class SpecProxy:
    def __init__(self, upstream: str, checker: Path, log_path: Path):
        self.upstream = upstream
        self.checker = checker
        self.log_path = log_path  # every record, one JSON line each, for reading after a run
        self.records: list[tuple[str, object]] = []
        self.checked = 0
        self.lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # the bot's and gramd's logs say enough
                pass

            def body(self) -> bytes:
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    out = b""
                    while True:
                        size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                        if size == 0:
                            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                                pass
                            return out
                        out += self.rfile.read(size)
                        self.rfile.readline()
                length = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(length) if length else b""

            def forward(self) -> None:
                data = self.body()
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_HEADERS}
                request = urllib.request.Request(proxy.upstream + self.path, data=data or None,
                                                 headers=headers, method=self.command)
                try:
                    with urllib.request.urlopen(request, timeout=FORWARD_TIMEOUT) as resp:
                        status, reply, ctype = resp.status, resp.read(), resp.headers.get("Content-Type")
                except urllib.error.HTTPError as e:
                    status, reply, ctype = e.code, e.read(), e.headers.get("Content-Type")
                except OSError as e:
                    status, reply, ctype = 502, f"gramd unreachable: {e}".encode(), "text/plain"
                parts = self.path.split("?")[0].split("/")
                if len(parts) >= 3 and parts[1].startswith("bot") and status != 502:
                    proxy.record(parts[2], reply)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", ctype or "application/octet-stream")
                    self.send_header("Content-Length", str(len(reply)))
                    self.end_headers()
                    self.wfile.write(reply)
                except OSError:  # the bot went away (stopped during a long poll)
                    self.close_connection = True

            do_GET = do_POST = forward

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def record(self, method: str, reply: bytes) -> None:
        try:
            body = json.loads(reply)
        except ValueError:
            body = reply.decode(errors="replace")  # not JSON: the checker reports it
        line = json.dumps({"method": method, "body": body}, ensure_ascii=False)
        with self.lock:
            self.records.append((method, body))
            with open(self.log_path, "a", encoding="utf-8") as log:
                log.write(line + "\n")

    def check(self) -> list[str]:
        """Violations in the answers since the last check (empty: all follow the spec)."""
        with self.lock:
            new = self.records[self.checked:]
            self.checked = len(self.records)
        if not new:
            return []
        if not self.checker.exists():
            return [f"{self.checker} not found (build it: cargo build -p gramd-spec-check)"]
        lines = "".join(json.dumps({"method": m, "body": b}) + "\n" for m, b in new)
        r = subprocess.run([str(self.checker)], input=lines, capture_output=True, text=True, timeout=60)
        if r.returncode == 0:
            return []
        problems = r.stdout.splitlines() or [f"gramd-spec-check exited {r.returncode}: {r.stderr.strip()}"]
        return [f"{line} (body {json.dumps(new[int(line.split()[0]) - 1][1])[:600]})"
                if line.split()[0].isdigit() else line for line in problems]

    def methods(self) -> list[str]:
        with self.lock:
            return [m for m, _ in self.records]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
