//! Where the CPU goes during a throughput run: CPU time of the server's threads and of
//! the load generator per successful request, how idle the machine was, and how many
//! bytes the server sent towards the disk per request, read from Linux `/proc`
//! (`/proc/<pid>/task/*/stat`, `/proc/stat` and `/proc/<pid>/io`; see proc(5)).
//! Elsewhere the figures are left out of the report.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Instant;

/// CPU times at one instant.
#[derive(Clone, Debug)]
pub(crate) struct Sample {
    at: Instant,
    /// Seconds of CPU per thread name of the server (threads of one name added up).
    server: BTreeMap<String, f64>,
    /// Seconds of CPU of this process (the load generator).
    loadgen: f64,
    /// The machine's `/proc/stat` totals: (all, idle + iowait, steal), in ticks.
    machine: (u64, u64, u64),
    /// The server's `write_bytes` from `/proc/<pid>/io`, if it may be read.
    disk_written: Option<u64>,
}

/// What a run cost, between two samples.
#[derive(Clone, Debug)]
pub(crate) struct Usage {
    /// Microseconds of server CPU per request, by thread name.
    pub(crate) server_us: BTreeMap<String, f64>,
    /// Microseconds of load-generator CPU per request.
    pub(crate) loadgen_us: f64,
    /// Share of the machine's CPU time left idle (or waiting on I/O).
    pub(crate) idle: f64,
    /// Share taken by the hypervisor from this machine.
    pub(crate) steal: f64,
    /// KiB the server sent towards the disk per request (`write_bytes`: the pages it
    /// dirtied in files, here the WAL frames and the checkpoints' copies of them).
    pub(crate) disk_kib: Option<f64>,
}

impl Usage {
    /// Server CPU per request, all threads.
    pub(crate) fn server_total_us(&self) -> f64 {
        self.server_us.values().sum()
    }

    /// `tokio-rt-worker 24.1, gramd-sqlite-wr 16.0`: the threads that count, busiest first.
    pub(crate) fn breakdown(&self) -> String {
        let mut threads: Vec<_> = self
            .server_us
            .iter()
            .filter(|(_, us)| **us >= 0.1)
            .collect();
        threads.sort_by(|a, b| b.1.total_cmp(a.1));
        let mut out = String::new();
        for (name, us) in threads {
            if !out.is_empty() {
                out.push_str(", ");
            }
            let _ = write!(out, "{name} {us:.1}");
        }
        out
    }
}

/// The unit of `/proc` CPU times (`getconf CLK_TCK`; 100 where it cannot be asked). Read
/// once per run, before the load starts, since it spawns a process.
pub(crate) fn ticks_per_second() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(100.0)
}

/// `(name, utime + stime in ticks)` from a `stat` file's text.
fn parse_stat(stat: &str) -> Option<(String, u64)> {
    let open = stat.find('(')?;
    let close = stat.rfind(')')?;
    let name = stat.get(open + 1..close)?.to_owned();
    // After the name: state is field 3; utime and stime are fields 14 and 15.
    let fields: Vec<&str> = stat.get(close + 1..)?.split_whitespace().collect();
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some((name, utime + stime))
}

fn threads(pid: u32, hz: f64) -> Option<BTreeMap<String, f64>> {
    let mut by_name = BTreeMap::new();
    for task in std::fs::read_dir(format!("/proc/{pid}/task")).ok()? {
        let Ok(task) = task else { continue };
        let Ok(stat) = std::fs::read_to_string(task.path().join("stat")) else {
            continue;
        };
        if let Some((name, ticks)) = parse_stat(&stat) {
            *by_name.entry(name).or_insert(0.0) += ticks as f64 / hz;
        }
    }
    Some(by_name)
}

/// `(all, idle + iowait, steal)` from the first line of `/proc/stat`.
fn parse_machine(stat: &str) -> Option<(u64, u64, u64)> {
    let line = stat.lines().next()?.strip_prefix("cpu ")?;
    let v: Vec<u64> = line
        .split_whitespace()
        .map(|f| f.parse().unwrap_or(0))
        .collect();
    // user nice system idle iowait irq softirq steal [guest guest_nice, included in user]
    let all = v.iter().take(8).sum();
    Some((all, v.get(3)? + v.get(4)?, *v.get(7)?))
}

/// `write_bytes` from a `/proc/<pid>/io` file's text.
fn parse_io(io: &str) -> Option<u64> {
    io.lines()
        .find_map(|l| l.strip_prefix("write_bytes:"))?
        .trim()
        .parse()
        .ok()
}

/// Samples the server `pid`, this process and the machine, with `/proc` times in `hz`
/// ticks a second; `None` without `/proc`.
pub(crate) fn sample(pid: u32, hz: f64) -> Option<Sample> {
    let server = threads(pid, hz)?;
    let loadgen = threads(std::process::id(), hz)?.values().sum();
    let machine = parse_machine(&std::fs::read_to_string("/proc/stat").ok()?)?;
    let disk_written = std::fs::read_to_string(format!("/proc/{pid}/io"))
        .ok()
        .as_deref()
        .and_then(parse_io);
    Some(Sample {
        at: Instant::now(),
        server,
        loadgen,
        machine,
        disk_written,
    })
}

/// What happened between `before` and `after`, at `rate` successful requests a second.
pub(crate) fn usage(before: &Sample, after: &Sample, rate: f64) -> Option<Usage> {
    let requests = rate * after.at.duration_since(before.at).as_secs_f64();
    if requests < 1.0 {
        return None;
    }
    let per_request = |seconds: f64| seconds.max(0.0) * 1e6 / requests;
    let server_us = after
        .server
        .iter()
        .map(|(name, end)| {
            let start = before.server.get(name).copied().unwrap_or(0.0);
            (name.clone(), per_request(end - start))
        })
        .collect();
    let (all, idle, steal) = (
        after.machine.0.saturating_sub(before.machine.0) as f64,
        after.machine.1.saturating_sub(before.machine.1) as f64,
        after.machine.2.saturating_sub(before.machine.2) as f64,
    );
    Some(Usage {
        server_us,
        loadgen_us: per_request(after.loadgen - before.loadgen),
        idle: if all > 0.0 { idle / all } else { 0.0 },
        steal: if all > 0.0 { steal / all } else { 0.0 },
        disk_kib: after
            .disk_written
            .zip(before.disk_written)
            .map(|(end, start)| end.saturating_sub(start) as f64 / 1024.0 / requests),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_thread_stat_line_whose_name_has_spaces_and_parens() {
        let line = "4242 (tokio (rt) w) S 1 2 3 4 5 6 7 8 9 10 250 75 0 0 20 0 1 0 100 0 0";
        assert_eq!(parse_stat(line), Some(("tokio (rt) w".into(), 325)));
        assert_eq!(parse_stat("4242 (short) S 1 2"), None);
    }

    #[test]
    fn reads_the_machine_line_of_proc_stat() {
        let stat = "cpu  100 5 50 800 20 1 2 22 0 0\ncpu0 50 2 25 400 10 0 1 11 0 0\n";
        assert_eq!(parse_machine(stat), Some((1000, 820, 22)));
        assert_eq!(parse_machine("intr 1 2 3\n"), None);
    }

    #[test]
    fn reads_write_bytes_of_proc_io() {
        let io = "rchar: 10\nwchar: 20\nsyscr: 1\nsyscw: 2\nread_bytes: 0\n\
                  write_bytes: 145539072\ncancelled_write_bytes: 0\n";
        assert_eq!(parse_io(io), Some(145_539_072));
        assert_eq!(parse_io("rchar: 10\n"), None);
    }

    #[test]
    fn usage_divides_cpu_time_by_the_requests_served() {
        let t0 = Instant::now();
        let before = Sample {
            at: t0,
            server: BTreeMap::from([("tokio-rt-worker".into(), 1.0)]),
            loadgen: 0.5,
            machine: (1000, 500, 10),
            disk_written: Some(4096),
        };
        let after = Sample {
            at: t0 + std::time::Duration::from_secs(2),
            server: BTreeMap::from([
                ("tokio-rt-worker".into(), 1.5),
                ("gramd-sqlite-wr".into(), 0.2),
            ]),
            loadgen: 0.7,
            machine: (1400, 600, 30),
            disk_written: Some(4096 + 20_000 * 2048),
        };
        // 10,000 requests a second for 2 s: 20,000 requests.
        let usage = usage(&before, &after, 10_000.0).expect("requests were served");
        assert!((usage.server_us["tokio-rt-worker"] - 25.0).abs() < 1e-9);
        assert!((usage.server_us["gramd-sqlite-wr"] - 10.0).abs() < 1e-9);
        assert!((usage.server_total_us() - 35.0).abs() < 1e-9);
        assert!((usage.loadgen_us - 10.0).abs() < 1e-9);
        assert!((usage.idle - 0.25).abs() < 1e-9);
        assert!((usage.steal - 0.05).abs() < 1e-9);
        assert_eq!(usage.disk_kib, Some(2.0));
        assert_eq!(
            usage.breakdown(),
            "tokio-rt-worker 25.0, gramd-sqlite-wr 10.0"
        );
        assert!(super::usage(&before, &before, 10_000.0).is_none());
    }
}
