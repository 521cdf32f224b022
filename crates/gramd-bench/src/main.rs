//! `gramd-bench`: gramd's benchmarks and reliability drills, measured side by side in one
//! run on one machine, so that ratios, not absolute times, carry the result.
//!
//! - `gramd-bench run`: Bot API `sendMessage` throughput against the ceiling of the same
//!   HTTP stack and against telegram-test-api (and, for reference, against the durable
//!   ceiling and gramd with `durability = "normal"`), long-poll wake latency, and
//!   behaviour with a large database, the client API's `messages.sendMessage` over MTProto
//!   beside the same calls over JSON and MTProto handshakes per second (module `mtproto`),
//!   with the CPU time each server thread and the load generator spend per request (module
//!   `cpu`). Prints a summary table (Markdown) for `docs/PERFORMANCE.md`.
//! - `gramd-bench drill crash|abuse|webhook`: the reliability drills of
//!   `docs/RELIABILITY.md` (`webhook` also measures webhook throughput).
//! - `gramd-bench hello [--durable-log FILE]`: the ceiling server, or the durable
//!   ceiling (module `hello`); `run` starts them itself.
//!
//! Load comes from a closed-loop generator on the same machine (module `load`, with the
//! MTProto client of module `mtproto` for the MTProto runs); every server runs as its own
//! process.

mod cpu;
mod drills;
mod hello;
mod load;
mod mtproto;
mod prefill;
mod report;
mod scenarios;
mod targets;
mod wake;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// gramd's benchmarks and reliability drills.
#[derive(Debug, Parser)]
#[command(name = "gramd-bench")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Runs every benchmark and prints the summary table.
    Run(RunArgs),
    /// Serves the ceiling: a canned answer on the same HTTP stack, durable with
    /// `--durable-log` (used by `run`).
    Hello {
        /// Address to listen on.
        #[arg(long)]
        addr: std::net::SocketAddr,
        /// Answer only once the body is written to this log file and synced (the durable
        /// ceiling). The file is recreated with 64 MiB of zeros, which records overwrite.
        #[arg(long)]
        durable_log: Option<PathBuf>,
    },
    /// Runs a reliability drill.
    Drill {
        #[command(subcommand)]
        drill: drills::Drill,
    },
}

/// Settings of a benchmark run.
#[derive(Debug, Args)]
pub(crate) struct RunArgs {
    /// The gramd binary (a release build).
    #[arg(long, default_value = "target/release/gramd")]
    pub(crate) gramd: PathBuf,
    /// Concurrent keep-alive connections.
    #[arg(long, default_value_t = 64)]
    pub(crate) connections: usize,
    /// Measured seconds per throughput run.
    #[arg(long, default_value_t = 10)]
    pub(crate) duration: u64,
    /// Warm-up seconds before each measured window.
    #[arg(long, default_value_t = 2)]
    pub(crate) warmup: u64,
    /// Rounds of the ceiling/gramd pairs: after the first, each runs the ceiling and gramd
    /// again, one after the other, and the ceiling ratios are the median over the rounds.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u64).range(1..))]
    pub(crate) rounds: u64,
    /// Long-poll wake-up samples.
    #[arg(long, default_value_t = 3000)]
    pub(crate) samples: usize,
    /// Messages stored before the scale run.
    #[arg(long, default_value_t = 1_000_000)]
    pub(crate) scale_messages: usize,
    /// Bots created before the scale run.
    #[arg(long, default_value_t = 100_000)]
    pub(crate) scale_bots: usize,
    /// Where telegram-test-api is installed (`npm ci` there).
    #[arg(long, default_value = "bench/tta")]
    pub(crate) tta_dir: PathBuf,
    /// Skip telegram-test-api.
    #[arg(long)]
    pub(crate) skip_tta: bool,
    /// Skip the large-database run.
    #[arg(long)]
    pub(crate) skip_scale: bool,
}

/// The same allocator as `gramd`, so that the ceiling (`hello`) runs on the same stack,
/// allocator included, and the load generator is no slower than gramd's own runtime.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = Cli::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    match cli.command {
        Command::Hello { addr, durable_log } => {
            runtime.block_on(hello::serve(addr, durable_log.as_deref()));
        }
        Command::Run(args) => {
            let report = runtime.block_on(scenarios::run_all(&args));
            println!("{report}");
        }
        Command::Drill { drill } => {
            let ok = runtime.block_on(drills::run(drill));
            if !ok {
                std::process::exit(1);
            }
        }
    }
}
