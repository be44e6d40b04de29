//! One test over a real socket: the server answers health checks and serves the login page.

use jinguo_testkit::{Backend, TestApp};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_answers_on_a_real_socket() {
    let app = TestApp::with_demo(Backend::Sqlite).await.expect("app");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = app.router.clone();
    let server = tokio::spawn(async move { axum::serve(listener, router).await });
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.ends_with("ok"), "{response}");
    server.abort();
    app.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_pages_answer_a_chinese_404() {
    let app = TestApp::empty(Backend::Sqlite).await.expect("app");
    let mut client = app.client();
    let page = client.get("/no/such/page").await;
    assert_eq!(page.status, 404);
    page.assert_contains("页面不存在")
        .assert_contains("lang=\"zh-CN\"");
    let css = client.get(&jinguo_web::assets::url("css/app.css")).await;
    assert_eq!(css.status, 200);
    assert!(
        css.headers
            .get("cache-control")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    app.cleanup().await;
}

// Load balancers: `/healthz` is 200 only while the database and the media store answer;
// `/readyz` also waits for the first catch-up with the change log (the search index built).
jinguo_testkit::on_both_backends!(
    with_demo,
    health_and_readiness_follow_the_database_the_media_store_and_the_index,
    |app| {
        let mut probe = app.client();
        assert_eq!(probe.get("/healthz").await.status, 200);
        let not_ready = probe.get("/readyz").await;
        assert_eq!(not_ready.status, 503);
        not_ready.assert_contains("search index");
        jinguo_service::showcase::refresh(&app.ctx).await.unwrap();
        assert_eq!(probe.get("/readyz").await.status, 200);

        std::fs::remove_dir_all(app.data_dir.join("media")).unwrap();
        let down = probe.get("/healthz").await;
        assert_eq!(down.status, 503);
        down.assert_contains("media store");
        assert_eq!(probe.get("/readyz").await.status, 503);
        std::fs::create_dir_all(app.data_dir.join("media")).unwrap();
        assert_eq!(probe.get("/healthz").await.status, 200);
    }
);

// Every answer carries a request id (a sane one sent by the proxy is kept), and `/metrics` is
// not for whoever asks: only addresses in `metrics_allow` (this machine by default) read it.
jinguo_testkit::on_both_backends!(
    with_demo,
    requests_carry_an_id_and_metrics_are_not_public,
    |app| {
        let mut reader = app.client();
        let page = reader.get("/").await;
        let id = page.headers.get("x-request-id").expect("a request id");
        assert_eq!(id.len(), 16);
        let request = axum::http::Request::get("/healthz")
            .header("x-request-id", "lb-7f3a-0001")
            .body(axum::body::Body::empty())
            .unwrap();
        let kept = reader.send(request).await;
        assert_eq!(kept.headers.get("x-request-id").unwrap(), "lb-7f3a-0001");
        let forged = axum::http::Request::get("/healthz")
            .header("x-request-id", "a\"b c")
            .body(axum::body::Body::empty())
            .unwrap();
        let replaced = reader.send(forged).await;
        assert_ne!(replaced.headers.get("x-request-id").unwrap(), "a\"b c");
        // The in-process client has no socket address: not on the list.
        assert_eq!(reader.get("/metrics").await.status, 404);
    }
);
