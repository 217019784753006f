//! [`SharedPager`]: pages of a list operation as bytes, behind `&self`.
//!
//! A binding parses each page with its own fastest parser (V8's `JSON.parse`,
//! the Python converter), so the pager only counts a page's items to know
//! where the next one starts; it never builds JSON values.

use std::fmt;

use bytes::Bytes;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use tokio::sync::Mutex;

use super::header::Header;
use crate::client::Client;
use crate::config::CallOptions;
use crate::error::Result;
use crate::ops::OperationSpec;
use crate::pagination::PageCursor;

/// One page as received.
#[derive(Debug, Clone, PartialEq)]
pub struct PageBytes {
    pub status: u16,
    pub headers: Vec<Header>,
    /// The JSON body, valid JSON of the page's shape.
    pub body: Bytes,
    /// Where the items are: the envelope field (`data`), or `None` when the body is the array itself.
    pub data_field: Option<&'static str>,
    pub item_count: usize,
}

/// Pages of a list operation, fetched one request at a time; shareable across
/// tasks and threads. Calls of [`SharedPager::next_page`] are served one
/// after the other; dropping a pending one cancels its request (the
/// connection is closed) and leaves the pager where it was.
pub struct SharedPager {
    client: Client,
    opts: CallOptions,
    cursor: Mutex<PageCursor>,
}

impl fmt::Debug for SharedPager {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedPager").field("client", &self.client).finish_non_exhaustive()
    }
}

impl SharedPager {
    /// A pager over `op` (a list operation) with `params` (`limit`, `offset` and filters).
    pub fn new(client: Client, op: &'static OperationSpec, params: Value, opts: CallOptions) -> Result<Self> {
        Ok(SharedPager { cursor: Mutex::new(PageCursor::new(op, params)?), client, opts })
    }

    /// The next non-empty page, or `None` after the last one.
    pub async fn next_page(&self) -> Result<Option<PageBytes>> {
        let mut cursor = self.cursor.lock().await;
        let Some(response) = cursor.fetch(&self.client, &self.opts).await? else {
            return Ok(None);
        };
        let counted = count_items(&response.body, cursor.data_field);
        let (count, total) = match counted {
            Ok(counted) => counted,
            Err(Shape::Json(e)) => return Err(self.client.redact(response.decode_error(&e))),
            Err(Shape::Other(message)) => return Err(cursor.page_error(&self.client, &response, &message)),
        };
        cursor.advance(count, total, &response.body).map_err(|m| cursor.page_error(&self.client, &response, &m))?;
        if count == 0 {
            return Ok(None);
        }
        Ok(Some(PageBytes {
            status: response.status,
            headers: Header::list(&response.headers),
            data_field: cursor.data_field,
            item_count: count,
            body: response.body,
        }))
    }
}

enum Shape {
    /// Not JSON at all.
    Json(serde_json::Error),
    /// JSON, but not a page.
    Other(String),
}

/// The number of items of a page body and its `total_count`, read without
/// building values; the same shape rules as [`crate::pagination::Pages`].
fn count_items(body: &[u8], data_field: Option<&str>) -> std::result::Result<(usize, Option<u64>), Shape> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let counted = match data_field {
        None => de.deserialize_any(TopLevel::Array),
        Some(field) => de.deserialize_any(TopLevel::Envelope(field)),
    };
    let (count, total) = match counted {
        Ok(Ok(v)) => v,
        Ok(Err(shape)) => return Err(Shape::Other(shape)),
        Err(e) => return Err(Shape::Json(e)),
    };
    de.end().map_err(Shape::Json)?;
    Ok((count, total))
}

/// What the top level of a page must be. Shape mismatches come back as
/// `Ok(Err(message))`, so that they stay apart from JSON syntax errors.
enum TopLevel<'a> {
    Array,
    Envelope(&'a str),
}

type Counted = std::result::Result<(usize, Option<u64>), String>;

impl<'de> Visitor<'de> for TopLevel<'_> {
    type Value = Counted;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a page of a list operation")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Counted, A::Error> {
        let mut n = 0;
        while seq.next_element::<IgnoredAny>()?.is_some() {
            n += 1;
        }
        Ok(match self {
            TopLevel::Array => Ok((n, None)),
            TopLevel::Envelope(_) => Err("expected a JSON object".into()),
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Counted, A::Error> {
        let TopLevel::Envelope(field) = self else {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            return Ok(Err("expected a JSON array".into()));
        };
        let mut count: std::result::Result<usize, String> = Ok(0);
        let mut total = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == field {
                count = map.next_value_seed(ItemCount)?.ok_or_else(|| format!("`{field}` is not an array"));
            } else if key == "total_count" {
                total = map.next_value::<Value>()?.as_u64();
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(count.map(|n| (n, total)))
    }

    fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<Counted, E> {
        Ok(Err(self.mismatch()))
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> std::result::Result<Counted, E> {
        Ok(Err(self.mismatch()))
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> std::result::Result<Counted, E> {
        Ok(Err(self.mismatch()))
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> std::result::Result<Counted, E> {
        Ok(Err(self.mismatch()))
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> std::result::Result<Counted, E> {
        Ok(Err(self.mismatch()))
    }

    fn visit_str<E: serde::de::Error>(self, _: &str) -> std::result::Result<Counted, E> {
        Ok(Err(self.mismatch()))
    }
}

impl TopLevel<'_> {
    fn mismatch(&self) -> String {
        match self {
            TopLevel::Array => "expected a JSON array".into(),
            TopLevel::Envelope(_) => "expected a JSON object".into(),
        }
    }
}

/// The length of an array value; `Some(0)` for `null`, `None` for anything else.
struct ItemCount;

impl<'de> DeserializeSeed<'de> for ItemCount {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> std::result::Result<Option<usize>, D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ItemCount {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Option<usize>, A::Error> {
        let mut n = 0;
        while seq.next_element::<IgnoredAny>()?.is_some() {
            n += 1;
        }
        Ok(Some(n))
    }

    fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<Option<usize>, E> {
        Ok(Some(0))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Option<usize>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> std::result::Result<Option<usize>, E> {
        Ok(None)
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> std::result::Result<Option<usize>, E> {
        Ok(None)
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> std::result::Result<Option<usize>, E> {
        Ok(None)
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> std::result::Result<Option<usize>, E> {
        Ok(None)
    }

    fn visit_str<E: serde::de::Error>(self, _: &str) -> std::result::Result<Option<usize>, E> {
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(body: &str, field: Option<&str>) -> std::result::Result<(usize, Option<u64>), String> {
        count_items(body.as_bytes(), field).map_err(|e| match e {
            Shape::Json(e) => format!("json: {e}"),
            Shape::Other(m) => m,
        })
    }

    #[test]
    fn counts_bare_arrays_and_envelopes_like_the_value_pager() {
        assert_eq!(count(r#"[{"id":1},{"id":[2,{"x":[]}]},3]"#, None), Ok((3, None)));
        assert_eq!(count("[]", None), Ok((0, None)));
        let page = r#"{"total_count": 7, "data": [{"a": {"data": [1,2,3]}}, {}], "x": {"data": 1}}"#;
        assert_eq!(count(page, Some("data")), Ok((2, Some(7))));
        assert_eq!(count(r#"{"data": null, "total_count": 0}"#, Some("data")), Ok((0, Some(0))));
        assert_eq!(count(r#"{"total_count": -1}"#, Some("data")), Ok((0, None)));
        assert_eq!(count(r#"{"data": {"a": 1}}"#, Some("data")), Err("`data` is not an array".into()));
        assert_eq!(count(r#"{"data": []}"#, None), Err("expected a JSON array".into()));
        assert_eq!(count("[1]", Some("data")), Err("expected a JSON object".into()));
        assert_eq!(count("\"s\"", None), Err("expected a JSON array".into()));
        assert!(count("[1,", None).unwrap_err().starts_with("json:"));
        assert!(count("[1] [2]", None).unwrap_err().starts_with("json:"));
    }
}
