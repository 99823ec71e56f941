//! One file per data source.

pub mod availability_zones;
pub mod cloud;
pub mod flavor;
pub mod image;
