//! Nova's tables.

use serde::{Deserialize, Serialize};

/// Every Nova resource of the plusserver cloud.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Store {}
