-- gramd schema, version 12: a user's bio ("about"), which the user or their business bot
-- changes, the verification a verifier bot gave them, and their profile music.
ALTER TABLE users ADD COLUMN about TEXT;

-- The verification a user carries (JSON `Verification`), set by a verifier bot.
ALTER TABLE users ADD COLUMN verification TEXT;

-- The music a user shows on their profile (account.saveMusic), newest first: a JSON array
-- of document ids.
CREATE TABLE profile_music (
    user_id INTEGER PRIMARY KEY,
    ids     TEXT NOT NULL
) WITHOUT ROWID;
