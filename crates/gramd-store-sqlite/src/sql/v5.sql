-- gramd schema, version 5: block lists.

-- Who each user blocked, and when.
CREATE TABLE blocks (
    user_id INTEGER NOT NULL,
    peer    INTEGER NOT NULL,
    date    INTEGER NOT NULL,
    PRIMARY KEY (user_id, peer)
) WITHOUT ROWID;

-- @BotFather, the built-in bot, with Telegram's id for it (outside the id sequence).
INSERT OR IGNORE INTO users (id, first_name, username, bot, created_at)
VALUES (93372553, 'BotFather', 'BotFather',
        '{"owner":null,"can_join_groups":false,"can_read_all_group_messages":false,'
        || '"supports_inline_queries":false,"can_connect_to_business":false,'
        || '"has_main_web_app":false}',
        0);
INSERT OR IGNORE INTO usernames (name, peer) VALUES ('botfather', 93372553);
