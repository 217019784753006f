//! `NativePages`: the core's shareable pager, one page per call, sync or
//! async. Each page's bytes are parsed by the binding's fast converter and
//! its items taken from the page's `data_field`. The Python layer wraps it
//! into `for item in ...` / `async for`.

use std::sync::Arc;

use clerk_backend::boundary::{decode_error, PageBytes, SharedPager};
use clerk_backend::{runtime, Client};
use pyo3::prelude::*;
use pyo3::types::PyList;

use crate::client::NativeCall;
use crate::convert::json_bytes_to_py;
use crate::errors::to_py_err;
use crate::wait::{block_on_interruptible, deliver};

#[pyclass(frozen, module = "clerk_backend._native")]
pub struct NativePages {
    // `SharedPager` is `&self` and serialises its fetches itself.
    inner: Arc<SharedPager>,
    client: Client,
}

impl NativePages {
    pub fn new(pager: SharedPager, client: Client) -> Self {
        NativePages { inner: Arc::new(pager), client }
    }
}

#[pymethods]
impl NativePages {
    /// The next page's items, or `None` after the last page.
    fn next_page<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyList>>> {
        let inner = self.inner.clone();
        let page = block_on_interruptible(py, async move { inner.next_page().await })?;
        page.map(|p| items_to_py(py, &self.client, &p)).transpose()
    }

    /// Like `next_page`, completing through `callback(ok, value)` (see `NativeClient.call_async`).
    fn next_page_async(&self, callback: Py<PyAny>) -> PyResult<NativeCall> {
        let inner = self.inner.clone();
        let client = self.client.clone();
        let handle = runtime::try_handle().map_err(to_py_err)?;
        let task = handle.spawn(async move {
            let page = inner.next_page().await;
            deliver(&callback, |py| {
                page.map_err(to_py_err).and_then(|p| match p {
                    Some(p) => items_to_py(py, &client, &p).map(|l| l.into_any()),
                    None => Ok(py.None().into_bound(py)),
                })
            });
        });
        Ok(NativeCall::new(&task))
    }
}

/// The page's items: the body parsed once, then its `data_field` (or the
/// body itself when the page is a bare array).
fn items_to_py<'py>(py: Python<'py>, client: &Client, page: &PageBytes) -> PyResult<Bound<'py, PyList>> {
    let decode_err = |message: String| to_py_err(decode_error(client, page.status, &page.headers, &page.body, message));
    let body = json_bytes_to_py(py, &page.body).map_err(|e| decode_err(e.to_string()))?;
    let items = match page.data_field {
        Some(field) => body.get_item(field)?,
        None => body,
    };
    items.cast_into::<PyList>().map_err(|_| decode_err("the page's items are not a list".to_owned()))
}
