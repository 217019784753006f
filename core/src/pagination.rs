//! Lazy iteration over the pages of a `limit`/`offset` list operation.
//!
//! Each page advances `offset` by the number of items received. Iteration
//! stops at an empty page, when `offset` reaches the envelope's
//! `total_count`, or — for bare-array responses — at a page shorter than the
//! `limit` the caller asked for (or, without one, than the first page, whose
//! size is the server's default limit).
//!
//! A server that ignores `offset` answers every request with the same page;
//! a page equal to the one before it ends iteration with an error instead of
//! yielding the same items forever.

use bytes::Bytes;
use futures_util::stream::{self, Stream};
use serde_json::{Map, Value};

use crate::client::{CallInput, Client};
use crate::config::CallOptions;
use crate::error::{Error, Result};
use crate::http::RawResponse;
use crate::ops::{OperationSpec, Pagination};
use crate::runtime;

/// Where an iteration over pages stands; shared by [`Pages`] (items as JSON
/// values) and [`crate::boundary::SharedPager`] (each page's bytes), so both
/// stop and advance by the same rules.
#[derive(Debug)]
pub(crate) struct PageCursor {
    pub(crate) op: &'static OperationSpec,
    /// The envelope field holding the items (`data`), `None` for a bare array.
    pub(crate) data_field: Option<&'static str>,
    params: Map<String, Value>,
    offset: u64,
    limit: Option<u64>,
    /// The body of the last page, to notice a server that ignores `offset`.
    previous: Option<Bytes>,
    done: bool,
}

impl PageCursor {
    pub(crate) fn new(op: &'static OperationSpec, params: Value) -> Result<Self> {
        let Pagination::OffsetLimit { data_field } = op.pagination else {
            return Err(Error::invalid_argument("operation", format!("`{}` is not a paginated list", op.name)));
        };
        let params = match params {
            Value::Object(m) => m,
            Value::Null => Map::new(),
            _ => return Err(Error::invalid_argument("params", "parameters must be a JSON object")),
        };
        let number = |key: &str| -> Result<Option<u64>> {
            match params.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(v) => {
                    v.as_u64().map(Some).ok_or_else(|| Error::invalid_argument(key, "expected a non-negative integer"))
                }
            }
        };
        let offset = number("offset")?.unwrap_or(0);
        let limit = number("limit")?;
        Ok(PageCursor { op, data_field, params, offset, limit, previous: None, done: false })
    }

    /// Requests the next page; `None` once iteration is over. A failed
    /// request ends iteration rather than repeating the same request forever;
    /// a dropped (cancelled) future leaves the cursor where it was.
    pub(crate) async fn fetch(&mut self, client: &Client, opts: &CallOptions) -> Result<Option<RawResponse>> {
        if self.done {
            return Ok(None);
        }
        let mut params = self.params.clone();
        params.insert("offset".into(), self.offset.into());
        let response = client.call_op(self.op, CallInput::json(Value::Object(params)), opts).await;
        self.done = true;
        response.map(Some)
    }

    /// Records a fetched page of `count` items (`total`: the envelope's
    /// `total_count`) and decides whether another page follows.
    pub(crate) fn advance(
        &mut self,
        count: usize,
        total: Option<u64>,
        body: &Bytes,
    ) -> std::result::Result<(), String> {
        if count > 0 && self.previous.as_ref() == Some(body) {
            return Err("the server answered the previous page again (is `offset` ignored?)".into());
        }
        let count = count as u64;
        let first = self.previous.is_none();
        self.offset += count;
        // Without a caller's limit the first page shows the server's default.
        self.limit = self.limit.or_else(|| first.then_some(count));
        let short = self.limit.is_some_and(|l| count < l);
        self.done = count == 0
            || match total {
                Some(total) => self.offset >= total,
                None => short,
            };
        if count > 0 {
            self.previous = Some(body.clone());
        }
        Ok(())
    }

    /// The error a page that cannot be read ends iteration with.
    pub(crate) fn page_error(&self, client: &Client, response: &RawResponse, message: &str) -> Error {
        client.redact(Error::Decode {
            status: response.status,
            message: format!("`{}` page at offset {}: {message}", self.op.name, self.offset),
            raw_body: response.text(),
        })
    }
}

/// The items of a page and the `total_count`, if the response is an envelope.
fn split(data_field: Option<&str>, body: Value) -> std::result::Result<(Vec<Value>, Option<u64>), String> {
    match (data_field, body) {
        (None, Value::Array(items)) => Ok((items, None)),
        (Some(field), Value::Object(mut envelope)) => {
            let total = envelope.get("total_count").and_then(Value::as_u64);
            match envelope.remove(field) {
                Some(Value::Array(items)) => Ok((items, total)),
                Some(Value::Null) | None => Ok((Vec::new(), total)),
                Some(_) => Err(format!("`{field}` is not an array")),
            }
        }
        (None, _) => Err("expected a JSON array".into()),
        (Some(_), _) => Err("expected a JSON object".into()),
    }
}

/// Pages of a list operation, fetched one request at a time.
#[derive(Debug)]
pub struct Pages {
    client: Client,
    opts: CallOptions,
    cursor: PageCursor,
}

impl Pages {
    pub(crate) fn new(client: Client, op: &'static OperationSpec, params: Value, opts: CallOptions) -> Result<Self> {
        Ok(Pages { cursor: PageCursor::new(op, params)?, client, opts })
    }

    /// The next non-empty page, or `None` after the last one.
    pub async fn next_page(&mut self) -> Result<Option<Vec<Value>>> {
        let Some(response) = self.cursor.fetch(&self.client, &self.opts).await? else {
            return Ok(None);
        };
        let body = response.json().map_err(|e| self.client.redact(e))?;
        let (items, total) = split(self.cursor.data_field, body)
            .map_err(|message| self.cursor.page_error(&self.client, &response, &message))?;
        self.cursor
            .advance(items.len(), total, &response.body)
            .map_err(|message| self.cursor.page_error(&self.client, &response, &message))?;
        Ok((!items.is_empty()).then_some(items))
    }

    /// All items of all remaining pages, fetched lazily.
    pub fn items(self) -> impl Stream<Item = Result<Value>> + Send {
        let pages = stream::unfold(Some(self), |state| async move {
            let mut pages = state?;
            match pages.next_page().await {
                Ok(Some(items)) => Some((Ok(items), Some(pages))),
                Ok(None) => None,
                Err(e) => Some((Err(e), None)),
            }
        });
        futures_util::StreamExt::flat_map(pages, |page| {
            let items: Vec<Result<Value>> = match page {
                Ok(items) => items.into_iter().map(Ok).collect(),
                Err(e) => vec![Err(e)],
            };
            stream::iter(items)
        })
    }
}

/// [`Pages`] for blocking callers; also an `Iterator` over pages.
#[derive(Debug)]
pub struct BlockingPages {
    pages: Pages,
}

impl From<Pages> for BlockingPages {
    fn from(pages: Pages) -> Self {
        BlockingPages { pages }
    }
}

impl BlockingPages {
    pub fn next_page(&mut self) -> Result<Option<Vec<Value>>> {
        runtime::block_on(self.pages.next_page())?
    }
}

impl Iterator for BlockingPages {
    type Item = Result<Vec<Value>>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_page().transpose()
    }
}
