//! The storage conformance suite of `gramd-core`, on SQLite.

use std::sync::Arc;

use gramd_store_sqlite::{SqliteConfig, SqliteStore};

fn fresh() -> Arc<SqliteStore> {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&SqliteConfig::new(dir.path().join("db.sqlite3"))).unwrap();
    // The directory must outlive the store; the test process cleans up at exit.
    std::mem::forget(dir);
    Arc::new(store)
}

gramd_core::conformance_tests!(fresh());
