//! The ceilings: minimal servers on exactly gramd's HTTP stack (its accept loop
//! `gramd::server::serve` with the default connection limits, hyper, axum, the same tokio
//! runtime) that read the body and answer a canned `sendMessage` result.
//!
//! - The **ceiling** answers at once.
//! - The **durable ceiling** first makes the request durable about as cheaply as a server
//!   on this stack can: it writes the body to a log file and answers only after an
//!   `fdatasync` that covers it, one thread doing the write and the sync for every
//!   request queued meanwhile (group commit, as gramd's writer does). It stores nothing
//!   else and reads nothing back. What it loses against the ceiling is what "acknowledged
//!   means durable" costs on the machine; what gramd loses against it is gramd's own.
//!
//! The log is written the way durable logs recycle their files (SQLite's WAL once it
//! starts over, PostgreSQL's WAL segments): the file is filled with zeros and synced
//! before the server listens, and records then overwrite it from the start, wrapping
//! around at its end. The file's size never changes, so an `fdatasync` flushes the data
//! alone, with no journal commit for a new size or newly allocated blocks; on the machine
//! of docs/PERFORMANCE.md that takes its latency from 0.20–0.26 ms after an append to
//! 0.11–0.15 ms (`bench/fdatasync.py`).

use std::fs::File;
use std::io::Write;
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex, PoisonError};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use gramd::server::ConnectionLimits;
use tokio::sync::oneshot;

/// What it answers: the size and shape of a real `sendMessage` result.
const CANNED: &str = r#"{"ok":true,"result":{"message_id":1,"from":{"id":1000000002,"is_bot":true,"first_name":"Bench","username":"bench_bot"},"date":1795300000,"chat":{"id":1000000001,"type":"private","first_name":"Bench"},"text":"hello benchmark"}}"#;

async fn answer(_body: Bytes) -> impl IntoResponse {
    canned()
}

fn canned() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], CANNED).into_response()
}

/// Requests waiting for the log: each body with the answer to send once it is durable.
type Queue = Vec<(Bytes, oneshot::Sender<()>)>;

/// The durable ceiling's queue, shared by the request tasks and the log thread.
#[derive(Default)]
struct Log {
    queue: Mutex<Queue>,
    queued: Condvar,
}

impl Log {
    /// Queues a body; the receiver completes once the body is on disk.
    fn append(&self, body: Bytes) -> oneshot::Receiver<()> {
        let (done, durable) = oneshot::channel();
        let mut queue = self.queue.lock().unwrap_or_else(PoisonError::into_inner);
        queue.push((body, done));
        if queue.len() == 1 {
            self.queued.notify_one();
        }
        durable
    }

    /// The log thread: writes everything queued with one write at the log's end (or at
    /// its start, when it would not fit), syncs, answers, repeats. `file` holds
    /// `capacity` bytes already on disk (see [`preallocate`]).
    fn run(&self, file: &File, capacity: u64) {
        let mut group = Queue::new();
        let mut bytes = Vec::new();
        let mut end = 0;
        loop {
            {
                let mut queue = self.queue.lock().unwrap_or_else(PoisonError::into_inner);
                while queue.is_empty() {
                    queue = self
                        .queued
                        .wait(queue)
                        .unwrap_or_else(PoisonError::into_inner);
                }
                std::mem::swap(&mut *queue, &mut group);
            }
            bytes.clear();
            for (body, _) in &group {
                let length = u32::try_from(body.len()).unwrap_or(u32::MAX);
                bytes.extend_from_slice(&length.to_le_bytes());
                bytes.extend_from_slice(body);
            }
            let length = bytes.len() as u64;
            if end + length > capacity {
                end = 0;
            }
            let durable = file
                .write_all_at(&bytes, end)
                .and_then(|()| file.sync_data());
            end += length;
            for (_, done) in group.drain(..) {
                // After a failed write or sync nobody is told "durable": dropping `done`
                // answers 500.
                if durable.is_ok() {
                    let _ = done.send(());
                }
            }
        }
    }
}

async fn answer_when_durable(State(log): State<Arc<Log>>, body: Bytes) -> Response {
    match log.append(body).await {
        Ok(()) => canned(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// How large the durable ceiling's log is: at 100,000 requests a second of ~60 bytes it
/// wraps around about every 10 seconds.
const LOG_CAPACITY: u64 = 64 << 20;

/// Creates `path` holding `capacity` zero bytes, synced: blocks that are allocated and
/// written, so that overwriting them changes no metadata.
///
/// It writes a page at a time. Written in larger chunks, the file sat in the page cache
/// in large folios here (Linux 6.18, ext4), and the kernel then counted a whole folio in
/// the process's `write_bytes` each time a record dirtied it: tens of KiB per request
/// where the disk took a fraction of one, which made the harness's disk column wrong.
fn preallocate(path: &Path, capacity: u64) -> std::io::Result<File> {
    let mut file = File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)?;
    const PAGE: u64 = 4096;
    let zeros = [0; PAGE as usize];
    let mut left = capacity;
    while left > 0 {
        let chunk = left.min(PAGE);
        file.write_all(&zeros[..chunk as usize])?;
        left -= chunk;
    }
    file.sync_all()?;
    Ok(file)
}

/// Serves the canned answer on every path until killed; with `log`, only once the body is
/// written to that file and synced (the durable ceiling).
///
/// # Panics
/// If it cannot listen or create the log.
pub(crate) async fn serve(addr: std::net::SocketAddr, log: Option<&Path>) {
    let listener = tokio::net::TcpListener::bind(addr).await.expect("listen");
    let app = match log {
        None => Router::new().fallback(answer),
        Some(path) => {
            let file = preallocate(path, LOG_CAPACITY).expect("create the log");
            let log = Arc::new(Log::default());
            let writer = Arc::clone(&log);
            std::thread::Builder::new()
                .name("hello-log".into())
                .spawn(move || writer.run(&file, LOG_CAPACITY))
                .expect("a thread");
            Router::new().fallback(answer_when_durable).with_state(log)
        }
    };
    gramd::server::serve(
        listener,
        app,
        ConnectionLimits::default(),
        std::future::pending(),
    )
    .await
    .expect("serve");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A body is answered only once it is in the file, length first; bodies queued
    /// together land in order; a group that would pass the end starts over at the
    /// beginning, and the file's size never changes.
    #[tokio::test]
    async fn bodies_are_answered_once_in_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log");
        let file = preallocate(&path, 32).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), vec![0; 32]);
        let log = Arc::new(Log::default());
        let first = log.append(Bytes::from_static(b"first"));
        let second = log.append(Bytes::from_static(b"second body"));
        let writer = Arc::clone(&log);
        std::thread::spawn(move || writer.run(&file, 32));
        first.await.unwrap();
        second.await.unwrap();
        let mut expected = Vec::new();
        for body in [&b"first"[..], b"second body"] {
            expected.extend_from_slice(&u32::try_from(body.len()).unwrap().to_le_bytes());
            expected.extend_from_slice(body);
        }
        expected.resize(32, 0);
        assert_eq!(std::fs::read(&path).unwrap(), expected);
        // 24 bytes used; 9 more do not fit, so they go to the start.
        log.append(Bytes::from_static(b"third")).await.unwrap();
        expected[..9].copy_from_slice(b"\x05\0\0\0third");
        assert_eq!(std::fs::read(&path).unwrap(), expected);
    }
}
