-- gramd schema, version 11: polls.

-- A poll, once, whichever messages show it; what never changes is in the messages too.
CREATE TABLE polls (
    id      INTEGER PRIMARY KEY,
    poll    TEXT NOT NULL,               -- JSON Poll
    stopped INTEGER NOT NULL DEFAULT 0   -- closed by its sender (or sent closed)
);

-- Each voter's current choice in a poll.
CREATE TABLE poll_votes (
    poll_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    options TEXT NOT NULL,               -- JSON array of option indexes, ascending
    date    INTEGER NOT NULL,
    PRIMARY KEY (poll_id, user_id)
) WITHOUT ROWID;
