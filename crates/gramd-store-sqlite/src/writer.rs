//! The single writer thread and its group commit.
//!
//! Every write job goes through one channel to one thread owning the write connection. The
//! thread takes every job waiting (up to a cap), runs each inside its own savepoint so a
//! failing job fails alone, commits once, and only then answers every job. While a commit
//! (and its fsync) runs, new jobs queue up and form the next group, so the cost of a sync is
//! shared by all the writes that arrived during the previous one.

use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender, TryRecvError};
use gramd_core::store::{StoreError, StoreResult};
use rusqlite::Connection;

/// A unit of work for the writer: applied inside a savepoint, answered after the commit.
pub(crate) trait Job: Send {
    /// Applies the job's changes.
    fn apply(&mut self, conn: &Connection) -> StoreResult<()>;
    /// Delivers the outcome: the job's own result if the group committed, else the
    /// commit's error.
    fn finish(self: Box<Self>, outcome: StoreResult<()>);
}

/// Handle to the writer thread; dropping it drains the queue and stops the thread.
#[derive(Debug)]
pub(crate) struct Writer {
    jobs: Option<Sender<Box<dyn Job>>>,
    thread: Option<JoinHandle<()>>,
}

/// How often expired bot updates are purged.
const PURGE_EVERY: Duration = Duration::from_secs(60);

impl Writer {
    pub(crate) fn start(conn: Connection, max_batch: usize) -> Self {
        let (tx, rx) = crossbeam_channel::unbounded();
        let thread = std::thread::Builder::new()
            .name("gramd-sqlite-writer".into())
            .spawn(move || run(&conn, &rx, max_batch.max(1)))
            .expect("spawn the SQLite writer thread");
        Self {
            jobs: Some(tx),
            thread: Some(thread),
        }
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
        if let Some(thread) = self.thread.take() {
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

fn run(conn: &Connection, jobs: &Receiver<Box<dyn Job>>, max_batch: usize) {
    let mut last_purge = Instant::now();
    let mut batch: Vec<Box<dyn Job>> = Vec::with_capacity(max_batch);
    loop {
        match jobs.recv_timeout(PURGE_EVERY) {
            Ok(job) => batch.push(job),
            Err(crossbeam_channel::RecvTimeoutError::Timeout) => {}
            Err(crossbeam_channel::RecvTimeoutError::Disconnected) => return,
        }
        while batch.len() < max_batch {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
            }
        }
        let purge = last_purge.elapsed() >= PURGE_EVERY;
        if purge {
            last_purge = Instant::now();
        }
        if !batch.is_empty() || purge {
            commit_group(conn, &mut batch, purge);
        }
    }
}

fn commit_group(conn: &Connection, batch: &mut Vec<Box<dyn Job>>, purge: bool) {
    if let Err(err) = conn.execute_batch("BEGIN IMMEDIATE") {
        tracing::error!(%err, "cannot begin a write transaction");
        for job in batch.drain(..) {
            job.finish(Err(backend(&err)));
        }
        return;
    }
    let mut outcomes = Vec::with_capacity(batch.len());
    for job in batch.iter_mut() {
        outcomes.push(apply_in_savepoint(conn, job.as_mut()));
    }
    if purge {
        let now = unix_now();
        if let Err(err) = conn.execute("DELETE FROM bot_updates WHERE expires_at <= ?1", [now]) {
            tracing::warn!(%err, "purging expired updates failed");
        }
    }
    match conn.execute_batch("COMMIT") {
        Ok(()) => {
            for (job, outcome) in batch.drain(..).zip(outcomes) {
                job.finish(outcome);
            }
        }
        Err(err) => {
            tracing::error!(%err, "commit failed");
            let _ = conn.execute_batch("ROLLBACK");
            for job in batch.drain(..) {
                job.finish(Err(backend(&err)));
            }
        }
    }
}

fn apply_in_savepoint(conn: &Connection, job: &mut dyn Job) -> StoreResult<()> {
    conn.execute_batch("SAVEPOINT job")
        .map_err(|e| backend(&e))?;
    match job.apply(conn) {
        Ok(()) => conn.execute_batch("RELEASE job").map_err(|e| backend(&e)),
        Err(err) => {
            let _ = conn.execute_batch("ROLLBACK TO job; RELEASE job");
            Err(err)
        }
    }
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
