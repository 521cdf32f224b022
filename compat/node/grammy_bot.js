// grammY bot for the gramd compatibility suite.
// Echo plain text; bot.command("start") (relies on the bot_command entity)
// replies "Pick" with one callback button; a callback is answered with "ok"
// and the message edited to "Picked <data>". SIGTERM/SIGINT -> bot.stop().
const { Bot, InlineKeyboard } = require("grammy");

const bot = new Bot(process.env.BOT_TOKEN, { client: { apiRoot: process.env.API_URL } });

bot.command("start", (ctx) =>
  ctx.reply("Pick", { reply_markup: new InlineKeyboard().text("B1", "btn1") }),
);
bot.on("message:text", (ctx) => ctx.reply(ctx.message.text));
bot.on("callback_query:data", async (ctx) => {
  await ctx.answerCallbackQuery({ text: "ok" });
  await ctx.editMessageText(`Picked ${ctx.callbackQuery.data}`);
});
bot.catch((err) => console.error("grammY handler error:", err));

process.once("SIGTERM", () => bot.stop());
process.once("SIGINT", () => bot.stop());

bot
  .start({ onStart: (me) => console.log(`grammY polling as @${me.username}`) })
  .then(() => console.log("grammY stopped"))
  .catch((err) => {
    console.error("grammY polling failed:", err);
    process.exit(1);
  });
