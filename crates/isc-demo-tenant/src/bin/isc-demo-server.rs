//! `isc-demo-server`: the demo tenant over HTTP on loopback, for end-to-end tests and for
//! trying the PAT sign-in against something real; optionally also serves a static folder
//! (the built console) on a second port.
//!
//! ```text
//! isc-demo-server [--host 127.0.0.1] [--port 9090] [--token-ttl SECONDS]
//!                 [--static-dir dist --static-port 8080]
//! ```

use isc_core::http::{parse_form, ApiRequest, ApiResponse, Method};
use isc_demo_tenant::{Config, DemoTenant};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

struct Raw {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

fn read_request(stream: &mut TcpStream) -> Option<Raw> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    read_from(&mut reader)
}

/// Reads one request from a connection's reader (kept across the requests of a kept-alive
/// connection, so bytes it buffered are not lost).
fn read_from(reader: &mut BufReader<TcpStream>) -> Option<Raw> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).ok()? == 0 {
            return None;
        }
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let len = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    const LIMIT: usize = 24 * 1024 * 1024;
    let mut body = vec![0u8; len.min(LIMIT)];
    reader.read_exact(&mut body).ok()?;
    if len > LIMIT {
        // The rest of the body is never read: this connection cannot carry another request.
        headers.push(("Connection".into(), "close".into()));
    }
    Some(Raw {
        method,
        target,
        headers,
        body,
    })
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        415 => "Unsupported Media Type",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

fn write_response(stream: &mut TcpStream, resp: &ApiResponse, extra: &[(String, String)]) {
    write_kept(stream, resp, extra, false);
}

/// How long a kept-alive API connection may stay idle before the server closes it.
const IDLE: Duration = Duration::from_secs(15);

fn write_kept(stream: &mut TcpStream, resp: &ApiResponse, extra: &[(String, String)], keep: bool) {
    let mut out = format!("HTTP/1.1 {} {}\r\n", resp.status, reason(resp.status));
    for (k, v) in resp.headers.iter().chain(extra.iter()) {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    let conn = if keep {
        format!("keep-alive\r\nKeep-Alive: timeout={}", IDLE.as_secs())
    } else {
        "close".to_string()
    };
    out.push_str(&format!(
        "Content-Length: {}\r\nConnection: {conn}\r\n\r\n",
        resp.body.len()
    ));
    let _ = stream.write_all(out.as_bytes());
    let _ = stream.write_all(resp.body.as_bytes());
    let _ = stream.flush();
}

/// Serves the API calls of one connection, kept alive (HTTP/1.1) as a real tenant's
/// gateway does, so that a browser reuses it: and resends a request by itself when a reused
/// connection closes without an answer, which the `acted_then_drop` fault exercises.
fn handle_api(mut stream: TcpStream, tenant: Arc<Mutex<DemoTenant>>, base: String) {
    let _ = stream.set_read_timeout(Some(IDLE));
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    while let Some(raw) = read_from(&mut reader) {
        let close = raw
            .headers
            .iter()
            .any(|(k, v)| k.eq_ignore_ascii_case("connection") && v.eq_ignore_ascii_case("close"));
        if !answer_api(&mut stream, raw, &tenant, &base) || close {
            break;
        }
    }
}

/// Answers one API call; false when the connection is to be closed (a dropped answer).
fn answer_api(stream: &mut TcpStream, raw: Raw, tenant: &Mutex<DemoTenant>, base: &str) -> bool {
    let base = base.to_string();
    let (path, query) = match raw.target.split_once('?') {
        Some((p, q)) => (p.to_string(), parse_form(q)),
        None => (raw.target.clone(), vec![]),
    };
    let origin = raw
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("origin"))
        .map(|(_, v)| v.clone());
    let Some(method) = Method::parse(&raw.method) else {
        write_kept(
            stream,
            &ApiResponse {
                status: 405,
                headers: vec![],
                body: String::new(),
            },
            &[],
            true,
        );
        return true;
    };
    let req = ApiRequest {
        method,
        base,
        path,
        query,
        headers: raw.headers.clone(),
        body: if raw.body.is_empty() {
            None
        } else {
            Some(String::from_utf8_lossy(&raw.body).into_owned())
        },
    };
    // The wall clock, as the page's worker passes it, so objects made now are dated now.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    let reply = {
        let mut t = tenant.lock().unwrap_or_else(|e| e.into_inner());
        if method == Method::Options {
            // CORS preflight is answered by the gateway, not recorded as an API call.
            isc_demo_tenant::Reply {
                response: ApiResponse {
                    status: 204,
                    headers: vec![],
                    body: String::new(),
                },
                delay_ms: 0,
                drop_connection: false,
                expose_retry_after: true,
            }
        } else if let Some(r) = t.control(&req) {
            isc_demo_tenant::Reply {
                response: r,
                delay_ms: 0,
                drop_connection: false,
                expose_retry_after: true,
            }
        } else {
            t.handle(&req, now)
        }
    };
    if reply.delay_ms > 0 {
        std::thread::sleep(Duration::from_millis(reply.delay_ms));
    }
    if reply.drop_connection {
        let _ = stream.shutdown(std::net::Shutdown::Both);
        return false;
    }
    let mut extra = vec![];
    if let Some(o) = origin {
        let expose = if reply.expose_retry_after {
            "X-Total-Count, Retry-After"
        } else {
            "X-Total-Count"
        };
        extra.extend([
            ("Access-Control-Allow-Origin".to_string(), o),
            ("Vary".to_string(), "Origin".to_string()),
            (
                "Access-Control-Allow-Methods".to_string(),
                "GET, POST, PUT, PATCH, DELETE, OPTIONS".to_string(),
            ),
            (
                "Access-Control-Allow-Headers".to_string(),
                "Authorization, Content-Type, Accept".to_string(),
            ),
            (
                "Access-Control-Expose-Headers".to_string(),
                expose.to_string(),
            ),
            ("Access-Control-Max-Age".to_string(), "600".to_string()),
        ]);
    }
    write_kept(stream, &reply.response, &extra, true);
    true
}

fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

fn not_found(stream: &mut TcpStream) {
    let resp = ApiResponse {
        status: 404,
        headers: vec![],
        body: "not found".into(),
    };
    write_response(stream, &resp, &[]);
}

fn handle_static(mut stream: TcpStream, dir: PathBuf) {
    let Some(raw) = read_request(&mut stream) else {
        return;
    };
    let path = raw
        .target
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    let rel = path.trim_start_matches('/');
    let safe = !rel.split('/').any(|p| p == "..");
    let mut file = dir.join(if rel.is_empty() { "index.html" } else { rel });
    // Single-page app: routes without a file extension get index.html.
    if !safe || !file.is_file() {
        if Path::new(rel).extension().is_some() {
            not_found(&mut stream);
            return;
        }
        file = dir.join("index.html");
    }
    match std::fs::read(&file) {
        Ok(bytes) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n",
                mime(&file),
                bytes.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&bytes);
        }
        Err(_) => not_found(&mut stream),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let host = arg("--host").unwrap_or_else(|| "127.0.0.1".into());
    let port: u16 = arg("--port").and_then(|p| p.parse().ok()).unwrap_or(9090);
    let mut config = Config::default();
    if let Some(t) = arg("--token-ttl").and_then(|t| t.parse().ok()) {
        config.token_ttl_s = t;
    }
    let tenant = Arc::new(Mutex::new(DemoTenant::new(config)));
    if let (Some(dir), Some(sport)) = (arg("--static-dir"), arg("--static-port")) {
        let listener = TcpListener::bind(format!("{host}:{sport}")).expect("bind static port");
        println!("console: http://{host}:{sport}/");
        let dir = PathBuf::from(dir);
        std::thread::spawn(move || {
            for s in listener.incoming().flatten() {
                let d = dir.clone();
                std::thread::spawn(move || handle_static(s, d));
            }
        });
    }
    let listener = TcpListener::bind(format!("{host}:{port}")).expect("bind API port");
    let base = format!("http://{host}:{port}");
    println!(
        "demo tenant API: {base}  (client id {}, secret {})",
        isc_demo_tenant::DEMO_CLIENT_ID,
        isc_demo_tenant::DEMO_CLIENT_SECRET
    );
    for s in listener.incoming().flatten() {
        let t = tenant.clone();
        let b = base.clone();
        std::thread::spawn(move || handle_api(s, t, b));
    }
}
