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
        }
    }

    fn build(&self, host: &str) -> Request<Full<Bytes>> {
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
        builder
            .body(Full::new(self.body.clone()))
            .expect("a valid request")
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
    let template = Arc::new(template);
    let start = Instant::now();
    let measure_from = start + warmup;
    let stop_at = measure_from + duration;
    let counter = Arc::new(AtomicU64::new(0));
    let ticker = {
        let counter = counter.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_millis(500)).await;
                let now = Instant::now();
                if now >= stop_at {
                    return;
                }
                progress(
                    counter.load(Ordering::Relaxed),
                    now.saturating_duration_since(start),
                );
            }
        })
    };
    let mut tasks = Vec::with_capacity(connections);
    for _ in 0..connections {
        let template = template.clone();
        let counter = counter.clone();
        tasks.push(tokio::spawn(async move {
            connection(addr, &template, measure_from, stop_at, &counter).await
        }));
    }
    let mut ok = 0;
    let mut errors = 0;
    let mut latency_us = Histogram::<u64>::new_with_bounds(1, 60_000_000, 3).expect("bounds");
    for task in tasks {
        let (o, e, h) = task.await.expect("load task");
        ok += o;
        errors += e;
        latency_us.add(h).expect("same bounds");
    }
    ticker.abort();
    LoadResult {
        ok,
        errors,
        elapsed: duration,
        latency_us,
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
            .send_request(template.build(&addr.to_string()))
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

async fn connection(
    addr: SocketAddr,
    template: &RequestTemplate,
    measure_from: Instant,
    stop_at: Instant,
    counter: &AtomicU64,
) -> (u64, u64, Histogram<u64>) {
    let host = addr.to_string();
    let mut histogram = Histogram::<u64>::new_with_bounds(1, 60_000_000, 3).expect("bounds");
    let (mut ok, mut errors) = (0, 0);
    let mut sender = None;
    loop {
        let now = Instant::now();
        if now >= stop_at {
            return (ok, errors, histogram);
        }
        if sender.is_none() {
            sender = connect(addr).await;
            if sender.is_none() {
                tokio::time::sleep(Duration::from_millis(10)).await;
                if Instant::now() >= measure_from {
                    errors += 1;
                }
                continue;
            }
        }
        let Some(client) = sender.as_mut() else {
            continue;
        };
        let sent_at = Instant::now();
        let result = async {
            client.ready().await?;
            let response = client.send_request(template.build(&host)).await?;
            let status = response.status();
            response.into_body().collect().await?;
            Ok::<_, hyper::Error>(status)
        }
        .await;
        let done = Instant::now();
        let measured = sent_at >= measure_from && done <= stop_at;
        match result {
            Ok(status) if status.is_success() => {
                counter.fetch_add(1, Ordering::Relaxed);
                if measured {
                    ok += 1;
                    let us =
                        u64::try_from(done.duration_since(sent_at).as_micros()).unwrap_or(u64::MAX);
                    let _ = histogram.record(us.max(1));
                }
            }
            Ok(_) => {
                if measured {
                    errors += 1;
                }
            }
            Err(_) => {
                sender = None;
                if measured {
                    errors += 1;
                }
            }
        }
    }
}
