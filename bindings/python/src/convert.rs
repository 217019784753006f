//! Conversions between Python objects and JSON.
//!
//! Responses go straight from the body bytes to Python objects through a serde
//! visitor, without building an intermediate `serde_json::Value`: a 300 KB user
//! list is converted once instead of twice. Object keys and short values
//! repeat across the items of a list, so each becomes one Python string,
//! reused (see [`Strings`]), and the cyclic GC is paused while the tree is
//! built, as it would otherwise scan the half-built containers over and over.

use std::cell::RefCell;
use std::fmt;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyFrozenSet, PyInt, PyList, PySet, PyString, PyTuple, PyType,
};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::errors::to_py_err;

/// Parses JSON bytes into Python `dict`/`list`/`str`/`int`/`float`/`bool`/`None`.
pub fn json_bytes_to_py<'py>(py: Python<'py>, bytes: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    // One UTF-8 check over the whole body; the string reader then skips its per-string checks.
    let text =
        std::str::from_utf8(bytes).map_err(|e| PyValueError::new_err(format!("invalid UTF-8 in response: {e}")))?;
    // Both the string tables and the GC pause cost more than they save on small
    // bodies (a token's claims, a single object): they are for list pages.
    let large = bytes.len() >= LARGE_BODY;
    let strings = RefCell::new(if large { Strings::new() } else { Strings::disabled() });
    let _gc = large.then(|| GcPause::new(py));
    let mut de = serde_json::Deserializer::from_str(text);
    let obj = PySeed { py, strings: &strings }
        .deserialize(&mut de)
        .map_err(|e| PyValueError::new_err(format!("invalid JSON in response: {e}")))?;
    de.end().map_err(|e| PyValueError::new_err(format!("invalid JSON in response: {e}")))?;
    Ok(obj)
}

/// Bodies from this size on get the string tables and the GC pause.
const LARGE_BODY: usize = 8 * 1024;

/// The response converter on its own (tests compare it with `json.loads`).
#[pyfunction]
pub fn json_loads<'py>(py: Python<'py>, body: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    json_bytes_to_py(py, body)
}

/// Disables Python's cyclic GC for its lifetime, if it was enabled.
struct GcPause<'py> {
    gc: Option<Bound<'py, PyModule>>,
}

impl<'py> GcPause<'py> {
    fn new(py: Python<'py>) -> Self {
        let gc = py.import("gc").ok().filter(|gc| {
            gc.call_method0("isenabled").and_then(|v| v.is_truthy()).unwrap_or(false)
                && gc.call_method0("disable").is_ok()
        });
        GcPause { gc }
    }
}

impl Drop for GcPause<'_> {
    fn drop(&mut self) {
        if let Some(gc) = &self.gc {
            // Re-enabling cannot meaningfully fail; there is nothing to report it to here.
            let _ = gc.call_method0("enable");
        }
    }
}

/// Strings of one response worth sharing: every object key (keys repeat
/// across the items of a list), and short values (`"verified"`, `"user"`,
/// `"email_code"`…), each kept as one Python string whose hash is computed
/// once. Python strings are immutable, so sharing them is invisible but for
/// `is`.
struct Strings {
    keys: StrTable,
    values: StrTable,
}

impl Strings {
    fn new() -> Self {
        Strings { keys: StrTable::new(9), values: StrTable::new(8) }
    }

    /// For small bodies: every string is made afresh.
    fn disabled() -> Self {
        Strings { keys: StrTable::new(0), values: StrTable::new(0) }
    }

    fn key<'py>(&mut self, py: Python<'py>, key: &str) -> Bound<'py, PyString> {
        self.keys.get(py, key)
    }

    fn value<'py>(&mut self, py: Python<'py>, v: &str) -> Bound<'py, PyString> {
        if v.len() <= SHORT {
            self.values.get(py, v)
        } else {
            PyString::new(py, v)
        }
    }
}

/// Up to this many bytes a string is identified by its length and its first
/// and last 8 bytes alone, so a lookup needs no byte-by-byte comparison.
const SHORT: usize = 16;

/// A direct-mapped table: a string hashes (its length and first and last 8
/// bytes) to one slot; a collision just replaces the slot's entry, so memory
/// stays bounded whatever the response holds. With no slots, every string is
/// a new one. Slots are kept small (the lookup runs for every key and short
/// value of a response, so the table should stay in L1).
struct StrTable {
    bits: u32,
    slots: Vec<Option<Slot>>,
    /// The whole text of a slot's string, for strings longer than [`SHORT`].
    long: Vec<Option<Box<str>>>,
}

struct Slot {
    sig: Signature,
    s: Py<PyString>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
struct Signature {
    len: usize,
    head: u64,
    tail: u64,
}

/// Up to 8 bytes as a little-endian word, zero-padded.
fn word(bytes: &[u8]) -> u64 {
    match bytes.first_chunk::<8>() {
        Some(w) => u64::from_le_bytes(*w),
        // A byte-wise loop rather than a copy into a padded buffer: the
        // latter stalls on store forwarding when read back as one word.
        None => bytes.iter().rev().fold(0, |w, &b| (w << 8) | u64::from(b)),
    }
}

fn signature(s: &str) -> Signature {
    let b = s.as_bytes();
    let tail = match b.len().checked_sub(8) {
        Some(start) if start > 0 => word(&b[start..]),
        _ => 0,
    };
    Signature { len: b.len(), head: word(b), tail }
}

impl StrTable {
    fn new(bits: u32) -> Self {
        let n = if bits == 0 { 0 } else { 1usize << bits };
        StrTable { bits, slots: (0..n).map(|_| None).collect(), long: (0..n).map(|_| None).collect() }
    }

    fn get<'py>(&mut self, py: Python<'py>, text: &str) -> Bound<'py, PyString> {
        if self.slots.is_empty() {
            return PyString::new(py, text);
        }
        let sig = signature(text);
        let h = (sig.head ^ sig.tail.rotate_left(29) ^ (sig.len as u64)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let i = (h >> (64 - self.bits)) as usize;
        let is_long = text.len() > SHORT;
        if let Some(Some(slot)) = self.slots.get(i) {
            if slot.sig == sig && (!is_long || self.long.get(i).is_some_and(|l| l.as_deref() == Some(text))) {
                return slot.s.bind(py).clone();
            }
        }
        let s = PyString::new(py, text);
        if let (Some(entry), Some(long)) = (self.slots.get_mut(i), self.long.get_mut(i)) {
            *entry = Some(Slot { sig, s: s.clone().unbind() });
            *long = is_long.then(|| text.into());
        }
        s
    }
}

/// Converts an already parsed JSON value (pages from the core's paginator).
pub fn value_to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => number_to_py(py, n)?,
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(value_to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, value_to_py(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

fn number_to_py<'py>(py: Python<'py>, n: &Number) -> PyResult<Bound<'py, PyAny>> {
    if let Some(i) = n.as_i64() {
        Ok(int(py, i))
    } else if let Some(u) = n.as_u64() {
        Ok(uint(py, u))
    } else {
        Ok(PyFloat::new(py, n.as_f64().unwrap_or(f64::NAN)).into_any())
    }
}

fn int(py: Python<'_>, v: i64) -> Bound<'_, PyAny> {
    match v.into_pyobject(py) {
        Ok(o) => o.into_any(),
        Err(never) => match never {},
    }
}

fn uint(py: Python<'_>, v: u64) -> Bound<'_, PyAny> {
    match v.into_pyobject(py) {
        Ok(o) => o.into_any(),
        Err(never) => match never {},
    }
}

struct PySeed<'a, 'py> {
    py: Python<'py>,
    strings: &'a RefCell<Strings>,
}

impl<'de, 'a, 'py> DeserializeSeed<'de> for PySeed<'a, 'py> {
    type Value = Bound<'py, PyAny>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(PyVisitor { py: self.py, strings: self.strings })
    }
}

struct PyVisitor<'a, 'py> {
    py: Python<'py>,
    strings: &'a RefCell<Strings>,
}

fn py_err<E: serde::de::Error>(e: PyErr) -> E {
    E::custom(e.to_string())
}

impl<'de, 'a, 'py> Visitor<'de> for PyVisitor<'a, 'py> {
    type Value = Bound<'py, PyAny>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(PyBool::new(self.py, v).to_owned().into_any())
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(int(self.py, v))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(uint(self.py, v))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(PyFloat::new(self.py, v).into_any())
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.strings.borrow_mut().value(self.py, v).into_any())
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(self.py.None().into_bound(self.py))
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        self.visit_unit()
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let list = PyList::empty(self.py);
        while let Some(item) = seq.next_element_seed(PySeed { py: self.py, strings: self.strings })? {
            list.append(item).map_err(py_err)?;
        }
        Ok(list.into_any())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let dict = PyDict::new(self.py);
        while let Some(key) = map.next_key_seed(KeySeed { py: self.py, strings: self.strings })? {
            let value = map.next_value_seed(PySeed { py: self.py, strings: self.strings })?;
            dict.set_item(key, value).map_err(py_err)?;
        }
        Ok(dict.into_any())
    }
}

struct KeySeed<'a, 'py> {
    py: Python<'py>,
    strings: &'a RefCell<Strings>,
}

impl<'de, 'a, 'py> DeserializeSeed<'de> for KeySeed<'a, 'py> {
    type Value = Bound<'py, PyString>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(KeyVisitor { py: self.py, strings: self.strings })
    }
}

struct KeyVisitor<'a, 'py> {
    py: Python<'py>,
    strings: &'a RefCell<Strings>,
}

impl<'de, 'a, 'py> Visitor<'de> for KeyVisitor<'a, 'py> {
    type Value = Bound<'py, PyString>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.strings.borrow_mut().key(self.py, v))
    }
}

/// Containers nested in one another that a converted value may have: the
/// most serde_json's parser (recursion limit 128) reads back, so whatever is
/// sent could also be decoded by the same parser. Exposed to Python as
/// `_native.JSON_MAX_DEPTH`.
pub const JSON_MAX_DEPTH: usize = 127;

/// Converts call parameters to JSON. `path` names the value in errors: keys
/// and indexes are appended (`public_metadata.tags[2]`); an empty path makes
/// the top-level keys the names.
///
/// Accepted, as the official SDK (pydantic) serialises them: `None`, `bool`,
/// `int` (64-bit), finite `float`, `str`, `dict` (keys `str` or `int`),
/// `list`/`tuple`/`set`/`frozenset`, `bytes`/`bytearray` (UTF-8 text), our
/// models (`to_dict()`), `enum.Enum` (its value), dataclasses (their fields),
/// pydantic models (`model_dump(mode="json")`), `datetime`/`date`/`time`
/// (`isoformat()`), and `uuid.UUID`, `decimal.Decimal`, `pathlib.PurePath`,
/// `ipaddress` addresses and networks (`str()`). Anything else — a `Mock`,
/// an arbitrary object — is refused by type rather than duck-typed: an
/// object that answers every attribute would otherwise be converted forever.
/// Nesting deeper than [`JSON_MAX_DEPTH`], a container inside itself, a lone
/// surrogate in a string are refused too. Every refusal is the core's
/// invalid-argument error naming the place.
pub fn py_to_value(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<Value> {
    let mut conv = Converter { ancestors: Vec::new() };
    conv.value(obj, 0).map_err(|e| e.into_py_err(path))
}

/// A refusal, with the path to it gathered on the way back up, so that the
/// successful conversion never formats a path.
struct ConvError {
    /// Innermost first.
    segments: Vec<Segment>,
    message: String,
}

enum Segment {
    Key(String),
    Index(usize),
}

impl ConvError {
    fn new(message: impl Into<String>) -> Self {
        ConvError { segments: Vec::new(), message: message.into() }
    }

    fn at(mut self, segment: Segment) -> Self {
        self.segments.push(segment);
        self
    }

    fn into_py_err(self, root: &str) -> PyErr {
        let mut path = root.to_owned();
        for seg in self.segments.iter().rev() {
            match seg {
                Segment::Key(k) if path.is_empty() => path.push_str(k),
                Segment::Key(k) => {
                    path.push('.');
                    path.push_str(k);
                }
                Segment::Index(i) => path.push_str(&format!("[{i}]")),
            }
        }
        let parameter = if path.is_empty() { "request".to_owned() } else { path };
        to_py_err(clerk_backend::Error::invalid_argument(parameter, self.message))
    }
}

impl From<PyErr> for ConvError {
    /// An exception raised by a conversion method (`to_dict()`, `isoformat()`…):
    /// reported by its type and message, not re-raised, so it names the place.
    fn from(e: PyErr) -> Self {
        Python::attach(|py| {
            let ty = e.get_type(py).name().map(|n| n.to_string()).unwrap_or_else(|_| "Exception".into());
            ConvError::new(format!("converting the value raised {ty}: {}", e.value(py)))
        })
    }
}

type Conv<T> = Result<T, ConvError>;

struct Converter {
    /// Containers being converted, outermost first: a cycle is a container
    /// met again inside itself (the same object twice side by side is fine).
    ancestors: Vec<usize>,
}

impl Converter {
    fn value(&mut self, obj: &Bound<'_, PyAny>, depth: usize) -> Conv<Value> {
        if obj.is_none() {
            return Ok(Value::Null);
        }
        // bool before int: Python's bool is an int subclass.
        if let Ok(b) = obj.cast::<PyBool>() {
            return Ok(Value::Bool(b.is_true()));
        }
        if let Ok(s) = obj.cast::<PyString>() {
            // str-based enums land here too, as their value.
            return Ok(Value::String(string(s)?));
        }
        if let Ok(i) = obj.cast::<PyInt>() {
            if let Ok(v) = i.extract::<i64>() {
                return Ok(Value::Number(v.into()));
            }
            if let Ok(v) = i.extract::<u64>() {
                return Ok(Value::Number(v.into()));
            }
            return Err(ConvError::new("integer out of the 64-bit range JSON numbers are read with"));
        }
        if let Ok(f) = obj.cast::<PyFloat>() {
            let v = f.value();
            return Number::from_f64(v)
                .map(Value::Number)
                .ok_or_else(|| ConvError::new(format!("{v} is not a JSON number")));
        }
        if let Ok(d) = obj.cast::<PyDict>() {
            // On an error the converter is dropped with its ancestors as they are.
            self.enter(obj, depth)?;
            let mut map = Map::with_capacity(d.len());
            for (k, v) in d.iter() {
                let key = key(&k)?;
                let value = self.value(&v, depth + 1).map_err(|e| e.at(Segment::Key(key.clone())))?;
                map.insert(key, value);
            }
            self.leave();
            return Ok(Value::Object(map));
        }
        if obj.cast::<PyList>().is_ok()
            || obj.cast::<PyTuple>().is_ok()
            || obj.cast::<PySet>().is_ok()
            || obj.cast::<PyFrozenSet>().is_ok()
        {
            self.enter(obj, depth)?;
            let mut items = Vec::with_capacity(obj.len().unwrap_or(0));
            for (i, item) in obj.try_iter()?.enumerate() {
                items.push(self.value(&item?, depth + 1).map_err(|e| e.at(Segment::Index(i)))?);
            }
            self.leave();
            return Ok(Value::Array(items));
        }
        if let Ok(b) = obj.cast::<PyBytes>() {
            return utf8(b.as_bytes());
        }
        if let Ok(b) = obj.cast::<PyByteArray>() {
            return utf8(&b.to_vec());
        }
        // The remaining accepted types stand for another value (a model for its
        // dict, an enum for its value); that value counts one level deeper, so
        // an object whose conversion returns itself again ends at the limit.
        let py = obj.py();
        let types = known_types(py)?;
        let replacement = if obj.is_instance(types.model.bind(py))? {
            obj.call_method0("to_dict")?
        } else if obj.is_instance(types.enum_.bind(py))? {
            obj.getattr("value")?
        } else if obj.is_instance(types.iso.bind(py))? {
            obj.call_method0("isoformat")?
        } else if obj.is_instance(types.str_like.bind(py))? {
            obj.str()?.into_any()
        } else if !obj.is_instance_of::<PyType>() && types.is_dataclass.bind(py).call1((obj,))?.is_truthy()? {
            dataclass_fields(obj, types)?
        } else if let Some(model) = pydantic_model(py)? {
            if obj.is_instance(&model)? {
                let kwargs = PyDict::new(py);
                kwargs.set_item("mode", "json")?;
                obj.call_method("model_dump", (), Some(&kwargs))?
            } else {
                return Err(unsupported(obj));
            }
        } else {
            return Err(unsupported(obj));
        };
        if depth >= JSON_MAX_DEPTH {
            return Err(too_deep());
        }
        self.value(&replacement, depth + 1)
    }

    /// Marks a container as being converted; refuses it when it is too deep
    /// or already one of its own ancestors.
    fn enter(&mut self, obj: &Bound<'_, PyAny>, depth: usize) -> Conv<()> {
        if depth >= JSON_MAX_DEPTH {
            return Err(too_deep());
        }
        let id = obj.as_ptr() as usize;
        if self.ancestors.contains(&id) {
            return Err(ConvError::new("the value contains itself (a reference cycle), which JSON cannot represent"));
        }
        self.ancestors.push(id);
        Ok(())
    }

    fn leave(&mut self) {
        self.ancestors.pop();
    }
}

/// A dataclass instance as `{field: value}`, one level only (the converter
/// goes on from there, with its depth and cycle checks; `dataclasses.asdict`
/// would recurse on its own).
fn dataclass_fields<'py>(obj: &Bound<'py, PyAny>, types: &KnownTypes) -> PyResult<Bound<'py, PyAny>> {
    let py = obj.py();
    let fields = PyDict::new(py);
    for f in types.fields.bind(py).call1((obj,))?.try_iter()? {
        let name = f?.getattr("name")?;
        let value = obj.getattr(name.cast::<PyString>()?)?;
        fields.set_item(name, value)?;
    }
    Ok(fields.into_any())
}

fn too_deep() -> ConvError {
    ConvError::new(format!("nested more than {JSON_MAX_DEPTH} levels deep"))
}

fn unsupported(obj: &Bound<'_, PyAny>) -> ConvError {
    let ty = obj.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into());
    ConvError::new(format!(
        "unsupported type {ty}: expected JSON data (dict, list, str, int, float, bool, None) or a model, enum, \
         datetime, UUID or Decimal"
    ))
}

/// A `str` argument as Rust text, or the invalid-argument error naming
/// `parameter` (not `str`, or a lone surrogate).
pub fn text(obj: &Bound<'_, PyAny>, parameter: &str) -> PyResult<String> {
    let s = obj.cast::<PyString>().map_err(|_| {
        let ty = obj.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into());
        ConvError::new(format!("must be str, got {ty}")).into_py_err(parameter)
    })?;
    string(s).map_err(|e| e.into_py_err(parameter))
}

fn string(s: &Bound<'_, PyString>) -> Conv<String> {
    match s.to_cow() {
        Ok(c) => Ok(c.into_owned()),
        // Only a lone surrogate makes a str unencodable as UTF-8.
        Err(_) => Err(ConvError::new("string is not valid Unicode (it holds a lone surrogate)")),
    }
}

fn key(k: &Bound<'_, PyAny>) -> Conv<String> {
    if let Ok(s) = k.cast::<PyString>() {
        return string(s);
    }
    // As pydantic does for the official SDK: `{1: "a"}` is sent as `{"1": "a"}`.
    if k.cast::<PyInt>().is_ok() && k.cast::<PyBool>().is_err() {
        return Ok(k.str()?.to_cow()?.into_owned());
    }
    let ty = k.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into());
    Err(ConvError::new(format!("object keys must be str (or int), got {ty}")))
}

fn utf8(bytes: &[u8]) -> Conv<Value> {
    std::str::from_utf8(bytes)
        .map(|s| Value::String(s.to_owned()))
        .map_err(|_| ConvError::new("bytes are not UTF-8 text"))
}

/// The classes the converter accepts beyond the built-in containers, looked
/// up once per process.
struct KnownTypes {
    model: Py<PyAny>,
    enum_: Py<PyAny>,
    /// `(datetime.date, datetime.time)`: `datetime` is a `date`.
    iso: Py<PyAny>,
    /// Types sent as their `str()`.
    str_like: Py<PyAny>,
    is_dataclass: Py<PyAny>,
    fields: Py<PyAny>,
}

static KNOWN_TYPES: PyOnceLock<KnownTypes> = PyOnceLock::new();

fn known_types(py: Python<'_>) -> PyResult<&KnownTypes> {
    fn attr<'py>(py: Python<'py>, module: &str, name: &str) -> PyResult<Bound<'py, PyAny>> {
        py.import(module)?.getattr(name)
    }
    fn tuple(py: Python<'_>, items: Vec<Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
        Ok(PyTuple::new(py, items)?.into_any().unbind())
    }
    KNOWN_TYPES.get_or_try_init(py, || {
        Ok(KnownTypes {
            model: attr(py, "clerk_backend.models._base", "Model")?.unbind(),
            enum_: attr(py, "enum", "Enum")?.unbind(),
            iso: tuple(py, vec![attr(py, "datetime", "date")?, attr(py, "datetime", "time")?])?,
            str_like: tuple(
                py,
                vec![
                    attr(py, "uuid", "UUID")?,
                    attr(py, "decimal", "Decimal")?,
                    attr(py, "pathlib", "PurePath")?,
                    attr(py, "ipaddress", "IPv4Address")?,
                    attr(py, "ipaddress", "IPv6Address")?,
                    attr(py, "ipaddress", "IPv4Network")?,
                    attr(py, "ipaddress", "IPv6Network")?,
                ],
            )?,
            is_dataclass: attr(py, "dataclasses", "is_dataclass")?.unbind(),
            fields: attr(py, "dataclasses", "fields")?.unbind(),
        })
    })
}

/// `pydantic.BaseModel` if the application imported pydantic (never imported here).
fn pydantic_model(py: Python<'_>) -> PyResult<Option<Bound<'_, PyAny>>> {
    let modules = py.import("sys")?.getattr("modules")?;
    match modules.get_item("pydantic") {
        Ok(m) if !m.is_none() => Ok(m.getattr("BaseModel").ok()),
        _ => Ok(None),
    }
}

/// `_native.py_to_json(value)`: the converter on its own, as JSON text (tests and the fuzz target).
#[pyfunction]
pub fn py_to_json(value: &Bound<'_, PyAny>) -> PyResult<String> {
    let v = py_to_value(value, "")?;
    Ok(v.to_string())
}
