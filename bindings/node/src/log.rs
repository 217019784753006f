//! The `logger` option: the core's request log lines (built and redacted in
//! the core's send loop) handed to a JavaScript function. The threadsafe
//! function is weak, so a logger never keeps the process alive, and called
//! without blocking from the runtime thread.

use clerk_backend::RequestLog;
use napi::bindgen_prelude::Function;
use napi::threadsafe_function::ThreadsafeFunctionCallMode;

pub fn request_log(logger: &Function<'_, String, ()>) -> napi::Result<RequestLog> {
    let tsfn = logger.build_threadsafe_function::<String>().callee_handled::<false>().weak::<true>().build()?;
    Ok(RequestLog::new(move |line| {
        tsfn.call(line.to_owned(), ThreadsafeFunctionCallMode::NonBlocking);
    }))
}
