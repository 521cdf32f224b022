//! `gramd-spec-check`: checks recorded Bot API responses against the spec, for test
//! harnesses outside Rust (the compatibility suite records what gramd answered bots).
//!
//! Reads JSON Lines from stdin, one response per line: `{"method": "sendMessage", "body":
//! <the response body>}` (method names case-insensitive, as bots send them). Prints one
//! line per response that breaks the spec, `<line number> <method>: <violation>; ...`,
//! and exits 1 if any did, 2 if a line is not such a record, 0 otherwise.

use std::io::{self, BufRead, Write};
use std::process::ExitCode;

use gramd_spec_check::Spec;
use serde_json::Value;

fn main() -> ExitCode {
    let spec = Spec::shared();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut broken = false;
    for (index, line) in io::stdin().lock().lines().enumerate() {
        let number = index + 1;
        let line = match line {
            Ok(line) => line,
            Err(e) => {
                eprintln!("gramd-spec-check: reading stdin: {e}");
                return ExitCode::from(2);
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        let record: Value = match serde_json::from_str(&line) {
            Ok(record) => record,
            Err(e) => {
                eprintln!("gramd-spec-check: line {number} is not JSON: {e}");
                return ExitCode::from(2);
            }
        };
        let (Some(method), Some(body)) = (record["method"].as_str(), record.get("body")) else {
            eprintln!("gramd-spec-check: line {number} has no \"method\" string and \"body\"");
            return ExitCode::from(2);
        };
        if let Err(violations) = spec.check_response(method, body) {
            broken = true;
            let listed: Vec<String> = violations.iter().map(ToString::to_string).collect();
            // A closed stdout only loses the report; the exit code still tells.
            let _ = writeln!(out, "{number} {method}: {}", listed.join("; "));
        }
    }
    if broken {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
