//! Routing and the handlers of the endpoints the mock serves.

// Handlers return their error reply with `?`; boxing it would only add noise to a test server.
#![allow(clippy::result_large_err)]

use std::sync::Mutex;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{AUTHORIZATION, CONTENT_TYPE};
use hyper::{Method, Request, Response, StatusCode};
use serde_json::{json, Map, Value};

use crate::store::{new_id, now_ms, Store};
use crate::token::{Signer, JWKS};

const MAX_BODY_BYTES: usize = 1 << 20;
/// Lifetime of a session token when `expires_in_seconds` is not given (Clerk's default is 60 s).
const DEFAULT_TOKEN_LIFETIME_S: i64 = 60;

pub struct State {
    store: Mutex<Store>,
    signer: Signer,
}

impl State {
    pub fn new() -> Result<Self, String> {
        Ok(State { store: Mutex::new(Store::new()?), signer: Signer::new()? })
    }

    fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        // A handler that panicked cannot leave the store half-written (each
        // mutation is one statement), so a poisoned lock is still usable.
        self.store.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

type Reply = Response<Full<Bytes>>;

fn reply(status: StatusCode, body: &Value) -> Reply {
    let mut resp = Response::new(Full::new(Bytes::from(body.to_string())));
    *resp.status_mut() = status;
    resp.headers_mut().insert(CONTENT_TYPE, hyper::header::HeaderValue::from_static("application/json"));
    resp
}

/// Clerk's error body: `{"errors": [...], "clerk_trace_id": "..."}`.
fn clerk_error(status: StatusCode, code: &str, message: &str, long_message: &str) -> Reply {
    reply(
        status,
        &json!({
            "errors": [{"code": code, "message": message, "long_message": long_message, "meta": {}}],
            "clerk_trace_id": new_id("trace"),
        }),
    )
}

fn not_found(what: &str) -> Reply {
    clerk_error(StatusCode::NOT_FOUND, "resource_not_found", "not found", &format!("{what} not found"))
}

fn invalid(param: &str, long_message: &str) -> Reply {
    let mut resp =
        clerk_error(StatusCode::UNPROCESSABLE_ENTITY, "form_param_value_invalid", "is invalid", long_message);
    let body = json!({
        "errors": [{"code": "form_param_value_invalid", "message": "is invalid", "long_message": long_message,
                    "meta": {"param_name": param}}],
        "clerk_trace_id": new_id("trace"),
    });
    *resp.body_mut() = Full::new(Bytes::from(body.to_string()));
    resp
}

pub async fn handle(state: &State, req: Request<Incoming>) -> Reply {
    let authorized = req
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|key| !key.trim().is_empty());
    if !authorized {
        return clerk_error(
            StatusCode::UNAUTHORIZED,
            "authorization_invalid",
            "Unauthorized request",
            "You are not authorized to perform this request",
        );
    }

    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let query = req.uri().query().unwrap_or("").to_owned();
    let body = match Limited::new(req.into_body(), MAX_BODY_BYTES).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(e) => return invalid("body", &format!("could not read the request body: {e}")),
    };
    let body = match parse_object(&body) {
        Ok(b) => b,
        Err(resp) => return resp,
    };

    let path = path.strip_prefix("/v1").unwrap_or(&path);
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    match (&method, segments.as_slice()) {
        (&Method::GET, ["jwks"]) => match serde_json::from_str::<Value>(JWKS) {
            Ok(jwks) => reply(StatusCode::OK, &jwks),
            Err(e) => clerk_error(StatusCode::INTERNAL_SERVER_ERROR, "internal", "bad fixture", &e.to_string()),
        },
        (&Method::GET, ["users"]) => list_users(state, &query),
        (&Method::GET, ["users", "count"]) => reply(
            StatusCode::OK,
            &json!({"object": "total_count", "total_count": state.store().list_users(usize::MAX, 0).len()}),
        ),
        (&Method::POST, ["users"]) => create_user(state, &body),
        (&Method::GET, ["users", id]) => match state.store().user(id) {
            Some(user) => reply(StatusCode::OK, user),
            None => not_found("User"),
        },
        (&Method::DELETE, ["users", id]) => {
            if state.store().delete_user(id) {
                reply(StatusCode::OK, &json!({"object": "user", "id": id, "deleted": true}))
            } else {
                not_found("User")
            }
        }
        (&Method::PATCH, ["users", id, "metadata"]) => match state.store().update_metadata(id, &body) {
            Some(user) => reply(StatusCode::OK, &user),
            None => not_found("User"),
        },
        (&Method::POST, ["sessions"]) => create_session(state, &body),
        (&Method::POST, ["sessions", id, "tokens"]) => create_session_token(state, id, &body),
        _ => not_found("Resource"),
    }
}

fn parse_object(body: &[u8]) -> Result<Map<String, Value>, Reply> {
    if body.is_empty() {
        return Ok(Map::new());
    }
    match serde_json::from_slice(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(invalid("body", "the request body must be a JSON object")),
        Err(e) => Err(invalid("body", &format!("the request body is not valid JSON: {e}"))),
    }
}

fn query_number(query: &str, name: &str, default: usize, max: usize) -> Result<usize, Reply> {
    let Some(raw) = query.split('&').filter_map(|kv| kv.split_once('=')).find(|(k, _)| *k == name).map(|(_, v)| v)
    else {
        return Ok(default);
    };
    match raw.parse::<usize>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(invalid(name, &format!("`{name}` must be an integer between 0 and {max}"))),
    }
}

fn list_users(state: &State, query: &str) -> Reply {
    let limit = match query_number(query, "limit", 10, 500) {
        Ok(n) => n,
        Err(resp) => return resp,
    };
    let offset = match query_number(query, "offset", 0, usize::MAX) {
        Ok(n) => n,
        Err(resp) => return resp,
    };
    reply(StatusCode::OK, &Value::Array(state.store().list_users(limit, offset)))
}

fn create_user(state: &State, body: &Map<String, Value>) -> Reply {
    let mut store = state.store();
    let taken = body.get("email_address").and_then(Value::as_array).into_iter().flatten().any(|wanted| {
        store
            .list_users(usize::MAX, 0)
            .iter()
            .any(|u| u["email_addresses"].as_array().into_iter().flatten().any(|e| e["email_address"] == *wanted))
    });
    if taken {
        return clerk_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_identifier_exists",
            "That email address is taken. Please try another.",
            "That email address is taken. Please try another.",
        );
    }
    reply(StatusCode::OK, &store.create_user(body))
}

fn create_session(state: &State, body: &Map<String, Value>) -> Reply {
    let Some(user_id) = body.get("user_id").and_then(Value::as_str) else {
        return invalid("user_id", "`user_id` is required");
    };
    let mut store = state.store();
    if store.user(user_id).is_none() {
        return not_found("User");
    }
    let id = store.create_session(user_id);
    let now = now_ms();
    reply(
        StatusCode::OK,
        &json!({
            "object": "session",
            "id": id,
            "user_id": user_id,
            "client_id": new_id("client"),
            "actor": null,
            "status": "active",
            "last_active_organization_id": body.get("active_organization_id").cloned().unwrap_or(Value::Null),
            "last_active_at": now,
            "expire_at": now + 7 * 24 * 3600 * 1000,
            "abandon_at": now + 30 * 24 * 3600 * 1000,
            "updated_at": now,
            "created_at": now,
            "tasks": null
        }),
    )
}

fn create_session_token(state: &State, session_id: &str, body: &Map<String, Value>) -> Reply {
    let lifetime = match body.get("expires_in_seconds") {
        None | Some(Value::Null) => DEFAULT_TOKEN_LIFETIME_S,
        Some(v) => match v.as_i64() {
            Some(s) if (30..=315_360_000).contains(&s) => s,
            _ => return invalid("expires_in_seconds", "`expires_in_seconds` must be an integer from 30 to 315360000"),
        },
    };
    let Some(user_id) = state.store().session_user(session_id).map(str::to_owned) else {
        return not_found("Session");
    };
    match state.signer.session_token(&user_id, session_id, now_ms() / 1000, lifetime) {
        Ok(jwt) => reply(StatusCode::OK, &json!({"object": "token", "jwt": jwt})),
        Err(e) => clerk_error(StatusCode::INTERNAL_SERVER_ERROR, "internal", "signing failed", &e),
    }
}
