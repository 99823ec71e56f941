//! One file per data source.

pub mod cloud;
