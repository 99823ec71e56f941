//! One file per resource.

pub mod network;
