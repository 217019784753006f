//! Shared by the engine's integration tests: hand-written operation specs, a
//! virtual clock, and a raw TCP server for faults wiremock cannot produce.
#![allow(dead_code, clippy::unwrap_used)]

use std::future::Future;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clerk_backend::ops::{
    BodySpec, FieldSpec, HttpMethod, OperationSpec, Pagination, ParamLocation, ParamSpec, ResponseKind, Security,
    ValueType,
};
use clerk_backend::{Client, ClientOptions, Clock, RetryConfig};

pub const SECRET: &str = "sk_test_SUPERSECRETvalue123456";

fn accept_any(_: &[u8]) -> Result<(), serde_json::Error> {
    Ok(())
}

const fn op(
    name: &'static str,
    method: HttpMethod,
    path: &'static str,
    params: &'static [ParamSpec],
    body: BodySpec,
) -> OperationSpec {
    OperationSpec {
        name,
        group: "test",
        method_name: name,
        operation_id: name,
        http_method: method,
        path,
        params,
        body,
        response: ResponseKind::Json,
        pagination: Pagination::None,
        security: Security::SecretKey,
        deprecated: false,
        summary: "",
        validate_response: accept_any,
    }
}

const fn param(name: &'static str, location: ParamLocation, required: bool, ty: ValueType) -> ParamSpec {
    ParamSpec { name, location, required, ty, enum_values: &[], explode: true, minimum: None, maximum: None }
}

const fn field(name: &'static str, required: bool, ty: ValueType) -> FieldSpec {
    FieldSpec { name, required, nullable: true, ty }
}

const USER_ID: ParamSpec = param("user_id", ParamLocation::Path, true, ValueType::String);
static STRINGS: ValueType = ValueType::String;

pub static GET_USER: OperationSpec = op("users.get", HttpMethod::Get, "/users/{user_id}", &[USER_ID], BodySpec::None);

pub static LIST_USERS: OperationSpec = OperationSpec {
    pagination: Pagination::OffsetLimit { data_field: None },
    ..op(
        "users.list",
        HttpMethod::Get,
        "/users",
        &[
            param("limit", ParamLocation::Query, false, ValueType::Integer),
            param("offset", ParamLocation::Query, false, ValueType::Integer),
            param("email_address", ParamLocation::Query, false, ValueType::Array(&STRINGS)),
            param("banned", ParamLocation::Query, false, ValueType::Boolean),
            param("order_by", ParamLocation::Query, false, ValueType::String),
        ],
        BodySpec::None,
    )
};

pub static LIST_ORGS: OperationSpec = OperationSpec {
    pagination: Pagination::OffsetLimit { data_field: Some("data") },
    ..op(
        "organizations.list",
        HttpMethod::Get,
        "/organizations",
        &[
            param("limit", ParamLocation::Query, false, ValueType::Integer),
            param("offset", ParamLocation::Query, false, ValueType::Integer),
        ],
        BodySpec::None,
    )
};

pub static CREATE_USER: OperationSpec = op(
    "users.create",
    HttpMethod::Post,
    "/users",
    &[],
    BodySpec::JsonObject {
        required: true,
        fields: &[
            field("first_name", false, ValueType::String),
            field("email_address", false, ValueType::Array(&STRINGS)),
            field("public_metadata", false, ValueType::Object),
            field("skip_password_checks", false, ValueType::Boolean),
        ],
    },
);

pub static UPDATE_METADATA: OperationSpec = op(
    "users.update_metadata",
    HttpMethod::Patch,
    "/users/{user_id}/metadata",
    &[USER_ID],
    BodySpec::JsonObject {
        required: false,
        fields: &[
            field("public_metadata", false, ValueType::Object),
            field("private_metadata", false, ValueType::Object),
            field("unsafe_metadata", false, ValueType::Object),
        ],
    },
);

pub static PUT_THING: OperationSpec =
    op("things.put", HttpMethod::Put, "/things/{user_id}", &[USER_ID], BodySpec::None);

pub static DELETE_USER: OperationSpec = OperationSpec {
    response: ResponseKind::Empty,
    ..op("users.delete", HttpMethod::Delete, "/users/{user_id}", &[USER_ID], BodySpec::None)
};

pub static GET_TEXT: OperationSpec =
    OperationSpec { response: ResponseKind::Text, ..op("misc.text", HttpMethod::Get, "/text", &[], BodySpec::None) };

pub static SET_ALLOWLIST: OperationSpec = op(
    "allowlist.set",
    HttpMethod::Post,
    "/allowlist",
    &[],
    BodySpec::JsonValue { required: true, ty: ValueType::Array(&STRINGS) },
);

pub static UPLOAD_IMAGE: OperationSpec = op(
    "users.set_profile_image",
    HttpMethod::Post,
    "/users/{user_id}/profile_image",
    &[USER_ID],
    BodySpec::Multipart {
        required: true,
        fields: &[field("file", true, ValueType::File), field("note", false, ValueType::String)],
    },
);

type SleepHook = Box<dyn FnMut(usize) + Send>;

/// Time that moves only when the retry loop sleeps (plus real time passed),
/// so backoff and `Retry-After` waits cost nothing in a test.
pub struct TestClock {
    slept: Mutex<Vec<Duration>>,
    on_sleep: Mutex<Option<SleepHook>>,
}

impl TestClock {
    pub fn new() -> Arc<Self> {
        Arc::new(TestClock { slept: Mutex::new(Vec::new()), on_sleep: Mutex::new(None) })
    }

    /// Runs `hook(n)` at the `n`th sleep (1-based), before it "ends".
    pub fn on_sleep(&self, hook: impl FnMut(usize) + Send + 'static) {
        *self.on_sleep.lock().unwrap() = Some(Box::new(hook));
    }

    pub fn sleeps(&self) -> Vec<Duration> {
        self.slept.lock().unwrap().clone()
    }
}

impl Clock for TestClock {
    fn now(&self) -> Instant {
        let virtual_time: Duration = self.slept.lock().unwrap().iter().sum();
        Instant::now() + virtual_time
    }

    fn sleep(&self, d: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        let n = {
            let mut slept = self.slept.lock().unwrap();
            slept.push(d);
            slept.len()
        };
        if let Some(hook) = self.on_sleep.lock().unwrap().as_mut() {
            hook(n);
        }
        Box::pin(std::future::ready(()))
    }
}

pub fn options(server_url: &str) -> ClientOptions {
    ClientOptions { secret_key: Some(SECRET.into()), server_url: Some(server_url.to_owned()), ..Default::default() }
}

pub fn client(server_url: &str) -> Client {
    Client::new(options(server_url)).unwrap()
}

pub fn client_with_clock(server_url: &str, clock: Arc<TestClock>) -> Client {
    Client::with_clock(options(server_url), clock).unwrap()
}

pub fn client_with(server_url: &str, retry: RetryConfig, timeout: Option<Duration>) -> (Client, Arc<TestClock>) {
    let clock = TestClock::new();
    let opts = ClientOptions { retry: Some(retry), timeout, ..options(server_url) };
    (Client::with_clock(opts, clock.clone()).unwrap(), clock)
}

/// What the raw server does with each request, in order; the last repeats.
#[derive(Debug, Clone)]
pub enum Act {
    Respond(u16, &'static str),
    /// Read the whole request, then reset the connection (RST) without answering.
    Reset,
}

/// A one-thread HTTP/1.1 server that reads whole requests and acts as told.
pub struct RawServer {
    pub addr: SocketAddr,
    pub requests: Arc<AtomicUsize>,
    pub connections: Arc<AtomicUsize>,
}

impl RawServer {
    pub fn start(acts: Vec<Act>) -> RawServer {
        RawServer::on(TcpListener::bind("127.0.0.1:0").unwrap(), acts)
    }

    pub fn on(listener: TcpListener, acts: Vec<Act>) -> RawServer {
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(AtomicUsize::new(0));
        let connections = Arc::new(AtomicUsize::new(0));
        let count = requests.clone();
        let accepted = connections.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                accepted.fetch_add(1, Ordering::SeqCst);
                let count = count.clone();
                let acts = acts.clone();
                std::thread::spawn(move || serve(stream, &count, &acts));
            }
        });
        RawServer { addr, requests, connections }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn count(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    pub fn connection_count(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

fn serve(mut stream: TcpStream, count: &AtomicUsize, acts: &[Act]) {
    loop {
        if !read_request(&mut stream) {
            return;
        }
        let n = count.fetch_add(1, Ordering::SeqCst);
        match acts.get(n).or(acts.last()) {
            Some(Act::Respond(status, body)) => {
                let head = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                    body.len()
                );
                if stream.write_all(head.as_bytes()).and_then(|_| stream.write_all(body.as_bytes())).is_err() {
                    return;
                }
            }
            Some(Act::Reset) | None => {
                reset(&stream);
                return;
            }
        }
    }
}

/// Closes with RST: SO_LINGER on with a zero timeout.
fn reset(stream: &TcpStream) {
    use std::os::fd::AsRawFd;
    let linger = libc::linger { l_onoff: 1, l_linger: 0 };
    // SAFETY: a valid socket fd and a correctly sized linger struct.
    unsafe {
        libc::setsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_LINGER,
            (&linger as *const libc::linger).cast(),
            std::mem::size_of::<libc::linger>() as libc::socklen_t,
        );
    }
}

/// Reads one request (head and `content-length` body); false at EOF.
fn read_request(stream: &mut TcpStream) -> bool {
    read_request_bytes(stream).is_some()
}

/// One request as sent, head and `content-length` body; `None` at EOF.
pub fn read_request_bytes(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => buf.push(byte[0]),
            _ => return None,
        }
    }
    let head = String::from_utf8_lossy(&buf).to_ascii_lowercase();
    let len = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; len];
    stream.read_exact(&mut body).ok()?;
    buf.extend_from_slice(&body);
    Some(buf)
}

/// A port nothing listens on (bound, then released).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}
