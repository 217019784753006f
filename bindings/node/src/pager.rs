//! `NativePager`: the core's `SharedPager`, one page per `next()`; each
//! page's body goes to V8's `JSON.parse` with its `dataField`.

use std::sync::Arc;

use clerk_backend::boundary::SharedPager;
use clerk_backend::Client;
use napi::bindgen_prelude::Object;
use napi::Env;
use napi_derive::napi;

use crate::cancel::Cancel;
use crate::deliver::spawn;
use crate::reply::Reply;

#[napi]
pub struct NativePager {
    inner: Arc<SharedPager>,
    client: Client,
}

impl NativePager {
    pub fn new(pager: SharedPager, client: Client) -> Self {
        NativePager { inner: Arc::new(pager), client }
    }
}

#[napi]
impl NativePager {
    /// The next page (`kind: "page"`), `kind: "end"` after the last one.
    #[napi(ts_return_type = "Promise<Reply>")]
    pub fn next<'env>(&self, env: &'env Env, cancel: Option<&Cancel>) -> napi::Result<Object<'env>> {
        let inner = self.inner.clone();
        let client = self.client.clone();
        spawn(env, cancel, async move {
            match inner.next_page().await {
                Ok(page) => Reply::page(&client, page),
                Err(e) => Reply::error(e),
            }
        })
    }
}
