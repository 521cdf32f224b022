// GramJS 2.26.22 (layer 198) against gramd over MTProto.
//
// Usage: node check.js HOST PORT KEY_FILE HTTP_BASE BOT_TOKEN BOT_USERNAME
// KEY_FILE holds what `gramd mtproto key` prints (the PKCS#1 public key, then its
// fingerprint as a signed decimal on the last line). gramd must run with test phones on
// (`GRAMD_AUTH_TEST_PHONES=1`): +99966XYYYY accepts the code XXXXX.
//
// A new user signs in with a test phone, sends the bot a message, the bot answers over the
// Bot API, and the user reads the answer and the bot's profile back (layer 198's user,
// message, messages.messages and userFull, converted by gramd). The user's session is then
// refused bots.sendCustomRequest (USER_BOT_INVALID); a bot session made with
// start({botAuthToken}) calls a registered method (getCurrentTime, echo) and an unknown one
// (METHOD_INVALID). The obfuscated transport connects with the user's auth key.
// Exits non-zero on the first failure.
'use strict';
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const bigInt = require('big-integer');
const { Api, TelegramClient } = require('telegram');
const { StringSession } = require('telegram/sessions');
const { PromisedNetSockets } = require('telegram/extensions');
const { ConnectionTCPFull, ConnectionTCPObfuscated } = require('telegram/network');
const { _serverKeys } = require('telegram/crypto/RSA');

const PHONE = '+9996630001';
const CODE = '33333';

const [host, portText, keyFile, httpBase, botToken, botUsername] = process.argv.slice(2);
const port = Number(portText);

// gramd's key: GramJS keeps server keys by fingerprint, as a signed decimal string.
function registerKey(file) {
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  const fingerprint = lines.pop().trim();
  const jwk = crypto
    .createPublicKey({ key: lines.join('\n') + '\n', format: 'pem', type: 'pkcs1' })
    .export({ format: 'jwk' });
  const n = bigInt(Buffer.from(jwk.n, 'base64url').toString('hex'), 16);
  _serverKeys.set(fingerprint, { n, e: 65537 });
}

// On Node, GramJS connects to port 80 whatever the session says: this socket class pins
// the port.
class GramdSocket extends PromisedNetSockets {
  connect(_port, ip) {
    return super.connect(port, ip);
  }
}

function clientFor(session, connection = ConnectionTCPFull) {
  const client = new TelegramClient(new StringSession(session), 1, '0'.repeat(32), {
    networkSocket: GramdSocket,
    connection,
    connectionRetries: 1,
  });
  client.setLogLevel('error');
  // The session's port is not used (the socket class pins it), and StringSession stores it
  // as a signed 16-bit number: any value above 32767 fails to save.
  client.session.setDC(1, host, 443);
  return client;
}

async function botApi(method, params) {
  const response = await fetch(`${httpBase}/bot${botToken}/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(params),
  });
  const body = await response.json();
  assert.ok(body.ok, JSON.stringify(body));
  return body.result;
}

async function expectError(promise, errorMessage) {
  await assert.rejects(promise, (err) => {
    assert.equal(err.errorMessage, errorMessage, String(err));
    return true;
  });
}

function customRequest(method, data) {
  return new Api.bots.SendCustomRequest({
    customMethod: method,
    params: new Api.DataJSON({ data }),
  });
}

async function userChecks() {
  const user = clientFor('');
  await user.start({
    phoneNumber: async () => PHONE,
    phoneCode: async () => CODE,
    firstAndLastNames: async () => ['Grace', 'Hopper'],
    onError: async (err) => {
      throw err;
    },
  });
  const me = await user.getMe();
  assert.ok(me instanceof Api.User, String(me));
  assert.equal(me.phone, PHONE.slice(1));
  assert.equal(me.self, true);
  console.log(`signed in over MTProto (layer 198) as user ${me.id}`);

  const sent = await user.sendMessage(botUsername, { message: 'ping' });
  assert.equal(sent.message, 'ping');
  const updates = await botApi('getUpdates', { timeout: 10 });
  const incoming = updates.map((u) => u.message).find(Boolean);
  assert.equal(incoming.text, 'ping');
  assert.equal(String(incoming.from.id), String(me.id));
  await botApi('sendMessage', { chat_id: Number(me.id), text: 'pong: ping' });

  const history = await user.getMessages(botUsername, { limit: 5 });
  const texts = Array.from(history, (m) => m.message);
  assert.deepEqual(texts, ['pong: ping', 'ping']);
  assert.ok(history.every((m) => m instanceof Api.Message));
  assert.equal(history[1].out, true);
  assert.equal(history[1].id, sent.id);
  console.log('messages.getHistory:', JSON.stringify(texts));

  // The chat list: layer 198's dialog, with the bot's chat on top and its last message.
  const dialogs = await user.getDialogs({ limit: 10 });
  assert.equal(dialogs.length >= 1, true);
  const top = dialogs[0];
  assert.ok(top.dialog instanceof Api.Dialog, String(top.dialog));
  assert.equal(top.entity.username, botUsername);
  assert.equal(top.message.message, 'pong: ping');
  assert.equal(top.unreadCount, 1);
  console.log(`messages.getDialogs: @${top.entity.username} on top, ${top.unreadCount} unread`);

  const full = await user.invoke(new Api.users.GetFullUser({ id: botUsername }));
  assert.ok(full.fullUser instanceof Api.UserFull, String(full.fullUser));
  const [botUser] = full.users;
  assert.equal(botUser.username, botUsername);
  assert.equal(botUser.bot, true);
  assert.equal(String(full.fullUser.id), String(botUser.id));
  console.log(`users.getFullUser: @${botUser.username}, a bot`);

  await expectError(user.invoke(customRequest('getCurrentTime', '{}')), 'USER_BOT_INVALID');
  console.log('bots.sendCustomRequest from a user session: USER_BOT_INVALID');

  const saved = user.session.save();
  await user.destroy();
  return { me, saved };
}

async function botChecks() {
  const bot = clientFor('');
  await bot.start({ botAuthToken: botToken });
  const me = await bot.getMe();
  assert.equal(me.bot, true);
  assert.equal(me.username, botUsername);

  const result = await bot.invoke(customRequest('getCurrentTime', '{}'));
  assert.ok(result instanceof Api.DataJSON, String(result));
  const serverTime = JSON.parse(result.data);
  assert.ok(Number.isInteger(serverTime), result.data);
  assert.ok(Math.abs(serverTime - Date.now() / 1000) < 300, `server time ${serverTime}`);
  const echoed = await bot.invoke(customRequest('echo', '{"a":[1,"two"]}'));
  assert.deepEqual(JSON.parse(echoed.data), { a: [1, 'two'] });
  console.log(`bots.sendCustomRequest getCurrentTime: ${serverTime}; echo: ${echoed.data}`);

  await expectError(bot.invoke(customRequest('noSuchMethod', '{}')), 'METHOD_INVALID');
  console.log('bots.sendCustomRequest noSuchMethod: METHOD_INVALID');
  await bot.destroy();
}

async function obfuscatedCheck(me, saved) {
  const client = clientFor(saved, ConnectionTCPObfuscated);
  await client.connect();
  const again = await client.getMe();
  assert.equal(String(again.id), String(me.id));
  const config = await client.invoke(new Api.help.GetConfig());
  assert.equal(config.thisDc, 1);
  console.log('ConnectionTCPObfuscated: connected with the same auth key, still signed in');
  await client.destroy();
}

async function main() {
  registerKey(keyFile);
  const { me, saved } = await userChecks();
  await botChecks();
  await obfuscatedCheck(me, saved);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
