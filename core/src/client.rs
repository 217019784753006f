//! [`Client`]: every Backend API operation, typed or by dotted name, and the
//! blocking facade the C, Python-sync and Kotlin bindings use.

use std::fmt;
use std::sync::Arc;

use reqwest::Url;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::config::{CallOptions, ClientOptions};
use crate::error::{Error, Result};
use crate::http::retry::{Clock, SystemClock};
use crate::http::send::{request_span, send, Outgoing, Transport};
use crate::http::transport::{parse_base_url, Pool, Settings};
use crate::http::RawResponse;
use crate::ops::build::{build, PreparedBody};
use crate::ops::{registry, HttpMethod, OperationSpec, Security};
use crate::pagination::{BlockingPages, Pages};
use crate::runtime;
use crate::upload::FileUpload;

pub use crate::ops::build::CallInput;

/// A Backend API client. Cheap to clone (an `Arc` inside); clones share one
/// connection pool. Requests run on the SDK's shared runtime, so the async
/// methods can be awaited from any executor.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Transport>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("server_url", &self.server_url())
            .field("api_version", &self.api_version())
            .field("has_secret_key", &self.has_secret_key())
            .finish()
    }
}

impl Client {
    /// A client from `opts`; unset values come from `CLERK_SECRET_KEY`,
    /// `CLERK_API_URL` and the defaults. A missing secret key is not an error
    /// here (token verification needs none); calls that need it fail with
    /// [`Error::Config`].
    pub fn new(opts: ClientOptions) -> Result<Client> {
        Client::with_clock(opts, Arc::new(SystemClock))
    }

    /// A client configured from the environment alone.
    pub fn from_env() -> Result<Client> {
        Client::new(ClientOptions::default())
    }

    /// A client whose retry waits and time budget run on `clock` (tests use a virtual one).
    pub fn with_clock(opts: ClientOptions, clock: Arc<dyn Clock>) -> Result<Client> {
        let settings = Settings::resolve(&opts)?;
        let pool = Pool::new(&settings)?;
        Ok(Client { inner: Arc::new(Transport { settings, pool, clock, option_names: opts.option_names }) })
    }

    /// The server URL requests go to (`https://api.clerk.com/v1`).
    pub fn server_url(&self) -> &str {
        self.inner.settings.base_url.as_str()
    }

    /// The `Clerk-API-Version` sent.
    pub fn api_version(&self) -> &str {
        &self.inner.settings.api_version
    }

    pub fn has_secret_key(&self) -> bool {
        self.inner.settings.secret.is_some()
    }

    /// Calls `op` with a typed request (serialized to the parameter object)
    /// and decodes the typed response. `Resp = ()` for empty responses,
    /// `String` for text ones.
    pub async fn execute<Req: Serialize + ?Sized, Resp: DeserializeOwned>(
        &self,
        op: &'static OperationSpec,
        req: &Req,
        opts: &CallOptions,
    ) -> Result<Resp> {
        self.execute_input(op, CallInput::json(to_params(req)?), opts).await
    }

    /// [`Client::execute`] for multipart operations: the request's file
    /// fields (which do not serialize) are passed beside it by field name.
    pub async fn execute_with_files<Req: Serialize + ?Sized, Resp: DeserializeOwned>(
        &self,
        op: &'static OperationSpec,
        req: &Req,
        files: Vec<(String, FileUpload)>,
        opts: &CallOptions,
    ) -> Result<Resp> {
        let input = CallInput { params: to_params(req)?, files };
        self.execute_input(op, input, opts).await
    }

    /// Like [`Client::execute`] with the input given directly.
    pub async fn execute_input<Resp: DeserializeOwned>(
        &self,
        op: &'static OperationSpec,
        input: CallInput,
        opts: &CallOptions,
    ) -> Result<Resp> {
        let response = self.call_op(op, input, opts).await?;
        response.decode(op.response).map_err(|e| self.redact(e))
    }

    /// Calls the operation named `name` (`users.list`) with JSON parameters
    /// and returns the JSON response (`null` for empty ones, a string for text).
    pub async fn call(&self, name: &str, params: Value) -> Result<Value> {
        self.call_with(name, CallInput::json(params), &CallOptions::default()).await
    }

    /// [`Client::call`] with files and call options.
    pub async fn call_with(&self, name: &str, input: CallInput, opts: &CallOptions) -> Result<Value> {
        let op = registry::lookup(name)?;
        let response = self.call_op(op, input, opts).await?;
        response.decode(op.response).map_err(|e| self.redact(e))
    }

    /// Calls the operation named `name` and returns the response undecoded.
    pub async fn call_raw(&self, name: &str, input: CallInput, opts: &CallOptions) -> Result<RawResponse> {
        self.call_op(registry::lookup(name)?, input, opts).await
    }

    /// Validates `input` against `op`, sends it, and returns the successful
    /// response; a non-success status is an [`Error::Api`].
    pub async fn call_op(
        &self,
        op: &'static OperationSpec,
        input: CallInput,
        opts: &CallOptions,
    ) -> Result<RawResponse> {
        let prepared = build(op, input)?;
        let base = self.base_url(opts)?;
        let url = join(&base, &prepared.path)?;
        let outgoing = Outgoing {
            operation: op.name.to_owned(),
            path_template: op.path.to_owned(),
            method: prepared.method,
            url,
            query: prepared.query,
            body: prepared.body,
            auth: op.security,
        };
        self.dispatch(outgoing, opts).await
    }

    /// Sends a request the operation table does not describe (the machine-token
    /// endpoints of [`crate::auth`]). `path_or_url` is resolved like a link
    /// against the server URL: `users` → `<server>/users`, `/v1/users` → same
    /// origin, `https://…` as is. The secret key is sent only to the server's origin.
    pub async fn send_raw(
        &self,
        method: HttpMethod,
        path_or_url: &str,
        query: &[(String, String)],
        json_body: Option<&Value>,
        opts: &CallOptions,
    ) -> Result<RawResponse> {
        let base = self.base_url(opts)?;
        let url = if path_or_url.starts_with("http://") || path_or_url.starts_with("https://") {
            Url::parse(path_or_url).map_err(|e| Error::invalid_argument("url", e.to_string()))?
        } else if path_or_url.starts_with('/') {
            base.join(path_or_url).map_err(|e| Error::invalid_argument("path", e.to_string()))?
        } else {
            join(&base, &format!("/{path_or_url}"))?
        };
        let outgoing = Outgoing {
            operation: "raw".to_owned(),
            path_template: url.path().to_owned(),
            method,
            // The machine-token endpoints need the key; another origin never gets it.
            auth: if url.origin() == base.origin() { Security::SecretKey } else { Security::None },
            url,
            query: query.to_vec(),
            body: json_body.map_or(PreparedBody::None, |v| PreparedBody::Json(v.clone())),
        };
        self.dispatch(outgoing, opts).await
    }

    async fn dispatch(&self, outgoing: Outgoing, opts: &CallOptions) -> Result<RawResponse> {
        let span = request_span(&outgoing);
        let sent = runtime::run_shared(send(self.inner.clone(), outgoing, opts.clone(), span)).await;
        // The one place responses leave the transport: every body and header
        // a caller or binding sees, success or error, is redacted here.
        let redactor = &self.inner.settings.redactor;
        match sent.and_then(|r| r) {
            Ok(response) if response.is_success() => Ok(response.redacted(redactor)),
            Ok(response) => Err(self.redact(response.redacted(redactor).to_error())),
            Err(e) => Err(self.redact(e)),
        }
    }

    /// `e` without this client's secret key in it (see [`Error::redacted`]).
    pub(crate) fn redact(&self, e: Error) -> Error {
        e.redacted(&self.inner.settings.redactor)
    }

    /// The [`Error::Decode`] a binding reports when its own decoder refused
    /// the body of `response` (from this client), redacted like every error.
    pub fn decode_error(&self, response: &RawResponse, message: impl fmt::Display) -> Error {
        self.redact(response.decode_error_with(message))
    }

    fn base_url(&self, opts: &CallOptions) -> Result<Url> {
        match &opts.server_url {
            Some(s) => parse_base_url(s),
            None => Ok(self.inner.settings.base_url.clone()),
        }
    }

    /// A lazy iterator over the pages of the list operation `name`.
    pub fn pages(&self, name: &str, params: Value) -> Result<Pages> {
        Pages::new(self.clone(), registry::lookup(name)?, params, CallOptions::default())
    }

    /// [`Client::pages`] for an operation spec, with call options.
    pub fn pages_op(&self, op: &'static OperationSpec, params: Value, opts: CallOptions) -> Result<Pages> {
        Pages::new(self.clone(), op, params, opts)
    }

    /// The blocking facade over this client.
    pub fn blocking(&self) -> BlockingClient {
        BlockingClient { client: self.clone() }
    }
}

fn to_params<Req: Serialize + ?Sized>(req: &Req) -> Result<Value> {
    serde_json::to_value(req)
        .map_err(|e| Error::invalid_argument("params", format!("cannot serialize the request: {e}")))
}

/// `base` + an already-encoded absolute path.
fn join(base: &Url, path: &str) -> Result<Url> {
    let joined = format!("{}{}", base.as_str().trim_end_matches('/'), path);
    Url::parse(&joined).map_err(|e| Error::invalid_argument("path", format!("invalid request URL: {e}")))
}

/// Blocking calls on the shared runtime, for callers without one. Safe from
/// any plain thread and from a multi-thread tokio runtime; from a
/// current-thread runtime the calls return [`Error::Config`].
#[derive(Debug, Clone)]
pub struct BlockingClient {
    client: Client,
}

impl BlockingClient {
    pub fn client(&self) -> &Client {
        &self.client
    }

    pub fn call(&self, name: &str, params: Value) -> Result<Value> {
        runtime::block_on(self.client.call(name, params))?
    }

    pub fn call_with(&self, name: &str, input: CallInput, opts: &CallOptions) -> Result<Value> {
        runtime::block_on(self.client.call_with(name, input, opts))?
    }

    pub fn call_raw(&self, name: &str, input: CallInput, opts: &CallOptions) -> Result<RawResponse> {
        runtime::block_on(self.client.call_raw(name, input, opts))?
    }

    pub fn call_op(&self, op: &'static OperationSpec, input: CallInput, opts: &CallOptions) -> Result<RawResponse> {
        runtime::block_on(self.client.call_op(op, input, opts))?
    }

    pub fn execute<Req: Serialize + ?Sized, Resp: DeserializeOwned>(
        &self,
        op: &'static OperationSpec,
        req: &Req,
        opts: &CallOptions,
    ) -> Result<Resp> {
        runtime::block_on(self.client.execute(op, req, opts))?
    }

    pub fn execute_with_files<Req: Serialize + ?Sized, Resp: DeserializeOwned>(
        &self,
        op: &'static OperationSpec,
        req: &Req,
        files: Vec<(String, FileUpload)>,
        opts: &CallOptions,
    ) -> Result<Resp> {
        runtime::block_on(self.client.execute_with_files(op, req, files, opts))?
    }

    pub fn send_raw(
        &self,
        method: HttpMethod,
        path_or_url: &str,
        query: &[(String, String)],
        json_body: Option<&Value>,
        opts: &CallOptions,
    ) -> Result<RawResponse> {
        runtime::block_on(self.client.send_raw(method, path_or_url, query, json_body, opts))?
    }

    pub fn pages(&self, name: &str, params: Value) -> Result<BlockingPages> {
        Ok(self.client.pages(name, params)?.into())
    }

    pub fn pages_op(&self, op: &'static OperationSpec, params: Value, opts: CallOptions) -> Result<BlockingPages> {
        Ok(self.client.pages_op(op, params, opts)?.into())
    }
}
