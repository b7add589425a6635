//! Relay cursor pagination: bounded page sizes and opaque cursors.
//!
//! A cursor is the sort key of the last row seen, as URL-safe base64 of JSON. Clients treat it
//! as opaque; services decode it back into the key they sort by (keyset pagination), so pages
//! stay stable while rows are inserted and cost the same at any depth.

use crate::msg;
use async_graphql::OutputType;
use async_graphql::connection::{Connection, Edge};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{ErrorCode, HubError, HubResult};

pub const DEFAULT_PAGE_SIZE: u64 = 20;
/// The default bound on `first`; a deployment may set another (`PageLimit`).
pub const MAX_PAGE_SIZE: u64 = 100;

/// The largest page this deployment serves (`limits.max_page_size`), put into the schema's
/// data by the gateway; without it `MAX_PAGE_SIZE` applies.
#[derive(Debug, Clone, Copy)]
pub struct PageLimit(pub u64);

/// A validated forward page request: how many rows, and the key to start after.
#[derive(Debug, Clone)]
pub struct PageRequest<K> {
    pub size: u64,
    pub after: Option<K>,
}

impl<K: DeserializeOwned> PageRequest<K> {
    /// Checks `first` against the deployment's page-size bound and decodes `after`.
    pub fn in_context(
        ctx: &async_graphql::Context<'_>,
        first: Option<i32>,
        after: Option<&str>,
    ) -> HubResult<Self> {
        let max = ctx.data_opt::<PageLimit>().map_or(MAX_PAGE_SIZE, |limit| limit.0);
        Self::bounded(first, after, max)
    }

    /// Checks `first` against `max` and decodes `after`.
    pub fn bounded(first: Option<i32>, after: Option<&str>, max: u64) -> HubResult<Self> {
        let size = match first {
            None => DEFAULT_PAGE_SIZE.min(max),
            Some(n) if n < 0 => return Err(HubError::bad_input("first", msg!("first-must-not-negative"))),
            Some(n) if n as u64 > max => {
                return Err(HubError::LimitExceeded {
                    code: ErrorCode::PageSizeTooLarge,
                    message: msg!("first-too-large", max = max),
                });
            }
            Some(n) => n as u64,
        };
        let after = after.map(decode_cursor).transpose()?;
        Ok(Self { size, after })
    }

    /// How many rows to fetch: one more than the page, to learn whether another page follows.
    pub fn fetch_limit(&self) -> u64 {
        self.size + 1
    }
}

pub fn encode_cursor<K: Serialize>(key: &K) -> String {
    // Serialising plain keys (strings, numbers, UUIDs) cannot fail.
    let json = serde_json::to_vec(key).unwrap_or_default();
    URL_SAFE_NO_PAD.encode(json)
}

pub fn decode_cursor<K: DeserializeOwned>(cursor: &str) -> HubResult<K> {
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .ok_or_else(|| HubError::bad_input("after", msg!("after-not-cursor-list-issued")))
}

/// Builds a Relay connection from rows fetched with [`PageRequest::fetch_limit`].
pub fn connection<R, N, K>(
    page: &PageRequest<K>,
    mut rows: Vec<R>,
    key: impl Fn(&R) -> K,
    node: impl Fn(R) -> N,
) -> Connection<String, N>
where
    N: OutputType,
    K: Serialize,
{
    let has_next_page = rows.len() as u64 > page.size;
    rows.truncate(page.size as usize);
    let mut conn = Connection::new(page.after.is_some(), has_next_page);
    conn.edges.extend(rows.into_iter().map(|row| Edge::new(encode_cursor(&key(&row)), node(row))));
    conn
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        let key = ("Trần Phú".to_owned(), 42_i64);
        let cursor = encode_cursor(&key);
        assert_eq!(decode_cursor::<(String, i64)>(&cursor).ok(), Some(key));
        assert!(decode_cursor::<(String, i64)>("not a cursor!").is_err());
    }

    #[test]
    fn page_size_is_bounded() {
        let code =
            |first| PageRequest::<i64>::bounded(Some(first), None, MAX_PAGE_SIZE).map_err(|err| err.code());
        assert_eq!(code(101).err(), Some(ErrorCode::PageSizeTooLarge));
        assert_eq!(code(-1).err(), Some(ErrorCode::BadUserInput));
        assert_eq!(code(100).ok().map(|page| page.size), Some(100));
        let default = PageRequest::<i64>::bounded(None, None, MAX_PAGE_SIZE).map(|page| page.size);
        assert_eq!(default.ok(), Some(DEFAULT_PAGE_SIZE));
        let small = PageRequest::<i64>::bounded(None, None, 5).map(|page| page.size);
        assert_eq!(small.ok(), Some(5), "the default page never exceeds the deployment's bound");
    }
}
