//! `NativeClient`: the one generic entry point the Python layer dispatches
//! every operation through (`call` / `call_async` by dotted operation name).

use clerk_backend::boundary::{self, CallResponse, ContentKind, SharedPager};
use clerk_backend::ops::registry;
use clerk_backend::{runtime, CallInput, Client};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};
use tokio::task::{AbortHandle, JoinHandle};

use crate::convert::{json_bytes_to_py, py_to_value};
use crate::errors::to_py_err;
use crate::options::{call_options, client_options};
use crate::pages::NativePages;
use crate::upload::files_from_py;
use crate::wait::{block_on_interruptible, deliver};

#[pyclass(frozen, module = "clerk_backend._native")]
pub struct NativeClient {
    pub(crate) client: Client,
}

#[pymethods]
impl NativeClient {
    /// A client from the options dict of `Clerk(...)` (`None` values are
    /// unset), parsed by the core's one parser.
    #[new]
    fn new(options: &Bound<'_, PyDict>) -> PyResult<Self> {
        let client = Client::new(client_options(options)?).map_err(to_py_err)?;
        Ok(NativeClient { client })
    }

    /// Calls one operation and blocks (without the GIL) until it completes.
    /// Returns `(status, body)` with the JSON body already as Python objects.
    #[pyo3(signature = (name, params, files=None, options=None))]
    fn call<'py>(
        &self,
        py: Python<'py>,
        name: &str,
        params: &Bound<'py, PyAny>,
        files: Option<&Bound<'py, PyAny>>,
        options: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<(u16, Bound<'py, PyAny>)> {
        let input = call_input(params, files)?;
        let opts = call_options(options)?;
        let client = self.client.clone();
        let name = name.to_owned();
        let response = block_on_interruptible(py, async move { boundary::call(&client, &name, input, &opts).await })?;
        response_to_py(py, &self.client, &response)
    }

    /// Starts one operation on the core's runtime and returns at once;
    /// `callback(ok, value)` is called from a runtime thread when it is done
    /// (the Python layer forwards it to its event loop with
    /// `call_soon_threadsafe`, so the loop never blocks). The returned
    /// `NativeCall` aborts the request when the awaiting task is cancelled;
    /// after an abort the callback is never called.
    #[pyo3(signature = (callback, name, params, files=None, options=None))]
    fn call_async<'py>(
        &self,
        callback: Py<PyAny>,
        name: &str,
        params: &Bound<'py, PyAny>,
        files: Option<&Bound<'py, PyAny>>,
        options: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<NativeCall> {
        let input = call_input(params, files)?;
        let opts = call_options(options)?;
        let client = self.client.clone();
        let name = name.to_owned();
        let handle = runtime::try_handle().map_err(to_py_err)?;
        let task = handle.spawn(async move {
            // On the runtime already: the call runs in this task (one hop).
            let result = boundary::call(&client, &name, input, &opts).await;
            deliver(&callback, |py| {
                result
                    .map_err(to_py_err)
                    .and_then(|response| response_to_py(py, &client, &response))
                    .and_then(|pair| pair.into_pyobject(py).map(|t| t.into_any()))
            });
        });
        Ok(NativeCall::new(&task))
    }

    /// A page iterator for a list operation (`users.list`); arguments as for `call`.
    #[pyo3(signature = (name, params, options=None))]
    fn pages(
        &self,
        name: &str,
        params: &Bound<'_, PyAny>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<NativePages> {
        let params = py_to_value(params, "")?;
        let opts = call_options(options)?;
        let op = registry::lookup(name).map_err(to_py_err)?;
        let pager = SharedPager::new(self.client.clone(), op, params, opts).map_err(to_py_err)?;
        Ok(NativePages::new(pager, self.client.clone()))
    }
}

/// A running `call_async`/`next_page_async` task. Without `abort()` a
/// cancelled asyncio task would only drop the result while the request kept
/// running on the core's runtime, holding its connection open.
#[pyclass(frozen, module = "clerk_backend._native")]
pub struct NativeCall {
    task: AbortHandle,
}

impl NativeCall {
    pub(crate) fn new<T>(task: &JoinHandle<T>) -> Self {
        NativeCall { task: task.abort_handle() }
    }
}

#[pymethods]
impl NativeCall {
    /// Stops the request where it is (its connection is closed); a no-op once it finished.
    fn abort(&self) {
        self.task.abort();
    }
}

fn call_input(params: &Bound<'_, PyAny>, files: Option<&Bound<'_, PyAny>>) -> PyResult<CallInput> {
    let params = py_to_value(params, "")?;
    let files = match files {
        Some(f) if !f.is_none() => files_from_py(f)?,
        _ => Vec::new(),
    };
    Ok(CallInput { params, files })
}

/// By the core's content kind: JSON parsed by the binding's converter, text
/// as `str`, an empty body as `None`, other bytes as `bytes`.
pub(crate) fn response_to_py<'py>(
    py: Python<'py>,
    client: &Client,
    response: &CallResponse,
) -> PyResult<(u16, Bound<'py, PyAny>)> {
    let body = &response.body;
    let value = match response.kind {
        ContentKind::Empty => py.None().into_bound(py),
        // The core builds (and redacts) the decode error; only the parse is ours.
        ContentKind::Json => json_bytes_to_py(py, body)
            .map_err(|e| to_py_err(boundary::decode_error(client, response.status, &response.headers, body, e)))?,
        ContentKind::Text => PyString::new(py, std::str::from_utf8(body).unwrap_or_default()).into_any(),
        ContentKind::Other => PyBytes::new(py, body).into_any(),
    };
    Ok((response.status, value))
}
