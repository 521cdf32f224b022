"""The bot libraries under test: how their bots start and stop, whether they serve
webhooks and answer them with a method, and the error classes they raise for a 403 and a
429 (each bot reports `403 <class> <description> | 429 <class> retry_after=<n>`)."""
from __future__ import annotations

import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

COMPAT = Path(__file__).resolve().parent.parent
VENV_PY = COMPAT / ".venv" / "bin" / "python"
NODE_DIR = COMPAT / "node"
RUST_BIN_DIR = COMPAT / "teloxide-bot" / "target" / "release"
TELOXIDE_BIN = RUST_BIN_DIR / "teloxide-bot"
FRANKENSTEIN_BIN = RUST_BIN_DIR / "frankenstein-bot"


@dataclass
class Library:
    name: str
    argv: list[str]
    needs: list[Path]  # files that setup must have produced
    forbidden: str  # the error class a 403 surfaces as
    flood: str  # the error class a 429 surfaces as
    webhook: bool = True  # serves a webhook (BOT_MODE=webhook)
    webhook_reply: bool = False  # answers a webhook request with a method call
    stop_signal: int = signal.SIGTERM
    env: dict[str, str] = field(default_factory=dict)
    # How long a run takes, roughly, relative to the fastest (restarts that wait for a
    # long poll, a failing scenario's timeouts): the longest runs start first.
    weight: int = 1


def node_lib(name: str, script: str, package: str, **kw) -> Library:
    return Library(name, ["node", str(NODE_DIR / script)], [NODE_DIR / "node_modules" / package / "package.json"], **kw)


def py_lib(name: str, script: str, **kw) -> Library:
    return Library(name, [str(VENV_PY), str(COMPAT / "bots" / script)], [VENV_PY], **kw)


LIBRARIES = [
    # run_polling()/run_webhook() handle SIGTERM; the webhook server (tornado) acknowledges
    # an update before handling it, so it cannot answer with a method.
    py_lib("ptb", "ptb_bot.py", forbidden="Forbidden", flood="RetryAfter"),
    # start_polling() and aiohttp's run_app() handle SIGTERM; SimpleRequestHandler with
    # handle_in_background=False answers with the method a handler returns.
    py_lib("aiogram", "aiogram_bot.py", forbidden="TelegramForbiddenError", flood="TelegramRetryAfter",
           webhook_reply=True, weight=3),
    # SIGTERM -> stop_polling() / the bot's http.server shuts down.
    py_lib("telebot", "telebot_bot.py", forbidden="ApiTelegramException", flood="ApiTelegramException", weight=2),
    # SIGTERM -> bot.stop() / the http server closes; canUseWebhookReply for answerCallbackQuery.
    node_lib("grammy", "grammy_bot.js", "grammy", forbidden="GrammyError", flood="GrammyError", webhook_reply=True),
    # SIGTERM -> bot.stop() / the http server closes; webhookReply is on by default.
    node_lib("telegraf", "telegraf_bot.js", "telegraf", forbidden="TelegramError", flood="TelegramError",
             webhook_reply=True),
    # run()/startWebhook() wire SIGTERM to a stop.
    node_lib("ntba", "ntba_bot.js", "node-telegram-bot-api", forbidden="TelegramApiError",
             flood="TelegramApiError"),
    # teloxide's own ctrlc_handler (shutdown token) reacts to SIGINT only. Its ApiError knows
    # this 403 only as "Unauthorized: bot can't initiate conversation with a user" (Telegram's
    # old wording), so today's "Forbidden: ..." arrives as ApiError::Unknown.
    Library("teloxide", [str(TELOXIDE_BIN)], [TELOXIDE_BIN], forbidden="RequestError::Api(Unknown)",
            flood="RequestError::RetryAfter", stop_signal=signal.SIGINT, env={"RUST_LOG": "info"}),
    # frankenstein is a bare client with no webhook server: polling only. The bot's own loop
    # stops on SIGTERM after the current poll.
    Library("frankenstein", [str(FRANKENSTEIN_BIN)], [FRANKENSTEIN_BIN], forbidden="Error::Api",
            flood="Error::Api", webhook=False, weight=3),
]

MODES = ("polling", "webhook")


@dataclass
class Target:
    """One library in one mode: what a run tests."""
    lib: Library
    mode: str

    @property
    def name(self) -> str:
        return self.lib.name if self.mode == "polling" else f"{self.lib.name}-webhook"


def targets(names: list[str] | None, modes: tuple[str, ...] = MODES) -> list[Target]:
    """The runs for these library names (all if None) in these modes, webhook mode only
    where the library has it; the longest first, so that parallel runs end together."""
    libs = [lib for lib in LIBRARIES if names is None or lib.name in names]
    runs = [Target(lib, mode) for mode in modes for lib in libs if mode == "polling" or lib.webhook]
    return sorted(runs, key=lambda t: -t.lib.weight)


class BotProcess:
    """A library's bot as a subprocess, its output appended to `log_path`."""

    def __init__(self, lib: Library, log_path: Path, env: dict[str, str]):
        self.lib = lib
        self.log_path = log_path
        self.env = {**env, "PYTHONUNBUFFERED": "1", "NO_COLOR": "1", **lib.env}
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        with open(self.log_path, "ab") as log:
            log.write(f"----- {time.strftime('%H:%M:%S')} starting {self.lib.name} bot -----\n".encode())
            log.flush()
            self.proc = subprocess.Popen(self.lib.argv, stdout=log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, env=self.env, cwd=str(COMPAT),
                                         start_new_session=True)

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def exit_error(self) -> str | None:
        """Why the bot is not running when it should be, or None."""
        if self.proc is not None and self.proc.poll() is not None:
            return f"bot process exited with code {self.proc.returncode}"
        return None

    def stop(self, timeout: float) -> int | None:
        """Sends the library's stop signal; returns the exit code, or None if it had to be killed."""
        if self.proc is None:
            return None
        if self.proc.poll() is not None:
            return self.proc.returncode
        self.proc.send_signal(self.lib.stop_signal)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return None

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
