//! Contract test: every operation of the Backend API, called through the core
//! against Prism (Stoplight's OpenAPI mock), which validates each request
//! against the spec.
//!
//! For each operation in `core/src/generated/ir.json` the test calls it by
//! name with the generator's example parameters (multipart file fields get a
//! small PNG as a `FileUpload`) and asserts that
//! 1. Prism accepted the request: a 2xx answer and no request violation in
//!    the `sl-violations` header, and
//! 2. the response decodes into the operation's typed model.
//!
//! `scripts/test.sh` starts the two Prism instances and sets
//! `CLERK_CONTRACT_URL` (2026-05-12 spec) and `CLERK_CONTRACT_URL_2024`
//! (2024-10-01 spec, the only one describing `sessions.verify`); by hand:
//! `scripts/prism.sh` in one shell, then
//! `cargo test -p clerk-backend --test contract -- --nocapture`.
//! Without them the test fails, unless `CLERK_CONTRACT_SKIP=1` says the skip is
//! intended. The report goes to stdout and `<target dir>/contract-report.txt`.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Duration;

use clerk_backend::ops::build::{build, PreparedBody};
use clerk_backend::ops::registry;
use clerk_backend::{CallInput, CallOptions, Client, ClientOptions, Error, FileUpload, RetryConfig};
use serde_json::Value;

/// Operations that cannot pass against Prism for a reason in Prism or the
/// spec, not in the core: (operation, reason). At most `MAX_FAILURES` entries.
const KNOWN_LIMITATIONS: &[(&str, &str)] = &[];

/// The issue allows at most this many operations to fail (each a known limitation).
const MAX_FAILURES: usize = 5;

/// The smallest valid PNG (1×1, transparent), for the logo and profile-image uploads.
const PNG_1X1: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

const SPEC_2024: &str = "bapi-2024-10-01.yml";

/// One operation as the generator's IR describes it; read tolerantly so that
/// IR fields this test does not need can change freely.
struct IrOperation {
    name: String,
    spec: String,
    example: Value,
    file_fields: Vec<String>,
}

fn read_ir() -> Vec<IrOperation> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/generated/ir.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let ir: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
    let ops = ir["operations"].as_array().unwrap_or_else(|| panic!("{} has no `operations` array", path.display()));
    ops.iter()
        .map(|op| {
            let name = op["name"].as_str().unwrap_or_else(|| panic!("IR operation without a name: {op}"));
            let file_fields = op["body"]["fields"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|f| f["type"]["kind"] == "file")
                .filter_map(|f| f["name"].as_str().map(str::to_owned))
                .collect();
            IrOperation {
                name: name.to_owned(),
                spec: op["spec"].as_str().unwrap_or_default().to_owned(),
                example: op.get("example").cloned().unwrap_or_else(|| Value::Object(Default::default())),
                file_fields,
            }
        })
        .collect()
}

/// Prism's `sl-violations` header split into (request, response) violation
/// messages. Request violations fail the operation; response violations are
/// about Prism's generated data (or a spec that requires fields it never
/// defines) and are only reported.
fn violations(header: Option<&str>) -> (Vec<String>, Vec<String>) {
    let Some(raw) = header else {
        return (Vec::new(), Vec::new());
    };
    let list: Vec<Value> = serde_json::from_str(raw).unwrap_or_else(|_| vec![Value::String(raw.to_owned())]);
    let message = |v: &Value| v["message"].as_str().map_or_else(|| v.to_string(), str::to_owned);
    let (request, response): (Vec<&Value>, Vec<&Value>) = list.iter().partition(|v| v["location"][0] != "response");
    (request.into_iter().map(message).collect(), response.into_iter().map(message).collect())
}

fn input_for(op: &IrOperation) -> CallInput {
    op.file_fields.iter().fold(CallInput::json(op.example.clone()), |input, field| {
        input.with_file(field.clone(), FileUpload::from_bytes("logo.png", PNG_1X1).with_content_type("image/png"))
    })
}

/// After a 4xx the core's error has no headers; send the same request once
/// more, plainly, to read Prism's `sl-violations` for the report.
async fn violations_of_failed_call(op: &IrOperation, base: &str) -> String {
    let Some(spec) = registry::find(&op.name) else {
        return String::new();
    };
    let Ok(prepared) = build(spec, input_for(op)) else {
        return String::new();
    };
    let method = reqwest::Method::from_bytes(prepared.method.as_str().as_bytes()).unwrap_or(reqwest::Method::GET);
    let mut req = reqwest::Client::new()
        .request(method, format!("{}{}", base.trim_end_matches('/'), prepared.path))
        .bearer_auth("sk_test_contract")
        .query(&prepared.query);
    match prepared.body {
        PreparedBody::Json(v) => {
            req = req.header(reqwest::header::CONTENT_TYPE, "application/json").body(v.to_string());
        }
        // Multipart parts are rebuilt by the core only; the status says enough.
        PreparedBody::None | PreparedBody::Multipart(_) => {}
    }
    match req.send().await {
        Ok(resp) => {
            let header = resp.headers().get("sl-violations").and_then(|v| v.to_str().ok()).map(str::to_owned);
            violations(header.as_deref()).0.join("; ")
        }
        Err(_) => String::new(),
    }
}

enum Outcome {
    Pass { note: String },
    Fail(String),
}

async fn check(client: &Client, op: &IrOperation, base: &str) -> Outcome {
    let Some(spec) = registry::find(&op.name) else {
        return Outcome::Fail("not in the core's operation table (ops::registry)".into());
    };
    let opts = CallOptions {
        server_url: Some(base.to_owned()),
        retry: Some(RetryConfig::none()),
        timeout: Some(Duration::from_secs(30)),
        ..CallOptions::default()
    };
    match client.call_op(spec, input_for(op), &opts).await {
        Ok(raw) => {
            let (refused, response_notes) = violations(raw.header("sl-violations"));
            if !refused.is_empty() {
                return Outcome::Fail(format!(
                    "HTTP {}, Prism refused the request: {}",
                    raw.status,
                    refused.join("; ")
                ));
            }
            if let Err(e) = raw.check_model(spec) {
                let body: String = raw.text().chars().take(300).collect();
                return Outcome::Fail(format!("HTTP {}, response did not decode: {e}; body: {body}", raw.status));
            }
            let note = if response_notes.is_empty() {
                String::new()
            } else {
                format!(" (decoded although Prism flags the response: {})", response_notes.join("; "))
            };
            Outcome::Pass { note: format!("HTTP {}{note}", raw.status) }
        }
        Err(Error::Api(e)) => {
            let refused = violations_of_failed_call(op, base).await;
            let why = if refused.is_empty() {
                e.raw_body.chars().take(200).collect()
            } else {
                format!("Prism refused the request: {refused}")
            };
            Outcome::Fail(format!("HTTP {}: {why}", e.status))
        }
        Err(e) => Outcome::Fail(format!("{} before or while sending: {e}", e.code())),
    }
}

fn report_path() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"));
    target.join("contract-report.txt")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_against_prism() {
    let (Ok(main_url), url_2024) = (std::env::var("CLERK_CONTRACT_URL"), std::env::var("CLERK_CONTRACT_URL_2024"))
    else {
        let banner = "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!";
        if std::env::var("CLERK_CONTRACT_SKIP").as_deref() == Ok("1") {
            eprintln!(
                "{banner}\nCONTRACT TEST SKIPPED: CLERK_CONTRACT_URL is unset and CLERK_CONTRACT_SKIP=1.\n{banner}"
            );
            return;
        }
        panic!(
            "{banner}\nCONTRACT TEST NOT RUN: CLERK_CONTRACT_URL is unset. Run scripts/test.sh (it starts Prism), \
             or scripts/prism.sh and export the URLs it prints. Set CLERK_CONTRACT_SKIP=1 to skip on purpose.\n{banner}"
        );
    };
    assert!(KNOWN_LIMITATIONS.len() <= MAX_FAILURES, "the known-limitation list may hold at most {MAX_FAILURES}");
    let operations = read_ir();
    assert!(!operations.is_empty(), "the IR lists no operations");
    let table = registry::all();
    assert_eq!(
        table.len(),
        operations.len(),
        "the core's operation table and the IR disagree on the number of operations"
    );

    let client = Client::new(ClientOptions { secret_key: Some("sk_test_contract".into()), ..ClientOptions::default() })
        .expect("client");
    let mut report = String::new();
    let mut failures: Vec<(String, String)> = Vec::new();
    for op in &operations {
        let base = if op.spec == SPEC_2024 {
            match &url_2024 {
                Ok(url) => url.as_str(),
                Err(_) => {
                    failures.push((op.name.clone(), "CLERK_CONTRACT_URL_2024 is unset".into()));
                    let _ = writeln!(report, "FAIL {}: CLERK_CONTRACT_URL_2024 is unset", op.name);
                    continue;
                }
            }
        } else {
            main_url.as_str()
        };
        let known = KNOWN_LIMITATIONS.iter().find(|(name, _)| *name == op.name);
        match check(&client, op, base).await {
            Outcome::Pass { note } => {
                let stale = if known.is_some() { " [listed as a known limitation but passes: remove it]" } else { "" };
                let _ = writeln!(report, "ok   {} {note}{stale}", op.name);
            }
            Outcome::Fail(why) => {
                let tag = known.map_or(String::new(), |(_, reason)| format!(" [known limitation: {reason}]"));
                let _ = writeln!(report, "FAIL {}: {why}{tag}", op.name);
                failures.push((op.name.clone(), why));
            }
        }
    }

    let passed = operations.len() - failures.len();
    let unexpected: Vec<&(String, String)> =
        failures.iter().filter(|(name, _)| !KNOWN_LIMITATIONS.iter().any(|(k, _)| k == name)).collect();
    let _ = writeln!(report, "contract: {passed}/{} operations passed", operations.len());
    if !failures.is_empty() {
        let _ = writeln!(report, "{} failed, {} of them not known limitations", failures.len(), unexpected.len());
    }
    print!("{report}");
    let path = report_path();
    match std::fs::create_dir_all(path.parent().unwrap_or(&path)).and_then(|()| std::fs::write(&path, &report)) {
        Ok(()) => println!("report written to {}", path.display()),
        Err(e) => println!("could not write {}: {e}", path.display()),
    }

    assert!(failures.len() <= MAX_FAILURES, "{} operations failed (at most {MAX_FAILURES} may)", failures.len());
    assert!(
        unexpected.is_empty(),
        "operations failed that are not known limitations: {:?}",
        unexpected.iter().map(|(n, _)| n).collect::<Vec<_>>()
    );
}
