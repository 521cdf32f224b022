//! Checkpoints off the writer's path, so that no write waits while the WAL is copied back.
//!
//! SQLite's default (`wal_autocheckpoint`) runs a checkpoint inside the commit that takes
//! the WAL past 1,000 frames: that commit, and every job queued behind it, waits while the
//! checkpoint copies pages into the database file and fsyncs both files. Here the writer's
//! connection has no automatic checkpoints. A connection of their own runs `PASSIVE`
//! checkpoints, which never block the writer, each time the WAL has grown by
//! [`WalLimits::pass_every`] frames. They run on the syncer's thread, between its syncs,
//! when there is one (full durability: a checkpoint's flushes would otherwise hold up the
//! syncer's, and with them the acknowledgements), else on a thread of their own.
//!
//! That alone would let the WAL grow without bound: SQLite starts a WAL over from its
//! beginning only when a write transaction begins after a checkpoint has caught up with the
//! last commit, and under steady load the writer always begins its next transaction before
//! that. So once the WAL holds [`WalLimits::restart_at`] frames, the writer waits, between
//! two transactions, for one pass that starts after its last commit ([`WalWatch`]). The
//! background passes have already copied nearly everything, so that pass is short, and the
//! writer's next transaction restarts the WAL. A reader still inside an old snapshot can
//! keep a pass from catching up; the writer then waits again only after another
//! `pass_every` frames.
//!
//! See <https://www.sqlite.org/wal.html#checkpointing> and
//! <https://www.sqlite.org/c3ref/wal_checkpoint_v2.html>.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;

use rusqlite::Connection;
use rusqlite::wal::CheckpointMode;

use crate::mailbox::Mailbox;

/// When the WAL is checkpointed and when it must start over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WalLimits {
    /// A background pass starts each time the WAL has grown by this many frames.
    pub pass_every: u32,
    /// Past this many frames the writer waits for a pass, so that the WAL starts over.
    pub restart_at: u32,
}

impl Default for WalLimits {
    /// A pass every 1,000 frames (SQLite's own default interval, about 4 MB of 4 KiB
    /// pages); the WAL starts over past 4,000 frames (about 16 MB).
    fn default() -> Self {
        Self {
            pass_every: 1_000,
            restart_at: 4_000,
        }
    }
}

/// The writer's handle on the checkpoints: asks for passes and waits for them. Dropping it
/// stops its thread, if it has one, after the current pass.
pub(crate) struct Checkpointer {
    shared: Arc<Shared>,
    /// Tells the runner's thread that a pass was requested.
    kick: Box<dyn Fn() + Send>,
    /// The runner's own thread and its mailbox, if it has one.
    thread: Option<(Arc<Mailbox<()>>, JoinHandle<()>)>,
}

impl std::fmt::Debug for Checkpointer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Checkpointer")
            .field("shared", &self.shared)
            .field("own_thread", &self.thread.is_some())
            .finish_non_exhaustive()
    }
}

/// What runs the passes, on whichever thread owns it: the checkpointer's own thread, or
/// the syncer, which then never has a checkpoint's flushes competing with its own.
#[derive(Debug)]
pub(crate) struct PassRunner {
    conn: Connection,
    shared: Arc<Shared>,
}

#[derive(Debug, Default)]
struct Shared {
    state: Mutex<Passes>,
    changed: Condvar,
}

/// Passes are numbered; the runner starts pass `requested` when it is above `started`.
#[derive(Debug, Default)]
struct Passes {
    requested: u64,
    started: u64,
    completed: u64,
    /// The runner is gone: nobody may wait for a pass any more.
    stopped: bool,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Passes> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Checkpointer {
    /// A checkpointer whose passes run wherever the returned runner is driven: `conn` is a
    /// read-write connection to the writer's database, and `kick` tells the runner's
    /// thread to call [`PassRunner::run_due`].
    pub(crate) fn new(conn: Connection, kick: impl Fn() + Send + 'static) -> (Self, PassRunner) {
        let shared = Arc::new(Shared::default());
        let runner = PassRunner {
            conn,
            shared: Arc::clone(&shared),
        };
        let checkpointer = Self {
            shared,
            kick: Box::new(kick),
            thread: None,
        };
        (checkpointer, runner)
    }

    /// A checkpointer with a thread of its own.
    pub(crate) fn start(conn: Connection) -> Self {
        let kicks = Arc::new(Mailbox::<()>::default());
        let kick = Arc::clone(&kicks);
        let (mut checkpointer, runner) = Self::new(conn, move || kick.raise());
        let thread = {
            let kicks = Arc::clone(&kicks);
            std::thread::Builder::new()
                .name("gramd-sqlite-ckpt".into())
                .spawn(move || runner.run_until_closed(&kicks))
                .expect("spawn the SQLite checkpoint thread")
        };
        checkpointer.thread = Some((kicks, thread));
        checkpointer
    }

    /// Asks for a pass that starts after now, without waiting for it; returns its number.
    pub(crate) fn request(&self) -> u64 {
        let ticket = {
            let mut passes = self.shared.lock();
            let ticket = passes.started + 1;
            passes.requested = passes.requested.max(ticket);
            ticket
        };
        (self.kick)();
        ticket
    }

    /// Asks for a pass that starts after now and waits until it has run.
    pub(crate) fn run_pass(&self) {
        let ticket = self.request();
        let mut passes = self.shared.lock();
        while passes.completed < ticket && !passes.stopped {
            passes = self
                .shared
                .changed
                .wait(passes)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        if let Some((kicks, thread)) = self.thread.take() {
            kicks.close();
            let _ = thread.join();
        }
    }
}

impl PassRunner {
    /// Runs the passes requested so far.
    pub(crate) fn run_due(&self) {
        let mut passes = self.shared.lock();
        while passes.requested > passes.started {
            passes.started = passes.requested;
            drop(passes);
            // PASSIVE copies what no reader still needs and never waits; another
            // process's checkpoint running at the same time makes it return BUSY, which
            // the next pass makes up for.
            match self
                .conn
                .wal_checkpoint_v2(None::<&str>, CheckpointMode::PASSIVE)
            {
                Ok((log, copied)) => tracing::trace!(log, copied, "checkpoint pass"),
                Err(err) => tracing::debug!(%err, "checkpoint pass did not run"),
            }
            passes = self.shared.lock();
            passes.completed = passes.started;
            self.shared.changed.notify_all();
        }
    }

    /// Runs passes each time `kicks` has its flag raised, until it is closed.
    fn run_until_closed(self, kicks: &Mailbox<()>) {
        while !kicks.wait_for_flag().closed {
            self.run_due();
        }
    }
}

impl Drop for PassRunner {
    fn drop(&mut self) {
        self.shared.lock().stopped = true;
        self.shared.changed.notify_all();
    }
}

/// The writer's side: follows the WAL's size after each commit and decides when to ask the
/// checkpointer for a pass and when to wait for one. Dropping it stops the checkpointer.
#[derive(Debug)]
pub(crate) struct WalWatch {
    checkpointer: Checkpointer,
    limits: WalLimits,
    /// Frames in the WAL after the connection's last commit, set by its WAL hook.
    frames: Arc<AtomicU32>,
    last: u32,
    next_pass: u32,
    next_wait: u32,
}

impl WalWatch {
    /// Installs the WAL hook on the writer's connection, which also turns off SQLite's
    /// automatic checkpoints there.
    pub(crate) fn install(
        conn: &mut Connection,
        limits: WalLimits,
        checkpointer: Checkpointer,
    ) -> rusqlite::Result<Self> {
        let frames = Arc::new(AtomicU32::new(0));
        let seen = Arc::clone(&frames);
        conn.wal_hook(Some(move |_: &mut rusqlite::hooks::Wal, pages: i32| {
            seen.store(u32::try_from(pages).unwrap_or(0), Ordering::Relaxed);
            Ok(())
        }))?;
        let limits = WalLimits {
            pass_every: limits.pass_every.max(1),
            restart_at: limits.restart_at.max(1),
        };
        Ok(Self {
            checkpointer,
            limits,
            frames,
            last: 0,
            next_pass: limits.pass_every,
            next_wait: limits.restart_at,
        })
    }

    /// Called between transactions, after a commit: asks for a background pass every
    /// `pass_every` frames, and past `restart_at` frames waits for one so that the next
    /// transaction starts the WAL over.
    pub(crate) fn after_commit(&mut self) {
        let frames = self.frames.load(Ordering::Relaxed);
        if frames < self.last {
            // The WAL started over.
            self.next_pass = self.limits.pass_every;
            self.next_wait = self.limits.restart_at;
        }
        self.last = frames;
        if frames >= self.next_wait {
            self.checkpointer.run_pass();
            // If a reader kept the pass from catching up, the WAL goes on growing; wait
            // again only after another `pass_every` frames.
            self.next_wait = frames.saturating_add(self.limits.pass_every);
            self.next_pass = frames.saturating_add(self.limits.pass_every);
        } else if frames >= self.next_pass {
            self.checkpointer.request();
            self.next_pass = frames.saturating_add(self.limits.pass_every);
        }
    }
}
