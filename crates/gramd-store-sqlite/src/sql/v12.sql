-- gramd schema, version 12: a user's bio ("about"), which the user or their business bot
-- changes, and the verification a verifier bot gave them.
ALTER TABLE users ADD COLUMN about TEXT;

-- The verification a user carries (JSON `Verification`), set by a verifier bot.
ALTER TABLE users ADD COLUMN verification TEXT;
