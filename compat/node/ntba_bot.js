// node-telegram-bot-api v2 bot for the gramd compatibility suite (behaviour:
// compat/README.md). bot.command() parses the text; files come from api.getFile() and
// are fetched from gramd's /file/bot… route (the library has no download helper);
// photos are re-uploaded with InputFile, the album with fromPath() and MediaGroupBuilder.
// The library retries a 429 by itself (maxRetries, default 2), so the 429 probe uses an
// Api with maxRetries: 0 to see the error. Polling: run(bot) wires SIGTERM/SIGINT to
// bot.stop(). Webhook mode: startWebhook() (node's http server, secretToken; closes on
// SIGTERM/SIGINT); it answers only after the handler and never with a method.
const { Api, Bot, InlineKeyboardBuilder, InputFile, MediaGroupBuilder, TelegramApiError } = require("node-telegram-bot-api");
const { fromPath, run, startWebhook } = require("node-telegram-bot-api/node");
const c = require("./common");

const bot = new Bot(c.TOKEN, { apiRoot: c.API_URL });
const button = (text, data) => ({ reply_markup: new InlineKeyboardBuilder().text(text, data).build() });

bot.command("start", (ctx) => ctx.reply("Pick", button("B1", "btn1")));
bot.command("hook", (ctx) => ctx.reply("Hook", button("H", "hook")));
bot.command("album", async (ctx) => {
  const [first, second] = await Promise.all(c.ALBUM.map((path) => fromPath(path)));
  const media = new MediaGroupBuilder().photo({ media: first, caption: "album" }).photo({ media: second }).build();
  await ctx.api.sendMediaGroup({ chat_id: ctx.chatId, media });
});
bot.command("admin", async (ctx) => {
  const [ban, restrict, promote] = c.commandArgs(ctx.message.text).map(Number);
  const chat_id = ctx.chatId;
  try {
    await ctx.api.banChatMember({ chat_id, user_id: ban });
    await ctx.api.restrictChatMember({ chat_id, user_id: restrict, permissions: { can_send_messages: false } });
    await ctx.api.promoteChatMember({ chat_id, user_id: promote, can_pin_messages: true, can_invite_users: true });
  } catch (err) {
    return ctx.reply(`admin failed: ${err.constructor.name} ${err.message}`);
  }
  await ctx.reply("admin done");
});
bot.command("invite", async (ctx) => {
  let link;
  try {
    link = await ctx.api.createChatInviteLink({ chat_id: ctx.chatId, name: "compat", creates_join_request: true });
  } catch (err) {
    return ctx.reply(`invite failed: ${err.constructor.name} ${err.message}`);
  }
  await ctx.reply(`link ${link.invite_link}`);
});
bot.command("limits", async (ctx) => {
  let forbidden = "none";
  let retry = "none";
  try {
    await ctx.api.sendMessage({ chat_id: Number(ctx.match), text: "hi" });
  } catch (err) {
    if (err instanceof TelegramApiError && err.errorCode === 403) forbidden = `${err.constructor.name} ${err.description}`;
  }
  const probe = new Api(c.TOKEN, { apiRoot: c.API_URL, maxRetries: 0 });
  const flood = await c.probeFlood(
    (i) => probe.sendMessage({ chat_id: ctx.chatId, text: `probe ${i}` }),
    (err) => err instanceof TelegramApiError && err.errorCode === 429,
  );
  if (flood) {
    retry = `${flood.constructor.name} retry_after=${flood.retryAfter}`;
    await c.sleep(flood.retryAfter);
  }
  await ctx.reply(c.limitsReport(forbidden, retry));
});
bot.on("message", async (ctx, next) => {
  const msg = ctx.message;
  if (msg.photo !== undefined) {
    const file = await ctx.api.getFile({ file_id: msg.photo.at(-1).file_id });
    const data = await c.download(file.file_path);
    const photo = new InputFile(data, { filename: "photo.jpg" });
    return ctx.api.sendPhoto({ chat_id: ctx.chatId, photo, caption: `photo ${c.sha256(data)}` });
  }
  if (msg.document !== undefined) {
    const file = await ctx.api.getFile({ file_id: msg.document.file_id });
    const data = await c.download(file.file_path);
    const caption = `document ${c.sha256(data)}`;
    return ctx.api.sendDocument({ chat_id: ctx.chatId, document: msg.document.file_id, caption });
  }
  if (msg.text !== undefined) return ctx.reply(msg.text);
  return next();
});
bot.on("callback_query", async (ctx) => {
  const q = ctx.callbackQuery;
  if (q.data === "hook") return ctx.answerCallbackQuery({ text: "hooked" });
  await ctx.answerCallbackQuery({ text: "ok" });
  await ctx.api.editMessageText({
    chat_id: q.message.chat.id,
    message_id: q.message.message_id,
    text: `Picked ${q.data}`,
  });
});
bot.on("my_chat_member", async (ctx) => {
  const status = ctx.update.my_chat_member.new_chat_member.status;
  if (status === "member" || status === "administrator") await ctx.api.sendMessage({ chat_id: ctx.chatId, text: `status ${status}` });
});
bot.on("chat_join_request", async (ctx) => {
  const user_id = ctx.update.chat_join_request.from.id;
  await ctx.api.approveChatJoinRequest({ chat_id: ctx.chatId, user_id });
  await ctx.api.sendMessage({ chat_id: ctx.chatId, text: `approved ${user_id}` });
});

async function runWebhook() {
  const serving = startWebhook(bot, {
    port: c.WEBHOOK_PORT, hostname: "127.0.0.1", path: c.WEBHOOK_PATH, secretToken: c.WEBHOOK_SECRET,
  });
  await bot.api.setWebhook({ url: c.WEBHOOK_URL, secret_token: c.WEBHOOK_SECRET });
  console.log(`node-telegram-bot-api webhook on ${c.WEBHOOK_URL}`);
  await serving;
}

(c.MODE === "webhook" ? runWebhook() : run(bot))
  .then(() => console.log("node-telegram-bot-api stopped"))
  .catch((err) => {
    console.error("node-telegram-bot-api failed:", err);
    process.exit(1);
  });
