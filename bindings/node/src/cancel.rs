//! `Cancel`: what an `AbortSignal` sets. The JavaScript layer makes one per
//! call (or per page iteration) and calls `abort()` from the signal's
//! listener; the running task sees it and drops its work, which closes the
//! connection (the send runs inside that task on the shared runtime).

use napi_derive::napi;
use tokio::sync::watch;

#[napi]
pub struct Cancel {
    tx: watch::Sender<bool>,
}

#[napi]
impl Cancel {
    #[napi(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Cancel { tx: watch::Sender::new(false) }
    }

    /// Stops every task started with this token; later ones stop at once.
    #[napi]
    pub fn abort(&self) {
        self.tx.send_replace(true);
    }
}

impl Cancel {
    /// A future that completes when `abort()` was (or is) called; never when
    /// the token is dropped without it.
    pub fn cancelled(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut rx = self.tx.subscribe();
        async move {
            if rx.wait_for(|aborted| *aborted).await.is_err() {
                std::future::pending::<()>().await;
            }
        }
    }
}
