// Telegraf bot for the gramd compatibility suite.
// Echo plain text; bot.start() (relies on the bot_command entity) replies
// "Pick" with one callback button; a callback is answered with "ok" and the
// message edited to "Picked <data>". SIGTERM/SIGINT -> bot.stop().
const { Telegraf, Markup } = require("telegraf");
const { message } = require("telegraf/filters");

// Telegraf resolves "./bot<token>/<method>" against apiRoot, so keep it without a path.
const bot = new Telegraf(process.env.BOT_TOKEN, { telegram: { apiRoot: process.env.API_URL } });

bot.start((ctx) => ctx.reply("Pick", Markup.inlineKeyboard([Markup.button.callback("B1", "btn1")])));
bot.on(message("text"), (ctx) => ctx.reply(ctx.message.text));
bot.on("callback_query", async (ctx) => {
  await ctx.answerCbQuery("ok");
  await ctx.editMessageText(`Picked ${ctx.callbackQuery.data}`);
});
bot.catch((err) => console.error("Telegraf handler error:", err));

process.once("SIGTERM", () => bot.stop("SIGTERM"));
process.once("SIGINT", () => bot.stop("SIGINT"));

bot
  .launch(() => console.log(`Telegraf polling as @${bot.botInfo && bot.botInfo.username}`))
  .then(() => console.log("Telegraf stopped"))
  .catch((err) => {
    console.error("Telegraf polling failed:", err);
    process.exit(1);
  });
