// Writes the layer-198 golden vectors of gramd-tl's conversion tests
// (crates/gramd-tl/tests/vectors/gramjs-198.json): values serialized by GramJS 2.26.22's own
// TL code, which gramd's 230-to-198 conversion must reproduce byte for byte.
// Run once after `npm ci`: node vectors.js > ../../crates/gramd-tl/tests/vectors/gramjs-198.json
'use strict';
const { Api } = require('telegram');
const bigInt = require('big-integer');

const user = new Api.User({
  self: true,
  contact: true,
  id: bigInt(1000001),
  accessHash: bigInt(-55),
  firstName: 'Ada',
  lastName: 'Lovelace',
  username: 'ada',
  phone: '9996620001',
  status: new Api.UserStatusRecently({}),
  usernames: [new Api.Username({ editable: true, active: true, username: 'ada' })],
  storiesMaxId: 7,
});

const message = new Api.Message({
  out: true,
  id: 42,
  fromId: new Api.PeerUser({ userId: bigInt(1000001) }),
  peerId: new Api.PeerUser({ userId: bigInt(2000002) }),
  replyTo: new Api.MessageReplyHeader({ replyToMsgId: 41 }),
  date: 1700000000,
  message: 'hello world',
  entities: [new Api.MessageEntityBold({ offset: 0, length: 5 })],
  views: 10,
  forwards: 2,
});

const service = new Api.MessageService({
  id: 43,
  peerId: new Api.PeerUser({ userId: bigInt(2000002) }),
  date: 1700000001,
  action: new Api.MessageActionEmpty(),
});

const messages = new Api.messages.Messages({
  messages: [message, service],
  chats: [],
  users: [user],
});

const userFull = new Api.UserFull({
  id: bigInt(1000001),
  about: 'analyst',
  settings: new Api.PeerSettings({ addContact: true }),
  notifySettings: new Api.PeerNotifySettings({ muteUntil: 0 }),
  commonChatsCount: 3,
  pinnedMsgId: 42,
});

const dialog = new Api.Dialog({
  pinned: true,
  peer: new Api.PeerUser({ userId: bigInt(2000002) }),
  topMessage: 43,
  readInboxMaxId: 40,
  readOutboxMaxId: 42,
  unreadCount: 1,
  unreadMentionsCount: 0,
  unreadReactionsCount: 0,
  notifySettings: new Api.PeerNotifySettings({}),
  pts: 17,
});

const sendMessage = new Api.messages.SendMessage({
  silent: true,
  peer: new Api.InputPeerUser({ userId: bigInt(2000002), accessHash: bigInt('-8000000000000000001') }),
  replyTo: new Api.InputReplyToMessage({ replyToMsgId: 41 }),
  message: 'hello world',
  randomId: bigInt('1234567890123456789'),
  entities: [new Api.MessageEntityBold({ offset: 0, length: 5 })],
});

const hex = (obj) => Buffer.from(obj.getBytes()).toString('hex');
const vectors = {
  source: 'GramJS 2.26.22 (npm telegram@2.26.22), Api.*.getBytes(), layer 198',
  user: hex(user),
  message: hex(message),
  messages_messages: hex(messages),
  user_full: hex(userFull),
  dialog: hex(dialog),
  send_message: hex(sendMessage),
};
process.stdout.write(JSON.stringify(vectors, null, 2) + '\n');
