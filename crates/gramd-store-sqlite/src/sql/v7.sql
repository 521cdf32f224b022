-- gramd schema, version 7: business connections.

-- A user's connections with business bots, by id; a disconnected bot's record stays,
-- disabled. A user's connections are listed by `user_id`.
CREATE TABLE business_connections (
    id      TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL,
    bot     INTEGER NOT NULL,
    date    INTEGER NOT NULL,
    data    TEXT NOT NULL      -- JSON BusinessConnection
) WITHOUT ROWID;
CREATE INDEX business_connections_by_user ON business_connections (user_id, date);

-- The chats an account is in, for its counts.
CREATE INDEX members_by_user ON members (user_id, status);
