-- gramd schema, version 3.
-- Photos and documents, by their random id; a media record never changes once stored.
-- The bytes are blobs of the file store, named in `data` by their SHA-256.
CREATE TABLE media (
    id   INTEGER PRIMARY KEY,
    data TEXT NOT NULL       -- JSON Media
);
