-- gramd schema, version 14: message reactions and forum topics.

-- One user's reactions on a message, shared by the message's copies. A change replaces the
-- row, so rowid order is the order of the users' last changes.
CREATE TABLE message_reactions (
    gid       INTEGER NOT NULL,
    user_id   INTEGER NOT NULL,
    chat      INTEGER NOT NULL,    -- the chat's peer key, as the user sees it
    reactions TEXT NOT NULL,       -- JSON array of Reaction, in the order chosen
    big       INTEGER NOT NULL DEFAULT 0,
    date      INTEGER NOT NULL,
    UNIQUE (gid, user_id)
);
CREATE INDEX message_reactions_by_user ON message_reactions (chat, user_id, date);

-- Forum topics: the General topic (id 1) and those created by a service message (its id).
CREATE TABLE forum_topics (
    chat INTEGER NOT NULL,       -- the forum's peer key
    id   INTEGER NOT NULL,
    data TEXT NOT NULL,          -- JSON ForumTopic
    PRIMARY KEY (chat, id)
) WITHOUT ROWID;
