//! `NativeClient`: one Backend API client; every operation by its dotted
//! name, parameters and options as JSON text (built by the Kotlin layer from
//! its data classes), through the core's `boundary::call`.

use std::sync::Arc;

use clerk_backend::boundary::{self, SharedPager, Spelling};
use clerk_backend::{ops, CallInput, CallOptions, Client, ClientOptions, OptionNames};

use crate::error::{parse_json, parse_options, ClerkError};
use crate::pager::NativePager;
use crate::records::{Header, NativeFile, NativeResponse};
use crate::task::{self, CancelHandle};

/// A Backend API client (one connection pool); safe to share across threads and coroutines.
#[derive(uniffi::Object)]
pub struct NativeClient {
    client: Client,
}

/// What one call needs, checked on the caller's thread.
struct Prepared {
    client: Client,
    name: String,
    input: CallInput,
    opts: CallOptions,
}

impl Prepared {
    async fn run(self) -> Result<NativeResponse, ClerkError> {
        let response = boundary::call(&self.client, &self.name, self.input, &self.opts).await?;
        Ok(response.into())
    }
}

/// A call's options as camelCase JSON (`timeoutMs`, `retryConfig`, `headers`, `serverUrl`, …).
fn call_options(options_json: Option<&str>) -> Result<CallOptions, ClerkError> {
    let v = parse_options(options_json, "options")?;
    Ok(Spelling::CAMEL_CALL_RETRY_CONFIG.parse(&v, CallOptions::from_json)?)
}

#[uniffi::export]
impl NativeClient {
    /// A client from the client options as camelCase JSON, as Kotlin and
    /// Swift spell them (`secretKey`, `serverUrl`, `timeoutMs`, `retryConfig`,
    /// `headers`, …; `Spelling::CAMEL_CLIENT`, so that an error names the
    /// option as the caller wrote it); an unset secret key and server URL come
    /// from the environment (the core reads it).
    #[uniffi::constructor]
    pub fn new(options_json: Option<String>) -> Result<Arc<Self>, ClerkError> {
        let v = parse_options(options_json.as_deref(), "options")?;
        let mut options = Spelling::CAMEL_CLIENT.parse(&v, ClientOptions::from_json)?;
        options.option_names = OptionNames::UNIFFI;
        options.user_agent_suffix.get_or_insert_with(|| "uniffi".to_owned());
        Ok(Arc::new(NativeClient { client: Client::new(options)? }))
    }

    /// Calls an operation (`users.list`) with its parameters (a JSON object,
    /// wire names), files for a multipart operation and per-call options.
    /// Runs on the core's runtime; `cancel` (or dropping the future) aborts it.
    pub async fn call(
        &self,
        operation: String,
        params_json: String,
        files: Vec<NativeFile>,
        options_json: Option<String>,
        cancel: Option<Arc<CancelHandle>>,
    ) -> Result<NativeResponse, ClerkError> {
        let call = self.prepare(operation, &params_json, files, options_json.as_deref())?;
        task::run(call.run(), cancel).await
    }

    /// [`NativeClient::call`], blocking the calling thread.
    pub fn call_blocking(
        &self,
        operation: String,
        params_json: String,
        files: Vec<NativeFile>,
        options_json: Option<String>,
    ) -> Result<NativeResponse, ClerkError> {
        let call = self.prepare(operation, &params_json, files, options_json.as_deref())?;
        task::block(call.run())
    }

    /// A pager over a list operation; nothing is fetched until `next_page`.
    pub fn pager(
        &self,
        operation: String,
        params_json: String,
        options_json: Option<String>,
    ) -> Result<Arc<NativePager>, ClerkError> {
        let op = ops::registry::lookup(&operation)?;
        let params = parse_json(&params_json, "params")?;
        let pager = SharedPager::new(self.client.clone(), op, params, call_options(options_json.as_deref())?)?;
        Ok(Arc::new(NativePager::new(pager)))
    }

    /// The error to raise when the caller's JSON parser refused a body the
    /// core labelled JSON (built and redacted by the client, like every error).
    pub fn decode_error(&self, status: u16, headers: Vec<Header>, body: Vec<u8>, message: String) -> ClerkError {
        let headers: Vec<boundary::Header> =
            headers.into_iter().map(|h| boundary::Header { name: h.name, value: h.value }).collect();
        boundary::decode_error(&self.client, status, &headers, &body.into(), message).into()
    }
}

impl NativeClient {
    fn prepare(
        &self,
        operation: String,
        params_json: &str,
        files: Vec<NativeFile>,
        options_json: Option<&str>,
    ) -> Result<Prepared, ClerkError> {
        let params = parse_json(params_json, "params")?;
        let files = files.into_iter().map(NativeFile::into_upload).collect();
        Ok(Prepared {
            client: self.client.clone(),
            name: operation,
            input: CallInput { params, files },
            opts: call_options(options_json)?,
        })
    }
}
