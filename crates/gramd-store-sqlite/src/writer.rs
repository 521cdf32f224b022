//! The single writer thread, its group commit, and the syncer that makes commits durable.
//!
//! - **Group commit.** Every write job goes through one [`Mailbox`] to one thread owning
//!   the write connection. It takes every job waiting (up to a cap), applies them in one
//!   transaction and commits once.
//! - **Pipelined sync.** SQLite runs with `synchronous=NORMAL`: a commit writes its WAL
//!   frames but does not fsync. The committed group goes to the syncer thread, which
//!   fsyncs the WAL file and only then answers its jobs. Meanwhile the writer opens the
//!   next transaction and keeps applying the jobs that arrive into it, woken for every
//!   [`WAKE_BATCH`] of them rather than for each; it commits that group when the sync
//!   completes. Applying overlaps the disk sync, and a group grows to whatever arrived
//!   during one sync, so the cost of a commit is shared as widely as with a blocking
//!   sync. With [`Durability::Normal`](crate::Durability) jobs are answered right after
//!   the commit.
//! - **Failures stay alone.** Rather than a savepoint per job (which makes SQLite copy
//!   every page it touches into a statement journal), a failed group is rolled back and its
//!   jobs are replayed one transaction each, so only the failing one reports an error.
//!   Failures are rare (a taken username, a full disk), so the fast path pays nothing.
//! - **Checkpoints** never run inside a commit: after each commit the writer tells the
//!   checkpointer how large the WAL has grown, and past a bound waits for it between two
//!   transactions (see [`checkpoint`](crate::checkpoint)).
//! - **Coalescing.** Writes whose SQL keeps a maximum (box counters, last update ids, a
//!   dialog's top message) are gathered per transaction in [`Deferred`] and written once
//!   before the commit: a burst of messages into one chat updates those rows once.

use std::fs::File;
use std::path::Path;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use foldhash::HashMap;
use gramd_core::store::{BoxCounters, StoreError, StoreResult};
use rusqlite::{Connection, params};

use crate::checkpoint::{Checkpointer, PassRunner, WalLimits, WalWatch};
use crate::mailbox::{Mailbox, Wait};
use crate::statements::{Hot, Statements};

/// A unit of work for the writer: applied in a transaction, answered once durable. It may
/// be applied more than once (see the module docs), so `apply` must not consume it.
pub(crate) trait Job: Send {
    /// Applies the job's changes in `tx`.
    fn apply(&mut self, tx: &mut Tx<'_>) -> StoreResult<()>;
    /// Delivers the outcome: the job's own result if its transaction committed (and was
    /// synced), else the error.
    fn finish(self: Box<Self>, outcome: StoreResult<()>);
}

/// The write connection as a transaction sees it: the hot statements held prepared, and
/// the max-keeping writes coalesced until the commit.
#[derive(Debug)]
pub(crate) struct Tx<'c> {
    pub(crate) statements: Statements<'c>,
    pub(crate) deferred: Deferred,
}

impl<'c> Tx<'c> {
    fn new(conn: &'c Connection) -> Self {
        Self {
            statements: Statements::new(conn),
            deferred: Deferred::default(),
        }
    }

    /// The connection, for statements that are not held.
    pub(crate) fn conn(&self) -> &'c Connection {
        self.statements.conn()
    }

    fn begin(&mut self) -> rusqlite::Result<()> {
        self.deferred.clear();
        self.statements.get(Hot::Begin)?.execute([])?;
        Ok(())
    }

    /// Writes what was coalesced, then commits.
    fn commit(&mut self) -> rusqlite::Result<()> {
        let deferred = &mut self.deferred;
        for (box_key, c) in deferred.boxes.drain() {
            self.statements
                .get(Hot::RaiseBoxCounters)?
                .execute(params![box_key, c.last_message_id, c.pts])?;
        }
        for (bot, id) in deferred.last_update_ids.drain() {
            self.statements
                .get(Hot::RaiseLastUpdateId)?
                .execute(params![bot, id])?;
        }
        for ((owner, peer), top) in deferred.dialog_tops.drain() {
            raise_dialog_top(&mut self.statements, owner, peer, top)?;
        }
        self.statements.get(Hot::Commit)?.execute([])?;
        Ok(())
    }

    fn rollback(&self) {
        let _ = self.conn().execute_batch("ROLLBACK");
    }

    /// Writes a pending dialog now (before a write that needs the row to exist).
    pub(crate) fn flush_dialog(&mut self, owner: i64, peer: i64) -> rusqlite::Result<()> {
        if let Some(top) = self.deferred.dialog_tops.remove(&(owner, peer)) {
            raise_dialog_top(&mut self.statements, owner, peer, top)?;
        }
        Ok(())
    }
}

fn raise_dialog_top(
    statements: &mut Statements<'_>,
    owner: i64,
    peer: i64,
    top: i32,
) -> rusqlite::Result<()> {
    statements
        .get(Hot::RaiseDialogTop)?
        .execute(params![owner, peer, top])?;
    Ok(())
}

/// Max-keeping writes of one transaction, coalesced and written just before its commit.
#[derive(Debug, Default)]
pub(crate) struct Deferred {
    boxes: HashMap<i64, BoxCounters>,
    last_update_ids: HashMap<i64, i64>,
    dialog_tops: HashMap<(i64, i64), i32>,
}

impl Deferred {
    /// Raises a box's counters.
    pub(crate) fn box_counters(&mut self, box_key: i64, counters: BoxCounters) {
        let entry = self.boxes.entry(box_key).or_default();
        entry.last_message_id = entry.last_message_id.max(counters.last_message_id);
        entry.pts = entry.pts.max(counters.pts);
    }

    /// Raises a bot's last update id.
    pub(crate) fn last_update_id(&mut self, bot: i64, id: i64) {
        let entry = self.last_update_ids.entry(bot).or_default();
        *entry = (*entry).max(id);
    }

    /// Creates a dialog or raises its top message.
    pub(crate) fn dialog_top(&mut self, owner: i64, peer: i64, top: i32) {
        let entry = self.dialog_tops.entry((owner, peer)).or_default();
        *entry = (*entry).max(top);
    }

    fn clear(&mut self) {
        self.boxes.clear();
        self.last_update_ids.clear();
        self.dialog_tops.clear();
    }
}

/// Jobs of a committed group with their outcomes, waiting for the WAL to be synced.
type Committed = Vec<(Box<dyn Job>, StoreResult<()>)>;

/// While a group syncs, the writer is woken once this many jobs have queued for the next
/// one (or when the sync is done), not for every job: see [`mailbox`](crate::mailbox).
const WAKE_BATCH: usize = 8;

/// Handle to the writer and syncer threads; dropping it drains the queue and stops both.
pub(crate) struct Writer {
    /// Jobs for the writer; its flag says the group handed to the syncer is durable.
    inbox: Arc<Mailbox<Box<dyn Job>>>,
    threads: Vec<JoinHandle<()>>,
}

/// How often expired bot updates are purged.
const PURGE_EVERY: Duration = Duration::from_secs(60);

impl Writer {
    /// Starts the writer on `conn`, with checkpoints on `checkpoint_conn` (see
    /// [`checkpoint`](crate::checkpoint)). With `sync_wal`, jobs are answered only after the
    /// WAL file at `wal_path` is fsynced.
    pub(crate) fn start(
        mut conn: Connection,
        checkpoint_conn: Connection,
        limits: WalLimits,
        max_batch: usize,
        sync_wal: Option<&Path>,
    ) -> rusqlite::Result<Self> {
        let inbox = Arc::new(Mailbox::default());
        let mut threads = Vec::new();
        // With a syncer, the checkpoints run on its thread, between its own syncs, so that
        // the two never flush at the same time; without one, on a thread of their own.
        let (checkpointer, syncer) = match sync_wal {
            Some(wal) => {
                let to_sync = Arc::new(Mailbox::<Committed>::default());
                let kick = Arc::clone(&to_sync);
                let (checkpointer, passes) =
                    Checkpointer::new(checkpoint_conn, move || kick.raise());
                let syncer = Syncer {
                    to_sync: Arc::clone(&to_sync),
                    writer: Arc::clone(&inbox),
                };
                let wal = wal.to_owned();
                threads.push(
                    std::thread::Builder::new()
                        .name("gramd-sqlite-sync".into())
                        .spawn(move || syncer.run(&wal, &passes))
                        .expect("spawn the SQLite sync thread"),
                );
                (checkpointer, Some(ClosesOnDrop(to_sync)))
            }
            None => (Checkpointer::start(checkpoint_conn), None),
        };
        let mut wal = WalWatch::install(&mut conn, limits, checkpointer)?;
        let jobs = Arc::clone(&inbox);
        threads.insert(
            0,
            std::thread::Builder::new()
                .name("gramd-sqlite-writer".into())
                .spawn(move || run(&conn, &jobs, max_batch.max(1), syncer.as_ref(), &mut wal))
                .expect("spawn the SQLite writer thread"),
        );
        Ok(Self { inbox, threads })
    }

    /// Queues a job; it gets `finish(Err)` at once if the writer has stopped.
    pub(crate) fn send(&self, job: Box<dyn Job>) {
        if let Err(job) = self.inbox.push(job) {
            job.finish(Err(stopped()));
        }
    }
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer")
            .field("threads", &self.threads.len())
            .finish_non_exhaustive()
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        self.inbox.close();
        // The writer ends first, after the jobs still queued, and closes the syncer's
        // mailbox.
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

/// Closes a mailbox when dropped, also when its owner unwinds.
struct ClosesOnDrop<T>(Arc<Mailbox<T>>);

impl<T> Drop for ClosesOnDrop<T> {
    fn drop(&mut self) {
        self.0.close();
    }
}

fn stopped() -> StoreError {
    StoreError::Backend("the writer has stopped".into())
}

pub(crate) fn backend(err: &rusqlite::Error) -> StoreError {
    StoreError::Backend(err.to_string())
}

fn run(
    conn: &Connection,
    inbox: &Mailbox<Box<dyn Job>>,
    max_batch: usize,
    syncer: Option<&ClosesOnDrop<Committed>>,
    wal: &mut WalWatch,
) {
    let mut last_purge = Instant::now();
    let mut tx = Tx::new(conn);
    let mut incoming = Vec::new();
    // A group handed to the syncer is not yet durable: the inbox's flag goes up when it is.
    let mut syncing = false;
    loop {
        let first = Wait {
            items: 1,
            flag: false,
            timeout: Some(PURGE_EVERY),
        };
        let taken = inbox.take(&mut incoming, max_batch, first);
        if last_purge.elapsed() >= PURGE_EVERY {
            last_purge = Instant::now();
            purge_expired(conn);
        }
        if incoming.is_empty() {
            if taken.closed {
                if syncing {
                    wait_synced(inbox);
                }
                return;
            }
            continue;
        }
        let mut group = Group::begin(&mut tx);
        group.add_all(&mut tx, &mut incoming);
        // While the previous group syncs, this one keeps growing, a batch at a time.
        if syncing {
            loop {
                if group.failed || group.jobs.len() >= max_batch {
                    wait_synced(inbox);
                    break;
                }
                let batch = Wait {
                    items: WAKE_BATCH,
                    flag: true,
                    timeout: None,
                };
                let taken = inbox.take(&mut incoming, max_batch - group.jobs.len(), batch);
                group.add_all(&mut tx, &mut incoming);
                if taken.flag {
                    break;
                }
                if taken.closed {
                    wait_synced(inbox);
                    break;
                }
            }
            syncing = false;
            // What queued since, short of a batch.
            if !group.failed {
                let now = Wait {
                    items: 0,
                    flag: false,
                    timeout: None,
                };
                inbox.take(&mut incoming, max_batch - group.jobs.len(), now);
                group.add_all(&mut tx, &mut incoming);
            }
        }
        let committed = group.commit(&mut tx);
        match syncer {
            Some(syncer) => match syncer.0.push(committed) {
                Ok(()) => syncing = true,
                Err(committed) => {
                    for (job, _) in committed {
                        job.finish(Err(stopped()));
                    }
                }
            },
            None => {
                for (job, outcome) in committed {
                    job.finish(outcome);
                }
            }
        }
        // Between two transactions: the only point where waiting for a checkpoint lets
        // the next transaction start the WAL over.
        wal.after_commit();
    }
}

/// Waits until the group handed to the syncer is durable (or the syncer is gone).
fn wait_synced(inbox: &Mailbox<Box<dyn Job>>) {
    inbox.wait_for_flag();
}

/// A transaction being filled with jobs.
struct Group {
    jobs: Vec<Box<dyn Job>>,
    /// A job failed to apply (or the transaction could not begin): the group will be
    /// rolled back and replayed job by job.
    failed: bool,
}

impl Group {
    fn begin(tx: &mut Tx<'_>) -> Self {
        let failed = tx.begin().is_err();
        Self {
            jobs: Vec::new(),
            failed,
        }
    }

    /// Applies `incoming` (and empties it) into the transaction.
    fn add_all(&mut self, tx: &mut Tx<'_>, incoming: &mut Vec<Box<dyn Job>>) {
        for mut job in incoming.drain(..) {
            if !self.failed && job.apply(tx).is_err() {
                self.failed = true;
            }
            self.jobs.push(job);
        }
    }

    /// Commits the group, or (if anything failed) rolls it back and commits its jobs one
    /// transaction each; returns each job with its outcome.
    fn commit(mut self, tx: &mut Tx<'_>) -> Committed {
        if !self.failed && tx.commit().is_ok() {
            return self.jobs.into_iter().map(|job| (job, Ok(()))).collect();
        }
        tx.rollback();
        if self.jobs.len() > 1 {
            tracing::debug!(
                jobs = self.jobs.len(),
                "a group failed; replaying its jobs one by one"
            );
        }
        self.jobs
            .drain(..)
            .map(|mut job| {
                let outcome = transaction(tx, &mut job);
                (job, outcome)
            })
            .collect()
    }
}

/// The syncer thread's ends of its two mailboxes.
struct Syncer {
    /// Committed groups; its flag asks for a checkpoint pass.
    to_sync: Arc<Mailbox<Committed>>,
    /// The writer's inbox, whose flag says a group is durable.
    writer: Arc<Mailbox<Box<dyn Job>>>,
}

impl Syncer {
    /// fsyncs the WAL for the groups committed so far, then answers their jobs and tells
    /// the writer; runs the checkpoint passes asked for in between. Returns once the
    /// writer has closed the mailbox and everything in it is synced.
    fn run(&self, wal_path: &Path, passes: &PassRunner) {
        let mut wal: Option<File> = None;
        let mut groups = Vec::new();
        loop {
            let any = Wait {
                items: 1,
                flag: true,
                timeout: None,
            };
            let taken = self.to_sync.take(&mut groups, usize::MAX, any);
            if !groups.is_empty() {
                sync_groups(wal_path, &mut wal, groups.drain(..));
                self.writer.raise();
            } else if taken.closed {
                return;
            }
            // After the answers, so that a checkpoint delays no acknowledgement already due.
            passes.run_due();
        }
    }
}

impl Drop for Syncer {
    fn drop(&mut self) {
        // Also when the thread unwinds: no group is accepted any more, and a writer
        // waiting for a sync goes on (and then finds the mailbox closed).
        self.to_sync.close();
        self.writer.raise();
    }
}

/// fsyncs the WAL for `groups`, then answers their jobs.
fn sync_groups(wal_path: &Path, wal: &mut Option<File>, groups: impl Iterator<Item = Committed>) {
    if wal.is_none() {
        *wal = File::options().read(true).write(true).open(wal_path).ok();
    }
    let synced = match wal {
        Some(file) => file.sync_data().map_err(|e| e.to_string()),
        None => Err("the WAL file cannot be opened".to_owned()),
    };
    if let Err(err) = &synced {
        tracing::error!(%err, "syncing the WAL failed: writes are not acknowledged");
        *wal = None;
    }
    for group in groups {
        for (job, outcome) in group {
            let outcome = match &synced {
                Ok(()) => outcome,
                Err(err) => Err(StoreError::Backend(format!("sync failed: {err}"))),
            };
            job.finish(outcome);
        }
    }
}

fn purge_expired(conn: &Connection) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    if let Err(err) = conn.execute("DELETE FROM bot_updates WHERE expires_at <= ?1", [now]) {
        tracing::warn!(%err, "purging expired updates failed");
    }
}

/// Applies `job` in a transaction of its own and commits; `Err` (after a rollback) if the
/// job or the commit failed.
fn transaction(tx: &mut Tx<'_>, job: &mut Box<dyn Job>) -> StoreResult<()> {
    tx.begin().map_err(|e| backend(&e))?;
    let applied = job
        .apply(tx)
        .and_then(|()| tx.commit().map_err(|e| backend(&e)));
    if applied.is_err() {
        tx.rollback();
    }
    applied
}
