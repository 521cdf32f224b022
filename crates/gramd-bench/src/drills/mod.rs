//! Reliability drills (see `docs/RELIABILITY.md`): each starts its own gramd, attacks or
//! kills it, and checks what must hold. Traffic stays on loopback.

mod abuse;
mod crash;
mod webhook;

use std::path::PathBuf;

use clap::Subcommand;

/// The drills.
#[derive(Debug, Subcommand)]
pub(crate) enum Drill {
    /// SIGKILL during sustained load, restart, verify; repeated.
    Crash {
        /// The gramd binary.
        #[arg(long, default_value = "target/release/gramd")]
        gramd: PathBuf,
        /// Kill-and-restart rounds.
        #[arg(long, default_value_t = 20)]
        rounds: u32,
    },
    /// Oversized bodies, idle connections, slow-loris clients and a flooding bot, while a
    /// well-behaved bot keeps working.
    Abuse {
        /// The gramd binary.
        #[arg(long, default_value = "target/release/gramd")]
        gramd: PathBuf,
        /// Idle connections to open.
        #[arg(long, default_value_t = 5000)]
        idle: usize,
    },
    /// Webhook delivery to a receiver that fails half its requests while gramd is killed
    /// and restarted once; then webhook throughput against a reference client.
    Webhook {
        /// The gramd binary.
        #[arg(long, default_value = "target/release/gramd")]
        gramd: PathBuf,
        /// Updates queued for the throughput part.
        #[arg(long, default_value_t = 100_000)]
        queue: usize,
    },
}

/// Runs a drill; returns whether everything it checks held.
pub(crate) async fn run(drill: Drill) -> bool {
    if let Err(err) = rlimit::increase_nofile_limit(u64::MAX) {
        eprintln!("cannot raise the open-files limit: {err}");
    }
    match drill {
        Drill::Crash { gramd, rounds } => crash::run(&gramd, rounds).await,
        Drill::Abuse { gramd, idle } => abuse::run(&gramd, idle).await,
        Drill::Webhook { gramd, queue } => webhook::run(&gramd, queue).await,
    }
}
