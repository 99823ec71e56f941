//! End-to-end tests: real terraform binaries (the current one and 1.0.3) drive the built
//! provider against the emulator, and the clouds' official tools check the result.

mod harness;

mod bad_input;
mod bucket_lifecycle;
mod chaos;
mod data_sources;
mod emulator_ci;
mod examples;
mod examples_validate;
mod fidelity;
mod interrupt;
mod ionos_auth;
mod multi_cloud;
mod network_lifecycle;
mod otc_auth;
mod plan_time_buckets;
mod plan_time_resources;
mod plan_time_validation;
mod provider_block;
mod provider_process;
mod release_mirror;
mod restart;
mod secrets;
mod security_group_lifecycle;
mod server_lifecycle;
mod stackit_auth;
mod timeouts;
mod volume_lifecycle;
