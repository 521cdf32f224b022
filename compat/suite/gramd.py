"""One gramd server for one run: its own data directory, port, configuration and log."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")

# Settings of every suite server: local webhooks, retries after at most 1 s so that an
# update that found a bot down reaches it soon after its restart, and no fsync per
# commit (the suite tests compatibility, not durability).
CONFIG = """\
[storage]
durability = "normal"

[webhooks]
allow_local = true
request_timeout_secs = 30
max_retry_delay_ms = 1000
"""

# The limits scenario restarts the server with Telegram's flood limits on (one message a
# second from a bot to a private chat), so that a bot's second message in a row gets 429.
LIMITS_CONFIG = CONFIG + """
[rate_limits]
enabled = true
private_chat_per_second = 1
"""

# Webhook delivery at debug level: the log then says when a method in a webhook's answer
# ran, which the webhook scenario looks for.
LOG_FILTER = "info,gramd_webhooks=debug"
WEBHOOK_REPLY_RAN = "method in a webhook answer ran"


class GramdError(Exception):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tail(path: Path, n: int = 30) -> str:
    try:
        lines = ANSI.sub("", path.read_text(errors="replace")).splitlines()
    except OSError as e:
        return f"(cannot read {path}: {e})"
    return "\n".join(lines[-n:]) or "(no output)"


class Gramd:
    def __init__(self, binary: Path, run_dir: Path):
        self.binary = binary
        self.run_dir = run_dir
        self.data_dir = run_dir / "data"
        self.log_path = run_dir / "gramd.log"
        # The port is picked at the first start, as late as possible: another run's server,
        # proxy or connection could take a port picked earlier and released since.
        self.port: int | None = None
        self.base = ""
        self.proc: subprocess.Popen | None = None
        self.env = dict(os.environ, NO_COLOR="1", GRAMD_WEBHOOK_ALLOW_LOCAL="1", GRAMD_LOG=LOG_FILTER)
        self.exit_codes: list[int | None] = []  # of every stop
        self.died: str | None = None  # set when the server was found dead mid-run

    def cli(self, *args: str) -> str:
        cmd = [str(self.binary), *args, "--data-dir", str(self.data_dir)]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=self.env)
        if r.returncode != 0:
            raise GramdError(f"{' '.join(args[:2])} exited {r.returncode}: {r.stderr.strip()[-500:]}")
        return r.stdout

    def create_user(self, phone: str, first_name: str, username: str) -> tuple[int, str]:
        """A user account; returns (user id, client API session token)."""
        out = self.cli("user", "create", "--phone", phone, "--first-name", first_name, "--username", username)
        m = re.search(r"created user (\d+)", out)
        lines = out.split()
        if not m or not lines:
            raise GramdError(f"user create printed no id and token: {out!r}")
        return int(m.group(1)), lines[-1]

    def create_bot(self, username: str, first_name: str, owner: int | None = None) -> str:
        """A bot account (of `owner`'s, who may then change it with @BotFather); returns its token."""
        extra = ["--owner", str(owner)] if owner is not None else []
        out = self.cli("bot", "create", "--username", username, "--first-name", first_name, *extra).split()
        if not out:
            raise GramdError("bot create printed no token")
        return out[-1]

    def start(self, config: str = CONFIG) -> None:
        """Starts `gramd serve` with these settings and waits until it listens (its log says
        so). The first start picks a free port, and picks another if that one was taken in
        the meantime; later starts keep it."""
        config_path = self.run_dir / "gramd.toml"
        config_path.write_text(config)
        for _ in range(5):
            first = self.port is None
            if first:
                self.port = free_port()
                self.base = f"http://127.0.0.1:{self.port}"
            taken = self.start_once(config_path)
            if not taken:
                return
            if not first:
                raise GramdError(f"gramd cannot listen on its port {self.port} again: it is taken")
            self.port = None
        raise GramdError("gramd found every port it was given taken")

    def start_once(self, config_path: Path) -> bool:
        """One `gramd serve`; True if its port was taken (it exited), False once it listens."""
        listening = f"gramd listening on http://127.0.0.1:{self.port}"
        with open(self.log_path, "ab") as log:
            log.write(f"----- {time.strftime('%H:%M:%S')} starting gramd -----\n".encode())
            log.flush()
            since = log.tell()
            self.proc = subprocess.Popen(
                [str(self.binary), "serve", "--config", str(config_path), "--data-dir", str(self.data_dir),
                 "--http-addr", f"127.0.0.1:{self.port}", "--mtproto-addr", "127.0.0.1:0"],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                env=self.env, start_new_session=True,
            )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with open(self.log_path, "rb") as log:
                log.seek(since)
                text = log.read().decode(errors="replace")
            if listening in text:
                return False
            if self.proc.poll() is not None:
                if "Address already in use" in text:
                    self.proc = None
                    return True
                raise GramdError(f"gramd serve exited with code {self.proc.returncode}")
            time.sleep(0.1)
        raise GramdError("gramd serve did not listen within 20 s")

    def alive_error(self) -> str | None:
        """Why gramd is not running when it should be, or None."""
        if self.proc is not None and self.proc.poll() is not None:
            self.died = self.died or f"gramd exited during the run with code {self.proc.returncode}"
            return self.died
        return None

    def stop(self) -> int | None:
        """SIGTERM; returns the exit code (None if it had to be killed) and records it."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                self.exit_codes.append(None)
                self.proc = None
                return None
        code = self.proc.returncode
        self.exit_codes.append(code)
        self.proc = None
        return code

    def log_count(self, *parts: str) -> int:
        """How many lines of the log contain all of `parts`."""
        try:
            lines = self.log_path.read_text(errors="replace").splitlines()
        except OSError:
            return 0
        return sum(all(p in line for p in parts) for line in lines)
