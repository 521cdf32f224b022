-- gramd schema, version 15: emoji statuses.

-- A user's emoji status (JSON `EmojiStatus`): a custom emoji shown by their name.
ALTER TABLE users ADD COLUMN emoji_status TEXT;

-- The bots a user let change their emoji status (a mini app's requestEmojiStatusAccess).
CREATE TABLE emoji_status_access (
    user_id INTEGER NOT NULL,
    bot     INTEGER NOT NULL,
    PRIMARY KEY (user_id, bot)
) WITHOUT ROWID;
