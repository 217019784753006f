# Interface of the Rust extension module (bindings/python/src).
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, Union

SDK_VERSION: str
JSON_MAX_DEPTH: int
API_VERSION: str

_Callback = Callable[[bool, Any], None]
_Files = Optional[Sequence[Tuple[str, Optional[str], Optional[str], Any]]]

class NativeError(Exception):
    # The core's error record (`clerk_backend::boundary::ErrorRecord`) as attributes.
    code: str
    message: str
    reason: Optional[str]
    status: Optional[int]
    clerk_trace_id: Optional[str]
    errors: Any
    body: Optional[str]
    headers: List[Tuple[str, str]]
    parameter: Optional[str]
    detail: Optional[str]
    retry_after: Optional[float]
    wrong_type: bool

class NativeAuthError(Exception):
    # The core's error record (`clerk_backend::boundary::ErrorRecord`) as attributes.
    code: str
    message: str
    reason: Optional[str]
    status: Optional[int]
    clerk_trace_id: Optional[str]
    errors: Any
    body: Optional[str]
    headers: List[Tuple[str, str]]
    parameter: Optional[str]
    detail: Optional[str]
    retry_after: Optional[float]
    wrong_type: bool

class NativePages:
    def next_page(self) -> Optional[List[Any]]: ...
    def next_page_async(self, callback: _Callback) -> NativeCall: ...

class NativeClient:
    # `options`: the core's client options (`secret_key`, `server_url`, `timeout_ms`, `retry`, ...); None is unset.
    def __init__(self, options: Dict[str, Any]) -> None: ...
    # `options`: the core's call options (`retry`, `timeout_ms`, `server_url`, `headers`).
    def call(self, name: str, params: Any, files: _Files = None, options: Optional[Dict[str, Any]] = None) -> Tuple[int, Any]: ...
    def call_async(self, callback: _Callback, name: str, params: Any, files: _Files = None,
                   options: Optional[Dict[str, Any]] = None) -> NativeCall: ...
    def pages(self, name: str, params: Any, options: Optional[Dict[str, Any]] = None) -> NativePages: ...

class NativeCall:
    def abort(self) -> None: ...

class NativeAuthenticator:
    def __init__(self, now_ms: Optional[int] = None, shared: bool = False) -> None: ...
    def set_now_ms(self, now_ms: int) -> None: ...
    def jwks_fetch_count(self) -> int: ...
    # `request`: a framework request object or a headers mapping.
    def authenticate_request(self, request: Any, options: _RequestOptions) -> Dict[str, Any]: ...
    def authenticate_request_async(self, callback: _Callback, request: Any, options: _RequestOptions) -> None: ...
    def verify_token(self, token: str, options: _VerifyOptions) -> Dict[str, Any]: ...

class NativeVerifyOptions:
    def __init__(self, options: Dict[str, Any]) -> None: ...

class NativeRequestOptions:
    def __init__(self, options: Dict[str, Any]) -> None: ...

_VerifyOptions = Union[NativeVerifyOptions, Dict[str, Any]]
_RequestOptions = Union[NativeRequestOptions, Dict[str, Any]]

class NativeAuthSource:
    def payload(self) -> Any: ...
    def to_auth(self, treat_pending_as_signed_out: bool) -> Any: ...

# `headers`: a headers mapping or a request object.
def verify_webhook_native(body: bytes, headers: Any, signing_secret: Optional[str] = None, now_ms: Optional[int] = None,
                          tolerance_seconds: Optional[int] = None, accept_standard_headers: bool = False) -> Dict[str, Any]: ...

# `(method, absolute URL, headers)` of a request object, as authentication sees them.
def request_parts(request: Any) -> Tuple[str, str, List[Tuple[str, str]]]: ...

# The response converter on its own: JSON bytes to dict/list/str/int/float/bool/None.
def json_loads(body: bytes) -> Any: ...
def py_to_json(value: Any) -> str: ...
def before_exit() -> None: ...

def tables_json() -> str: ...
