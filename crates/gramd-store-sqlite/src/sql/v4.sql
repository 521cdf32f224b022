-- gramd schema, version 4: chat administration.

-- Invite links, by hash; a chat's links are listed by creator and date.
CREATE TABLE invite_links (
    hash    TEXT PRIMARY KEY,
    chat    INTEGER NOT NULL,
    creator INTEGER NOT NULL,
    date    INTEGER NOT NULL,
    data    TEXT NOT NULL      -- JSON InviteLink
) WITHOUT ROWID;
CREATE INDEX invite_links_by_chat ON invite_links (chat, creator, date);

-- Join requests waiting for an administrator.
CREATE TABLE join_requests (
    chat    INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    date    INTEGER NOT NULL,
    data    TEXT NOT NULL,     -- JSON JoinRequest
    PRIMARY KEY (chat, user_id)
) WITHOUT ROWID;

-- Pinned message copies, per box and chat.
CREATE TABLE pins (
    box  INTEGER NOT NULL,
    peer INTEGER NOT NULL,
    id   INTEGER NOT NULL,
    PRIMARY KEY (box, peer, id)
) WITHOUT ROWID;

-- The administrator rights bots ask for, in groups (0) and channels (1).
CREATE TABLE bot_default_rights (
    bot          INTEGER NOT NULL,
    for_channels INTEGER NOT NULL,
    data         TEXT NOT NULL, -- JSON AdminRights
    PRIMARY KEY (bot, for_channels)
) WITHOUT ROWID;
