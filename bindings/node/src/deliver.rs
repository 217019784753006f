//! Runs a future as one task on the core's shared runtime and settles a
//! promise with its [`Reply`] from there: the event loop never waits, and
//! the promise's threadsafe function is released once it settles, so a
//! finished call keeps nothing alive. A [`Cancel`] drops the future where it
//! is (its connection closes) and settles the promise with `cancelled`.

use std::future::Future;
use std::task::Poll;

use clerk_backend::auth::poll_now;
use clerk_backend::boundary::ErrorRecord;
use clerk_backend::runtime;
use napi::bindgen_prelude::{Either, Object};
use napi::Env;
use tokio::runtime::Handle;

use crate::cancel::Cancel;
use crate::reply::Reply;

pub fn spawn<'env, F>(env: &'env Env, cancel: Option<&Cancel>, work: F) -> napi::Result<Object<'env>>
where
    F: Future<Output = Reply> + Send + 'static,
{
    match runtime::try_handle() {
        Ok(handle) => spawn_on(env, &handle, cancel, work),
        Err(e) => resolved(env, Reply::error(e)),
    }
}

/// Polls `work` once on the calling (JavaScript) thread with the core's
/// probe (`auth::poll_now`: network I/O held at its gate): work that
/// completes without waiting (a session token verified with a PEM key or
/// cached JWKS) gives its [`Reply`] at once, with no thread hop; work that
/// would wait (a JWKS or Backend API request) continues as a task exactly as
/// [`spawn`] runs it, past the gate on the runtime.
pub fn now_or_spawn<'env, F>(
    env: &'env Env,
    cancel: Option<&Cancel>,
    work: F,
) -> napi::Result<Either<Reply, Object<'env>>>
where
    F: Future<Output = Reply> + Send + 'static,
{
    let mut work = Box::pin(work);
    if let Poll::Ready(reply) = poll_now(work.as_mut()) {
        return Ok(Either::A(reply));
    }
    match runtime::try_handle() {
        Ok(handle) => spawn_on(env, &handle, cancel, work).map(Either::B),
        Err(e) => Ok(Either::A(Reply::error(e))),
    }
}

fn spawn_on<'env, F>(env: &'env Env, handle: &Handle, cancel: Option<&Cancel>, work: F) -> napi::Result<Object<'env>>
where
    F: Future<Output = Reply> + Send + 'static,
{
    let (deferred, promise) = env.create_deferred()?;
    let cancelled = cancel.map(Cancel::cancelled);
    handle.spawn(async move {
        let reply = match cancelled {
            None => work.await,
            Some(cancelled) => tokio::select! {
                biased;
                () = cancelled => Reply::error(ErrorRecord::cancelled()),
                reply = work => reply,
            },
        };
        deferred.resolve(settle(reply));
    });
    Ok(promise)
}

fn resolved(env: &Env, reply: Reply) -> napi::Result<Object<'_>> {
    let (deferred, promise) = env.create_deferred()?;
    deferred.resolve(settle(reply));
    Ok(promise)
}

/// The resolver (one closure type for every path, as the deferred's type needs).
fn settle(reply: Reply) -> impl FnOnce(Env) -> napi::Result<Reply> {
    move |_| Ok(reply)
}
