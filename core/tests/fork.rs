//! A pre-fork server's worker: the parent uses the client, forks, and the
//! child calls with the same client. The child must get a fresh runtime and a
//! fresh connection pool (never the parent's sockets), and the parent must
//! keep working.
#![allow(clippy::unwrap_used)]

mod support;

use std::time::{Duration, Instant};

use clerk_backend::{runtime, BlockingClient, CallInput, CallOptions, RetryConfig};
use serde_json::json;
use support::*;

fn get_user(client: &BlockingClient, id: &str) -> bool {
    client
        .call_op(&GET_USER, CallInput::json(json!({"user_id": id})), &CallOptions::default())
        .is_ok_and(|r| r.status == 200)
}

/// Runs in the forked child; returns its exit code.
fn child(client: &BlockingClient, parent_generation: u64) -> i32 {
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let ok = get_user(client, "from_child") && get_user(client, "from_child_again");
        let fresh_runtime = runtime::generation().is_ok_and(|g| g != parent_generation);
        match (ok, fresh_runtime) {
            (true, true) => 0,
            (false, _) => 2,
            (true, false) => 3,
        }
    }));
    outcome.unwrap_or(4)
}

/// Waits for `pid`, killing it if it has not exited in 30 s (a hang is a failure).
fn wait_for(pid: libc::pid_t) -> i32 {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let mut status = 0;
        // SAFETY: waiting on our own child with a valid status pointer.
        let r = unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) };
        assert!(r >= 0, "waitpid failed");
        if r == pid {
            assert!(libc::WIFEXITED(status), "child did not exit normally: {status}");
            return libc::WEXITSTATUS(status);
        }
        if Instant::now() > deadline {
            // SAFETY: signalling our own child.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            panic!("the forked child hung");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Forks; the child runs [`child`] and exits with its code, which the parent returns.
fn fork_and_wait(client: &BlockingClient) -> i32 {
    let parent_generation = runtime::generation().unwrap();
    // SAFETY: the child only uses the SDK (which is what is under test) and leaves with _exit.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0, "fork failed");
    if pid == 0 {
        let code = child(client, parent_generation);
        // SAFETY: ends the child without running the parent's destructors or test harness.
        unsafe { libc::_exit(code) };
    }
    wait_for(pid)
}

#[test]
fn child_process_calls_after_the_parent_did() {
    let server = RawServer::start(vec![Act::Respond(200, r#"{"id":"user_1"}"#)]);
    // Short, unretried attempts: a child stuck on the parent's sockets fails fast.
    let (client, _) = client_with(&server.url(), RetryConfig::none(), Some(Duration::from_secs(3)));
    let client = client.blocking();
    assert!(get_user(&client, "from_parent"));
    assert_eq!(server.connection_count(), 1);
    let parent_generation = runtime::generation().unwrap();
    assert_eq!(fork_and_wait(&client), 0, "child exit code (2: call failed, 3: runtime reused, 4: panic)");
    assert_eq!(server.count(), 3);
    let after_child = server.connection_count();
    assert!(after_child >= 2, "the child opened its own connection instead of using the parent's");

    // The parent's runtime and pool are untouched.
    assert!(get_user(&client, "from_parent_again"));
    assert_eq!(runtime::generation().unwrap(), parent_generation);
    assert_eq!(server.count(), 4);
}

#[test]
fn fork_while_other_threads_are_mid_call() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;

    let server = RawServer::start(vec![Act::Respond(200, r#"{"id":"user_1"}"#)]);
    let (client, _) = client_with(&server.url(), RetryConfig::none(), Some(Duration::from_secs(3)));
    let client = client.blocking();
    let stop = Arc::new(AtomicBool::new(false));
    let busy: Vec<_> = (0..4)
        .map(|_| {
            let (client, stop) = (client.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    assert!(get_user(&client, "busy"));
                }
            })
        })
        .collect();
    while server.count() < 20 {
        std::thread::yield_now();
    }
    // The SDK holds no lock another thread could own at fork time.
    let code = fork_and_wait(&client);
    stop.store(true, Ordering::Relaxed);
    for t in busy {
        t.join().unwrap();
    }
    assert_eq!(code, 0, "child exit code (2: call failed, 3: runtime reused, 4: panic)");
}
