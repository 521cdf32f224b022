// What the Node bots of the compatibility suite share: their settings from the
// environment and the suite's fixed texts. The behaviour itself is in each bot, written
// the library's way (see compat/README.md, "What every bot does").
const crypto = require("node:crypto");
const http = require("node:http");
const path = require("node:path");

const env = process.env;
const fixtures = path.join(__dirname, "..", "fixtures");

module.exports = {
  TOKEN: env.BOT_TOKEN,
  API_URL: env.API_URL,
  // "polling" or "webhook"; in webhook mode the bot serves WEBHOOK_URL on
  // 127.0.0.1:WEBHOOK_PORT and registers it with setWebhook and WEBHOOK_SECRET.
  MODE: env.BOT_MODE || "polling",
  WEBHOOK_URL: env.WEBHOOK_URL,
  WEBHOOK_PORT: Number(env.WEBHOOK_PORT || 0),
  WEBHOOK_PATH: "/hook",
  WEBHOOK_SECRET: env.WEBHOOK_SECRET,
  ALBUM: [path.join(fixtures, "album1.jpg"), path.join(fixtures, "album2.jpg")],
  // The 429 probe: messages sent one after another to the chat, more than the one a
  // second Telegram allows a bot in a private chat (gramd applies that in the limits
  // scenario).
  PROBE_MESSAGES: 3,
  sha256: (bytes) => crypto.createHash("sha256").update(bytes).digest("hex"),
  // The words after a command ("/admin@bot 1 2 3" -> ["1", "2", "3"]).
  commandArgs: (text) => text.split(/\s+/).slice(1),
  limitsReport: (forbidden, retry) => `403 ${forbidden} | 429 ${retry}`,
  // Calls send(i) for i = 0, 1, ... PROBE_MESSAGES - 1 until one fails with an error
  // `isFlood` accepts; returns that error, or undefined. Other errors are thrown.
  async probeFlood(send, isFlood) {
    for (let i = 0; i < module.exports.PROBE_MESSAGES; i++) {
      try {
        await send(i);
      } catch (err) {
        if (isFlood(err)) return err;
        throw err;
      }
    }
    return undefined;
  },
  sleep: (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000)),
  // Webhook mode: serves `handler` with node's http server on 127.0.0.1:WEBHOOK_PORT,
  // registers the webhook with `register()`, and closes the server on SIGTERM/SIGINT.
  // Exits with 1 if the server or the registration fails.
  serveWebhook(name, handler, register) {
    const server = http.createServer(handler);
    const start = async () => {
      await new Promise((resolve) => server.listen(module.exports.WEBHOOK_PORT, "127.0.0.1", resolve));
      await register();
      console.log(`${name} webhook on ${module.exports.WEBHOOK_URL}`);
    };
    const stop = () => {
      server.close(() => console.log(`${name} stopped`));
      server.closeAllConnections();
    };
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
    start().catch((err) => {
      console.error(`${name} webhook failed:`, err);
      process.exit(1);
    });
  },
  // Downloads a file path given by getFile from gramd's /file/bot<token>/ route.
  async download(filePath) {
    const response = await fetch(`${env.API_URL}/file/bot${env.BOT_TOKEN}/${filePath}`);
    if (!response.ok) throw new Error(`download of ${filePath}: HTTP ${response.status}`);
    return Buffer.from(await response.arrayBuffer());
  },
};
