"""What the Python bots of the compatibility suite share: their settings from the
environment and the suite's fixed texts. The behaviour itself is in each bot, written
the library's way (see compat/README.md, "What every bot does").
"""
import hashlib
import os
from pathlib import Path

TOKEN = os.environ["BOT_TOKEN"]
API_URL = os.environ["API_URL"]
# "polling" or "webhook"; in webhook mode the bot serves WEBHOOK_URL on 127.0.0.1:WEBHOOK_PORT
# and registers it with setWebhook and WEBHOOK_SECRET as secret_token.
MODE = os.environ.get("BOT_MODE", "polling")
WEBHOOK_URL = os.environ.get("WEBHOOK_URL", "")
WEBHOOK_PORT = int(os.environ.get("WEBHOOK_PORT", "0"))
WEBHOOK_PATH = "/hook"
WEBHOOK_SECRET = os.environ.get("WEBHOOK_SECRET", "")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ALBUM = [FIXTURES / "album1.jpg", FIXTURES / "album2.jpg"]
# The 429 probe: messages sent one after another to the chat, more than the one a second
# Telegram allows a bot in a private chat (gramd applies that in the limits scenario).
PROBE_MESSAGES = 3


def sha256(data: bytes) -> str:
    return hashlib.sha256(bytes(data)).hexdigest()


def command_args(text: str) -> list[str]:
    """The words after a command ("/admin@bot 1 2 3" -> ["1", "2", "3"])."""
    return text.split()[1:]


def limits_report(forbidden: str, retry: str) -> str:
    return f"403 {forbidden} | 429 {retry}"
