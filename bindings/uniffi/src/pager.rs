//! `NativePager`: the core's `SharedPager`, one page per call.

use std::sync::Arc;

use clerk_backend::boundary::SharedPager;

use crate::error::ClerkError;
use crate::records::NativePage;
use crate::task::{self, CancelHandle};

/// The pages of a list operation; fetches are served one after the other.
/// A cancelled fetch leaves the pager where it was.
#[derive(uniffi::Object)]
pub struct NativePager {
    pager: Arc<SharedPager>,
}

impl NativePager {
    pub(crate) fn new(pager: SharedPager) -> Self {
        NativePager { pager: Arc::new(pager) }
    }

    async fn fetch(pager: Arc<SharedPager>) -> Result<Option<NativePage>, ClerkError> {
        Ok(pager.next_page().await?.map(NativePage::from))
    }
}

#[uniffi::export]
impl NativePager {
    /// The next non-empty page, or none after the last one.
    pub async fn next_page(&self, cancel: Option<Arc<CancelHandle>>) -> Result<Option<NativePage>, ClerkError> {
        task::run(Self::fetch(self.pager.clone()), cancel).await
    }

    /// [`NativePager::next_page`], blocking the calling thread.
    pub fn next_page_blocking(&self) -> Result<Option<NativePage>, ClerkError> {
        task::block(Self::fetch(self.pager.clone()))
    }
}
