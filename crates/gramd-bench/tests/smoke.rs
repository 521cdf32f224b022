//! The benchmark harness and the crash drill, run end to end in miniature against a real
//! `gramd` (the debug build beside this test), so that the tools of `docs/PERFORMANCE.md`
//! and `docs/RELIABILITY.md` keep working as the product changes. Nothing here judges
//! speed: the runs last a second each, and only the shape and the invariants of the
//! report are checked.

use std::path::PathBuf;
use std::process::Command;
use std::sync::Mutex;

/// The runs share the machine's two cores; one at a time keeps each one's load sane.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// The `gramd` binary of the same profile as this test: `cargo test --workspace` builds it
/// for gramd's own integration tests; built here when this crate is tested alone.
fn gramd() -> PathBuf {
    let test = std::env::current_exe().expect("the test binary");
    // target/<profile>/deps/smoke-<hash>
    let profile_dir = test
        .parent()
        .and_then(std::path::Path::parent)
        .expect("the profile directory");
    let gramd = profile_dir.join("gramd");
    if !gramd.exists() {
        let mut build = Command::new(env!("CARGO"));
        build.args(["build", "-p", "gramd"]);
        if profile_dir.ends_with("release") {
            build.arg("--release");
        }
        let status = build.status().expect("run cargo");
        assert!(status.success(), "cargo build -p gramd failed");
    }
    gramd
}

/// Runs `gramd-bench <command> --gramd <the debug gramd> <args>`, one at a time; returns
/// its report (stdout) after checking that it succeeded.
fn bench(command: &[&str], args: &[&str]) -> String {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let gramd = gramd();
    let output = Command::new(env!("CARGO_BIN_EXE_gramd-bench"))
        .args(command)
        .arg("--gramd")
        .arg(&gramd)
        .args(args)
        .output()
        .expect("run gramd-bench");
    assert!(
        output.status.success(),
        "gramd-bench {command:?} failed: {}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("a UTF-8 report")
}

/// The rows of the Markdown table under `heading`, split into trimmed cells.
fn table(report: &str, heading: &str) -> Vec<Vec<String>> {
    let start = report
        .find(heading)
        .unwrap_or_else(|| panic!("no {heading:?} in the report:\n{report}"));
    report[start..]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2) // header and separator
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_owned())
                .collect()
        })
        .collect()
}

/// The row whose first cell starts with `prefix`.
fn row<'t>(rows: &'t [Vec<String>], prefix: &str) -> &'t [String] {
    find(rows, |first| first.starts_with(prefix), prefix)
}

/// The row whose first cell is exactly `name`.
fn rows_named<'t>(rows: &'t [Vec<String>], name: &str) -> &'t [String] {
    find(rows, |first| first == name, name)
}

fn find<'t>(rows: &'t [Vec<String>], first: impl Fn(&str) -> bool, what: &str) -> &'t [String] {
    rows.iter()
        .find(|r| first(&r[0]))
        .unwrap_or_else(|| panic!("no row {what:?} in {rows:?}"))
}

#[test]
fn benchmark_run_reports_every_figure() {
    let report = bench(
        &["run"],
        &[
            "--skip-tta",
            "--rounds",
            "2",
            "--duration",
            "1",
            "--warmup",
            "0",
            "--connections",
            "8",
            "--samples",
            "30",
            "--scale-bots",
            "40",
            "--scale-messages",
            "1000",
        ],
    );

    let ratios = table(&report, "### Ratios");
    for what in [
        "gramd / ceiling, sendMessage JSON (median of 2 rounds",
        "gramd / ceiling, sendMessage urlencoded (median of 2 rounds",
        "for reference: gramd with durability = normal",
        "for reference: durable ceiling (the ceiling, answering once the body is written",
        "for reference: gramd / durable ceiling, JSON (median of: ",
        "long-poll wake-up p99 (30 samples",
        "throughput, large / empty database",
        "MTProto / JSON client API, messages.sendMessage from 8 signed-in sessions",
        "p99 latency, large / empty database",
    ] {
        let r = row(&ratios, what);
        let value: f64 = r[1]
            .trim_end_matches(" ms")
            .parse()
            .unwrap_or_else(|_| panic!("a number in {r:?}"));
        assert!(value > 0.0 && value.is_finite(), "{r:?}");
    }
    // The ceiling does nothing but answer: gramd, doing real work, cannot pass it.
    let json: f64 = row(&ratios, "gramd / ceiling, sendMessage JSON")[1]
        .parse()
        .expect("a ratio");
    assert!(json < 1.0, "gramd faster than the canned answer: {json}");

    // The first round's runs; later rounds feed only the ratios' medians.
    let runs = table(&report, "### Throughput runs");
    for name in [
        "ceiling (hello world), JSON",
        "ceiling (hello world), urlencoded",
        "durable ceiling (hello world + fdatasync), JSON",
        "gramd sendMessage, JSON",
        "gramd sendMessage, urlencoded",
        "gramd sendMessage, JSON, durability = normal",
        "gramd sendMessage, JSON, empty database beside the large one",
        "gramd sendMessage, JSON, large database",
        "gramd messages.sendMessage, JSON client API",
        "gramd messages.sendMessage, MTProto",
        "gramd MTProto handshakes (auth key creation, a new connection each)",
    ] {
        let r = rows_named(&runs, name);
        let rate: f64 = r[1].parse().expect("requests/s");
        assert!(rate > 0.0, "{r:?}");
        assert_eq!(r[5], "0", "errors in {r:?}");
    }

    let cpu = table(&report, "### CPU per request");
    let gramd_cpu = rows_named(&cpu, "gramd sendMessage, JSON");
    for thread in ["tokio-rt-worker", "gramd-sqlite-wr", "gramd-sqlite-sy"] {
        assert!(gramd_cpu[2].contains(thread), "{gramd_cpu:?}");
    }
    // Durable messages reach the disk; a canned answer writes nothing.
    let disk = |r: &[String]| -> f64 { r[6].parse().unwrap_or_else(|_| panic!("{r:?}")) };
    assert!(disk(gramd_cpu) > 0.1, "{gramd_cpu:?}");
    assert!(disk(rows_named(&cpu, "ceiling (hello world), JSON")) < 0.01);
    let durable = rows_named(&cpu, "durable ceiling (hello world + fdatasync), JSON");
    assert!(disk(durable) > 0.01, "{durable:?}");

    let figures = table(&report, "### Other figures");
    let stored = row(&figures, "messages stored after the two gramd runs");
    assert!(stored[1].ends_with(": yes"), "{stored:?}");
    let large = row(
        &figures,
        "large database: 40 bots, 1000 messages (2000 copies)",
    );
    assert!(large[1].contains("filled in"), "{large:?}");
    let handshakes = row(&figures, "MTProto handshakes per second");
    assert!(
        handshakes[1].parse::<f64>().expect("handshakes/s") > 0.0,
        "{handshakes:?}"
    );
    for what in [
        "gramd start-up, empty database",
        "gramd start-up, large database",
    ] {
        assert!(row(&figures, what)[1].ends_with(" ms"), "{what}");
    }
}

#[test]
fn crash_drill_passes() {
    let report = bench(&["drill", "crash"], &["--rounds", "2"]);
    let rounds = table(&report, "| round |");
    assert_eq!(rounds.len(), 2, "{report}");
    for r in &rounds {
        assert_eq!(r[2], "yes", "all acknowledged present: {r:?}");
        let acknowledged: Vec<u64> = r[1]
            .split(" / ")
            .map(|n| n.parse().expect("a count"))
            .collect();
        assert_eq!(acknowledged.len(), 3, "user / bot / MTProto: {r:?}");
        assert!(acknowledged[2] > 0, "MTProto sends acknowledged: {r:?}");
        assert!(r[3].starts_with("gap-free"), "{r:?}");
        assert_eq!(r[4], "ok", "{r:?}");
    }
}
