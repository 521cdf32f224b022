//! The progress line, the summary table and the description of the machine it heads.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::cpu::Usage;
use crate::load::LoadResult;

/// Overwrites the progress line on stderr.
pub(crate) fn progress(label: &str, count: u64, elapsed: Duration) {
    let rate = count as f64 / elapsed.as_secs_f64().max(0.001);
    eprint!("\r  {label:<44} {count:>9} requests {rate:>10.0}/s   ");
    let _ = std::io::stderr().flush();
}

/// Ends the progress line.
pub(crate) fn done(label: &str, summary: &str) {
    eprintln!("\r  {label:<44} {summary:<40}");
}

/// One throughput measurement, for the table.
#[derive(Clone, Debug)]
pub(crate) struct Throughput {
    /// What was measured.
    pub(crate) name: String,
    /// The result.
    pub(crate) result: LoadResult,
    /// Where the CPU went in the measured window (Linux only).
    pub(crate) cpu: Option<Usage>,
}

impl Throughput {
    /// `N req/s, p50 …, p99 …`.
    pub(crate) fn summary(&self) -> String {
        let mut summary = format!(
            "{:.0} req/s, p50 {:.2} ms, p99 {:.2} ms, {} errors",
            self.result.rate(),
            self.result.percentile_ms(0.5),
            self.result.percentile_ms(0.99),
            self.result.errors
        );
        if let Some(cpu) = &self.cpu {
            let _ = write!(
                summary,
                ", server CPU {:.1} µs/request",
                cpu.server_total_us()
            );
        }
        summary
    }
}

/// The whole run, rendered as Markdown.
#[derive(Debug, Default)]
pub(crate) struct Report {
    /// Machine description lines.
    pub(crate) machine: Vec<String>,
    /// `(comparison, value, target, met)` rows.
    pub(crate) ratios: Vec<(String, String, String, Option<bool>)>,
    /// Raw throughput rows.
    pub(crate) runs: Vec<Throughput>,
    /// Other figures: `(what, value)`.
    pub(crate) figures: Vec<(String, String)>,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut out = String::new();
        let _ = writeln!(out, "### Machine\n");
        for line in &self.machine {
            let _ = writeln!(out, "- {line}");
        }
        let _ = writeln!(out, "\n### Ratios (measured side by side in this run)\n");
        let _ = writeln!(out, "| comparison | result | target | met |");
        let _ = writeln!(out, "|---|---|---|---|");
        for (what, value, target, met) in &self.ratios {
            let met = match met {
                Some(true) => "yes",
                Some(false) => "**no**",
                None => "",
            };
            let _ = writeln!(out, "| {what} | {value} | {target} | {met} |");
        }
        let _ = writeln!(out, "\n### Throughput runs\n");
        let _ = writeln!(
            out,
            "| run | requests/s | p50 ms | p99 ms | p99.9 ms | errors |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|---|");
        for run in &self.runs {
            let r = &run.result;
            let _ = writeln!(
                out,
                "| {} | {:.0} | {:.2} | {:.2} | {:.2} | {} |",
                run.name,
                r.rate(),
                r.percentile_ms(0.5),
                r.percentile_ms(0.99),
                r.percentile_ms(0.999),
                r.errors
            );
        }
        if self.runs.iter().any(|run| run.cpu.is_some()) {
            let _ = writeln!(
                out,
                "\n### CPU per request (microseconds of CPU time per successful request in the measured window; disk: KiB the server wrote to files per request)\n"
            );
            let _ = writeln!(
                out,
                "| run | server | server threads | load generator | machine idle | steal | disk KiB |"
            );
            let _ = writeln!(out, "|---|---|---|---|---|---|---|");
            for run in &self.runs {
                if let Some(cpu) = &run.cpu {
                    let disk = cpu
                        .disk_kib
                        .map_or_else(|| "?".to_owned(), |kib| format!("{kib:.2}"));
                    let _ = writeln!(
                        out,
                        "| {} | {:.1} | {} | {:.1} | {:.0} % | {:.0} % | {disk} |",
                        run.name,
                        cpu.server_total_us(),
                        cpu.breakdown(),
                        cpu.loadgen_us,
                        cpu.idle * 100.0,
                        cpu.steal * 100.0
                    );
                }
            }
        }
        let _ = writeln!(out, "\n### Other figures\n");
        let _ = writeln!(out, "| figure | value |");
        let _ = writeln!(out, "|---|---|");
        for (what, value) in &self.figures {
            let _ = writeln!(out, "| {what} | {value} |");
        }
        f.write_str(&out)
    }
}

/// The machine, the compiler and the gramd under test, for the report's first lines.
pub(crate) fn machine(gramd: &Path) -> Vec<String> {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|l| l.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, std::num::NonZero::get);
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .map(|l| l.trim().to_owned())
        })
        .unwrap_or_default();
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    let rustc = Command::new("rustc")
        .arg("-V")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    vec![
        format!("{cpu}, {cores} cores, {mem} RAM, Linux {}", kernel.trim()),
        format!(
            "{rustc}; gramd binary `{}`, default settings: SQLite in WAL mode, \
             `durability = \"full\"` (the WAL is fsynced before every acknowledgement)",
            gramd.display()
        ),
        "load generator, servers and database on the same machine, over loopback".into(),
    ]
}
