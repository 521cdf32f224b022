-- gramd schema, version 1.
-- Peers are keyed by their folded Bot API id (users positive, groups -id, channels
-- -1000000000000-id); message boxes by the user id or the channel's peer key.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
) WITHOUT ROWID;

-- Durable id allocation, safe across processes (the CLI creates users while a server runs).
CREATE TABLE sequences (
    space TEXT PRIMARY KEY,
    last  INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO sequences (space, last) VALUES
    ('user', 1000000000), ('group', 4000000000), ('channel', 2000000000);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    first_name    TEXT NOT NULL,
    last_name     TEXT,
    username      TEXT,
    phone         TEXT UNIQUE,
    language_code TEXT,
    bot           TEXT,      -- JSON BotInfo; NULL for people
    bot_secret    TEXT,
    created_at    INTEGER NOT NULL
);

-- Usernames are unique across users, supergroups and channels, case-insensitively.
CREATE TABLE usernames (
    name TEXT PRIMARY KEY,   -- lower-cased
    peer INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE sessions (
    token      TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL,
    created_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE chats (
    peer INTEGER PRIMARY KEY,
    data TEXT NOT NULL       -- JSON Chat
);

CREATE TABLE members (
    chat    INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    status  TEXT NOT NULL,
    date    INTEGER NOT NULL,
    data    TEXT NOT NULL,   -- JSON Member
    PRIMARY KEY (chat, user_id)
) WITHOUT ROWID;

-- What every copy of a message shares, stored once; gid is the rowid, so new messages
-- append. `copies` lists where its copies were put: [[box, id], ...].
CREATE TABLE message_contents (
    gid          INTEGER PRIMARY KEY,
    date         INTEGER NOT NULL,
    edit_date    INTEGER,
    content      TEXT NOT NULL,  -- JSON Content
    reply_markup TEXT,           -- JSON ReplyMarkup
    extra        TEXT NOT NULL,  -- JSON: sender, forward origin, flags
    copies       TEXT NOT NULL
);

-- One small row per copy of a message, in its box.
CREATE TABLE messages (
    box      INTEGER NOT NULL,
    id       INTEGER NOT NULL,
    gid      INTEGER NOT NULL,
    peer     INTEGER NOT NULL,
    reply_to INTEGER,
    PRIMARY KEY (box, id)
) WITHOUT ROWID;
CREATE INDEX messages_by_peer ON messages (box, peer, id);

CREATE TABLE boxes (
    box             INTEGER PRIMARY KEY,
    last_message_id INTEGER NOT NULL,
    pts             INTEGER NOT NULL
);

CREATE TABLE box_updates (
    box       INTEGER NOT NULL,
    pts       INTEGER NOT NULL,
    pts_count INTEGER NOT NULL,
    date      INTEGER NOT NULL,
    kind      INTEGER NOT NULL, -- 1 new message, 2 edited message: `id` says which;
    id        INTEGER,          -- 0 anything else, as JSON BoxUpdate in `data`
    data      TEXT,
    PRIMARY KEY (box, pts)
) WITHOUT ROWID;

CREATE TABLE dialogs (
    owner       INTEGER NOT NULL,
    peer        INTEGER NOT NULL,
    top_message INTEGER NOT NULL,
    read_inbox  INTEGER NOT NULL DEFAULT 0,
    read_outbox INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (owner, peer)
) WITHOUT ROWID;

CREATE TABLE bot_queues (
    bot            INTEGER PRIMARY KEY,
    last_update_id INTEGER NOT NULL
);

CREATE TABLE bot_updates (
    bot        INTEGER NOT NULL,
    update_id  INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    data       TEXT NOT NULL,   -- JSON BotUpdate
    PRIMARY KEY (bot, update_id)
) WITHOUT ROWID;
CREATE INDEX bot_updates_by_expiry ON bot_updates (expires_at);

CREATE TABLE bot_delivery (
    bot  INTEGER PRIMARY KEY,
    data TEXT NOT NULL          -- JSON BotDelivery
);

CREATE TABLE bot_commands (
    bot      INTEGER NOT NULL,
    scope    TEXT NOT NULL,
    language TEXT NOT NULL,
    data     TEXT NOT NULL,     -- JSON [BotCommand]
    PRIMARY KEY (bot, scope, language)
) WITHOUT ROWID;
