//! The Backend API calls this feature makes (JWKS, machine-token verify),
//! behind a small trait so the cache and the flows can be tested against a
//! local server and the transport can be swapped for the core client.

use std::collections::HashMap;
use std::sync::Mutex;

use bytes::Bytes;

use super::clock::BoxFuture;
use crate::config::{CallOptions, ClientOptions, RetryConfig};
use crate::ops::spec::HttpMethod;
use crate::secret::SecretString;
use crate::Client;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BapiMethod {
    Get,
    Post,
}

/// One request to the Backend API. No retries happen below this layer: the
/// JWKS fetch has its own retry policy (spec 6.2).
#[derive(Debug, Clone)]
pub struct BapiRequest {
    pub method: BapiMethod,
    /// Absolute URL.
    pub url: String,
    /// Sent as `Authorization: Bearer <key>`.
    pub bearer: Option<SecretString>,
    /// Sent as the JSON body.
    pub json: Option<serde_json::Value>,
}

#[derive(Debug, Clone)]
pub struct BapiResponse {
    pub status: u16,
    pub body: Bytes,
}

/// The request did not produce a response (connect, timeout, broken body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BapiTransportError(pub String);

/// Sends one Backend API request.
pub trait BackendApi: Send + Sync {
    fn send(&self, request: BapiRequest) -> BoxFuture<'_, Result<BapiResponse, BapiTransportError>>;
}

/// The default transport: the core [`crate::Client`], one per (API origin,
/// bearer key), with retries off (the JWKS fetch has its own policy).
/// Clients share the process runtime and its fork-aware HTTP stack.
pub struct ClientBackendApi {
    template: ClientOptions,
    clients: Mutex<HashMap<(String, [u8; 32]), Client>>,
}

impl Default for ClientBackendApi {
    fn default() -> Self {
        ClientBackendApi::new(ClientOptions::default())
    }
}

/// Distinct (origin, key) clients kept; more means keys change per request.
const MAX_CLIENTS: usize = 32;

impl ClientBackendApi {
    /// `template` supplies timeouts, proxy and user-agent suffix; its secret
    /// key, server URL and retry policy are replaced per request.
    pub fn new(template: ClientOptions) -> Self {
        ClientBackendApi { template, clients: Mutex::new(HashMap::new()) }
    }

    fn client_for(&self, origin: &str, bearer: &SecretString) -> Result<Client, BapiTransportError> {
        let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, bearer.expose().as_bytes());
        let mut hash = [0u8; 32];
        hash.copy_from_slice(digest.as_ref());
        let key = (origin.to_owned(), hash);
        let mut clients = self.clients.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = clients.get(&key) {
            return Ok(c.clone());
        }
        let client = Client::new(ClientOptions {
            secret_key: Some(bearer.clone()),
            server_url: Some(origin.to_owned()),
            retry: Some(RetryConfig::none()),
            ..self.template.clone()
        })
        .map_err(|e| BapiTransportError(e.to_string()))?;
        if clients.len() >= MAX_CLIENTS {
            clients.clear();
        }
        clients.insert(key, client.clone());
        Ok(client)
    }
}

/// `scheme://host[:port]` of an absolute URL.
fn origin(url: &str) -> Option<&str> {
    let after_scheme = url.find("://")? + 3;
    let end = url[after_scheme..].find(['/', '?', '#']).map_or(url.len(), |i| after_scheme + i);
    Some(&url[..end])
}

impl BackendApi for ClientBackendApi {
    fn send(&self, request: BapiRequest) -> BoxFuture<'_, Result<BapiResponse, BapiTransportError>> {
        Box::pin(async move {
            let bearer = request
                .bearer
                .as_ref()
                .ok_or_else(|| BapiTransportError("no key to authenticate the request with".into()))?;
            let origin = origin(&request.url).ok_or_else(|| BapiTransportError("not an absolute URL".into()))?;
            let client = self.client_for(origin, bearer)?;
            let method = match request.method {
                BapiMethod::Get => HttpMethod::Get,
                BapiMethod::Post => HttpMethod::Post,
            };
            let opts = CallOptions { retry: Some(RetryConfig::none()), ..CallOptions::default() };
            match client.send_raw(method, &request.url, &[], request.json.as_ref(), &opts).await {
                Ok(r) => Ok(BapiResponse { status: r.status, body: r.body }),
                Err(crate::Error::Api(e)) => Ok(BapiResponse { status: e.status, body: Bytes::from(e.raw_body) }),
                Err(e) => Err(BapiTransportError(e.to_string())),
            }
        })
    }
}

/// `{api_url}/{segments…}` with duplicate `/` collapsed; `.`/`..` segments
/// and a scheme-less base are refused (spec 6.1).
pub(crate) fn join_url(base: &str, segments: &[&str]) -> Result<String, String> {
    let (scheme, rest) = base
        .split_once("://")
        .filter(|(s, _)| s.eq_ignore_ascii_case("https") || s.eq_ignore_ascii_case("http"))
        .ok_or_else(|| format!("API URL {base:?} is not an absolute http(s) URL"))?;
    let mut out = format!("{scheme}://");
    let mut pieces = rest.split('/').filter(|p| !p.is_empty());
    let host = pieces.next().ok_or_else(|| format!("API URL {base:?} has no host"))?;
    out.push_str(host);
    for piece in pieces.chain(segments.iter().flat_map(|s| s.split('/')).filter(|p| !p.is_empty())) {
        if piece == "." || piece == ".." {
            return Err(format!("API URL path segment {piece:?} is not allowed"));
        }
        out.push('/');
        out.push_str(piece);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::join_url;

    #[test]
    fn joins_and_collapses() {
        assert_eq!(join_url("https://api.clerk.com", &["v1", "jwks"]).as_deref(), Ok("https://api.clerk.com/v1/jwks"));
        assert_eq!(
            join_url("https://api.clerk.com//", &["/v1/", "/jwks"]).as_deref(),
            Ok("https://api.clerk.com/v1/jwks")
        );
        assert_eq!(
            join_url("http://127.0.0.1:9/p", &["api_keys/verify"]).as_deref(),
            Ok("http://127.0.0.1:9/p/api_keys/verify")
        );
        assert!(join_url("https://api.clerk.com", &["..", "jwks"]).is_err());
        assert!(join_url("api.clerk.com", &["v1"]).is_err());
    }

    #[test]
    fn origins() {
        assert_eq!(super::origin("http://127.0.0.1:9/v1/jwks"), Some("http://127.0.0.1:9"));
        assert_eq!(super::origin("https://api.clerk.com"), Some("https://api.clerk.com"));
        assert_eq!(super::origin("api.clerk.com/x"), None);
    }
}
