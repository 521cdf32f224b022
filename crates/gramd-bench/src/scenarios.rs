//! The measured scenarios of `gramd-bench run`.

use std::net::SocketAddr;
use std::process::Command;
use std::time::{Duration, Instant};

use bytes::Bytes;
use hdrhistogram::Histogram;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};

use crate::RunArgs;
use crate::cpu;
use crate::load::{self, LoadResult, RequestTemplate};
use crate::report::{self, Report, Throughput};
use crate::targets::{self, Gramd, Target};

/// A token for servers that accept any (the ceiling, telegram-test-api).
const ANY_TOKEN: &str = "1000000002:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

fn send_message_json(token: &str, chat_id: i64) -> RequestTemplate {
    RequestTemplate::json(
        format!("/bot{token}/sendMessage"),
        &json!({"chat_id": chat_id, "text": "hello benchmark"}),
    )
}

fn send_message_form(token: &str, chat_id: i64) -> RequestTemplate {
    RequestTemplate::form(
        format!("/bot{token}/sendMessage"),
        &format!("chat_id={chat_id}&text=hello+benchmark"),
    )
}

async fn measure(
    args: &RunArgs,
    name: &str,
    target: &Target,
    template: RequestTemplate,
) -> Throughput {
    let label = name.to_owned();
    let pid = target.pid();
    let hz = cpu::ticks_per_second();
    let warmup = Duration::from_secs(args.warmup);
    // CPU is sampled when the measured window opens and once the load has stopped.
    let window_start = tokio::spawn(async move {
        tokio::time::sleep(warmup).await;
        cpu::sample(pid, hz)
    });
    let result = load::run(
        target.addr,
        args.connections,
        warmup,
        Duration::from_secs(args.duration),
        template,
        move |count, elapsed| report::progress(&label, count, elapsed),
    )
    .await;
    let window_end = cpu::sample(pid, hz);
    let cpu = match (window_start.await.ok().flatten(), window_end) {
        (Some(before), Some(after)) => cpu::usage(&before, &after, result.rate()),
        _ => None,
    };
    let run = Throughput {
        name: name.to_owned(),
        result,
        cpu,
    };
    report::done(name, &run.summary());
    run
}

/// One more round of one body kind: the ceiling, then gramd; returns gramd / ceiling.
async fn ceiling_then_gramd(
    args: &RunArgs,
    round: u64,
    body: &str,
    ceiling: &Target,
    g: &Gramd,
    request: fn(&str, i64) -> RequestTemplate,
) -> f64 {
    let ceiling_run = measure(
        args,
        &format!("ceiling (hello world), {body}, round {round}"),
        ceiling,
        request(ANY_TOKEN, 1),
    )
    .await;
    let gramd_run = measure(
        args,
        &format!("gramd sendMessage, {body}, round {round}"),
        &g.target,
        request(&g.bot_token, g.user_id),
    )
    .await;
    ratio(&gramd_run.result, &ceiling_run.result)
}

/// The large-database runs and what was measured around them.
struct Scale {
    /// Each round's (empty, large) pair: gramd on a fresh empty database and on the large
    /// one, back to back, which goes first alternating.
    rounds: Vec<(Throughput, Throughput)>,
    fill: Duration,
    db: f64,
    startup: Duration,
    rss_idle: Option<f64>,
    rss_loaded: Option<f64>,
    /// The data directories, removed when the report is done.
    _dirs: (tempfile::TempDir, tempfile::TempDir),
}

/// Measures the JSON `sendMessage` load against a running gramd.
async fn measure_gramd(args: &RunArgs, name: &str, g: &Gramd) -> Throughput {
    measure(
        args,
        name,
        &g.target,
        send_message_json(&g.bot_token, g.user_id),
    )
    .await
}

/// Ratios as a list for a table row: "0.29, 0.27, 0.30".
fn listed(ratios: &[f64]) -> String {
    ratios
        .iter()
        .map(|r| format!("{r:.2}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn ratio(a: &LoadResult, b: &LoadResult) -> f64 {
    a.rate() / b.rate()
}

/// The median (the mean of the middle two for an even count); NaN for none.
fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// The ceiling server: this binary's `hello` command.
async fn hello() -> Target {
    let addr: SocketAddr = format!("127.0.0.1:{}", targets::free_port())
        .parse()
        .expect("an address");
    let mut command = Command::new(std::env::current_exe().expect("this binary"));
    command.args(["hello", "--addr", &addr.to_string()]);
    targets::spawn(command, addr, "/").await
}

async fn telegram_test_api(args: &RunArgs) -> Option<Target> {
    let script = args.tta_dir.join("tta.js");
    if !args.tta_dir.join("node_modules/telegram-test-api").exists() {
        eprintln!(
            "  telegram-test-api is not installed: run `npm ci` in {}",
            args.tta_dir.display()
        );
        return None;
    }
    let port = targets::free_port();
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().ok()?;
    let mut command = Command::new("node");
    command.arg(script).arg(port.to_string());
    Some(targets::spawn(command, addr, &format!("/bot{ANY_TOKEN}/getMe")).await)
}

/// How many messages the user's chat with the bot holds (proof the writes happened).
async fn stored_messages(g: &Gramd) -> i64 {
    let history = targets::call(
        g.target.addr,
        "/client/messages.getHistory",
        Some(&g.user_token),
        &json!({"peer": g.bot_peer, "offset_id": 0, "offset_date": 0, "add_offset": 0,
                "limit": 1, "max_id": 0, "min_id": 0, "hash": 0}),
    )
    .await;
    history["count"].as_i64().unwrap_or_default()
}

/// A persistent HTTP/1.1 connection for the wake-up measurement.
async fn connection(addr: SocketAddr) -> hyper::client::conn::http1::SendRequest<Full<Bytes>> {
    let stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream.set_nodelay(true).expect("nodelay");
    let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .expect("handshake");
    tokio::spawn(async move {
        let _ = conn.await;
    });
    sender
}

fn post(
    addr: SocketAddr,
    path: &str,
    bearer: Option<&str>,
    body: &Value,
) -> hyper::Request<Full<Bytes>> {
    let mut builder = hyper::Request::builder()
        .method(hyper::Method::POST)
        .uri(path)
        .header(hyper::header::HOST, addr.to_string())
        .header(hyper::header::CONTENT_TYPE, "application/json");
    if let Some(token) = bearer {
        builder = builder.header(hyper::header::AUTHORIZATION, format!("Bearer {token}"));
    }
    builder
        .body(Full::new(Bytes::from(body.to_string())))
        .expect("a request")
}

async fn body_json(response: hyper::Response<hyper::body::Incoming>) -> Value {
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("a body")
        .to_bytes();
    serde_json::from_slice(&bytes).unwrap_or(Value::Null)
}

/// Long-poll wake-up: a parked `getUpdates`, then a user message through the client API;
/// the time from sending the message until the poll returns it. Also returns the latency
/// of the send call alone.
async fn wake_latency(g: &Gramd, samples: usize) -> (Histogram<u64>, Histogram<u64>) {
    let addr = g.target.addr;
    let mut poll = connection(addr).await;
    let mut send = connection(addr).await;
    let drained = targets::call(
        addr,
        &format!("/bot{}/getUpdates", g.bot_token),
        None,
        &json!({"offset": -1, "timeout": 0}),
    )
    .await;
    let mut offset = drained
        .as_array()
        .and_then(|a| a.last())
        .and_then(|u| u["update_id"].as_i64())
        .map_or(0, |id| id + 1);
    let mut wake = Histogram::<u64>::new_with_bounds(1, 60_000_000, 3).expect("bounds");
    let mut send_only = wake.clone();
    let warmup = samples / 10;
    let started = Instant::now();
    for i in 0..samples + warmup {
        poll.ready().await.expect("poll connection");
        let parked = poll.send_request(post(
            addr,
            &format!("/bot{}/getUpdates", g.bot_token),
            None,
            &json!({"offset": offset, "timeout": 10}),
        ));
        let parked = tokio::spawn(parked);
        tokio::time::sleep(Duration::from_millis(2)).await;
        send.ready().await.expect("send connection");
        let t0 = Instant::now();
        let sent = send
            .send_request(post(
                addr,
                "/client/messages.sendMessage",
                Some(&g.user_token),
                &json!({"peer": g.bot_peer, "message": format!("wake {i}"), "random_id": i}),
            ))
            .await
            .expect("send");
        let sent_at = Instant::now();
        let sent = body_json(sent).await;
        assert_eq!(sent["ok"], true, "{sent}");
        let response = parked.await.expect("poll task").expect("poll");
        let woke = Instant::now();
        let updates = body_json(response).await;
        let update = &updates["result"][0];
        assert_eq!(update["message"]["text"], format!("wake {i}"), "{updates}");
        offset = update["update_id"].as_i64().expect("an update id") + 1;
        if i >= warmup {
            let us = |d: Duration| u64::try_from(d.as_micros()).unwrap_or(u64::MAX).max(1);
            let _ = wake.record(us(woke - t0));
            let _ = send_only.record(us(sent_at - t0));
        }
        if i % 200 == 0 {
            report::progress("long-poll wake-up", i as u64, started.elapsed());
        }
    }
    report::done(
        "long-poll wake-up",
        &format!(
            "p50 {:.2} ms, p99 {:.2} ms",
            wake.value_at_quantile(0.5) as f64 / 1000.0,
            wake.value_at_quantile(0.99) as f64 / 1000.0
        ),
    );
    (wake, send_only)
}

fn dir_size_mib(dir: &std::path::Path) -> f64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum::<u64>()
        })
        .unwrap_or(0) as f64
        / (1024.0 * 1024.0)
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn mib(v: Option<f64>) -> String {
    v.map_or_else(|| "n/a".into(), |v| format!("{v:.1} MiB"))
}

/// Runs every scenario and returns the report.
pub(crate) async fn run_all(args: &RunArgs) -> Report {
    let mut report = Report {
        machine: report::machine(&args.gramd),
        ..Report::default()
    };
    eprintln!(
        "gramd-bench: {} connections, {} s warm-up + {} s per run",
        args.connections, args.warmup, args.duration
    );

    // The ceiling: the same HTTP stack answering a canned result.
    let ceiling = hello().await;
    let ceiling_json = measure(
        args,
        "ceiling (hello world), JSON",
        &ceiling,
        send_message_json(ANY_TOKEN, 1),
    )
    .await;
    let ceiling_form = measure(
        args,
        "ceiling (hello world), urlencoded",
        &ceiling,
        send_message_form(ANY_TOKEN, 1),
    )
    .await;
    drop(ceiling);

    // gramd on an empty database.
    let empty_dir = tempfile::tempdir().expect("a temporary directory");
    let g = targets::gramd(&args.gramd, &empty_dir.path().join("data"), "empty").await;
    let empty_startup = g.target.startup;
    let empty_rss_idle = g.target.rss_mib();
    let gramd_json = measure(
        args,
        "gramd sendMessage, JSON",
        &g.target,
        send_message_json(&g.bot_token, g.user_id),
    )
    .await;
    let gramd_form = measure(
        args,
        "gramd sendMessage, urlencoded",
        &g.target,
        send_message_form(&g.bot_token, g.user_id),
    )
    .await;
    let empty_rss_loaded = g.target.rss_mib();
    let stored = stored_messages(&g).await;
    let acknowledged =
        i64::try_from(gramd_json.result.ok + gramd_form.result.ok).unwrap_or(i64::MAX);
    report.figures.push((
        "messages stored after the two gramd runs (≥ acknowledged in the measured windows)".into(),
        format!(
            "{stored} ≥ {acknowledged}: {}",
            if stored >= acknowledged {
                "yes"
            } else {
                "**no**"
            }
        ),
    ));
    let (wake, send_only) = wake_latency(&g, args.samples).await;
    // More rounds of the ceiling and gramd, interleaved, so that a slow spell of the host
    // during one run does not decide the ratio.
    let mut json_ratios = vec![ratio(&gramd_json.result, &ceiling_json.result)];
    let mut form_ratios = vec![ratio(&gramd_form.result, &ceiling_form.result)];
    for round in 2..=args.rounds {
        let ceiling = hello().await;
        json_ratios
            .push(ceiling_then_gramd(args, round, "JSON", &ceiling, &g, send_message_json).await);
        form_ratios.push(
            ceiling_then_gramd(args, round, "urlencoded", &ceiling, &g, send_message_form).await,
        );
    }
    drop(g);

    // For reference, not a target: the same load with `durability = "normal"` (committed to
    // the WAL, answered before the fsync), so that every run shows what the flush per
    // group costs.
    let committed_only = {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let config = dir.path().join("gramd.toml");
        std::fs::write(&config, "[storage]\ndurability = \"normal\"\n").expect("write the config");
        let g = targets::gramd_with(
            &args.gramd,
            &dir.path().join("data"),
            "normal",
            Some(&config),
        )
        .await;
        measure(
            args,
            "gramd sendMessage, JSON, durability = normal",
            &g.target,
            send_message_json(&g.bot_token, g.user_id),
        )
        .await
    };

    // telegram-test-api, the in-memory emulator.
    let tta = if args.skip_tta {
        None
    } else {
        match telegram_test_api(args).await {
            Some(t) => {
                let j = measure(
                    args,
                    "telegram-test-api sendMessage, JSON",
                    &t,
                    send_message_json(ANY_TOKEN, 1),
                )
                .await;
                let f = measure(
                    args,
                    "telegram-test-api sendMessage, urlencoded",
                    &t,
                    send_message_form(ANY_TOKEN, 1),
                )
                .await;
                Some((j, f))
            }
            None => None,
        }
    };

    // gramd on a large database, each round back to back with a fresh empty one, so that
    // the host's mood minutes apart does not decide whether the cost stayed flat.
    let scale = if args.skip_scale {
        None
    } else {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let data = dir.path().join("data");
        eprintln!(
            "  filling: {} bots, {} messages",
            args.scale_bots, args.scale_messages
        );
        let fill = crate::prefill::fill(
            &data,
            args.scale_bots,
            args.scale_messages,
            |what, done, of| {
                eprint!("\r  filling {what}: {done}/{of}          ");
            },
        )
        .await;
        eprintln!();
        let db = dir_size_mib(&data);
        let large = targets::gramd(&args.gramd, &data, "scale").await;
        let startup = large.target.startup;
        let rss_idle = large.target.rss_mib();
        let beside_dir = tempfile::tempdir().expect("a temporary directory");
        let beside = targets::gramd(&args.gramd, &beside_dir.path().join("data"), "beside").await;
        let mut rounds = Vec::new();
        for round in 1..=args.rounds.max(1) {
            let suffix = if round == 1 {
                String::new()
            } else {
                format!(", round {round}")
            };
            let empty_name =
                format!("gramd sendMessage, JSON, empty database beside the large one{suffix}");
            let large_name = format!("gramd sendMessage, JSON, large database{suffix}");
            // Which goes first alternates, so that neither always follows the other.
            let (empty_run, large_run) = if round % 2 == 1 {
                let empty_run = measure_gramd(args, &empty_name, &beside).await;
                (empty_run, measure_gramd(args, &large_name, &large).await)
            } else {
                let large_run = measure_gramd(args, &large_name, &large).await;
                (measure_gramd(args, &empty_name, &beside).await, large_run)
            };
            rounds.push((empty_run, large_run));
        }
        let rss_loaded = large.target.rss_mib();
        drop((large, beside));
        Some(Scale {
            rounds,
            fill,
            db,
            startup,
            rss_idle,
            rss_loaded,
            _dirs: (dir, beside_dir),
        })
    };

    // The table.
    let row = |what: &str, value: f64, target: &str, met: Option<bool>| {
        (
            what.to_owned(),
            format!("{value:.2}"),
            target.to_owned(),
            met,
        )
    };
    for (body, each) in [("JSON", &json_ratios), ("urlencoded", &form_ratios)] {
        let r = median(each);
        let what = if each.len() == 1 {
            format!("gramd / ceiling, sendMessage {body}")
        } else {
            format!(
                "gramd / ceiling, sendMessage {body} (median of {} rounds: {})",
                each.len(),
                listed(each)
            )
        };
        report.ratios.push(row(&what, r, "≥ 0.5", Some(r >= 0.5)));
    }
    let r = ratio(&committed_only.result, &ceiling_json.result);
    report.ratios.push(row(
        "for reference: gramd with durability = normal (no fsync before the answer) / ceiling, JSON",
        r,
        "none",
        None,
    ));
    if let Some((tta_json, tta_form)) = &tta {
        let r = ratio(&gramd_json.result, &tta_json.result);
        report.ratios.push(row(
            "gramd / telegram-test-api, sendMessage JSON",
            r,
            "≥ 5",
            Some(r >= 5.0),
        ));
        let r = ratio(&gramd_form.result, &tta_form.result);
        report.ratios.push(row(
            "gramd / telegram-test-api, sendMessage urlencoded",
            r,
            "≥ 5",
            Some(r >= 5.0),
        ));
    }
    let p99 = wake.value_at_quantile(0.99) as f64 / 1000.0;
    report.ratios.push((
        format!(
            "long-poll wake-up p99 ({} samples; p50 {:.2} ms)",
            wake.len(),
            wake.value_at_quantile(0.5) as f64 / 1000.0
        ),
        format!("{p99:.2} ms"),
        "< 5 ms".into(),
        Some(p99 < 5.0),
    ));
    if let Some(scale) = &scale {
        let throughput: Vec<f64> = scale
            .rounds
            .iter()
            .map(|(empty, large)| ratio(&large.result, &empty.result))
            .collect();
        let p99: Vec<f64> = scale
            .rounds
            .iter()
            .map(|(empty, large)| {
                large.result.percentile_ms(0.99) / empty.result.percentile_ms(0.99)
            })
            .collect();
        let r = median(&throughput);
        report.ratios.push(row(
            &format!(
                "throughput, large / empty database, each round back to back (median of: {})",
                listed(&throughput)
            ),
            r,
            "flat (≈ 1)",
            Some(r >= 0.8),
        ));
        let p = median(&p99);
        report.ratios.push(row(
            &format!(
                "p99 latency, large / empty database, each round back to back (median of: {})",
                listed(&p99)
            ),
            p,
            "flat (≈ 1)",
            Some(p <= 1.25),
        ));
    }
    report.runs.push(ceiling_json);
    report.runs.push(ceiling_form);
    report.runs.push(gramd_json);
    report.runs.push(gramd_form);
    report.runs.push(committed_only);
    if let Some((j, f)) = tta {
        report.runs.push(j);
        report.runs.push(f);
    }
    report.figures.push((
        "client API messages.sendMessage alone (the first part of the wake-up path)".into(),
        format!(
            "p50 {:.2} ms, p99 {:.2} ms",
            send_only.value_at_quantile(0.5) as f64 / 1000.0,
            send_only.value_at_quantile(0.99) as f64 / 1000.0
        ),
    ));
    report
        .figures
        .push(("gramd start-up, empty database".into(), ms(empty_startup)));
    report.figures.push((
        "gramd resident memory, empty database: idle / after load".into(),
        format!("{} / {}", mib(empty_rss_idle), mib(empty_rss_loaded)),
    ));
    if let Some(scale) = scale {
        report.figures.push((
            format!(
                "large database: {} bots, {} messages ({} copies), on disk",
                args.scale_bots,
                args.scale_messages,
                2 * args.scale_messages
            ),
            format!(
                "{:.0} MiB, filled in {:.0} s",
                scale.db,
                scale.fill.as_secs_f64()
            ),
        ));
        report
            .figures
            .push(("gramd start-up, large database".into(), ms(scale.startup)));
        report.figures.push((
            "gramd resident memory, large database: idle / after load".into(),
            format!("{} / {}", mib(scale.rss_idle), mib(scale.rss_loaded)),
        ));
        // The first round's pair; the others only count in the ratios.
        if let Some((empty, large)) = scale.rounds.into_iter().next() {
            report.runs.push(empty);
            report.runs.push(large);
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert!((median(&[0.31, 0.27, 0.29]) - 0.29).abs() < 1e-12);
        assert!((median(&[4.0, 1.0, 3.0, 2.0]) - 2.5).abs() < 1e-12);
        assert!((median(&[0.5]) - 0.5).abs() < 1e-12);
        assert!(median(&[]).is_nan());
    }
}
