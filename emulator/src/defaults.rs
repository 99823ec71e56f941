//! The documented default identity of the emulated clouds: the credentials a
//! client uses to log in, and the fixed ids behind them. The `OS_*` names and the unprefixed
//! ids are plusserver's; the `OTC_*` ones are Open Telekom Cloud's, the `IONOS_*` ones IONOS
//! Cloud's, the `STACKIT_*` ones STACKIT's.

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

/// User name of the default Open Telekom Cloud user.
pub const OTC_USERNAME: &str = "emulator";
/// Password of the default Open Telekom Cloud user.
pub const OTC_PASSWORD: &str = "emulator-password";
/// The Open Telekom Cloud domain (the account) the default user and project live in.
pub const OTC_DOMAIN_NAME: &str = "OTC-EU-DE-00000000001000000001";
/// Id of the Open Telekom Cloud domain.
pub const OTC_DOMAIN_ID: &str = "6a1f3c5e7b9d4f2a8c0e1b3d5f7a9c1e";
/// Name of the default Open Telekom Cloud project: on OTC the project is named after its region.
pub const OTC_PROJECT_NAME: &str = "eu-de";
/// Id of the default Open Telekom Cloud project.
pub const OTC_PROJECT_ID: &str = "0e8d2b4f6a1c4e3b9d7f5a3c1e9b7d5f";
/// Id of the default Open Telekom Cloud user.
pub const OTC_USER_ID: &str = "2c4e6a8b0d1f4a3c5e7b9d1f3a5c7e9b";
/// Id of the operator project owning Open Telekom Cloud's seeded resources.
pub const OTC_ADMIN_PROJECT_ID: &str = "1f3a5c7e9b2d4f6a8c0e2b4d6f8a0c2e";
/// Region of every Open Telekom Cloud endpoint.
pub const OTC_REGION: &str = "eu-de";
/// Availability zones of Open Telekom Cloud's `eu-de` (Nova, Cinder and VPC subnets).
pub const OTC_AVAILABILITY_ZONES: [&str; 3] = ["eu-de-01", "eu-de-02", "eu-de-03"];
/// Access key (AK) for signing Open Telekom Cloud requests (`SDK-HMAC-SHA256`).
pub const OTC_ACCESS_KEY: &str = "EMULATOROTCACCESSKEY01";
/// Secret key (SK) belonging to [`OTC_ACCESS_KEY`].
pub const OTC_SECRET_KEY: &str = "emulator-otc-secret-key";
/// Name of Open Telekom Cloud's seeded external network, where EIPs come from.
pub const OTC_EXTERNAL_NETWORK_NAME: &str = "admin_external_net";
/// Id of `admin_external_net`.
pub const OTC_EXTERNAL_NETWORK_ID: &str = "0a2b4c6d-8e0f-4a1b-9c3d-5e7f9a1b3c5d";
/// Id of the subnet of `admin_external_net`.
pub const OTC_EXTERNAL_SUBNET_ID: &str = "7e9f1a3b-5c7d-4e9f-8a1b-3c5d7e9f1a3b";
/// CIDR of the subnet of `admin_external_net` (TEST-NET-2).
pub const OTC_EXTERNAL_SUBNET_CIDR: &str = "198.51.100.0/24";

/// User name of the IONOS Cloud account (Basic auth).
pub const IONOS_USERNAME: &str = "emulator@example.com";
/// Password of the IONOS Cloud account (Basic auth).
pub const IONOS_PASSWORD: &str = "emulator-password";
/// A Bearer token that is always valid for the IONOS Cloud account (it never expires).
pub const IONOS_TOKEN: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJzb3ZlcmVpZ24tZW11bGF0b3IiLCJzdWIiOiJlbXVsYXRvckBleGFtcGxlLmNvbSIsImlhdCI6MTcwMDAwMDAwMCwiZXhwIjo0MTAyNDQ0ODAwfQ.c292ZXJlaWduLWVtdWxhdG9yLWZpeGVkLWlvbm9zLXRva2VuLXNpZ25hdHVyZQ";
/// Id of the IONOS Cloud user (`metadata.createdByUserId`).
pub const IONOS_USER_ID: &str = "eb056895-7b77-496f-997b-643cd64589b9";
/// Contract number of the IONOS Cloud account (`X-Contract-Number`).
pub const IONOS_CONTRACT_NUMBER: &str = "31415926";
/// Id of the seeded IONOS data center.
pub const IONOS_DATACENTER_ID: &str = "35276a7c-c2a1-462c-a777-4601ffd97385";
/// Name of the seeded IONOS data center.
pub const IONOS_DATACENTER_NAME: &str = "emulator-dc";
/// Location of the seeded IONOS data center.
pub const IONOS_LOCATION: &str = "de/fra";

/// The seeded STACKIT project (IaaS v2 `projectId`).
pub const STACKIT_PROJECT_ID: &str = "4c3e5b7a-9d1f-4e2a-8b6c-0d2f4a6c8e1b";
/// The DNS servers of the seeded STACKIT area, which a network that names none gets.
pub const STACKIT_AREA_NAMESERVERS: [&str; 2] = ["9.9.9.9", "149.112.112.112"];
/// The STACKIT region every IaaS path names.
pub const STACKIT_REGION: &str = "eu01";
/// Availability zones of STACKIT's `eu01`.
pub const STACKIT_AVAILABILITY_ZONES: [&str; 3] = ["eu01-1", "eu01-2", "eu01-3"];
/// Id of the seeded STACKIT service account (the key's `credentials.sub`).
pub const STACKIT_SERVICE_ACCOUNT_ID: &str = "7b2d4f6a-8c0e-4a1b-9d3f-5e7a9c1b3d5f";
/// E-mail of the seeded STACKIT service account (the key's `credentials.iss`).
pub const STACKIT_SERVICE_ACCOUNT_EMAIL: &str = "emulator-7b2d4f6a@sa.stackit.cloud";
/// Id of the seeded service-account key (the assertion's `kid`).
pub const STACKIT_KEY_ID: &str = "2e4a6c8e-0b1d-4f3a-8c5e-7a9b1d3f5a7c";
/// Audience of the seeded key (`credentials.aud`), the `aud` an assertion must carry.
pub const STACKIT_KEY_AUDIENCE: &str = "https://stackit-service-account.emulator.invalid";
/// A Bearer token that is always valid for the STACKIT service account (it never expires).
pub const STACKIT_SERVICE_ACCOUNT_TOKEN: &str = "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzb3ZlcmVpZ24tZW11bGF0b3IiLCJzdWIiOiI3YjJkNGY2YS04YzBlLTRhMWItOWQzZi01ZTdhOWMxYjNkNWYiLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6NDEwMjQ0NDgwMH0.c292ZXJlaWduLWVtdWxhdG9yLWZpeGVkLXN0YWNraXQtdG9rZW4";
/// The private half of the seeded service-account key: a fixed RSA-2048 **test key**
/// (PKCS#8 PEM) generated once for the emulator. It protects nothing; never use it elsewhere.
pub const STACKIT_PRIVATE_KEY_PEM: &str = "-----BEGIN PRIVATE KEY-----\nMIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQDLdDkY1nl2gUrf\n3ucImPb+a2fmThVXbvVV7VsXyCc/qxzSz8tB/fUgf8TUzqGEmjGiNWl+FMm6iH1g\nkN+2GPfC/QutUNrlYJDcqh+5C9FdKAlgOGiF3Q3vkNXxAAlEzbbsKI/5xPpWTbnr\ncPL64gFcaugOaShexRw810bgwBtK1UI+XYewUp0hGqRqfInvjCWyTPpbncmmjZrp\nY4XPO9ZJqHVLT/5j3dlFHimxGiQbUOl7Gfty2M+OOFdbaFjWg5CXKLtWM9FG5K8d\nKfy7baY8oHx2V6L+3f6ILIvr8kU3D1LqnyQH+qP2w5+xwxw4/u+O8IBFji13FM9I\niOyYAtIRAgMBAAECggEABpD0EUtFvQd/9kD0SaSfLxeiES6itXFPMXRhQN+ctas0\n+VBLxe/XcBKzlG8tSxFraenpo1AyMQcb7ciLMc41O9mtHW07PVUsI7UJZFBfc89Z\nmx2C8RQQ8bMF1pr60ZnGjjFicSwUbMHiLtk0vFhcNSJ9pg5qh0F7D3Metlz43IW9\n515bRD2R7DSbxcaI4/dYOfDGoKbDSMNwxPA+DUz2VlmhJFdhBNMDyYTmOA5K/6BP\nFGes3h2Jl2Cda5GW2OatFeoYvwH0h5SkNwm34Mt/6Wvg/NSVDVvlUM0EHn/Zwfmi\nfvT0pTLBfAK+zHWbNQl30W8rLfCCwomhGYh/DRkygQKBgQD9YFpBFeYoaZLhz8EG\nsV68H+kT7qoGQJZqOVLCB2TPuaFhosWPf/c7PzqTVHvqNVFuwkp7FSezlGP6VeNe\nWDADplE/+mr/DUyHyPYMQj3JQGwjRXVY0MLr+r4zk+SEhUQeo9npYHx2OeXqdoFu\na5/uIMnHXmu2xe1o328hdLI0QQKBgQDNj4lo0EXbXW69P2QXcp3jqN8xu2j2F8Qj\n+pM1k6SJxR6qAAPNA6M/uBKMsx//TEdwWQMmSEAN9iSxevsaDdLF5BiX5QL1Or0U\nDD3fzKtOmW/FgVzKFsCvX1Kbou5zHkhbGhHYhfLNWRtlt98fa3blmsDnlAmc06Go\nM91nJzfp0QKBgCJM8OrutAG0iRXYsiDd0h1VlJAGNy4xgCtRJ0rtBVC5qIc3KdeL\nU0TKAnv/a+cA4M1FsB+JdZ5x8DbreaRD+/wCf+1RUTrF6h5XrjdqoEKmXf1IYeJs\nIHchsq34z27BO7+KHu3hCfhXTjC3aj4wg64Q8j/zIFHV6ZXQ6ZJ14coBAoGABjA9\nDce/YqREcjQXWlFcCX+LAJ9IwKfkgsTHa8R/HpqtmqaXdrOWVZPAEzZNT01HlU1I\nt/1S2FjBsAooxxcFcmm0h9YgKavUB2d68WLjAWHDKKoFVhwrPtxay06zaQnPWdbG\nFMOrlJ0LIxvO/s4obS8kgZRGWc9RPZQaJUHcABECgYB+KR8G2oc0/0oAbBUgd8Lf\nZHwM66gkNDtcSyBUyRlnJHg99kN8CShR91SnDfAQDJOnUxB4u4FR8O2s5T3MOzOm\nnILS4peKWbGthSzuvRbwPMg+uMuf939h1ac0uHu8cSeXBArrqdDg308ZO/2cUpew\nIQdsTkKZez6Fy71lj8Qmqw==\n-----END PRIVATE KEY-----";

/// Access key of the IONOS Object Storage (S3) key pair.
pub const IONOS_S3_ACCESS_KEY: &str = "EMULATORIONOSS3KEY01";
/// Secret key belonging to [`IONOS_S3_ACCESS_KEY`].
pub const IONOS_S3_SECRET_KEY: &str = "emulator-ionos-s3-secret-key";
/// The S3 region of IONOS's contract-owned endpoint (Berlin), the one clients must sign for.
pub const IONOS_S3_REGION: &str = "eu-central-3";
/// Access of the seeded EC2 credential of plusserver's default user (RGW S3 key), 32 hex.
pub const PLUSSERVER_EC2_ACCESS_KEY: &str = "6b2f4d8a1c3e5f7a9b0d2c4e6f8a1b3d";
/// Secret of the seeded EC2 credential, 32 hex.
pub const PLUSSERVER_EC2_SECRET_KEY: &str = "e1c3a5b7d9f0e2a4c6b8d0f1a3c5e7b9";
/// The dummy region S3 clients use for plusserver (any region is accepted).
pub const PLUSSERVER_S3_REGION: &str = "us-east-1";
/// A bucket name some other account owns on every S3 cloud: creating it is 409 `BucketAlreadyExists`.
pub const S3_TAKEN_BUCKET: &str = "taken-bucket";
