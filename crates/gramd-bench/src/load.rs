//! A closed-loop HTTP load generator: `connections` keep-alive connections, each sending
//! its next request as soon as the previous answer arrives, for a fixed time.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use hdrhistogram::Histogram;
use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper_util::rt::TokioIo;

/// One kind of request, sent over and over.
#[derive(Clone, Debug)]
pub(crate) struct RequestTemplate {
    /// Method, path and query.
    pub(crate) method: hyper::Method,
    /// Path and query string.
    pub(crate) path: String,
    /// `Content-Type`, if a body is sent.
    pub(crate) content_type: Option<&'static str>,
    /// The body.
    pub(crate) body: Bytes,
    /// `Authorization`, if any (the client API's bearer token).
    pub(crate) authorization: Option<String>,
    /// A text in the body replaced by a number that counts the connection's requests, for
    /// bodies that must differ (a client API send's `random_id` is used once per sender).
    pub(crate) counter: Option<&'static str>,
}

impl RequestTemplate {
    /// A POST with a JSON body.
    pub(crate) fn json(path: String, body: &serde_json::Value) -> Self {
        Self {
            method: hyper::Method::POST,
            path,
            content_type: Some("application/json"),
            body: Bytes::from(body.to_string()),
            authorization: None,
            counter: None,
        }
    }

    /// A POST with a JSON body and a bearer token (the JSON client API).
    pub(crate) fn json_with_bearer(path: String, body: &serde_json::Value, token: &str) -> Self {
        Self {
            authorization: Some(format!("Bearer {token}")),
            ..Self::json(path, body)
        }
    }

    /// A POST with an urlencoded body.
    pub(crate) fn form(path: String, body: &str) -> Self {
        Self {
            method: hyper::Method::POST,
            path,
            content_type: Some("application/x-www-form-urlencoded"),
            body: Bytes::from(body.to_owned()),
            authorization: None,
            counter: None,
        }
    }

    /// Marks `marker` in the body to be replaced by each request's number.
    pub(crate) fn with_counter(self, marker: &'static str) -> Self {
        Self {
            counter: Some(marker),
            ..self
        }
    }

    fn build(&self, host: &str, number: u64) -> Request<Full<Bytes>> {
        let mut builder = Request::builder()
            .method(self.method.clone())
            .uri(&self.path)
            .header(hyper::header::HOST, host);
        if let Some(ct) = self.content_type {
            builder = builder.header(hyper::header::CONTENT_TYPE, ct);
        }
        if let Some(authorization) = &self.authorization {
            builder = builder.header(hyper::header::AUTHORIZATION, authorization);
        }
        let body = match self.counter {
            Some(marker) => Bytes::from(String::from_utf8_lossy(&self.body).replacen(
                marker,
                &number.to_string(),
                1,
            )),
            None => self.body.clone(),
        };
        builder.body(Full::new(body)).expect("a valid request")
    }
}

/// What a load run measured.
#[derive(Clone, Debug)]
pub(crate) struct LoadResult {
    /// Successful (2xx) responses in the measured window.
    pub(crate) ok: u64,
    /// Other responses or failed requests in the measured window.
    pub(crate) errors: u64,
    /// The measured window.
    pub(crate) elapsed: Duration,
    /// Latency of successful requests, microseconds.
    pub(crate) latency_us: Histogram<u64>,
}

impl LoadResult {
    /// Successful requests per second.
    #[must_use]
    pub(crate) fn rate(&self) -> f64 {
        self.ok as f64 / self.elapsed.as_secs_f64()
    }

    /// A latency percentile in milliseconds.
    #[must_use]
    pub(crate) fn percentile_ms(&self, q: f64) -> f64 {
        self.latency_us.value_at_quantile(q) as f64 / 1000.0
    }
}

/// Runs `template` against `addr` over `connections` connections: `warmup`, then
/// `duration` measured. `progress` is called about every half second with the running
/// count of successful requests.
pub(crate) async fn run(
    addr: SocketAddr,
    connections: usize,
    warmup: Duration,
    duration: Duration,
    template: RequestTemplate,
    progress: impl Fn(u64, Duration) + Send + 'static,
) -> LoadResult {
    run_each(
        addr,
        vec![template; connections],
        warmup,
        duration,
        progress,
    )
    .await
}

/// As [`run`], with one connection per template, each sending its own.
pub(crate) async fn run_each(
    addr: SocketAddr,
    templates: Vec<RequestTemplate>,
    warmup: Duration,
    duration: Duration,
    progress: impl Fn(u64, Duration) + Send + 'static,
) -> LoadResult {
    let templates: Vec<_> = templates.into_iter().map(Arc::new).collect();
    closed_loop(
        templates.len(),
        warmup,
        duration,
        progress,
        move |i, window| {
            let template = templates[i].clone();
            async move { connection(addr, &template, &window).await }
        },
    )
    .await
}

/// The measured window of a closed-loop run, shared by its connections.
pub(crate) struct Window {
    /// When measuring starts (the warm-up ends).
    pub(crate) measure_from: Instant,
    /// When the run stops.
    pub(crate) stop_at: Instant,
    counter: AtomicU64,
}

/// What one connection counted in the measured window.
pub(crate) struct Tally {
    ok: u64,
    errors: u64,
    latency_us: Histogram<u64>,
}

impl Default for Tally {
    fn default() -> Self {
        Self {
            ok: 0,
            errors: 0,
            latency_us: Histogram::new_with_bounds(1, 60_000_000, 3).expect("bounds"),
        }
    }
}

impl Window {
    /// Whether the run is over.
    pub(crate) fn over(&self) -> bool {
        Instant::now() >= self.stop_at
    }

    /// Counts a request sent at `sent_at` and finished now, successful or not; only those
    /// wholly inside the measured window go into `tally`.
    pub(crate) fn record(&self, tally: &mut Tally, sent_at: Instant, ok: bool) {
        let done = Instant::now();
        if ok {
            self.counter.fetch_add(1, Ordering::Relaxed);
        }
        if sent_at < self.measure_from || done > self.stop_at {
            return;
        }
        if ok {
            tally.ok += 1;
            let us = u64::try_from(done.duration_since(sent_at).as_micros()).unwrap_or(u64::MAX);
            let _ = tally.latency_us.record(us.max(1));
        } else {
            tally.errors += 1;
        }
    }
}

/// A closed-loop run: `connection(i, window)` for each of `connections`, each sending its
/// next request as soon as the last is answered until the window closes; `warmup`, then
/// `duration` measured, `progress` called about every half second.
pub(crate) async fn closed_loop<F, Fut>(
    connections: usize,
    warmup: Duration,
    duration: Duration,
    progress: impl Fn(u64, Duration) + Send + 'static,
    connection: F,
) -> LoadResult
where
    F: Fn(usize, Arc<Window>) -> Fut,
    Fut: std::future::Future<Output = Tally> + Send + 'static,
{
    let start = Instant::now();
    let window = Arc::new(Window {
        measure_from: start + warmup,
        stop_at: start + warmup + duration,
        counter: AtomicU64::new(0),
    });
    let ticker = {
        let window = window.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_millis(500)).await;
                let now = Instant::now();
                if now >= window.stop_at {
                    return;
                }
                progress(
                    window.counter.load(Ordering::Relaxed),
                    now.saturating_duration_since(start),
                );
            }
        })
    };
    let tasks: Vec<_> = (0..connections)
        .map(|i| tokio::spawn(connection(i, window.clone())))
        .collect();
    let mut total = Tally::default();
    for task in tasks {
        let tally = task.await.expect("load task");
        total.ok += tally.ok;
        total.errors += tally.errors;
        total.latency_us.add(tally.latency_us).expect("same bounds");
    }
    ticker.abort();
    LoadResult {
        ok: total.ok,
        errors: total.errors,
        elapsed: duration,
        latency_us: total.latency_us,
    }
}

async fn connect(addr: SocketAddr) -> Option<hyper::client::conn::http1::SendRequest<Full<Bytes>>> {
    let stream = tokio::net::TcpStream::connect(addr).await.ok()?;
    stream.set_nodelay(true).ok()?;
    let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .ok()?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    Some(sender)
}

/// Sends one request on `connection` (opening it if needed); returns the status, or
/// `None` (and forgets the connection) on failure.
pub(crate) async fn send_once(
    addr: SocketAddr,
    connection: &mut Option<hyper::client::conn::http1::SendRequest<Full<Bytes>>>,
    template: &RequestTemplate,
) -> Option<u16> {
    if connection.is_none() {
        *connection = connect(addr).await;
    }
    let client = connection.as_mut()?;
    let result = async {
        client.ready().await?;
        let response = client
            .send_request(template.build(&addr.to_string(), 0))
            .await?;
        let status = response.status().as_u16();
        response.into_body().collect().await?;
        Ok::<_, hyper::Error>(status)
    }
    .await;
    if result.is_err() {
        *connection = None;
    }
    result.ok()
}

async fn connection(addr: SocketAddr, template: &RequestTemplate, window: &Window) -> Tally {
    let host = addr.to_string();
    let mut tally = Tally::default();
    let mut sender = None;
    let mut number = 0;
    while !window.over() {
        if sender.is_none() {
            let sent_at = Instant::now();
            sender = connect(addr).await;
            if sender.is_none() {
                tokio::time::sleep(Duration::from_millis(10)).await;
                window.record(&mut tally, sent_at, false);
                continue;
            }
        }
        let Some(client) = sender.as_mut() else {
            continue;
        };
        let sent_at = Instant::now();
        number += 1;
        let result = async {
            client.ready().await?;
            let response = client.send_request(template.build(&host, number)).await?;
            let status = response.status();
            response.into_body().collect().await?;
            Ok::<_, hyper::Error>(status)
        }
        .await;
        if result.is_err() {
            sender = None;
        }
        window.record(
            &mut tally,
            sent_at,
            matches!(result, Ok(status) if status.is_success()),
        );
    }
    tally
}
