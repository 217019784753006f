//! JSON parameters -> an HTTP request, following the parameter convention of
//! `docs/DESIGN.md`: path and query parameters by wire name, JSON-object and
//! multipart body fields flattened beside them, any other body under `body`.
//!
//! Everything is validated against the operation's [`OperationSpec`] before a
//! byte is sent, and errors name the offending key.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::{Map, Value};

use super::spec::{BodySpec, FieldSpec, HttpMethod, OperationSpec, ParamLocation, ParamSpec, ValueType};
use crate::error::{Error, Result};
use crate::upload::FileUpload;

/// Characters left as they are in a path segment (RFC 3986 unreserved).
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Longest path parameter accepted, percent-encoded: IDs and slugs are tens
/// of bytes; a megabyte one is a mistake that would fail late and opaquely.
pub const MAX_PATH_PARAM_BYTES: usize = 4096;

/// Input of one call: the JSON parameters and any files for multipart fields.
#[derive(Debug, Clone, Default)]
pub struct CallInput {
    pub params: Value,
    /// Files by multipart field name (`file`), beside or instead of JSON file objects.
    pub files: Vec<(String, FileUpload)>,
}

impl CallInput {
    pub fn json(params: Value) -> Self {
        CallInput { params, files: Vec::new() }
    }

    pub fn with_file(mut self, field: impl Into<String>, file: FileUpload) -> Self {
        self.files.push((field.into(), file));
        self
    }
}

/// One part of a multipart body.
#[derive(Debug, Clone)]
pub enum PartValue {
    Text(String),
    File(FileUpload),
}

/// The body of a built request.
#[derive(Debug, Clone)]
pub enum PreparedBody {
    None,
    Json(Value),
    /// Rebuilt into a form for every attempt, so that file parts stream afresh.
    Multipart(Vec<(String, PartValue)>),
}

/// A validated request, ready to be sent to a server URL.
#[derive(Debug, Clone)]
pub struct PreparedRequest {
    pub method: HttpMethod,
    /// Percent-encoded path relative to the server URL (`/users/user%2F1`).
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: PreparedBody,
}

/// Validates `input` against `op` and builds the request.
pub fn build(op: &OperationSpec, input: CallInput) -> Result<PreparedRequest> {
    let mut params = match input.params {
        Value::Object(m) => m,
        Value::Null => Map::new(),
        other => {
            return Err(Error::invalid_argument(
                "params",
                format!("parameters of `{}` must be a JSON object, not {}", op.name, type_name(&other)),
            ))
        }
    };

    let mut path = op.path.to_owned();
    let mut query = Vec::new();
    for p in op.params {
        let value = params.remove(p.name).filter(|v| !v.is_null() || p.location == ParamLocation::Path);
        let Some(value) = value else {
            if p.required {
                return Err(Error::invalid_argument(p.name, format!("required by `{}`", op.name)));
            }
            continue;
        };
        check_type(p.name, p.ty, &value)?;
        check_bounds(p, &value)?;
        match p.location {
            ParamLocation::Path => {
                let text = scalar_text(&value).unwrap_or_default();
                let encoded = path_segment(p.name, &text)?;
                path = path.replace(&format!("{{{}}}", p.name), &encoded);
            }
            ParamLocation::Query => push_query(&mut query, p, &value),
        }
    }

    if !matches!(op.body, BodySpec::Multipart { .. }) {
        if let Some((name, _)) = input.files.first() {
            return Err(Error::invalid_argument(name, format!("`{}` takes no file uploads", op.name)));
        }
    }
    let body = match op.body {
        BodySpec::None => PreparedBody::None,
        BodySpec::JsonObject { required, fields } => {
            // An optional body left out entirely is not sent, required fields and all.
            if !required && !fields.iter().any(|f| params.contains_key(f.name)) {
                PreparedBody::None
            } else {
                PreparedBody::Json(Value::Object(take_fields(op, fields, &mut params, false)?))
            }
        }
        BodySpec::JsonValue { required, ty } => match params.remove("body") {
            Some(v) => {
                check_type("body", ty, &v)?;
                PreparedBody::Json(v)
            }
            None if required => return Err(Error::invalid_argument("body", format!("required by `{}`", op.name))),
            None => PreparedBody::None,
        },
        BodySpec::Multipart { fields, .. } => {
            PreparedBody::Multipart(multipart_parts(op, fields, &mut params, input.files)?)
        }
    };
    if let Some(unknown) = params.keys().next() {
        return Err(Error::invalid_argument(unknown, format!("unknown parameter for `{}`", op.name)));
    }
    Ok(PreparedRequest { method: op.http_method, path, query, body })
}

/// One path parameter as a percent-encoded segment. Everything but RFC 3986
/// unreserved characters is encoded (`/`, `?`, `#`, `%`, CR, LF, NUL), so a
/// value cannot leave its segment. What stays is refused: an empty value, and
/// the dot segments `.` and `..`, which every URL parser (and `url::Url`
/// here) removes together with the segment before them, spelled plainly or
/// as `%2e` (a server that decodes twice would see the latter as dots too).
fn path_segment(name: &str, text: &str) -> Result<String> {
    if text.is_empty() {
        return Err(Error::invalid_argument(name, "path parameter must not be empty"));
    }
    let undotted = text.to_ascii_lowercase().replace("%2e", ".");
    if undotted == "." || undotted == ".." {
        return Err(Error::invalid_argument(name, "path parameter must not be `.` or `..` (a dot segment)"));
    }
    let encoded = utf8_percent_encode(text, PATH_SEGMENT).to_string();
    if encoded.len() > MAX_PATH_PARAM_BYTES {
        return Err(Error::invalid_argument(
            name,
            format!("path parameter is {} bytes encoded, more than {MAX_PATH_PARAM_BYTES}", encoded.len()),
        ));
    }
    Ok(encoded)
}

/// The spec's `minimum`/`maximum` of a numeric parameter (each array item for arrays).
fn check_bounds(p: &ParamSpec, value: &Value) -> Result<()> {
    if p.minimum.is_none() && p.maximum.is_none() {
        return Ok(());
    }
    let values = match value {
        Value::Array(items) => items.as_slice(),
        one => std::slice::from_ref(one),
    };
    for v in values {
        let Some(n) = v.as_f64() else { continue };
        let low = p.minimum.is_some_and(|min| n < min);
        let high = p.maximum.is_some_and(|max| n > max);
        if low || high {
            let range = match (p.minimum, p.maximum) {
                (Some(min), Some(max)) => format!("from {min} to {max}"),
                (Some(min), None) => format!("at least {min}"),
                (_, max) => format!("at most {}", max.unwrap_or(f64::INFINITY)),
            };
            return Err(Error::invalid_argument(p.name, format!("must be {range}, got {v}")));
        }
    }
    Ok(())
}

/// Moves the body fields out of `params`, checking required fields and types.
/// A `null` the caller sent is kept: it clears the field, unlike leaving it out.
fn take_fields(
    op: &OperationSpec,
    fields: &[FieldSpec],
    params: &mut Map<String, Value>,
    skip_files: bool,
) -> Result<Map<String, Value>> {
    let mut out = Map::new();
    for f in fields {
        if skip_files && f.ty == ValueType::File {
            continue;
        }
        match params.remove(f.name) {
            Some(Value::Null) => {
                out.insert(f.name.to_owned(), Value::Null);
            }
            Some(v) => {
                check_type(f.name, f.ty, &v)?;
                out.insert(f.name.to_owned(), v);
            }
            None if f.required => {
                return Err(Error::invalid_argument(f.name, format!("required by `{}`", op.name)));
            }
            None => {}
        }
    }
    Ok(out)
}

fn multipart_parts(
    op: &OperationSpec,
    fields: &[FieldSpec],
    params: &mut Map<String, Value>,
    files: Vec<(String, FileUpload)>,
) -> Result<Vec<(String, PartValue)>> {
    let mut parts = Vec::new();
    let mut given_files: Vec<&str> = Vec::new();
    for (name, upload) in files {
        let Some(field) = fields.iter().find(|f| f.name == name) else {
            return Err(Error::invalid_argument(name, format!("unknown file field for `{}`", op.name)));
        };
        if field.ty != ValueType::File {
            return Err(Error::invalid_argument(name, "is not a file field"));
        }
        if params.contains_key(field.name) || given_files.contains(&field.name) {
            return Err(Error::invalid_argument(name, "file given twice"));
        }
        given_files.push(field.name);
        upload.check(&name)?;
        parts.push((name, PartValue::File(upload)));
    }
    for f in fields.iter().filter(|f| f.ty == ValueType::File && !given_files.contains(&f.name)) {
        match params.remove(f.name) {
            Some(v) if !v.is_null() => {
                let upload = FileUpload::from_json(f.name, &v)?;
                upload.check(f.name)?;
                parts.push((f.name.to_owned(), PartValue::File(upload)))
            }
            _ if f.required => {
                return Err(Error::invalid_argument(f.name, format!("a file is required by `{}`", op.name)));
            }
            _ => {}
        }
    }
    for (name, value) in take_fields(op, fields, params, true)? {
        match value {
            Value::Array(items) => {
                parts.extend(items.iter().map(|item| (name.clone(), PartValue::Text(form_text(item)))));
            }
            Value::Null => {}
            other => parts.push((name, PartValue::Text(form_text(&other)))),
        }
    }
    Ok(parts)
}

/// Checks that `value` has the JSON shape `ty`; a `File` field is checked where it is read.
fn check_type(name: &str, ty: ValueType, value: &Value) -> Result<()> {
    let ok = match ty {
        ValueType::String => value.is_string(),
        ValueType::Integer => value.is_i64() || value.is_u64(),
        ValueType::Number => value.is_number(),
        ValueType::Boolean => value.is_boolean(),
        ValueType::Object => value.is_object(),
        ValueType::Any | ValueType::File => true,
        ValueType::Array(item) => {
            let Value::Array(items) = value else {
                return Err(mistyped(name, ty, value));
            };
            for (i, v) in items.iter().enumerate() {
                check_type(&format!("{name}[{i}]"), *item, v)?;
            }
            true
        }
    };
    if ok {
        Ok(())
    } else {
        Err(mistyped(name, ty, value))
    }
}

fn mistyped(name: &str, ty: ValueType, value: &Value) -> Error {
    Error::invalid_argument(name, format!("expected {}, got {}", expected_name(ty), type_name(value)))
}

fn expected_name(ty: ValueType) -> String {
    match ty {
        ValueType::String => "a string".into(),
        ValueType::Integer => "an integer".into(),
        ValueType::Number => "a number".into(),
        ValueType::Boolean => "a boolean".into(),
        ValueType::Object => "an object".into(),
        ValueType::Any => "any JSON value".into(),
        ValueType::File => "a file".into(),
        ValueType::Array(item) => format!("an array of {}", expected_name(*item)),
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a number",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Text of a scalar as it goes into a URL: strings raw, booleans `true`/`false`.
fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Text of a form or query value; objects go as JSON text.
fn form_text(v: &Value) -> String {
    scalar_text(v).unwrap_or_else(|| v.to_string())
}

/// Arrays become repeated keys (`email_address=a&email_address=b`).
fn push_query(query: &mut Vec<(String, String)>, p: &ParamSpec, value: &Value) {
    let name = p.name;
    match value {
        Value::Array(items) if p.explode => {
            query.extend(items.iter().filter(|v| !v.is_null()).map(|v| (name.to_owned(), form_text(v))));
        }
        Value::Array(items) => {
            let joined: Vec<String> = items.iter().filter(|v| !v.is_null()).map(form_text).collect();
            query.push((name.to_owned(), joined.join(",")));
        }
        other => query.push((name.to_owned(), form_text(other))),
    }
}
