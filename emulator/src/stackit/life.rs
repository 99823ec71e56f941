//! The life cycle every stored STACKIT resource shares: creation order and times, a
//! transitional status (`CREATING`, `RESIZING`, `DELETING`, ...) until the provision delay has
//! passed, and the instant a deleted resource is gone.

use serde::{Deserialize, Serialize};

use super::ops::Op;
use crate::clock;

/// Bookkeeping of one stored resource.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Life {
    /// Creation order (lists are sorted by it).
    pub seq: u64,
    /// Creation time (unix ms).
    pub created_ms: i64,
    /// Last change (unix ms).
    pub updated_ms: i64,
    /// Until this instant the resource shows [`Life::during`] instead of its settled status.
    pub busy_until: i64,
    /// The transitional status.
    #[serde(default)]
    pub during: Option<String>,
    /// When a deleted resource is gone.
    #[serde(default)]
    pub gone_at: Option<i64>,
}

impl Life {
    /// A resource created at `now`, showing `during` until `until`.
    pub fn new(seq: u64, now: i64, until: i64, during: &str) -> Life {
        Life {
            seq,
            created_ms: now,
            updated_ms: now,
            busy_until: until,
            during: Some(during.to_string()),
            gone_at: None,
        }
    }

    /// Records a change at `now` (no transitional status).
    pub fn touch(&mut self, now: i64) {
        self.updated_ms = now;
    }

    /// Records a change at `now` that shows `during` until `until`.
    pub fn busy(&mut self, now: i64, until: i64, during: &str) {
        self.updated_ms = now;
        self.busy_until = until;
        self.during = Some(during.to_string());
    }

    /// Records a delete by `op`: `DELETING` until it is done, then gone.
    pub fn remove(&mut self, op: &Op) {
        self.busy(op.now, op.done, "DELETING");
        self.gone_at = Some(op.done);
        op.note_removal();
    }

    /// Whether the resource still exists at `now`.
    pub fn alive(&self, now: i64) -> bool {
        self.gone_at.is_none_or(|gone| now < gone)
    }

    /// Whether a delete is under way.
    pub fn deleting(&self) -> bool {
        self.gone_at.is_some()
    }

    /// The status at `now`: the transitional one while busy, else `settled`.
    pub fn status<'a>(&'a self, now: i64, settled: &'a str) -> &'a str {
        match &self.during {
            Some(during) if now < self.busy_until => during,
            _ => settled,
        }
    }

    /// `createdAt` (RFC 3339).
    pub fn created_at(&self) -> String {
        clock::iso_seconds(self.created_ms)
    }

    /// `updatedAt` (RFC 3339).
    pub fn updated_at(&self) -> String {
        clock::iso_seconds(self.updated_ms)
    }
}
