-- gramd schema, version 13: sticker sets.

-- A sticker set with its stickers in order (a set holds at most 200, so it is kept whole).
CREATE TABLE sticker_sets (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL COLLATE NOCASE UNIQUE,   -- the short name, unique in any case
    owner INTEGER NOT NULL,                      -- the user who owns it
    data  TEXT NOT NULL,                         -- JSON StickerSet
    position INTEGER NOT NULL                    -- counts up as sets are made
);
CREATE INDEX sticker_sets_owner ON sticker_sets (owner, position);
