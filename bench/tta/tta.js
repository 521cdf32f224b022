// Starts telegram-test-api (npm) on 127.0.0.1:<port> for gramd-bench.
const TelegramServer = require('telegram-test-api');

const port = Number(process.argv[2]);
const server = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 60 });
server.start().then(() => process.stdout.write(`telegram-test-api on ${port}\n`));
