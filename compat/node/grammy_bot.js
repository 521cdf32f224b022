// grammY bot for the gramd compatibility suite (behaviour: compat/README.md).
// bot.command() relies on the bot_command entity; files come from ctx.getFile() and are
// fetched from gramd's /file/bot… route (grammY's core has no download helper; that is
// the separate @grammyjs/files plugin); photos are re-uploaded with InputFile.
// Polling: bot.start(), SIGTERM/SIGINT -> bot.stop(). Webhook mode: webhookCallback on
// node's http server with secretToken; answerCallbackQuery may go back in the webhook's
// response (canUseWebhookReply); SIGTERM/SIGINT close the server.
const { Bot, GrammyError, InlineKeyboard, InputFile, InputMediaBuilder, webhookCallback } = require("grammy");
const c = require("./common");

const bot = new Bot(c.TOKEN, {
  client: { apiRoot: c.API_URL, canUseWebhookReply: (method) => method === "answerCallbackQuery" },
});

bot.command("start", (ctx) => ctx.reply("Pick", { reply_markup: new InlineKeyboard().text("B1", "btn1") }));
bot.command("hook", (ctx) => ctx.reply("Hook", { reply_markup: new InlineKeyboard().text("H", "hook") }));
bot.command("album", (ctx) =>
  ctx.replyWithMediaGroup(
    c.ALBUM.map((path, i) => InputMediaBuilder.photo(new InputFile(path), i === 0 ? { caption: "album" } : {})),
  ),
);
bot.command("admin", async (ctx) => {
  const [ban, restrict, promote] = c.commandArgs(ctx.msg.text).map(Number);
  try {
    await ctx.banChatMember(ban);
    await ctx.restrictChatMember(restrict, { can_send_messages: false });
    await ctx.promoteChatMember(promote, { can_pin_messages: true, can_invite_users: true });
  } catch (err) {
    return ctx.reply(`admin failed: ${err.name} ${err.message}`);
  }
  await ctx.reply("admin done");
});
bot.command("invite", async (ctx) => {
  let link;
  try {
    link = await ctx.createChatInviteLink({ name: "compat", creates_join_request: true });
  } catch (err) {
    return ctx.reply(`invite failed: ${err.name} ${err.message}`);
  }
  await ctx.reply(`link ${link.invite_link}`);
});
bot.command("limits", async (ctx) => {
  let forbidden = "none";
  let retry = "none";
  try {
    await ctx.api.sendMessage(Number(ctx.match), "hi");
  } catch (err) {
    if (err instanceof GrammyError && err.error_code === 403) forbidden = `${err.name} ${err.description}`;
  }
  const flood = await c.probeFlood(
    (i) => ctx.reply(`probe ${i}`),
    (err) => err instanceof GrammyError && err.error_code === 429,
  );
  if (flood) {
    retry = `${flood.name} retry_after=${flood.parameters.retry_after}`;
    await c.sleep(flood.parameters.retry_after);
  }
  await ctx.reply(c.limitsReport(forbidden, retry));
});
bot.on("message:photo", async (ctx) => {
  const data = await c.download((await ctx.getFile()).file_path);
  await ctx.replyWithPhoto(new InputFile(data, "photo.jpg"), { caption: `photo ${c.sha256(data)}` });
});
bot.on("message:document", async (ctx) => {
  const data = await c.download((await ctx.getFile()).file_path);
  await ctx.replyWithDocument(ctx.msg.document.file_id, { caption: `document ${c.sha256(data)}` });
});
bot.on("message:text", (ctx) => ctx.reply(ctx.message.text));
bot.callbackQuery("hook", (ctx) => ctx.answerCallbackQuery({ text: "hooked" }));
bot.on("callback_query:data", async (ctx) => {
  await ctx.answerCallbackQuery({ text: "ok" });
  await ctx.editMessageText(`Picked ${ctx.callbackQuery.data}`);
});
bot.on("my_chat_member", async (ctx) => {
  const status = ctx.myChatMember.new_chat_member.status;
  if (status === "member" || status === "administrator") await ctx.api.sendMessage(ctx.chat.id, `status ${status}`);
});
bot.on("chat_join_request", async (ctx) => {
  const user = ctx.chatJoinRequest.from.id;
  await ctx.approveChatJoinRequest(user);
  await ctx.api.sendMessage(ctx.chat.id, `approved ${user}`);
});
bot.catch((err) => console.error("grammY handler error:", err));

if (c.MODE === "webhook") {
  const handle = webhookCallback(bot, "http", { secretToken: c.WEBHOOK_SECRET, timeoutMilliseconds: 30000 });
  // With webhooks a handler's error reaches the web server, not bot.catch: log it and
  // acknowledge the update, as polling does.
  const handler = (req, res) =>
    handle(req, res).catch((err) => {
      console.error("grammY handler error:", err);
      if (!res.writableEnded) res.end();
    });
  c.serveWebhook("grammY", handler, () => bot.api.setWebhook(c.WEBHOOK_URL, { secret_token: c.WEBHOOK_SECRET }));
} else {
  process.once("SIGTERM", () => bot.stop());
  process.once("SIGINT", () => bot.stop());
  bot
    .start({ onStart: (me) => console.log(`grammY polling as @${me.username}`) })
    .then(() => console.log("grammY stopped"))
    .catch((err) => {
      console.error("grammY polling failed:", err);
      process.exit(1);
    });
}
