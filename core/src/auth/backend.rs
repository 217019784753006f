//! The Backend API calls this feature makes (JWKS, machine-token verify),
//! behind a small trait so the cache and the flows can be tested against a
//! local server and the transport can be swapped for the core client.

use std::sync::OnceLock;
use std::time::Duration;

use bytes::Bytes;

use super::clock::BoxFuture;
use crate::secret::SecretString;

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

/// Largest response body read (a JWKS is a few KiB).
const MAX_BODY: usize = 1 << 20;

/// The default transport: reqwest with rustls, built on first use, the
/// headers of spec section 1, no retries.
#[derive(Debug, Default)]
pub struct HttpBackendApi {
    client: OnceLock<Result<reqwest::Client, String>>,
    timeout: Option<Duration>,
}

impl HttpBackendApi {
    pub fn new() -> Self {
        HttpBackendApi::default()
    }

    /// Per-request timeout (default 10 s).
    pub fn with_timeout(timeout: Duration) -> Self {
        HttpBackendApi { client: OnceLock::new(), timeout: Some(timeout) }
    }

    fn client(&self) -> Result<&reqwest::Client, BapiTransportError> {
        let timeout = self.timeout.unwrap_or(Duration::from_secs(10));
        self.client
            .get_or_init(|| {
                reqwest::Client::builder()
                    .timeout(timeout)
                    .connect_timeout(timeout)
                    .user_agent(concat!("clerk-backend-rust/", env!("CARGO_PKG_VERSION")))
                    .build()
                    .map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(|e| BapiTransportError(e.clone()))
    }
}

impl BackendApi for HttpBackendApi {
    fn send(&self, request: BapiRequest) -> BoxFuture<'_, Result<BapiResponse, BapiTransportError>> {
        Box::pin(async move {
            let client = self.client()?;
            let method = match request.method {
                BapiMethod::Get => reqwest::Method::GET,
                BapiMethod::Post => reqwest::Method::POST,
            };
            let mut builder = client
                .request(method, &request.url)
                .header("Clerk-API-Version", crate::API_VERSION)
                .header("Content-Type", "application/json");
            if let Some(key) = &request.bearer {
                builder = builder.header("Authorization", format!("Bearer {}", key.expose()));
            }
            if let Some(json) = &request.json {
                builder = builder.body(json.to_string());
            }
            // reqwest errors may carry the URL but never the headers.
            let response = builder.send().await.map_err(|e| BapiTransportError(e.to_string()))?;
            let status = response.status().as_u16();
            if response.content_length().is_some_and(|l| l > MAX_BODY as u64) {
                return Err(BapiTransportError(format!("response body larger than {MAX_BODY} bytes")));
            }
            let body = response.bytes().await.map_err(|e| BapiTransportError(e.to_string()))?;
            if body.len() > MAX_BODY {
                return Err(BapiTransportError(format!("response body larger than {MAX_BODY} bytes")));
            }
            Ok(BapiResponse { status, body })
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
        assert_eq!(join_url("https://api.clerk.com//", &["/v1/", "/jwks"]).as_deref(), Ok("https://api.clerk.com/v1/jwks"));
        assert_eq!(join_url("http://127.0.0.1:9/p", &["api_keys/verify"]).as_deref(), Ok("http://127.0.0.1:9/p/api_keys/verify"));
        assert!(join_url("https://api.clerk.com", &["..", "jwks"]).is_err());
        assert!(join_url("api.clerk.com", &["v1"]).is_err());
    }
}
