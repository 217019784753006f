//! `NativePages`: the core's lazy page iterator, one page per call, sync or
//! async. The Python layer wraps it into `for item in ...` / `async for`.

use std::sync::Arc;

use clerk_backend::pagination::Pages;
use clerk_backend::runtime;
use pyo3::prelude::*;
use pyo3::types::PyList;
use serde_json::Value;
use tokio::sync::Mutex;

use crate::client::NativeCall;
use crate::convert::value_to_py;
use crate::errors::to_py_err;
use crate::wait::{block_on_interruptible, deliver};

#[pyclass(frozen, module = "clerk_backend._native")]
pub struct NativePages {
    // tokio's Mutex: the guard is held across the page request's await.
    inner: Arc<Mutex<Pages>>,
}

impl NativePages {
    pub fn new(pages: Pages) -> Self {
        NativePages { inner: Arc::new(Mutex::new(pages)) }
    }
}

#[pymethods]
impl NativePages {
    /// The next page's items, or `None` after the last page.
    fn next_page<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyList>>> {
        let inner = self.inner.clone();
        let page = block_on_interruptible(py, async move { inner.lock().await.next_page().await })?;
        page.map(|items| items_to_py(py, &items)).transpose()
    }

    /// Like `next_page`, completing through `callback(ok, value)` (see `NativeClient.call_async`).
    fn next_page_async(&self, callback: Py<PyAny>) -> PyResult<NativeCall> {
        let inner = self.inner.clone();
        let handle = runtime::try_handle().map_err(to_py_err)?;
        let task = handle.spawn(async move {
            let page = inner.lock().await.next_page().await;
            deliver(&callback, |py| {
                page.map_err(to_py_err).and_then(|p| match p {
                    Some(items) => items_to_py(py, &items).map(|l| l.into_any()),
                    None => Ok(py.None().into_bound(py)),
                })
            });
        });
        Ok(NativeCall::new(&task))
    }
}

fn items_to_py<'py>(py: Python<'py>, items: &[Value]) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for item in items {
        list.append(value_to_py(py, item)?)?;
    }
    Ok(list)
}
