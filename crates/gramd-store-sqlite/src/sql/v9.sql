-- gramd schema, version 9: MTProto auth keys.

-- Auth keys by auth_key_id, with what a temporary key is bound to and the client's layer.
CREATE TABLE auth_keys (
    id          INTEGER PRIMARY KEY,
    key         BLOB NOT NULL,
    expires_at  INTEGER,
    perm_key_id INTEGER,
    layer       INTEGER
);
