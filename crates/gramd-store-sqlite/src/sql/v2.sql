-- gramd schema, version 2.
-- Copies in boxes that nobody browses chat by chat (a bot's box: bots cannot read
-- history; a channel's box: it holds one chat, already ordered by its key) stay out of
-- messages_by_peer, which saves the writer one index entry per such copy. Existing rows
-- stay indexed.
ALTER TABLE messages ADD COLUMN by_peer INTEGER NOT NULL DEFAULT 1;
DROP INDEX messages_by_peer;
CREATE INDEX messages_by_peer ON messages (box, peer, id) WHERE by_peer = 1;
