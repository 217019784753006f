//! `NativeClient`: the one entry every generated method goes through
//! (`call` by dotted operation name), plus list pagers.

use clerk_backend::boundary::{self, ErrorRecord, SharedPager, Spelling};
use clerk_backend::ops::registry;
use clerk_backend::{CallInput, CallOptions, Client, ClientOptions, OptionNames};
use napi::bindgen_prelude::{Function, Object};
use napi::Env;
use napi_derive::napi;

use crate::cancel::Cancel;
use crate::deliver::spawn;
use crate::errors::{parse_json, throw, Result};
use crate::pager::NativePager;
use crate::reply::Reply;
use crate::upload::{files, FileArg};

#[napi]
pub struct NativeClient {
    client: Client,
}

#[napi]
impl NativeClient {
    /// A client from `new Clerk(options)`'s JSON (camelCase, `logger` left
    /// out), parsed by the core; unset options come from the environment there.
    /// `logger` receives the core's request log lines.
    #[napi(constructor)]
    pub fn new(options_json: String, logger: Option<Function<'_, String, ()>>) -> Result<Self> {
        let v = parse_json(&options_json, "options").map_err(throw)?;
        let mut options = Spelling::CAMEL_CLIENT.parse(&v, ClientOptions::from_json).map_err(throw)?;
        options.option_names = OptionNames::NODE;
        if let Some(logger) = logger {
            options.request_log = Some(crate::log::request_log(&logger).map_err(|e| throw(log_error(e)))?);
        }
        let client = Client::new(options).map_err(throw)?;
        Ok(NativeClient { client })
    }

    /// Calls one operation; the promise resolves with a `Reply`.
    #[napi(ts_return_type = "Promise<Reply>")]
    pub fn call<'env>(
        &self,
        env: &'env Env,
        name: String,
        params_json: String,
        options_json: Option<String>,
        files: Option<Vec<FileArg>>,
        cancel: Option<&Cancel>,
    ) -> napi::Result<Object<'env>> {
        let prepared = prepare(&name, &params_json, options_json.as_deref(), files);
        let client = self.client.clone();
        spawn(env, cancel, async move {
            let (op, input, opts) = match prepared {
                Ok(p) => p,
                Err(record) => return Reply::error(record),
            };
            match boundary::call_op(&client, op, input, &opts).await {
                Ok(response) => Reply::response(&client, response),
                Err(e) => Reply::error(e),
            }
        })
    }

    /// The core's decode error (built and redacted there) for a body V8's
    /// `JSON.parse` refused, as record JSON.
    #[napi]
    pub fn decode_error(&self, status: u32, body: String, message: String) -> String {
        let status = u16::try_from(status).unwrap_or(0);
        let e = boundary::decode_error(&self.client, status, &[], &body.into_bytes().into(), message);
        ErrorRecord::from(e).to_json()
    }

    /// A pager over a list operation; arguments as for `call`.
    #[napi]
    pub fn pager(&self, name: String, params_json: String, options_json: Option<String>) -> Result<NativePager> {
        let op = registry::lookup(&name).map_err(throw)?;
        let params = parse_json(&params_json, "params").map_err(throw)?;
        let opts = call_options(options_json.as_deref()).map_err(throw)?;
        let pager = SharedPager::new(self.client.clone(), op, params, opts).map_err(throw)?;
        Ok(NativePager::new(pager, self.client.clone()))
    }
}

fn log_error(e: napi::Error) -> ErrorRecord {
    let mut r = ErrorRecord::new(clerk_backend::boundary::ErrorCode::InvalidArgument, format!("`logger`: {e}"));
    r.parameter = Some("logger".to_owned());
    r
}

type Prepared = (&'static clerk_backend::ops::OperationSpec, CallInput, CallOptions);

fn prepare(
    name: &str,
    params_json: &str,
    options_json: Option<&str>,
    file_args: Option<Vec<FileArg>>,
) -> std::result::Result<Prepared, ErrorRecord> {
    let op = registry::lookup(name)?;
    let params = parse_json(params_json, "params")?;
    let opts = call_options(options_json)?;
    let files = files(file_args.unwrap_or_default());
    Ok((op, CallInput { params, files }, opts))
}

/// One call's `{ timeoutMs, retries, headers, serverUrl }` (JSON, camelCase).
pub fn call_options(options_json: Option<&str>) -> std::result::Result<CallOptions, ErrorRecord> {
    match options_json {
        None => Ok(CallOptions::default()),
        Some(text) => {
            let v = parse_json(text, "options")?;
            Ok(Spelling::CAMEL_CALL.parse(&v, CallOptions::from_json)?)
        }
    }
}
