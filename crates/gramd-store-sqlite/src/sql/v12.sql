-- gramd schema, version 12: a user's bio ("about"), which the user or their business bot
-- changes.
ALTER TABLE users ADD COLUMN about TEXT;
