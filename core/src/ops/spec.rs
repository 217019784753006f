//! Static description of one Backend API operation.
//!
//! The generator (`scripts/gen`) writes one `OperationSpec` per operation into
//! `generated/operations.rs`; the request builder, the dynamic `Client::call`
//! entry point, pagination and the contract tests all read these tables, so
//! that no operation has hand-written request code.

/// HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl HttpMethod {
    pub const fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
        }
    }

    /// Methods that may be retried after the server may have seen the request.
    pub const fn is_idempotent(self) -> bool {
        matches!(self, HttpMethod::Get | HttpMethod::Put | HttpMethod::Delete)
    }
}

/// Where a parameter goes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
}

/// JSON shape a parameter or body field must have; checked before sending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    String,
    Integer,
    Number,
    Boolean,
    /// An array whose items have the given type.
    Array(&'static ValueType),
    Object,
    /// Anything JSON (metadata, free-form objects, unions).
    Any,
    /// A file part of a multipart body.
    File,
}

/// One path or query parameter.
#[derive(Debug, Clone, Copy)]
pub struct ParamSpec {
    /// Name on the wire (as in the spec: `user_id`, `adminPortalLinkTokenID`).
    pub name: &'static str,
    pub location: ParamLocation,
    pub required: bool,
    pub ty: ValueType,
    /// Allowed values when the spec gives an enum (informational: unknown
    /// values are still sent, so that a newer API value is never refused).
    pub enum_values: &'static [&'static str],
    /// Query arrays: repeated keys (`a=1&a=2`) when true, one comma-joined
    /// value (`a=1,2`) when false, as the spec's `explode` says.
    pub explode: bool,
    /// Inclusive bounds of a numeric parameter, as the spec gives them
    /// (`limit`: 1 to 500); a value outside is refused before sending.
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
}

/// One top-level field of a JSON object or multipart body.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    pub name: &'static str,
    pub required: bool,
    pub nullable: bool,
    pub ty: ValueType,
}

/// The request body of an operation.
#[derive(Debug, Clone, Copy)]
pub enum BodySpec {
    None,
    /// A JSON object whose fields are given flattened beside the parameters.
    JsonObject {
        required: bool,
        fields: &'static [FieldSpec],
    },
    /// Any other JSON body (an array, a free-form value), given under the
    /// parameter key `body`.
    JsonValue {
        required: bool,
        ty: ValueType,
    },
    /// `multipart/form-data`; file fields have `ValueType::File`.
    Multipart {
        required: bool,
        fields: &'static [FieldSpec],
    },
}

/// What a successful response carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseKind {
    Json,
    /// No body (or a body the caller does not need).
    Empty,
    /// Text such as HTML.
    Text,
}

/// How a list operation pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pagination {
    None,
    /// `limit`/`offset` query parameters; `data_field` names the array in an
    /// envelope (`{"data": [...], "total_count": n}`), `None` for a bare array.
    OffsetLimit {
        data_field: Option<&'static str>,
    },
}

/// Whether an operation sends the client's secret key, from the spec's
/// `security` (the operation's own, else the spec's global default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// Every alternative needs the bearer key: a call without one is an
    /// [`crate::Error::Config`] before anything is sent.
    SecretKey,
    /// No auth is one alternative (`[{}, {bearerAuth: []}]`): the key is sent
    /// when the client has one, and the call goes out without it otherwise.
    OptionalSecretKey,
    /// `security: []`: never sends `Authorization`, so it works without a key
    /// and does not hand the key to an endpoint that has no use for it.
    None,
}

/// One operation of the Backend API.
#[derive(Debug, Clone, Copy)]
pub struct OperationSpec {
    /// Dotted snake_case name: `users.list`.
    pub name: &'static str,
    /// Resource group (`users`) and method (`list`) separately.
    pub group: &'static str,
    pub method_name: &'static str,
    pub operation_id: &'static str,
    pub http_method: HttpMethod,
    /// Path template relative to the server URL: `/users/{user_id}`.
    pub path: &'static str,
    pub params: &'static [ParamSpec],
    pub body: BodySpec,
    pub response: ResponseKind,
    pub pagination: Pagination,
    pub security: Security,
    pub deprecated: bool,
    pub summary: &'static str,
    /// Decodes a success body into the operation's typed response model,
    /// so that a dynamic call can be checked against the model.
    pub validate_response: fn(&[u8]) -> Result<(), serde_json::Error>,
}
