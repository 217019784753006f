//! `clerk-mock-server`: a small, self-contained stand-in for Clerk's Backend
//! API so that the quickstart runs on a machine with no Clerk account.
//!
//! It serves the handful of endpoints the quickstart uses, with responses
//! shaped like the real API's (users from `tests/fixtures/users.json`, Clerk's
//! `{"errors": [...]}` body on failure), and signs session tokens with the
//! fixed RSA test key in `tests/fixtures/` whose public half it serves at
//! `/jwks`. Every route answers both at the root and under `/v1`, because the
//! core's base URL includes `/v1` while the auth options name the bare host.
//!
//! Usage: `clerk-mock-server [--port N] [--url-file PATH]`. Port 0 (the
//! default) picks a free port; the base URL (`http://127.0.0.1:PORT/v1`) is
//! printed on stdout and, with `--url-file`, written to that file once the
//! socket is bound, so a script can wait for the file instead of polling.

mod api;
mod store;
mod token;

use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::sync::Arc;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

struct Args {
    port: u16,
    url_file: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args { port: 0, url_file: None };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--port" => args.port = value()?.parse().map_err(|e| format!("--port: {e}"))?,
            "--url-file" => args.url_file = Some(value()?),
            "-h" | "--help" => return Err("usage: clerk-mock-server [--port N] [--url-file PATH]".into()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(args)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("clerk-mock-server: {msg}");
            return ExitCode::from(2);
        }
    };
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("clerk-mock-server: {msg}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), String> {
    let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, args.port)))
        .await
        .map_err(|e| format!("cannot listen on 127.0.0.1:{}: {e}", args.port))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let state = Arc::new(api::State::new()?);

    let base_url = format!("http://{addr}/v1");
    println!("clerk-mock-server listening on {base_url}");
    if let Some(path) = &args.url_file {
        // Written whole to a temporary name and renamed, so a reader never sees half a URL.
        let tmp = format!("{path}.tmp");
        std::fs::write(&tmp, &base_url).map_err(|e| format!("cannot write {tmp}: {e}"))?;
        std::fs::rename(&tmp, path).map_err(|e| format!("cannot write {path}: {e}"))?;
    }

    loop {
        let (stream, _) = match listener.accept().await {
            Ok(conn) => conn,
            Err(e) => {
                eprintln!("clerk-mock-server: accept failed: {e}");
                continue;
            }
        };
        let state = Arc::clone(&state);
        tokio::spawn(async move {
            let service = service_fn(move |req| {
                let state = Arc::clone(&state);
                async move { Ok::<_, std::convert::Infallible>(api::handle(&state, req).await) }
            });
            if let Err(e) = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await {
                eprintln!("clerk-mock-server: connection error: {e}");
            }
        });
    }
}
