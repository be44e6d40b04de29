//! The real server on a socket (`jinguo_web::serve`) cuts off clients that send too slowly:
//! headers dribbled a byte at a time, a body that stops half-way. Timeouts are shortened to a
//! second so each story ends within a few seconds; a well-behaved client is served as usual,
//! and shutdown lets an open connection finish.

use jinguo_testkit::{Backend, TestApp};
use jinguo_web::serve::{ServerTimeouts, serve};
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

const QUICK: ServerTimeouts = ServerTimeouts {
    header_read: Duration::from_secs(1),
    body_idle: Duration::from_secs(1),
    body_total: Duration::from_secs(3),
};

struct Server {
    addr: SocketAddr,
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

async fn start(app: &TestApp) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(serve(listener, app.router.clone(), QUICK, async {
        let _ = stopped.await;
    }));
    Server { addr, stop, task }
}

/// Reads until the server closes the connection (or resets it), at most `limit`.
async fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> (String, Duration) {
    let started = Instant::now();
    let mut got = Vec::new();
    let read = tokio::time::timeout(limit, async {
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(
        read.is_ok(),
        "the server kept the connection open for {limit:?}"
    );
    (
        String::from_utf8_lossy(&got).into_owned(),
        started.elapsed(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_sending_its_headers_byte_by_byte_is_cut_off() {
    let app = TestApp::empty(Backend::Sqlite).await.expect("app");
    let server = start(&app).await;

    // A well-behaved request on the same server is answered.
    let mut quick = TcpStream::connect(server.addr).await.unwrap();
    quick
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let (answer, _) = read_until_closed(&mut quick, Duration::from_secs(10)).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");

    // The same request, one byte every 150 ms, would take about 9 s to send.
    let stream = TcpStream::connect(server.addr).await.unwrap();
    let (mut reader, mut writer) = stream.into_split();
    let dribble = tokio::spawn(async move {
        for byte in b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n" {
            if writer.write_all(&[*byte]).await.is_err() {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
        false
    });
    let started = Instant::now();
    let mut got = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(6), reader.read_to_end(&mut got)).await;
    let elapsed = started.elapsed();
    assert!(closed.is_ok(), "still connected after {elapsed:?}");
    let answer = String::from_utf8_lossy(&got);
    assert!(!answer.contains("200 OK"), "served anyway: {answer}");
    assert!(
        elapsed >= Duration::from_millis(900) && elapsed < Duration::from_secs(4),
        "cut off after {elapsed:?}"
    );
    dribble.abort();

    // A client that connects and says nothing is cut off too.
    let mut silent = TcpStream::connect(server.addr).await.unwrap();
    let (said, elapsed) = read_until_closed(&mut silent, Duration::from_secs(6)).await;
    assert!(!said.contains("200 OK"), "{said}");
    assert!(
        elapsed < Duration::from_secs(4),
        "cut off after {elapsed:?}"
    );

    server.stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(5), server.task)
        .await
        .expect("the server stops")
        .unwrap();
    app.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_stops_half_way_is_answered_within_the_idle_timeout() {
    let app = TestApp::empty(Backend::Sqlite).await.expect("app");
    let server = start(&app).await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    let body = "username=someone&password=";
    stream
        .write_all(
            format!(
                "POST /login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
                body.len() + 100
            )
            .as_bytes(),
        )
        .await
        .unwrap();
    // The other 100 bytes never come.
    let (answer, elapsed) = read_until_closed(&mut stream, Duration::from_secs(8)).await;
    assert!(answer.starts_with("HTTP/1.1 4"), "{answer}");
    assert!(
        elapsed >= Duration::from_millis(900) && elapsed < Duration::from_secs(5),
        "answered after {elapsed:?}"
    );
    server.stop.send(()).unwrap();
    server.task.await.unwrap();
    app.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_lets_an_open_request_finish_and_accepts_no_more() {
    let app = TestApp::empty(Backend::Sqlite).await.expect("app");
    let server = start(&app).await;
    let mut open = TcpStream::connect(server.addr).await.unwrap();
    // Half a request is on the wire when the signal comes …
    open.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n")
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    server.stop.send(()).unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    // … and no new connection is taken once the loop has stopped accepting.
    let refused = tokio::time::timeout(Duration::from_secs(3), async {
        match TcpStream::connect(server.addr).await {
            Err(_) => true,
            Ok(mut late) => {
                let _ = late
                    .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .await;
                let mut buf = Vec::new();
                let _ = late.read_to_end(&mut buf).await;
                !String::from_utf8_lossy(&buf).contains("200 OK")
            }
        }
    })
    .await
    .unwrap();
    assert!(refused, "a connection after shutdown was served");
    // The open request, once complete, is still answered, then the server ends.
    open.write_all(b"Connection: close\r\n\r\n").await.unwrap();
    let (answer, _) = read_until_closed(&mut open, Duration::from_secs(5)).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    tokio::time::timeout(Duration::from_secs(5), server.task)
        .await
        .expect("the server stops")
        .unwrap();
    app.cleanup().await;
}
