//! The shared runtime's worker count: one by default, or
//! `CLERK_RUNTIME_WORKER_THREADS`. The runtime is process-wide, so each case
//! runs in a fresh process (this test binary re-run with one ignored test).

use std::process::Command;

/// Threads of this process named like the runtime's (`comm` is cut to 15 bytes).
fn runtime_threads() -> usize {
    std::fs::read_dir("/proc/self/task")
        .expect("/proc/self/task")
        .filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("comm")).ok())
        .filter(|name| name.trim_end().starts_with("clerk-backend-r"))
        .count()
}

#[test]
#[ignore = "run in a child process by `worker_count`"]
fn child_reports_worker_count() {
    let _ = clerk_backend::runtime::handle();
    // Worker threads are launched with the runtime but start asynchronously:
    // wait until the count has held for a while. Blocking-pool threads (same
    // name) only start on demand, and nothing here demands one.
    let (mut last, mut stable) = (0, 0);
    while stable < 10 {
        std::thread::sleep(std::time::Duration::from_millis(20));
        let now = runtime_threads();
        stable = if now == last { stable + 1 } else { 0 };
        last = now;
    }
    println!("WORKERS={last}");
}

fn workers_in_child(env: Option<&str>) -> usize {
    let mut cmd = Command::new(std::env::current_exe().expect("test exe"));
    cmd.args(["--ignored", "--exact", "child_reports_worker_count", "--nocapture", "--test-threads=1"]);
    match env {
        Some(v) => cmd.env("CLERK_RUNTIME_WORKER_THREADS", v),
        None => cmd.env_remove("CLERK_RUNTIME_WORKER_THREADS"),
    };
    let out = cmd.output().expect("child test run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "child failed: {text}");
    text.lines()
        .find_map(|l| l.split_once("WORKERS=").map(|(_, n)| n))
        .and_then(|n| n.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| panic!("no count in child output: {text}"))
}

#[test]
fn worker_count() {
    assert_eq!(workers_in_child(None), 1, "default");
    assert_eq!(workers_in_child(Some("3")), 3, "from the environment");
    assert_eq!(workers_in_child(Some("0")), 1, "clamped to at least one");
    assert_eq!(workers_in_child(Some("many")), 1, "unparsable: the default");
}
