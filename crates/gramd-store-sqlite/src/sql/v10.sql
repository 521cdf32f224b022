-- gramd schema, version 10: profile photos.

-- Each user's profile photos; the one set last (highest position) is the current one,
-- copied into users.photo so that reading a user needs no second lookup.
CREATE TABLE profile_photos (
    user_id  INTEGER NOT NULL,
    photo_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    photo    TEXT NOT NULL,      -- JSON Photo
    PRIMARY KEY (user_id, photo_id)
);
CREATE UNIQUE INDEX profile_photos_order ON profile_photos (user_id, position);

ALTER TABLE users ADD COLUMN photo TEXT;  -- JSON Photo: the current profile photo
