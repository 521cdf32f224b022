//! Connection limits on the real accept loop: the connection cap, the header timeout
//! (idle and slow-loris clients), and oversized chunked bodies.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::harness::TestServer;

fn addr(server: &TestServer) -> String {
    server.base.trim_start_matches("http://").to_owned()
}

/// Whether the server closes the connection within `within` (EOF or reset), reading and
/// discarding whatever it sends first.
async fn closed_within(stream: &mut TcpStream, within: Duration) -> bool {
    let deadline = tokio::time::Instant::now() + within;
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut buf)).await {
            Ok(Ok(0) | Err(_)) => return true,
            Ok(Ok(_)) => {}
            Err(_) => return false,
        }
    }
}

/// The whole answer to one request on a fresh connection (the request closes it).
async fn request(addr: &str, head: &str) -> String {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer))
        .await
        .expect("an answer within 10 s")
        .unwrap();
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn connections_over_the_cap_are_closed_and_idle_ones_time_out() {
    let server =
        TestServer::start_with_limits("max_connections = 2\nheader_timeout_secs = 1").await;
    let bot = server.bot("capped_bot").await;
    let addr = addr(&server);
    let get_me = format!(
        "GET /bot{}/getMe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        bot.token
    );

    let mut idle = [
        TcpStream::connect(&addr).await.unwrap(),
        TcpStream::connect(&addr).await.unwrap(),
    ];
    // Let the server accept both before the third arrives.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut third = TcpStream::connect(&addr).await.unwrap();
    let _ = third.write_all(get_me.as_bytes()).await;
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), third.read_to_end(&mut answer)).await;
    assert!(
        answer.is_empty(),
        "a connection over the cap is closed unanswered, got {:?}",
        String::from_utf8_lossy(&answer)
    );

    // The idle ones sent no headers: the header timeout closes them and frees the cap.
    for stream in &mut idle {
        assert!(
            closed_within(stream, Duration::from_secs(10)).await,
            "idle connection left open"
        );
    }
    let answer = request(&addr, &get_me).await;
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    assert!(answer.contains(r#""username":"capped_bot""#), "{answer}");
}

#[tokio::test]
async fn a_slow_loris_client_is_cut_at_the_header_timeout() {
    let server = TestServer::start_with_limits("header_timeout_secs = 1").await;
    let mut stream = TcpStream::connect(addr(&server)).await.unwrap();
    stream
        .write_all(b"GET /botx/getMe HTTP/1.1\r\n")
        .await
        .unwrap();
    // One header byte every 100 ms: never a complete head.
    let mut cut = false;
    for _ in 0..100 {
        if stream.write_all(b"X").await.is_err() {
            cut = true;
            break;
        }
        let mut buf = [0u8; 256];
        match tokio::time::timeout(Duration::from_millis(100), stream.read(&mut buf)).await {
            Ok(Ok(0) | Err(_)) => {
                cut = true;
                break;
            }
            Ok(Ok(n)) => {
                // hyper may answer 408 before closing; anything else is wrong.
                let text = String::from_utf8_lossy(&buf[..n]).into_owned();
                assert!(text.starts_with("HTTP/1.1 408"), "{text}");
            }
            Err(_) => {}
        }
    }
    assert!(cut, "still connected after 10 s of trickled headers");
    // The server still serves others.
    let bot = server.bot("after_loris_bot").await;
    assert_eq!(
        bot.ok("getMe", serde_json::json!({})).await["username"],
        "after_loris_bot"
    );
}

#[tokio::test]
async fn a_chunked_body_over_the_limit_gets_413_and_the_connection_closes() {
    // The test config limits bodies to 1 MiB.
    let server = TestServer::start_with_limits("").await;
    let bot = server.bot("big_body_bot").await;
    let stream = TcpStream::connect(addr(&server)).await.unwrap();
    let (mut reader, mut writer) = stream.into_split();
    let head = format!(
        "POST /bot{}/sendMessage HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
         Transfer-Encoding: chunked\r\n\r\n",
        bot.token
    );
    let sender = tokio::spawn(async move {
        writer.write_all(head.as_bytes()).await.unwrap();
        let chunk = vec![b' '; 64 << 10];
        let mut sent = 0_usize;
        // Up to 64 MiB; the server must stop reading long before.
        while sent < 64 << 20 {
            let size = format!("{:x}\r\n", chunk.len());
            if writer.write_all(size.as_bytes()).await.is_err()
                || writer.write_all(&chunk).await.is_err()
                || writer.write_all(b"\r\n").await.is_err()
            {
                break;
            }
            sent += chunk.len();
        }
        sent
    });
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(30), reader.read_to_end(&mut answer))
        .await
        .expect("the server answers and closes")
        .ok();
    let answer = String::from_utf8_lossy(&answer).into_owned();
    assert!(
        answer.starts_with("HTTP/1.1 413 Payload Too Large"),
        "{answer}"
    );
    assert!(
        answer.to_ascii_lowercase().contains("connection: close"),
        "{answer}"
    );
    let sent = sender.await.unwrap();
    assert!(
        sent < 64 << 20,
        "the whole 64 MiB was read for a 1 MiB limit"
    );

    // A declared length over the limit is refused before any body is sent.
    let declared = request(
        &addr(&server),
        &format!(
            "POST /bot{}/sendMessage HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
             Content-Length: 2000000\r\n\r\n",
            bot.token
        ),
    )
    .await;
    assert!(
        declared.starts_with("HTTP/1.1 413 Payload Too Large"),
        "{declared}"
    );
}
