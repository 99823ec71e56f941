//! `metadata` of every Cloud API resource and the life cycle behind `metadata.state`: a
//! resource is `BUSY` while a request on it runs, then `AVAILABLE` (or `FAILED`), and a deleted
//! one disappears when its delete request is done.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::clock;
use crate::defaults;

/// When the seeded resources (images, locations, the data center) were "created" (unix ms).
pub(crate) const SEEDED_MS: i64 = 1_704_067_200_000;

/// Bookkeeping of one stored resource.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Meta {
    /// Creation order within the store (lists are sorted by it).
    pub seq: u64,
    /// Creation time (unix ms).
    pub created_ms: i64,
    /// Last change (unix ms).
    pub modified_ms: i64,
    /// Entity tag, new on every change.
    pub etag: String,
    /// Until this instant a request on the resource runs (`BUSY`).
    pub busy_until: i64,
    /// The resource's create request failed: `FAILED` once it is over.
    #[serde(default)]
    pub failed: bool,
    /// When its delete request is done and the resource is gone.
    #[serde(default)]
    pub gone_at: Option<i64>,
}

impl Meta {
    /// A resource created at `now` by a request that is done at `done`.
    pub fn new(seq: u64, now: i64, done: i64) -> Meta {
        Meta {
            seq,
            created_ms: now,
            modified_ms: now,
            etag: new_etag(),
            busy_until: done,
            failed: false,
            gone_at: None,
        }
    }

    /// Records a change at `now` by a request that is done at `done`.
    pub fn touch(&mut self, now: i64, done: i64) {
        self.modified_ms = now;
        self.etag = new_etag();
        self.busy_until = self.busy_until.max(done);
    }

    /// Records its deletion at `now` by a request that is done (and the resource gone) at `done`.
    pub fn remove(&mut self, now: i64, done: i64) {
        self.touch(now, done);
        self.gone_at = Some(done);
    }

    /// Whether the resource still exists at `now`.
    pub fn alive(&self, now: i64) -> bool {
        self.gone_at.is_none_or(|gone| now < gone)
    }

    /// `metadata.state` at `now`.
    pub fn state(&self, now: i64) -> &'static str {
        if now < self.busy_until {
            "BUSY"
        } else if self.failed {
            "FAILED"
        } else {
            "AVAILABLE"
        }
    }

    /// The `metadata` object at `now`.
    pub fn render(&self, now: i64) -> Value {
        render(
            &self.etag,
            self.created_ms,
            self.modified_ms,
            self.state(now),
        )
    }
}

/// The `metadata` of a seeded resource: created by the emulator, always `AVAILABLE`.
pub(crate) fn seeded() -> Value {
    render(
        "00000000000000000000000000000000",
        SEEDED_MS,
        SEEDED_MS,
        "AVAILABLE",
    )
}

/// The metadata of a seeded object published `days` after the seed date (public images).
pub(crate) fn published(days: i64) -> Value {
    let at = SEEDED_MS + days * 86_400_000;
    render("00000000000000000000000000000000", at, at, "AVAILABLE")
}

/// The `metadata` object from its parts.
fn render(etag: &str, created_ms: i64, modified_ms: i64, state: &str) -> Value {
    json!({
        "etag": etag,
        "createdDate": clock::iso_seconds(created_ms),
        "createdBy": defaults::IONOS_USERNAME,
        "createdByUserId": defaults::IONOS_USER_ID,
        "lastModifiedDate": clock::iso_seconds(modified_ms),
        "lastModifiedBy": defaults::IONOS_USERNAME,
        "lastModifiedByUserId": defaults::IONOS_USER_ID,
        "state": state,
    })
}

/// A fresh entity tag (32 hex digits).
fn new_etag() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}
