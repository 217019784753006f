//! Runs a future as one task on the core's shared runtime and settles a
//! promise with its [`Reply`] from there: the event loop never waits, and
//! the promise's threadsafe function is released once it settles, so a
//! finished call keeps nothing alive. A [`Cancel`] drops the future where it
//! is (its connection closes) and settles the promise with `cancelled`.

use std::future::Future;

use clerk_backend::boundary::ErrorRecord;
use clerk_backend::runtime;
use napi::bindgen_prelude::Object;
use napi::Env;

use crate::cancel::Cancel;
use crate::reply::Reply;

pub fn spawn<'env, F>(env: &'env Env, cancel: Option<&Cancel>, work: F) -> napi::Result<Object<'env>>
where
    F: Future<Output = Reply> + Send + 'static,
{
    let (deferred, promise) = env.create_deferred()?;
    let handle = match runtime::try_handle() {
        Ok(h) => h,
        Err(e) => {
            let reply = Reply::error(e);
            deferred.resolve(settle(reply));
            return Ok(promise);
        }
    };
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

/// The resolver (one closure type for every path, as the deferred's type needs).
fn settle(reply: Reply) -> impl FnOnce(Env) -> napi::Result<Reply> {
    move |_| Ok(reply)
}
