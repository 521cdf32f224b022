// Telegraf bot for the gramd compatibility suite (behaviour: compat/README.md).
// bot.start()/bot.command() rely on the bot_command entity; files are fetched from the
// URL ctx.telegram.getFileLink() builds, photos re-uploaded with { source: Buffer }.
// Polling: bot.launch(), SIGTERM/SIGINT -> bot.stop(). Webhook mode: launch({ webhook })
// always registers an https:// URL, so the bot serves bot.webhookCallback(path,
// { secretToken }) on node's http server and calls setWebhook itself; Telegraf answers
// answerCallbackQuery in the webhook's response (webhookReply, on by default);
// SIGTERM/SIGINT close the server.
const { Telegraf, Markup, TelegramError } = require("telegraf");
const { message } = require("telegraf/filters");
const c = require("./common");

// Telegraf resolves "./bot<token>/<method>" against apiRoot, so keep it without a path.
const bot = new Telegraf(c.TOKEN, { telegram: { apiRoot: c.API_URL } });
const button = (text, data) => Markup.inlineKeyboard([Markup.button.callback(text, data)]);

bot.start((ctx) => ctx.reply("Pick", button("B1", "btn1")));
bot.command("hook", (ctx) => ctx.reply("Hook", button("H", "hook")));
bot.command("album", (ctx) =>
  ctx.replyWithMediaGroup(
    c.ALBUM.map((path, i) => ({ type: "photo", media: { source: path }, ...(i === 0 ? { caption: "album" } : {}) })),
  ),
);
bot.command("admin", async (ctx) => {
  const [ban, restrict, promote] = c.commandArgs(ctx.message.text).map(Number);
  try {
    await ctx.banChatMember(ban);
    await ctx.restrictChatMember(restrict, { permissions: { can_send_messages: false } });
    await ctx.promoteChatMember(promote, { can_pin_messages: true, can_invite_users: true });
  } catch (err) {
    return ctx.reply(`admin failed: ${err.constructor.name} ${err.message}`);
  }
  await ctx.reply("admin done");
});
bot.command("invite", async (ctx) => {
  let link;
  try {
    link = await ctx.createChatInviteLink({ name: "compat", creates_join_request: true });
  } catch (err) {
    return ctx.reply(`invite failed: ${err.constructor.name} ${err.message}`);
  }
  await ctx.reply(`link ${link.invite_link}`);
});
bot.command("limits", async (ctx) => {
  let forbidden = "none";
  let retry = "none";
  try {
    await ctx.telegram.sendMessage(Number(c.commandArgs(ctx.message.text)[0]), "hi");
  } catch (err) {
    if (err instanceof TelegramError && err.code === 403) forbidden = `${err.constructor.name} ${err.description}`;
  }
  const flood = await c.probeFlood(
    (i) => ctx.reply(`probe ${i}`),
    (err) => err instanceof TelegramError && err.code === 429,
  );
  if (flood) {
    retry = `${flood.constructor.name} retry_after=${flood.parameters.retry_after}`;
    await c.sleep(flood.parameters.retry_after);
  }
  await ctx.reply(c.limitsReport(forbidden, retry));
});
async function fetchFile(ctx, fileId) {
  const response = await fetch(await ctx.telegram.getFileLink(fileId));
  if (!response.ok) throw new Error(`download: HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}
bot.on(message("photo"), async (ctx) => {
  const data = await fetchFile(ctx, ctx.message.photo.at(-1).file_id);
  await ctx.replyWithPhoto({ source: data, filename: "photo.jpg" }, { caption: `photo ${c.sha256(data)}` });
});
bot.on(message("document"), async (ctx) => {
  const data = await fetchFile(ctx, ctx.message.document.file_id);
  await ctx.replyWithDocument(ctx.message.document.file_id, { caption: `document ${c.sha256(data)}` });
});
bot.on(message("text"), (ctx) => ctx.reply(ctx.message.text));
bot.action("hook", (ctx) => ctx.answerCbQuery("hooked"));
bot.on("callback_query", async (ctx) => {
  await ctx.answerCbQuery("ok");
  await ctx.editMessageText(`Picked ${ctx.callbackQuery.data}`);
});
bot.on("my_chat_member", async (ctx) => {
  const status = ctx.myChatMember.new_chat_member.status;
  if (status === "member" || status === "administrator") await ctx.telegram.sendMessage(ctx.chat.id, `status ${status}`);
});
bot.on("chat_join_request", async (ctx) => {
  const user = ctx.chatJoinRequest.from.id;
  await ctx.approveChatJoinRequest(user);
  await ctx.telegram.sendMessage(ctx.chat.id, `approved ${user}`);
});
bot.catch((err) => console.error("Telegraf handler error:", err));

if (c.MODE === "webhook") {
  c.serveWebhook("Telegraf", bot.webhookCallback(c.WEBHOOK_PATH, { secretToken: c.WEBHOOK_SECRET }), () =>
    bot.telegram.setWebhook(c.WEBHOOK_URL, { secret_token: c.WEBHOOK_SECRET }),
  );
} else {
  process.once("SIGTERM", () => bot.stop("SIGTERM"));
  process.once("SIGINT", () => bot.stop("SIGINT"));
  bot
    .launch(() => console.log(`Telegraf polling as @${bot.botInfo && bot.botInfo.username}`))
    .then(() => console.log("Telegraf stopped"))
    .catch((err) => {
      console.error("Telegraf polling failed:", err);
      process.exit(1);
    });
}
