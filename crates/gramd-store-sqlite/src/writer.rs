//! The single writer thread, its group commit, and the syncer that makes commits durable.
//!
//! - **Group commit.** Every write job goes through one channel to one thread owning the
//!   write connection. It takes every job waiting (up to a cap), applies them in one
//!   transaction and commits once.
//! - **Pipelined sync.** SQLite runs with `synchronous=NORMAL`: a commit writes its WAL
//!   frames but does not fsync. The committed group goes to the syncer thread, which
//!   fsyncs the WAL file and only then answers its jobs. Meanwhile the writer opens the
//!   next transaction and keeps applying the jobs that arrive into it; it commits that
//!   group when the sync completes. Applying overlaps the disk sync, and a group grows to
//!   whatever arrived during one sync, so the cost of a commit is shared as widely as with
//!   a blocking sync. With [`Durability::Normal`](crate::Durability) jobs are answered
//!   right after the commit.
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

use std::collections::HashMap;
use std::fs::File;
use std::path::Path;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender, TryRecvError};
use gramd_core::store::{BoxCounters, StoreError, StoreResult};
use rusqlite::{Connection, params};

use crate::checkpoint::{Checkpointer, PassRunner, WalLimits, WalWatch};

/// A unit of work for the writer: applied in a transaction, answered once durable. It may
/// be applied more than once (see the module docs), so `apply` must not consume it.
pub(crate) trait Job: Send {
    /// Applies the job's changes; max-keeping writes go to `deferred`.
    fn apply(&mut self, conn: &Connection, deferred: &mut Deferred) -> StoreResult<()>;
    /// Delivers the outcome: the job's own result if its transaction committed (and was
    /// synced), else the error.
    fn finish(self: Box<Self>, outcome: StoreResult<()>);
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

    /// Writes a pending dialog now (before a write that needs the row to exist).
    pub(crate) fn flush_dialog(
        &mut self,
        conn: &Connection,
        owner: i64,
        peer: i64,
    ) -> rusqlite::Result<()> {
        if let Some(top) = self.dialog_tops.remove(&(owner, peer)) {
            write_dialog_top(conn, owner, peer, top)?;
        }
        Ok(())
    }

    fn flush(&mut self, conn: &Connection) -> rusqlite::Result<()> {
        for (box_key, c) in self.boxes.drain() {
            conn.prepare_cached(
                "INSERT INTO boxes (box, last_message_id, pts) VALUES (?1, ?2, ?3)
                 ON CONFLICT (box) DO UPDATE SET
                   last_message_id = max(last_message_id, excluded.last_message_id),
                   pts = max(pts, excluded.pts)",
            )?
            .execute(params![box_key, c.last_message_id, c.pts])?;
        }
        for (bot, id) in self.last_update_ids.drain() {
            conn.prepare_cached(
                "INSERT INTO bot_queues (bot, last_update_id) VALUES (?1, ?2)
                 ON CONFLICT (bot) DO UPDATE SET
                   last_update_id = max(last_update_id, excluded.last_update_id)",
            )?
            .execute(params![bot, id])?;
        }
        for ((owner, peer), top) in self.dialog_tops.drain() {
            write_dialog_top(conn, owner, peer, top)?;
        }
        Ok(())
    }

    fn clear(&mut self) {
        self.boxes.clear();
        self.last_update_ids.clear();
        self.dialog_tops.clear();
    }
}

fn write_dialog_top(conn: &Connection, owner: i64, peer: i64, top: i32) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO dialogs (owner, peer, top_message) VALUES (?1, ?2, ?3)
         ON CONFLICT (owner, peer) DO UPDATE SET
           top_message = max(top_message, excluded.top_message)",
    )?
    .execute(params![owner, peer, top])?;
    Ok(())
}

/// Jobs of a committed group with their outcomes, waiting for the WAL to be synced.
type Committed = Vec<(Box<dyn Job>, StoreResult<()>)>;

/// A committed group handed to the syncer, and how it tells the writer it is done.
type ToSync = (Committed, Sender<()>);

/// Handle to the writer and syncer threads; dropping it drains the queue and stops both.
#[derive(Debug)]
pub(crate) struct Writer {
    jobs: Option<Sender<Box<dyn Job>>>,
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
        let mut threads = Vec::new();
        let (tx, rx) = crossbeam_channel::unbounded();
        // With a syncer, the checkpoints run on its thread, between its own syncs, so that
        // the two never flush at the same time; without one, on a thread of their own.
        let (checkpointer, syncer) = match sync_wal {
            Some(wal) => {
                let (checkpointer, passes) = Checkpointer::new(checkpoint_conn);
                let (committed_tx, committed_rx) = crossbeam_channel::unbounded::<ToSync>();
                let wal = wal.to_owned();
                threads.push(
                    std::thread::Builder::new()
                        .name("gramd-sqlite-sync".into())
                        .spawn(move || sync_loop(&wal, &committed_rx, &passes))
                        .expect("spawn the SQLite sync thread"),
                );
                (checkpointer, Some(committed_tx))
            }
            None => (Checkpointer::start(checkpoint_conn), None),
        };
        let mut wal = WalWatch::install(&mut conn, limits, checkpointer)?;
        threads.insert(
            0,
            std::thread::Builder::new()
                .name("gramd-sqlite-writer".into())
                .spawn(move || run(&conn, &rx, max_batch.max(1), syncer.as_ref(), &mut wal))
                .expect("spawn the SQLite writer thread"),
        );
        Ok(Self {
            jobs: Some(tx),
            threads,
        })
    }

    /// Queues a job; it gets `finish(Err)` at once if the writer has stopped.
    pub(crate) fn send(&self, job: Box<dyn Job>) {
        let Some(jobs) = &self.jobs else {
            job.finish(Err(stopped()));
            return;
        };
        if let Err(crossbeam_channel::SendError(job)) = jobs.send(job) {
            job.finish(Err(stopped()));
        }
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        self.jobs.take();
        // The writer ends first and drops its end of the syncer's channel.
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
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
    jobs: &Receiver<Box<dyn Job>>,
    max_batch: usize,
    syncer: Option<&Sender<ToSync>>,
    wal: &mut WalWatch,
) {
    let mut last_purge = Instant::now();
    let mut deferred = Deferred::default();
    // Resolves when the group handed to the syncer last is durable.
    let mut syncing: Option<Receiver<()>> = None;
    loop {
        let first = match jobs.recv_timeout(PURGE_EVERY) {
            Ok(job) => Some(job),
            Err(crossbeam_channel::RecvTimeoutError::Timeout) => None,
            Err(crossbeam_channel::RecvTimeoutError::Disconnected) => {
                if let Some(done) = syncing.take() {
                    let _ = done.recv();
                }
                return;
            }
        };
        if last_purge.elapsed() >= PURGE_EVERY {
            last_purge = Instant::now();
            purge_expired(conn);
        }
        let Some(first) = first else { continue };
        let mut group = Group::begin(conn, &mut deferred, first);
        group.take_queued(conn, &mut deferred, jobs, max_batch);
        // While the previous group syncs, this one keeps growing.
        if let Some(done) = syncing.take() {
            loop {
                if group.failed || group.jobs.len() >= max_batch {
                    let _ = done.recv();
                    break;
                }
                crossbeam_channel::select! {
                    recv(done) -> _ => break,
                    recv(jobs) -> job => match job {
                        Ok(job) => {
                            group.add(conn, &mut deferred, job);
                            group.take_queued(conn, &mut deferred, jobs, max_batch);
                        }
                        Err(_) => {
                            let _ = done.recv();
                            break;
                        }
                    },
                }
            }
        }
        let committed = group.commit(conn, &mut deferred);
        match syncer {
            Some(syncer) => {
                let (done_tx, done_rx) = crossbeam_channel::bounded(1);
                match syncer.send((committed, done_tx)) {
                    Ok(()) => syncing = Some(done_rx),
                    Err(crossbeam_channel::SendError((committed, _))) => {
                        for (job, _) in committed {
                            job.finish(Err(stopped()));
                        }
                    }
                }
            }
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

/// A transaction being filled with jobs.
struct Group {
    jobs: Vec<Box<dyn Job>>,
    /// A job failed to apply (or the transaction could not begin): the group will be
    /// rolled back and replayed job by job.
    failed: bool,
}

impl Group {
    fn begin(conn: &Connection, deferred: &mut Deferred, first: Box<dyn Job>) -> Self {
        deferred.clear();
        let failed = conn.execute_batch("BEGIN IMMEDIATE").is_err();
        let mut group = Self {
            jobs: Vec::new(),
            failed,
        };
        group.add(conn, deferred, first);
        group
    }

    fn add(&mut self, conn: &Connection, deferred: &mut Deferred, mut job: Box<dyn Job>) {
        if !self.failed && job.apply(conn, deferred).is_err() {
            self.failed = true;
        }
        self.jobs.push(job);
    }

    fn take_queued(
        &mut self,
        conn: &Connection,
        deferred: &mut Deferred,
        jobs: &Receiver<Box<dyn Job>>,
        max: usize,
    ) {
        while self.jobs.len() < max {
            match jobs.try_recv() {
                Ok(job) => self.add(conn, deferred, job),
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
            }
        }
    }

    /// Commits the group, or (if anything failed) rolls it back and commits its jobs one
    /// transaction each; returns each job with its outcome.
    fn commit(mut self, conn: &Connection, deferred: &mut Deferred) -> Committed {
        if !self.failed {
            let committed = deferred
                .flush(conn)
                .and_then(|()| conn.execute_batch("COMMIT"));
            if committed.is_ok() {
                return self.jobs.into_iter().map(|job| (job, Ok(()))).collect();
            }
        }
        let _ = conn.execute_batch("ROLLBACK");
        if self.jobs.len() > 1 {
            tracing::debug!(
                jobs = self.jobs.len(),
                "a group failed; replaying its jobs one by one"
            );
        }
        self.jobs
            .drain(..)
            .map(|mut job| {
                let outcome = transaction(conn, std::slice::from_mut(&mut job), deferred);
                (job, outcome)
            })
            .collect()
    }
}

/// fsyncs the WAL for the groups committed so far, then answers their jobs and tells the
/// writer; runs the checkpoint passes asked for in between.
fn sync_loop(wal_path: &Path, committed: &Receiver<ToSync>, passes: &PassRunner) {
    let mut wal: Option<File> = None;
    let mut kicks = passes.kicks().clone();
    loop {
        crossbeam_channel::select! {
            recv(committed) -> first => {
                let Ok(first) = first else { return };
                let mut groups = vec![first];
                while let Ok(more) = committed.try_recv() {
                    groups.push(more);
                }
                sync_groups(wal_path, &mut wal, groups);
            }
            recv(kicks) -> kick => {
                if kick.is_err() {
                    // The writer is ending; its groups still arrive until it has.
                    kicks = crossbeam_channel::never();
                }
            }
        }
        // After the answers, so that a checkpoint delays no acknowledgement already due.
        passes.run_due();
    }
}

/// fsyncs the WAL for `groups`, then answers their jobs and tells the writer.
fn sync_groups(wal_path: &Path, wal: &mut Option<File>, groups: Vec<ToSync>) {
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
    for (group, done) in groups {
        for (job, outcome) in group {
            let outcome = match &synced {
                Ok(()) => outcome,
                Err(err) => Err(StoreError::Backend(format!("sync failed: {err}"))),
            };
            job.finish(outcome);
        }
        let _ = done.send(());
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

/// Applies `jobs` in one transaction and commits; `Err` (after a rollback) if any job or the
/// commit failed.
fn transaction(
    conn: &Connection,
    jobs: &mut [Box<dyn Job>],
    deferred: &mut Deferred,
) -> StoreResult<()> {
    conn.execute_batch("BEGIN IMMEDIATE")
        .map_err(|e| backend(&e))?;
    deferred.clear();
    let applied = jobs
        .iter_mut()
        .try_for_each(|job| job.apply(conn, deferred))
        .and_then(|()| deferred.flush(conn).map_err(|e| backend(&e)))
        .and_then(|()| conn.execute_batch("COMMIT").map_err(|e| backend(&e)));
    if applied.is_err() {
        let _ = conn.execute_batch("ROLLBACK");
    }
    applied
}
