//! The send loop: one request, its attempts, waits between them, and the
//! `tracing` span that records them.

use std::error::Error as StdError;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, LOCATION};
use reqwest::Url;
use tracing::Instrument;

use super::response::RawResponse;
use super::retry::{backoff_delay, should_retry, Clock, Outcome};
use super::transport::{bearer, client_with_connect_timeout, header_map, Pool, Settings};
use crate::config::{check_duration, CallOptions, RetryStrategy, MIN_RETRY_WAIT};
use crate::error::{Error, Result, TransportKind};
use crate::ops::build::{PartValue, PreparedBody};
use crate::ops::{HttpMethod, Security};
use crate::option_names::OptionNames;

/// Shortest time a retry gets, even when the budget is nearly spent.
const MIN_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(1);

/// What the client shares with every request it sends.
pub(crate) struct Transport {
    pub settings: Settings,
    pub pool: Pool,
    pub clock: Arc<dyn Clock>,
    pub option_names: OptionNames,
}

/// One request to send, already validated.
#[derive(Debug)]
pub(crate) struct Outgoing {
    /// `users.list`, or `raw` for [`crate::Client::send_raw`].
    pub operation: String,
    /// The path template for tracing (`/users/{user_id}`): never the values.
    pub path_template: String,
    pub method: HttpMethod,
    pub url: Url,
    pub query: Vec<(String, String)>,
    pub body: PreparedBody,
    /// Whether the secret key is sent: as the operation's spec says, and only
    /// ever to the configured server.
    pub auth: Security,
}

/// The span of one request, made in the caller's context so it nests under
/// the caller's spans. Holds the path template, never values or headers.
pub(crate) fn request_span(req: &Outgoing) -> tracing::Span {
    tracing::info_span!(
        "clerk.request",
        operation = %req.operation,
        method = req.method.as_str(),
        path = %req.path_template,
        attempt = tracing::field::Empty,
        status = tracing::field::Empty,
        duration_ms = tracing::field::Empty,
        clerk_trace_id = tracing::field::Empty,
    )
}

/// Sends `req` with retries as the call's policy allows, inside `span`. Any
/// HTTP status comes back as a response; only transport failures are errors.
pub(crate) async fn send(
    transport: Arc<Transport>,
    req: Outgoing,
    opts: CallOptions,
    span: tracing::Span,
) -> Result<RawResponse> {
    send_loop(&transport, &req, &opts, &span).instrument(span.clone()).await
}

/// Retries a refused connection to a loopback host, or a host name that does
/// not resolve, gets at most: nothing is listening there (or the name is
/// wrong), which a 30 s budget of retries will rarely change, but a local
/// server that is just starting gets a second and third chance.
pub(crate) const UNREACHABLE_RETRIES: u32 = 2;

/// Most redirects a GET follows (same origin only); other methods follow none.
pub(crate) const MAX_REDIRECTS: usize = 5;

async fn send_loop(t: &Transport, req: &Outgoing, opts: &CallOptions, span: &tracing::Span) -> Result<RawResponse> {
    let retry = opts.retry.unwrap_or(t.settings.retry);
    retry.validate("retries")?;
    let per_attempt = match opts.timeout {
        Some(d) => check_duration("timeout", d)?,
        None => t.settings.timeout,
    };
    let client = match opts.connect_timeout {
        Some(d) if d != t.settings.connect_timeout => {
            client_with_connect_timeout(&t.settings, check_duration("connect_timeout", d)?)?
        }
        _ => t.pool.get(&t.settings)?,
    };
    let url = full_url(req)?;
    let headers = request_headers(t, req, opts)?;
    let budget = Duration::from_millis(retry.backoff.max_elapsed_time_ms);
    let start = t.clock.now();
    let mut attempt: u32 = 0;
    loop {
        attempt += 1;
        let elapsed = t.clock.now().saturating_duration_since(start);
        // A retry gets what is left of the budget (at least a second), so the
        // whole call stays near the budget; the first attempt gets its full timeout.
        let timeout = if attempt == 1 || retry.strategy == RetryStrategy::None {
            per_attempt
        } else {
            per_attempt.min(budget.saturating_sub(elapsed).max(MIN_ATTEMPT_TIMEOUT))
        };
        let began = Instant::now();
        if let Some(log) = &t.settings.request_log {
            log.line(&format!(
                "request {} {} {} attempt={attempt}",
                req.method.as_str(),
                req.path_template,
                req.operation
            ));
        }
        let result = attempt_once(&client, req, &url, headers.clone(), timeout, t.settings.max_response_bytes).await;
        span.record("attempt", attempt);
        span.record("duration_ms", began.elapsed().as_millis() as u64);

        if let Some(log) = &t.settings.request_log {
            log.line(&log_outcome(t, req, &result, attempt, began.elapsed()));
        }
        // `finished` is what the call returns if this attempt is the last.
        let (finished, outcome, retry_after) = match result {
            Ok(resp) => {
                span.record("status", resp.status);
                // Only error bodies carry `clerk_trace_id`; parsing a large
                // success body for it would cost as much as the call itself.
                if !span.is_disabled() {
                    let trace = if resp.is_success() { resp.trace_id_header() } else { resp.clerk_trace_id() };
                    if let Some(trace) = trace {
                        span.record("clerk_trace_id", t.settings.redactor.redact_str(&trace).as_ref());
                    }
                }
                if resp.is_success() {
                    return Ok(resp);
                }
                let retry_after = resp.retry_after();
                let outcome = Outcome::Status { status: resp.status, has_retry_after: retry_after.is_some() };
                tracing::debug!(attempt, status = resp.status, "non-success response");
                (Ok(resp), outcome, retry_after)
            }
            Err((error, outcome)) => {
                let error = error.redacted(&t.settings.redactor);
                tracing::debug!(attempt, error = %error, "attempt failed");
                (Err(error), outcome, None)
            }
        };
        let give_up = |finished: Result<RawResponse>| {
            let elapsed = t.clock.now().saturating_duration_since(start);
            finished.map_err(|e| with_attempts(e, &req.url, attempt, elapsed))
        };
        let capped = match outcome {
            Outcome::Unreachable => attempt > UNREACHABLE_RETRIES,
            _ => attempt >= retry.max_attempts,
        };
        if capped || !should_retry(&retry, req.method, opts.retry_non_idempotent, outcome) {
            return give_up(finished);
        }
        // Whatever the server says, a retry never comes sooner than the floor.
        let floor = MIN_RETRY_WAIT.max(Duration::from_millis(retry.backoff.initial_interval_ms));
        let wait = retry_after.unwrap_or_else(|| backoff_delay(&retry.backoff, attempt)).max(floor);
        let elapsed = t.clock.now().saturating_duration_since(start);
        if elapsed.saturating_add(wait) > budget {
            tracing::debug!(attempt, wait_ms = wait.as_millis() as u64, "retry budget exhausted");
            return give_up(finished);
        }
        tracing::debug!(attempt, wait_ms = wait.as_millis() as u64, "retrying");
        t.clock.sleep(wait).await;
    }
}

/// The request log's line for an attempt's outcome, redacted like errors.
fn log_outcome<O>(
    t: &Transport,
    req: &Outgoing,
    result: &std::result::Result<RawResponse, (Error, O)>,
    attempt: u32,
    took: Duration,
) -> String {
    let head = format!("{} {} {}", req.method.as_str(), req.path_template, req.operation);
    let ms = took.as_millis();
    match result {
        Ok(resp) => {
            let trace = if resp.is_success() { resp.trace_id_header() } else { resp.clerk_trace_id() };
            let trace = trace.map(|t| format!(" trace_id={t}")).unwrap_or_default();
            let line = format!("response {} {head} {ms}ms attempt={attempt}{trace}", resp.status);
            t.settings.redactor.redact_str(&line).into_owned()
        }
        Err((error, _)) => {
            let line = format!("failed {head} {ms}ms attempt={attempt}: {}", error.code());
            t.settings.redactor.redact_str(&line).into_owned()
        }
    }
}

/// A transport error as the call reports it: which host, how many attempts,
/// how long. Only host and port are named: a URL may carry credentials.
fn with_attempts(e: Error, url: &Url, attempts: u32, elapsed: Duration) -> Error {
    match e {
        Error::Transport { kind, message } => {
            let host = match (url.host_str(), url.port_or_known_default()) {
                (Some(h), Some(p)) => format!("{h}:{p}"),
                (Some(h), None) => h.to_owned(),
                _ => "the server".to_owned(),
            };
            let plural = if attempts == 1 { "" } else { "s" };
            Error::Transport {
                kind,
                message: format!("{host}: {message} ({attempts} attempt{plural} in {:.1} s)", elapsed.as_secs_f64()),
            }
        }
        other => other,
    }
}

/// Longest request URL sent: hyper refuses longer ones with an opaque
/// "builder error" after the call started, so they are refused here by name.
pub(crate) const MAX_URL_BYTES: usize = 32 * 1024;

/// The URL of every attempt: the request's with its query, at most [`MAX_URL_BYTES`] long.
fn full_url(req: &Outgoing) -> Result<Url> {
    let mut url = req.url.clone();
    if !req.query.is_empty() {
        url.query_pairs_mut().extend_pairs(req.query.iter());
    }
    if url.as_str().len() > MAX_URL_BYTES {
        let parameter = if req.url.as_str().len() > MAX_URL_BYTES { "path" } else { "query" };
        return Err(Error::invalid_argument(
            parameter,
            format!("the request URL would be longer than {MAX_URL_BYTES} bytes"),
        ));
    }
    Ok(url)
}

/// Headers of every attempt: auth, API version, defaults, then the call's own.
fn request_headers(t: &Transport, req: &Outgoing, opts: &CallOptions) -> Result<HeaderMap> {
    let mut headers = HeaderMap::new();
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    let secret = match (req.auth, t.settings.secret.as_ref()) {
        (Security::None, _) => None,
        (_, Some(secret)) => Some(secret),
        (Security::OptionalSecretKey, None) => None,
        (Security::SecretKey, None) => {
            let what = if req.operation == "raw" { req.path_template.as_str() } else { req.operation.as_str() };
            return Err(Error::Config(t.option_names.missing_secret_key(what)));
        }
    };
    if let Some(secret) = secret {
        headers.insert(AUTHORIZATION, bearer(secret)?);
    }
    let version = HeaderValue::from_str(&t.settings.api_version)
        .map_err(|_| Error::Config("the API version is not a valid Clerk-API-Version header value".into()))?;
    headers.insert("clerk-api-version", version);
    for (name, value) in t.settings.default_headers.iter().chain(header_map(&opts.headers)?.iter()) {
        headers.insert(name.clone(), value.clone());
    }
    Ok(headers)
}

type AttemptError = (Error, Outcome);

async fn attempt_once(
    client: &reqwest::Client,
    req: &Outgoing,
    url: &Url,
    headers: HeaderMap,
    timeout: Duration,
    max_body: u64,
) -> std::result::Result<RawResponse, AttemptError> {
    let method = match req.method {
        HttpMethod::Get => reqwest::Method::GET,
        HttpMethod::Post => reqwest::Method::POST,
        HttpMethod::Put => reqwest::Method::PUT,
        HttpMethod::Patch => reqwest::Method::PATCH,
        HttpMethod::Delete => reqwest::Method::DELETE,
    };
    let mut url = url.clone();
    let mut builder = client.request(method, url.clone()).headers(headers.clone()).timeout(timeout);
    builder = match &req.body {
        PreparedBody::None => builder,
        PreparedBody::Json(v) => {
            let bytes = serde_json::to_vec(v)
                .map_err(|e| (Error::invalid_argument("body", format!("cannot serialize: {e}")), Outcome::Permanent))?;
            builder.header(CONTENT_TYPE, "application/json").body(bytes)
        }
        PreparedBody::Multipart(parts) => {
            let mut form = reqwest::multipart::Form::new();
            for (name, part) in parts {
                form = match part {
                    PartValue::Text(text) => form.text(name.clone(), text.clone()),
                    PartValue::File(file) => {
                        form.part(name.clone(), file.to_part(name).await.map_err(|e| (e, Outcome::Permanent))?)
                    }
                };
            }
            builder.multipart(form)
        }
    };
    let mut response = builder.send().await.map_err(|e| classify(e, &url))?;
    // Only a GET is re-sent to a `Location`, and only on the same origin: a
    // redirected POST would replay its body, and another host must not get
    // the key. Anything else comes back as the 3xx it is.
    let mut hops = 0;
    while req.method == HttpMethod::Get && response.status().is_redirection() && hops < MAX_REDIRECTS {
        let Some(next) = redirect_target(&url, response.headers()) else { break };
        hops += 1;
        url = next;
        response = client
            .get(url.clone())
            .headers(headers.clone())
            .timeout(timeout)
            .send()
            .await
            .map_err(|e| classify(e, &url))?;
    }
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .collect();
    let body = read_capped(&mut response, max_body).await.map_err(|e| match e {
        Ok(too_large) => (too_large, Outcome::Permanent),
        Err(e) => classify(e, &url),
    })?;
    Ok(RawResponse { status, headers, body })
}

/// The same-origin `Location` of a redirect, resolved against `from`.
fn redirect_target(from: &Url, headers: &HeaderMap) -> Option<Url> {
    let location = headers.get(LOCATION)?.to_str().ok()?;
    let next = from.join(location).ok()?;
    (next.origin() == from.origin()).then_some(next)
}

/// The body, read chunk by chunk and stopped at `max` bytes (an announced
/// `Content-Length` above it fails before reading), so a huge or endless body
/// costs at most `max` bytes of memory.
async fn read_capped(
    response: &mut reqwest::Response,
    max: u64,
) -> std::result::Result<Bytes, std::result::Result<Error, reqwest::Error>> {
    let too_large = || Error::Transport {
        kind: TransportKind::Other,
        message: format!(
            "the response body is larger than the limit of {max} bytes (ClientOptions::max_response_bytes)"
        ),
    };
    if response.content_length().is_some_and(|n| n > max) {
        return Err(Ok(too_large()));
    }
    let mut body = BytesMut::with_capacity(response.content_length().unwrap_or(0) as usize);
    while let Some(chunk) = response.chunk().await.map_err(Err)? {
        if body.len() as u64 + chunk.len() as u64 > max {
            return Err(Ok(too_large()));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// Maps a reqwest error to our kind and to whether the server may have seen the request.
fn classify(e: reqwest::Error, url: &Url) -> AttemptError {
    let tls = is_tls(&e);
    let outcome = if tls {
        Outcome::Permanent
    } else if e.is_connect() && unreachable(&e, url) {
        Outcome::Unreachable
    } else if e.is_connect() {
        Outcome::NotSent
    } else if e.is_builder() {
        Outcome::Permanent
    } else {
        Outcome::MaybeSent
    };
    let kind = if tls {
        TransportKind::Tls
    } else if e.is_timeout() {
        TransportKind::Timeout
    } else if e.is_connect() {
        TransportKind::Connect
    } else {
        TransportKind::Other
    };
    (Error::Transport { kind, message: error_chain(&e.without_url()) }, outcome)
}

/// A connection refused by a loopback host, or a host name that did not resolve.
fn unreachable(e: &reqwest::Error, url: &Url) -> bool {
    let host = url.host_str().unwrap_or_default().trim_start_matches('[').trim_end_matches(']').to_ascii_lowercase();
    let loopback = match host.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => host == "localhost" || host.ends_with(".localhost"),
    };
    let mut source: Option<&(dyn StdError + 'static)> = e.source();
    while let Some(s) = source {
        let refused =
            s.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::ConnectionRefused);
        // hyper-util's connect error says "dns error" when resolution failed.
        if (refused && loopback) || s.to_string().starts_with("dns error") {
            return true;
        }
        source = s.source();
    }
    false
}

fn is_tls(e: &reqwest::Error) -> bool {
    let mut source: Option<&(dyn StdError + 'static)> = e.source();
    while let Some(s) = source {
        if holds_rustls_error(s) {
            return true;
        }
        source = s.source();
    }
    false
}

/// rustls errors reach us wrapped in (possibly nested) `io::Error`s, whose
/// `source()` skips the wrapped error, so unwrap them by hand.
fn holds_rustls_error(e: &(dyn StdError + 'static)) -> bool {
    if e.is::<rustls::Error>() {
        return true;
    }
    e.downcast_ref::<std::io::Error>().and_then(std::io::Error::get_ref).is_some_and(|inner| holds_rustls_error(inner))
}

/// "a: b: c" from an error and its sources; reqwest errors never hold headers.
fn error_chain(e: &dyn StdError) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}
