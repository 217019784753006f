//! Method, absolute URL and headers out of the request objects of common
//! frameworks (httpx, requests, Django, Flask/Werkzeug, Starlette/FastAPI),
//! any object with a `headers` mapping, or a headers mapping itself.
//!
//! Done here rather than in Python because it runs on every authenticated
//! request: reading raw header bytes straight into Rust strings avoids a
//! Python string per header name and value.

use pyo3::exceptions::PyTypeError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyString, PyTuple};

pub type Headers = Vec<(String, String)>;

/// Header bytes are ISO-8859-1 on the wire (RFC 9110); nearly always ASCII.
fn latin1(b: &[u8]) -> String {
    match std::str::from_utf8(b) {
        Ok(s) if s.is_ascii() => s.to_owned(),
        _ => b.iter().map(|&c| char::from(c)).collect(),
    }
}

fn text(v: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = v.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    if let Ok(b) = v.cast::<PyBytes>() {
        return Ok(latin1(b.as_bytes()));
    }
    if let Ok(b) = v.cast::<PyByteArray>() {
        return Ok(latin1(&b.to_vec()));
    }
    Ok(v.str()?.to_cow()?.into_owned())
}

/// `(name, value)` pairs from an iterable of 2-item sequences.
fn pairs(items: &Bound<'_, PyAny>) -> PyResult<Headers> {
    let mut out = Vec::with_capacity(items.len().unwrap_or(0));
    for item in items.try_iter()? {
        let item = item?;
        let (k, v) = match item.cast::<PyTuple>() {
            Ok(t) if t.len() == 2 => (t.get_item(0)?, t.get_item(1)?),
            _ => (item.get_item(0)?, item.get_item(1)?),
        };
        out.push((text(&k)?, text(&v)?));
    }
    Ok(out)
}

/// Pairs from a headers object: Starlette's and httpx's `raw` bytes list
/// (repeated headers kept), `multi_items()`, `items()`, or plain iteration.
fn header_pairs(h: &Bound<'_, PyAny>) -> PyResult<Option<Headers>> {
    let py = h.py();
    if let Ok(d) = h.cast::<PyDict>() {
        return pairs(d.items().as_any()).map(Some);
    }
    if let Ok(raw) = h.getattr(intern!(py, "raw")) {
        if raw.cast::<PyList>().is_ok() {
            return pairs(&raw).map(Some);
        }
    }
    if let Ok(multi) = h.getattr(intern!(py, "multi_items")) {
        if multi.is_callable() {
            return pairs(&multi.call0()?).map(Some);
        }
    }
    if let Ok(items) = h.getattr(intern!(py, "items")) {
        if items.is_callable() {
            return pairs(&items.call0()?).map(Some);
        }
    }
    Ok(None)
}

/// Headers of a request object, or of a headers mapping given directly.
pub fn headers_of(request: &Bound<'_, PyAny>) -> PyResult<Headers> {
    let py = request.py();
    if request.cast::<PyDict>().is_err() {
        if let Some(h) = request.getattr_opt(intern!(py, "headers"))?.filter(|h| !h.is_none()) {
            if let Some(found) = header_pairs(&h)? {
                return Ok(found);
            }
            return pairs(&h);
        }
        // Very old Django: only `META`, with `HTTP_*` keys.
        if let Some(meta) = request.getattr_opt(intern!(py, "META"))? {
            if let Ok(meta) = meta.cast::<PyDict>() {
                let mut out = Vec::new();
                for (k, v) in meta.iter() {
                    let k = text(&k)?;
                    if let Some(name) = k.strip_prefix("HTTP_") {
                        out.push((name.replace('_', "-").to_ascii_lowercase(), text(&v)?));
                    }
                }
                return Ok(out);
            }
        }
    }
    header_pairs(request)?.ok_or_else(|| {
        PyTypeError::new_err(
            "`request` must be a request object with a `headers` mapping (httpx, requests, Django, Flask, Starlette, ...) or a headers mapping",
        )
    })
}

/// `(method, absolute URL, headers)` of a request object. Without an
/// absolute URL, one is made from the `Host` header and `path`.
pub fn request_parts(request: &Bound<'_, PyAny>) -> PyResult<(String, String, Headers)> {
    let py = request.py();
    let headers = headers_of(request)?;
    let method = match request.getattr_opt(intern!(py, "method"))?.filter(|m| m.is_truthy().unwrap_or(false)) {
        Some(m) => text(&m)?.to_ascii_uppercase(),
        None => "GET".to_owned(),
    };
    // `url` first: the common frameworks have it, and a missing attribute
    // costs an exception object. Django has `build_absolute_uri()` instead.
    let mut url = request.getattr_opt(intern!(py, "url"))?.filter(|u| !u.is_none());
    if url.is_none() {
        if let Some(build) = request.getattr_opt(intern!(py, "build_absolute_uri"))?.filter(|b| b.is_callable()) {
            // DisallowedHost and the like fall back to the headers below.
            url = build.call0().ok().filter(|u| !u.is_none());
        }
    }
    let url = url.map(|u| text(&u)).transpose()?;
    let url = match url {
        Some(u) if u.starts_with("http://") || u.starts_with("https://") => u,
        _ => {
            let host =
                headers.iter().find(|(k, _)| k.eq_ignore_ascii_case("host")).map_or("localhost", |(_, v)| v.as_str());
            let path = match request.getattr_opt(intern!(py, "path"))?.filter(|p| p.is_truthy().unwrap_or(false)) {
                Some(p) => text(&p)?,
                None => "/".to_owned(),
            };
            format!("https://{host}{path}")
        }
    };
    Ok((method, url, headers))
}

/// `(method, url, headers)` as the authenticator sees them (tests, debugging).
#[pyfunction(name = "request_parts")]
fn request_parts_py(request: &Bound<'_, PyAny>) -> PyResult<(String, String, Headers)> {
    request_parts(request)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(request_parts_py, m)?)
}
