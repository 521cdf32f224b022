// node-telegram-bot-api v2 bot for the gramd compatibility suite.
// Echo plain text; bot.command("start") (parses the text) replies "Pick" with
// one callback button; a callback is answered with "ok" and the message
// edited to "Picked <data>". run() wires SIGTERM/SIGINT to bot.stop().
const { Bot, InlineKeyboardBuilder } = require("node-telegram-bot-api");
const { run } = require("node-telegram-bot-api/node");

const bot = new Bot(process.env.BOT_TOKEN, { apiRoot: process.env.API_URL });

bot.command("start", (ctx) =>
  ctx.reply("Pick", { reply_markup: new InlineKeyboardBuilder().text("B1", "btn1").build() }),
);
bot.on("message", (ctx) => {
  if (ctx.message.text !== undefined) return ctx.reply(ctx.message.text);
});
bot.on("callback_query", async (ctx) => {
  const q = ctx.callbackQuery;
  await ctx.answerCallbackQuery({ text: "ok" });
  await ctx.api.editMessageText({
    chat_id: q.message.chat.id,
    message_id: q.message.message_id,
    text: `Picked ${q.data}`,
  });
});

run(bot)
  .then(() => console.log("node-telegram-bot-api stopped"))
  .catch((err) => {
    console.error("node-telegram-bot-api polling failed:", err);
    process.exit(1);
  });
