//! The storage backends gramd runs on, chosen by `[storage] backend`, and what the
//! composition root needs of one beyond the core's [`Store`].
//!
//! Adding a backend (PostgreSQL, say) takes a crate whose store implements
//! [`Store`] and passes `gramd-core`'s conformance suite, a variant of
//! [`StorageBackend`] with its name in [`StorageBackend::ALL`], an `impl Backend` for its
//! store below, and one arm in [`open_backend`]. Nothing else in gramd names a backend.

use std::sync::Arc;

use gramd_core::store::{Store, StoreResult};
use gramd_store_sqlite::{SqliteConfig, SqliteStore};

use crate::config::{Config, Durability, StorageBackend};
use crate::server::StartError;

/// The SQLite database file inside the data directory.
pub const SQLITE_FILE: &str = "gramd.sqlite3";

/// A storage backend, as the composition root holds it: the core's [`Store`], plus what
/// running a server needs besides. A backend stops its own threads and connections when
/// dropped, after finishing the writes it accepted.
pub trait Backend: Store {
    /// Where the data is, for the log.
    fn describe(&self) -> String;

    /// Checks the stored data for corruption; the problems found, none when it is sound.
    ///
    /// # Errors
    /// When the check cannot run.
    fn integrity_check(&self) -> StoreResult<Vec<String>>;
}

impl Backend for SqliteStore {
    fn describe(&self) -> String {
        format!("SQLite database {}", self.path().display())
    }

    fn integrity_check(&self) -> StoreResult<Vec<String>> {
        let report = SqliteStore::integrity_check(self)?;
        Ok(report.into_iter().filter(|line| line != "ok").collect())
    }
}

/// Opens (creating if needed) the configured backend in the data directory.
///
/// # Errors
/// The database cannot be opened.
pub fn open_backend(config: &Config) -> Result<Arc<dyn Backend>, StartError> {
    match config.storage_backend {
        StorageBackend::Sqlite => {
            let mut sqlite = SqliteConfig::new(config.data_dir.join(SQLITE_FILE));
            sqlite.durability = match config.durability {
                Durability::Full => gramd_store_sqlite::Durability::Full,
                Durability::Normal => gramd_store_sqlite::Durability::Normal,
            };
            let store = SqliteStore::open(&sqlite)
                .map_err(|e| StartError(format!("cannot open the database: {e}")))?;
            Ok(Arc::new(store))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Overrides;

    #[test]
    fn the_sqlite_backend_opens_in_the_data_directory_and_checks_sound() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::load(Overrides {
            data_dir: Some(dir.path().to_owned()),
            storage_backend: Some("sqlite".into()),
            ..Overrides::default()
        })
        .unwrap();
        let backend = open_backend(&config).unwrap();
        assert!(dir.path().join(SQLITE_FILE).exists());
        assert!(
            backend.describe().contains(SQLITE_FILE),
            "{}",
            backend.describe()
        );
        assert_eq!(backend.integrity_check().unwrap(), Vec::<String>::new());
    }
}
