//! The documented default identity of the emulated clouds: the credentials a
//! client uses to log in, and the fixed ids behind them.

/// User name of the default user.
pub const OS_USERNAME: &str = "emulator";
/// Password of the default user.
pub const OS_PASSWORD: &str = "emulator-password";
/// Name of the default project.
pub const OS_PROJECT_NAME: &str = "emulator-project";
/// Name of the domain the default user and project live in.
pub const OS_DOMAIN: &str = "emulator-domain";
/// Id of the default application credential (scoped to the default project).
pub const APP_CREDENTIAL_ID: &str = "5f0e7c4ab3d94a0c9e21f6d8a7b3c210";
/// Name of the default application credential.
pub const APP_CREDENTIAL_NAME: &str = "emulator-appcred";
/// Secret of the default application credential.
pub const APP_CREDENTIAL_SECRET: &str = "emulator-appcred-secret";
/// Region every emulated OpenStack endpoint is registered in.
pub const REGION: &str = "prod1";
/// Id of the default user.
pub const USER_ID: &str = "8c1a6d2e4f7b4e3a9d5c0b1e2f3a4b5c";
/// Id of the default project.
pub const PROJECT_ID: &str = "3e9b2c7d1a5f4c8e8b6d0a2f4e6c8a1b";
/// Id of the default domain.
pub const DOMAIN_ID: &str = "d2f4a6c8e0b14d3f9a7c5e1b3d5f7a9c";
/// Id of the operator project that owns seeded resources (such as the external network `ext01`).
pub const ADMIN_PROJECT_ID: &str = "0a1b2c3d4e5f46a7b8c9d0e1f2a3b4c5";
/// Name of the seeded external (floating IP) network.
pub const EXTERNAL_NETWORK_NAME: &str = "ext01";
/// Id of the seeded external network `ext01`.
pub const EXTERNAL_NETWORK_ID: &str = "9f2e6a1c-3b4d-4e5f-8a7b-0c1d2e3f4a5b";
/// Id of the subnet of `ext01`.
pub const EXTERNAL_SUBNET_ID: &str = "5c7d9e1f-2a3b-4c5d-9e6f-7a8b9c0d1e2f";
/// CIDR of the subnet of `ext01` (TEST-NET-3).
pub const EXTERNAL_SUBNET_CIDR: &str = "203.0.113.0/24";
/// The one availability zone of Nova and Cinder (pluscloud open's `prod1` region is `DE-WEST-1`).
pub const AVAILABILITY_ZONE: &str = "DE-WEST-1";
