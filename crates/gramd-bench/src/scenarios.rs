//! The measured scenarios of `gramd-bench run`.

use std::net::SocketAddr;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serde_json::json;

use crate::RunArgs;
use crate::cpu;
use crate::load::{self, LoadResult, RequestTemplate};
use crate::mtproto;
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

/// `bots.invokeWebViewCustomMethod` from the user to the bot: a CloudStorage call.
fn cloud_storage(g: &Gramd, method: &str, params: &serde_json::Value) -> RequestTemplate {
    let bot = json!({"_": "inputUser", "user_id": g.bot_peer["user_id"],
        "access_hash": g.bot_peer["access_hash"]});
    RequestTemplate::json_with_bearer(
        "/client/bots.invokeWebViewCustomMethod".into(),
        &json!({"bot": bot, "custom_method": method,
                "params": {"_": "dataJSON", "data": params.to_string()}}),
        &g.user_token,
    )
}

async fn measure(
    args: &RunArgs,
    name: &str,
    target: &Target,
    template: RequestTemplate,
) -> Throughput {
    let (warmup, duration) = window(args);
    let run = load::run(
        target.addr,
        args.connections,
        warmup,
        duration,
        template,
        progress(name),
    );
    measured(args, name, target, run).await
}

/// The warm-up and the measured window of every run.
fn window(args: &RunArgs) -> (Duration, Duration) {
    (
        Duration::from_secs(args.warmup),
        Duration::from_secs(args.duration),
    )
}

/// The progress line of the run `name`.
fn progress(name: &str) -> impl Fn(u64, Duration) + Send + 'static {
    let label = name.to_owned();
    move |count, elapsed| report::progress(&label, count, elapsed)
}

/// Runs the load `run` (a closed loop over [`window`]) against `target`, with the CPU it
/// spends in the measured window.
async fn measured(
    args: &RunArgs,
    name: &str,
    target: &Target,
    run: impl std::future::Future<Output = LoadResult>,
) -> Throughput {
    let pid = target.pid();
    let hz = cpu::ticks_per_second();
    let warmup = Duration::from_secs(args.warmup);
    // CPU is sampled when the measured window opens and once the load has stopped.
    let window_start = tokio::spawn(async move {
        tokio::time::sleep(warmup).await;
        cpu::sample(pid, hz)
    });
    let result = run.await;
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

/// One more round of one body kind: the ceiling, then gramd.
async fn ceiling_then_gramd(
    args: &RunArgs,
    round: u64,
    body: &str,
    ceiling: &Target,
    g: &Gramd,
    request: fn(&str, i64) -> RequestTemplate,
) -> (Throughput, Throughput) {
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
    (ceiling_run, gramd_run)
}

/// The client API over MTProto beside the same calls over JSON, on one server.
struct ClientApiRuns {
    /// The first round's JSON run.
    json: Throughput,
    /// The first round's MTProto run.
    mtproto: Throughput,
    /// MTProto / JSON per round.
    ratios: Vec<f64>,
    /// Auth keys created per second.
    handshakes: Throughput,
}

/// `messages.sendMessage` to Saved Messages from `args.connections` accounts, each signed
/// in with its own session: over the JSON client API (a bearer token per connection) and
/// over MTProto (an auth key per connection), one after the other in each round; then
/// auth key creation on new connections.
async fn client_api(args: &RunArgs, g: &Gramd) -> ClientApiRuns {
    let (warmup, duration) = window(args);
    let mut templates = Vec::with_capacity(args.connections);
    for i in 0..args.connections {
        let token = targets::json_sign_in(g.target.addr, &mtproto::test_phone(2, i)).await;
        // Each send needs a random_id of its own, as an MTProto client's does.
        templates.push(
            RequestTemplate::json_with_bearer(
                "/client/messages.sendMessage".into(),
                &json!({"peer": {"_": "inputPeerSelf"}, "message": "hello benchmark",
                        "random_id": "RANDOM_ID"}),
                &token,
            )
            .with_counter("RANDOM_ID"),
        );
    }
    let mut clients = mtproto::signed_in(g.mtproto_addr, &g.mtproto_key, 1, args.connections).await;
    let mut runs = Vec::new();
    for round in 1..=args.rounds {
        let suffix = round_suffix(round);
        let name = format!("gramd messages.sendMessage, JSON client API{suffix}");
        let run = load::run_each(
            g.target.addr,
            templates.clone(),
            warmup,
            duration,
            progress(&name),
        );
        let json_run = measured(args, &name, &g.target, run).await;
        let name = format!("gramd messages.sendMessage, MTProto{suffix}");
        let run = mtproto::send_load(&mut clients, warmup, duration, progress(&name));
        let mtproto_run = measured(args, &name, &g.target, run).await;
        runs.push((json_run, mtproto_run));
    }
    drop(clients);
    let name = "gramd MTProto handshakes (auth key creation, a new connection each)";
    let run = mtproto::handshake_load(
        g.mtproto_addr,
        &g.mtproto_key,
        args.connections,
        warmup,
        duration,
        progress(name),
    );
    let handshakes = measured(args, name, &g.target, run).await;
    let ratios = runs
        .iter()
        .map(|(json, mtproto)| ratio(&mtproto.result, &json.result))
        .collect();
    let (json, mtproto) = runs.swap_remove(0);
    ClientApiRuns {
        json,
        mtproto,
        ratios,
        handshakes,
    }
}

/// What a run's name ends with: nothing in the first round (the run the other tables
/// show), `, round N` after it.
fn round_suffix(round: u64) -> String {
    if round == 1 {
        String::new()
    } else {
        format!(", round {round}")
    }
}

/// The durable ceiling (module `hello`) under the JSON load, on a fresh log.
async fn durable_ceiling(args: &RunArgs, round: u64) -> Throughput {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let target = hello(Some(&dir.path().join("log"))).await;
    let suffix = round_suffix(round);
    measure(
        args,
        &format!("durable ceiling (hello world + fdatasync), JSON{suffix}"),
        &target,
        send_message_json(ANY_TOKEN, 1),
    )
    .await
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

/// A ceiling server: this binary's `hello` command, durable if given a log.
async fn hello(durable_log: Option<&Path>) -> Target {
    let addr: SocketAddr = format!("127.0.0.1:{}", targets::free_port())
        .parse()
        .expect("an address");
    let mut command = Command::new(std::env::current_exe().expect("this binary"));
    command.args(["hello", "--addr", &addr.to_string()]);
    if let Some(log) = durable_log {
        command.arg("--durable-log").arg(log);
    }
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
    let ceiling = hello(None).await;
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
    // The durable ceiling: the same, answering once the body is in a log file and synced.
    let durable_json = durable_ceiling(args, 1).await;

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
    // Mini apps' CloudStorage through the client API, beside sendMessage on the same server:
    // a write (the same key over and over) and a read.
    let storage_save = measure(
        args,
        "gramd CloudStorage saveStorageValue (bots.invokeWebViewCustomMethod)",
        &g.target,
        cloud_storage(
            &g,
            "saveStorageValue",
            &json!({"key": "bench", "value": "v"}),
        ),
    )
    .await;
    let storage_get = measure(
        args,
        "gramd CloudStorage getStorageValues (bots.invokeWebViewCustomMethod)",
        &g.target,
        cloud_storage(&g, "getStorageValues", &json!({"keys": ["bench"]})),
    )
    .await;
    let client_api = client_api(args, &g).await;
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
    let (wake, send_only) = crate::wake::wake_latency(&g, args.samples).await;
    // More rounds of the ceiling and gramd, interleaved, so that a slow spell of the host
    // during one run does not decide the ratio.
    let mut json_ratios = vec![ratio(&gramd_json.result, &ceiling_json.result)];
    let mut form_ratios = vec![ratio(&gramd_form.result, &ceiling_form.result)];
    let mut durable_ratios = vec![ratio(&durable_json.result, &ceiling_json.result)];
    let mut over_durable_ratios = vec![ratio(&gramd_json.result, &durable_json.result)];
    for round in 2..=args.rounds {
        let ceiling = hello(None).await;
        let (ceiling_run, gramd_run) =
            ceiling_then_gramd(args, round, "JSON", &ceiling, &g, send_message_json).await;
        let durable_run = durable_ceiling(args, round).await;
        json_ratios.push(ratio(&gramd_run.result, &ceiling_run.result));
        durable_ratios.push(ratio(&durable_run.result, &ceiling_run.result));
        over_durable_ratios.push(ratio(&gramd_run.result, &durable_run.result));
        let (ceiling_run, gramd_run) =
            ceiling_then_gramd(args, round, "urlencoded", &ceiling, &g, send_message_form).await;
        form_ratios.push(ratio(&gramd_run.result, &ceiling_run.result));
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
            let suffix = round_suffix(round);
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
    // A row for the median of per-round ratios, each round's listed.
    let of_rounds = |what: &str, each: &[f64], target: &str, met: fn(f64) -> Option<bool>| {
        let r = median(each);
        row(
            &format!("{what} (median of: {})", listed(each)),
            r,
            target,
            met(r),
        )
    };
    report.ratios.push(of_rounds(
        "for reference: durable ceiling (the ceiling, answering once the body is written to \
         a preallocated log and fdatasynced, group commit) / ceiling, JSON",
        &durable_ratios,
        "none",
        |_| None,
    ));
    report.ratios.push(of_rounds(
        "for reference: gramd / durable ceiling, JSON",
        &over_durable_ratios,
        "none",
        |_| None,
    ));
    for (what, run) in [
        ("saveStorageValue", &storage_save),
        ("getStorageValues", &storage_get),
    ] {
        report.ratios.push(row(
            &format!(
                "for reference: CloudStorage {what} / sendMessage JSON, both through gramd                  ({:.0} vs {:.0} requests/s)",
                run.result.rate(),
                gramd_json.result.rate()
            ),
            ratio(&run.result, &gramd_json.result),
            "none",
            None,
        ));
    }
    let r = median(&client_api.ratios);
    report.ratios.push(row(
        &format!(
            "MTProto / JSON client API, messages.sendMessage from {} signed-in sessions \
             (median of: {}; {:.0} vs {:.0} requests/s in the first)",
            args.connections,
            listed(&client_api.ratios),
            client_api.mtproto.result.rate(),
            client_api.json.result.rate()
        ),
        r,
        "≥ 1",
        Some(r >= 1.0),
    ));
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
        report.ratios.push(of_rounds(
            "throughput, large / empty database, each round back to back",
            &throughput,
            "flat (≈ 1)",
            |r| Some(r >= 0.8),
        ));
        report.ratios.push(of_rounds(
            "p99 latency, large / empty database, each round back to back",
            &p99,
            "flat (≈ 1)",
            |p| Some(p <= 1.25),
        ));
    }
    report.runs.push(ceiling_json);
    report.runs.push(ceiling_form);
    report.runs.push(durable_json);
    report.runs.push(gramd_json);
    report.runs.push(gramd_form);
    report.runs.push(storage_save);
    report.runs.push(storage_get);
    report.figures.push((
        format!(
            "MTProto handshakes per second (auth key creation, {} connections; the client's \
             RSA, factorization and DH run on the same cores)",
            args.connections
        ),
        format!("{:.0}", client_api.handshakes.result.rate()),
    ));
    report.runs.push(client_api.json);
    report.runs.push(client_api.mtproto);
    report.runs.push(client_api.handshakes);
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
