-- gramd schema, version 5: block lists.

-- Who each user blocked, and when.
CREATE TABLE blocks (
    user_id INTEGER NOT NULL,
    peer    INTEGER NOT NULL,
    date    INTEGER NOT NULL,
    PRIMARY KEY (user_id, peer)
) WITHOUT ROWID;
