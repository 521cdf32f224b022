// Validates mini app initData made by gramd with @telegram-apps/init-data-node (pinned in
// package.json): `validate` (the `hash`, with the bot token), `parse`, and `validate3rd`
// (the `signature`, which this library checks against Telegram's own public keys only).
// Usage: node validate_init_data.js <bot_token> <bot_id> <init_data>
// Prints one JSON object: {"validate": "ok"|error, "validate3rd": "ok"|error,
// "user_id": <parsed user id>, "tampered": "ok"|error}.
'use strict';

const { validate, validate3rd, parse } = require('@telegram-apps/init-data-node');

function outcome(fn) {
  try {
    fn();
    return 'ok';
  } catch (err) {
    return String(err && err.name ? `${err.name}: ${err.message}` : err);
  }
}

async function main() {
  const [token, botId, initData] = process.argv.slice(2);
  const result = {};
  result.validate = outcome(() => validate(initData, token));
  const tampered = new URLSearchParams(initData);
  tampered.set('auth_date', String(Number(tampered.get('auth_date')) - 1));
  result.tampered = outcome(() => validate(tampered, token));
  result.wrong_token = outcome(() => validate(initData, `${token}x`));
  try {
    await validate3rd(initData, Number(botId));
    result.validate3rd = 'ok';
  } catch (err) {
    result.validate3rd = `${err.name}: ${err.message}`;
  }
  const parsed = parse(initData);
  result.user_id = parsed.user ? parsed.user.id : null;
  result.query_id = parsed.queryId || parsed.query_id || null;
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err.stack || err}\n`);
  process.exit(1);
});
