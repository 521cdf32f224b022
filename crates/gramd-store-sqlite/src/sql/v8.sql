-- gramd schema, version 8: mini apps.

-- A bot's mini-app settings: web app URL, main app, named apps, attachment menu entry.
CREATE TABLE web_app_settings (
    bot  INTEGER PRIMARY KEY,
    data TEXT NOT NULL          -- JSON WebAppSettings
);

-- Menu buttons: a bot's default (user_id 0) and per-user overrides.
CREATE TABLE menu_buttons (
    bot     INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    data    TEXT NOT NULL,      -- JSON MenuButton
    PRIMARY KEY (bot, user_id)
) WITHOUT ROWID;

-- CloudStorage: per bot and user, key -> value.
CREATE TABLE web_app_storage (
    bot     INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    key     TEXT NOT NULL,
    value   TEXT NOT NULL,
    PRIMARY KEY (bot, user_id, key)
) WITHOUT ROWID;

-- The attachment-menu entries each user installed.
CREATE TABLE attach_menu_installs (
    user_id INTEGER NOT NULL,
    bot     INTEGER NOT NULL,
    PRIMARY KEY (user_id, bot)
) WITHOUT ROWID;
