//! gramd's file store: the [`FileStore`] of the server, blobs named by their SHA-256 in a
//! directory tree.
//!
//! Layout under the root (`<data_dir>/files`):
//! - `<first two hex digits>/<64 hex digits>`: one blob;
//! - `tmp/`: blobs being written, renamed into place once whole;
//! - `uploads/<user>_<file id>/<part>`: parts of client uploads in progress.
//!
//! **Durability.** A blob is written to `tmp/`, fsynced, renamed into its folder, and the
//! folder (and, when it was just made, the root) fsynced before [`FileStore::put`]
//! returns: a message that refers to it is acknowledged only after that, so an
//! acknowledged message never points at a missing blob. Upload parts are not synced: an
//! upload is only acknowledged once its message is sent, and that stores the joined bytes
//! as a blob.
//!
//! All file system work runs on tokio's blocking threads.

use std::fs::{self, File};
use std::io::{ErrorKind, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use async_trait::async_trait;
use gramd_core::media::{FileHash, FileRef, FileStore, UploadKey, UploadProblem};
use gramd_core::store::{StoreError, StoreResult};

/// Blobs in a directory tree.
#[derive(Clone, Debug)]
pub struct DirFileStore {
    root: Arc<PathBuf>,
}

fn io_error(what: &str, path: &Path, err: &std::io::Error) -> StoreError {
    StoreError::Backend(format!("{what} {}: {err}", path.display()))
}

impl DirFileStore {
    /// Opens (creating) the store at `root`.
    ///
    /// # Errors
    /// `Backend` if the directories cannot be made.
    pub fn open(root: impl Into<PathBuf>) -> StoreResult<Self> {
        let root = root.into();
        for dir in [root.join("tmp"), root.join("uploads")] {
            fs::create_dir_all(&dir).map_err(|e| io_error("cannot create", &dir, &e))?;
        }
        Ok(Self {
            root: Arc::new(root),
        })
    }

    /// The root directory.
    #[must_use]
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where a blob lives.
    fn blob_path(&self, hash: FileHash) -> PathBuf {
        let hex = hash.to_hex();
        self.root.join(&hex[..2]).join(hex)
    }

    fn upload_dir(&self, upload: UploadKey) -> PathBuf {
        self.root
            .join("uploads")
            .join(format!("{}_{}", upload.owner.0, upload.file_id))
    }

    fn temp_path(&self) -> PathBuf {
        let mut random = [0u8; 12];
        // The OS generator failing is not recoverable in any useful way.
        getrandom::fill(&mut random).expect("operating system random source");
        let name: String = random.iter().map(|b| format!("{b:02x}")).collect();
        self.root.join("tmp").join(name)
    }

    fn put_blocking(&self, bytes: &[u8]) -> StoreResult<FileRef> {
        let hash = FileHash::of(bytes);
        let file = FileRef {
            hash,
            size: bytes.len() as u64,
        };
        let path = self.blob_path(hash);
        if fs::metadata(&path).is_ok_and(|m| m.len() == file.size) {
            return Ok(file);
        }
        let dir = path.parent().unwrap_or(&self.root).to_owned();
        let dir_is_new = !dir.exists();
        if dir_is_new {
            fs::create_dir_all(&dir).map_err(|e| io_error("cannot create", &dir, &e))?;
        }
        let temp = self.temp_path();
        let written = (|| {
            let mut out = File::create(&temp)?;
            out.write_all(bytes)?;
            out.sync_all()
        })();
        if let Err(err) = written {
            let _ = fs::remove_file(&temp);
            return Err(io_error("cannot write", &temp, &err));
        }
        fs::rename(&temp, &path).map_err(|e| io_error("cannot move a blob to", &path, &e))?;
        sync_dir(&dir)?;
        if dir_is_new {
            sync_dir(&self.root)?;
        }
        Ok(file)
    }

    fn read_blocking(
        &self,
        hash: FileHash,
        offset: u64,
        limit: usize,
    ) -> StoreResult<Option<Vec<u8>>> {
        let path = self.blob_path(hash);
        let mut file = match File::open(&path) {
            Ok(file) => file,
            Err(err) if err.kind() == ErrorKind::NotFound => return Ok(None),
            Err(err) => return Err(io_error("cannot open", &path, &err)),
        };
        let len = file
            .metadata()
            .map_err(|e| io_error("cannot stat", &path, &e))?
            .len();
        let available = usize::try_from(len.saturating_sub(offset)).unwrap_or(usize::MAX);
        let mut out = vec![0; available.min(limit)];
        file.seek(SeekFrom::Start(offset))
            .and_then(|_| file.read_exact(&mut out))
            .map_err(|e| io_error("cannot read", &path, &e))?;
        Ok(Some(out))
    }

    fn save_part_blocking(&self, upload: UploadKey, part: u32, bytes: &[u8]) -> StoreResult<()> {
        let dir = self.upload_dir(upload);
        fs::create_dir_all(&dir).map_err(|e| io_error("cannot create", &dir, &e))?;
        let temp = self.temp_path();
        fs::write(&temp, bytes).map_err(|e| io_error("cannot write", &temp, &e))?;
        let path = dir.join(part.to_string());
        fs::rename(&temp, &path).map_err(|e| io_error("cannot move a part to", &path, &e))
    }

    fn take_upload_blocking(
        &self,
        upload: UploadKey,
        parts: u32,
        max_size: u64,
    ) -> StoreResult<Result<Vec<u8>, UploadProblem>> {
        let dir = self.upload_dir(upload);
        let mut joined = Vec::new();
        for part in 0..parts {
            let path = dir.join(part.to_string());
            let bytes = match fs::read(&path) {
                Ok(bytes) => bytes,
                Err(err) if err.kind() == ErrorKind::NotFound => {
                    return Ok(Err(UploadProblem::MissingPart(part)));
                }
                Err(err) => return Err(io_error("cannot read", &path, &err)),
            };
            if (joined.len() + bytes.len()) as u64 > max_size {
                return Ok(Err(UploadProblem::TooBig));
            }
            joined.extend_from_slice(&bytes);
        }
        let _ = fs::remove_dir_all(&dir);
        Ok(Ok(joined))
    }
}

fn sync_dir(dir: &Path) -> StoreResult<()> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| io_error("cannot sync", dir, &e))
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> StoreResult<T> + Send + 'static,
) -> StoreResult<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| StoreError::Backend(format!("file store task failed: {e}")))?
}

#[async_trait]
impl FileStore for DirFileStore {
    async fn put(&self, bytes: Vec<u8>) -> StoreResult<FileRef> {
        let store = self.clone();
        blocking(move || store.put_blocking(&bytes)).await
    }

    async fn read(
        &self,
        hash: FileHash,
        offset: u64,
        limit: usize,
    ) -> StoreResult<Option<Vec<u8>>> {
        let store = self.clone();
        blocking(move || store.read_blocking(hash, offset, limit)).await
    }

    async fn save_part(&self, upload: UploadKey, part: u32, bytes: Vec<u8>) -> StoreResult<()> {
        let store = self.clone();
        blocking(move || store.save_part_blocking(upload, part, &bytes)).await
    }

    async fn take_upload(
        &self,
        upload: UploadKey,
        parts: u32,
        max_size: u64,
    ) -> StoreResult<Result<Vec<u8>, UploadProblem>> {
        let store = self.clone();
        blocking(move || store.take_upload_blocking(upload, parts, max_size)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gramd_core::ids::UserId;

    fn store() -> (tempfile::TempDir, DirFileStore) {
        let dir = tempfile::tempdir().unwrap();
        let store = DirFileStore::open(dir.path().join("files")).unwrap();
        (dir, store)
    }

    #[tokio::test]
    async fn blobs_are_named_by_their_hash_and_stored_once() {
        let (_dir, store) = store();
        let a = store.put(b"hello blob".to_vec()).await.unwrap();
        assert_eq!(a.hash, FileHash::of(b"hello blob"));
        assert_eq!(a.size, 10);
        let hex = a.hash.to_hex();
        let path = store.root().join(&hex[..2]).join(&hex);
        assert_eq!(fs::read(&path).unwrap(), b"hello blob");
        assert_eq!(store.put(b"hello blob".to_vec()).await.unwrap(), a);
        assert_eq!(
            fs::read_dir(store.root().join("tmp")).unwrap().count(),
            0,
            "no temporary file is left behind"
        );
        let all = store.read(a.hash, 0, 100).await.unwrap().unwrap();
        assert_eq!(all, b"hello blob");
        let middle = store.read(a.hash, 6, 3).await.unwrap().unwrap();
        assert_eq!(middle, b"blo");
        let past = store.read(a.hash, 50, 3).await.unwrap().unwrap();
        assert!(past.is_empty());
        let other = FileHash::of(b"never stored");
        assert_eq!(store.read(other, 0, 10).await.unwrap(), None);
    }

    #[tokio::test]
    async fn uploads_join_their_parts_in_order() {
        let (_dir, store) = store();
        let key = UploadKey {
            owner: UserId(7),
            file_id: -3,
        };
        store.save_part(key, 1, b"world".to_vec()).await.unwrap();
        assert_eq!(
            store.take_upload(key, 2, 100).await.unwrap(),
            Err(UploadProblem::MissingPart(0))
        );
        store.save_part(key, 0, b"hello ".to_vec()).await.unwrap();
        assert_eq!(
            store.take_upload(key, 2, 5).await.unwrap(),
            Err(UploadProblem::TooBig)
        );
        let other = UploadKey {
            owner: UserId(8),
            file_id: -3,
        };
        assert_eq!(
            store.take_upload(other, 1, 100).await.unwrap(),
            Err(UploadProblem::MissingPart(0)),
            "another user's upload of the same id is another upload"
        );
        assert_eq!(
            store.take_upload(key, 2, 100).await.unwrap(),
            Ok(b"hello world".to_vec())
        );
        assert_eq!(
            store.take_upload(key, 2, 100).await.unwrap(),
            Err(UploadProblem::MissingPart(0)),
            "a taken upload is gone"
        );
    }
}
