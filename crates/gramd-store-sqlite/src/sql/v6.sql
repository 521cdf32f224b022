-- gramd schema, version 6: sign-in.

-- Client sessions, signed in (user_id set) or waiting for sign-in, by the SHA-256 of their
-- secret; the secret itself is never stored. `id` is the session's public id
-- (`authorization.hash`). The rows of `sessions` move here in Rust (the schema module),
-- which hashes their tokens, and that table is dropped.
CREATE TABLE authorizations (
    key     BLOB PRIMARY KEY,
    id      INTEGER NOT NULL UNIQUE,
    user_id INTEGER,
    data    TEXT NOT NULL      -- JSON Authorization
) WITHOUT ROWID;
CREATE INDEX authorizations_by_user ON authorizations (user_id);

-- The service account that sends login codes, as on Telegram.
INSERT OR IGNORE INTO users (id, first_name, created_at)
    VALUES (777000, 'Telegram', strftime('%s', 'now'));
