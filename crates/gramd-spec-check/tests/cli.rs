//! The `gramd-spec-check` binary: recorded responses in, violations and an exit code out.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn check(input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gramd-spec-check"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("stdin takes the input");
    child.wait_with_output().expect("the binary exits")
}

const GOOD_GET_ME: &str = r#"{"method":"GetMe","body":{"ok":true,"result":{"id":1,"is_bot":true,"first_name":"B","username":"b_bot","can_join_groups":true,"can_read_all_group_messages":false,"supports_inline_queries":false,"can_connect_to_business":false,"has_main_web_app":false,"has_topics_enabled":false,"allows_users_to_create_topics":false}}}"#;

#[test]
fn valid_responses_pass() {
    let input = format!(
        "{GOOD_GET_ME}\n\n{}\n",
        r#"{"method":"sendMessage","body":{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}}"#
    );
    let out = check(&input);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "",
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_violation_is_printed_with_its_line_and_fails() {
    let bad = r#"{"method":"getMe","body":{"ok":true,"result":{"id":1,"first_name":"B"}}}"#;
    let out = check(&format!("{GOOD_GET_ME}\n{bad}\n"));
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(printed.starts_with("2 getMe: "), "{printed}");
    assert!(printed.contains("is_bot"), "{printed}");
    assert_eq!(printed.lines().count(), 1, "{printed}");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_line_that_is_not_a_record_is_refused() {
    for input in ["not json\n", "{\"body\":{}}\n"] {
        let out = check(input);
        assert_eq!(out.status.code(), Some(2), "{input}");
        assert!(!out.stderr.is_empty(), "{input}");
    }
}
