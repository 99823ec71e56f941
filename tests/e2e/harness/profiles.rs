//! What differs between the emulated clouds in a test's configuration: names of images,
//! flavors, zones and volume types, and how the cloud shows what a resource made.

/// How a cloud shows that a network reaches the internet.
#[derive(Debug, Clone, Copy)]
pub enum InternetLink {
    /// An object per network in this inventory collection (plusserver's routers).
    Objects(&'static str),
    /// The VPC's shared SNAT (OTC).
    SharedSnat,
    /// The network is `routed` (STACKIT).
    Routed,
    /// Networks never reach it by themselves (IONOS LANs).
    None,
}

/// One emulated cloud as the tests see it.
#[derive(Debug)]
pub struct Profile {
    /// The cloud's name (`sovereign-emulator env NAME`, `cloud = "NAME"`).
    pub name: &'static str,
    /// The region `sovereign_cloud` reports.
    pub region: &'static str,
    /// Its availability zones, as `sovereign_availability_zones` lists them.
    pub zones: &'static [&'static str],
    /// An Ubuntu 24.04 image's exact name, and its minimum disk.
    pub ubuntu: &'static str,
    /// The id of that image.
    pub ubuntu_id: &'static str,
    /// The image's minimum disk, GB.
    pub ubuntu_min_disk_gb: u64,
    /// A regex matching the Ubuntu images (two of them).
    pub ubuntu_regex: &'static str,
    /// A regex matching the one Debian image.
    pub debian_regex: &'static str,
    /// The smallest flavor with 1 core and 2 GB.
    pub flavor_1_2: &'static str,
    /// The smallest flavor with 2 cores and 4 GB.
    pub flavor_2_4: &'static str,
    /// A flavor with 2 cores and 8 GB, by name.
    pub flavor_2_8: &'static str,
    /// The smallest flavor with at least 3 cores, with its cores and GB.
    pub three_cores: (&'static str, u64, u64),
    /// A name one character off a real flavor's.
    pub flavor_typo: &'static str,
    /// Two volume types; the second is not the cloud's default.
    pub volume_types: (&'static str, &'static str),
    /// The first three parts of the public IP range, with the dot.
    pub public_ip_prefix: &'static str,
    /// How the cloud shows a network's internet access.
    pub internet: InternetLink,
    /// Whether `internet_access` changes in place (else it replaces the network).
    pub internet_in_place: bool,
    /// The inventory collection of public IPs.
    pub public_ips: &'static str,
    /// The variable holding the password the tests check never leaks.
    pub password_var: &'static str,
    /// Networks take no DNS servers, internet access or labels, and security groups no labels
    /// (IONOS's LANs and NSGs).
    pub plain_networks: bool,
    /// The inventory collection of key pairs the SDK makes for `ssh_public_keys`, if any.
    pub keypairs: Option<&'static str>,
    /// The inventory collection of security group rules.
    pub security_group_rules: &'static str,
    /// Whether the cloud reports the device an attached volume shows as (STACKIT does not).
    pub attachment_device: bool,
    /// Whether buckets take versioning and labels (the S3 clouds; not STACKIT's management API).
    pub bucket_options: bool,
}

/// plusserver (pluscloud open), stock OpenStack.
pub const PLUSSERVER: Profile = Profile {
    name: "plusserver",
    region: "prod1",
    zones: &["DE-WEST-1"],
    ubuntu: "Ubuntu 24.04",
    ubuntu_id: "c7e1f3a5-9d2b-4c6e-8a1f-5b3d7e9c2a46",
    ubuntu_min_disk_gb: 8,
    ubuntu_regex: "^Ubuntu",
    debian_regex: "^Debian",
    flavor_1_2: "SCS-1V-2",
    flavor_2_4: "SCS-2V-4",
    flavor_2_8: "SCS-2V-8",
    three_cores: ("SCS-4V-8", 4, 8),
    flavor_typo: "SCS-2V-5",
    volume_types: ("ssd", "hdd"),
    public_ip_prefix: "203.0.113.",
    internet: InternetLink::Objects("routers"),
    internet_in_place: true,
    public_ips: "floatingips",
    password_var: "OS_PASSWORD",
    plain_networks: false,
    keypairs: Some("keypairs"),
    security_group_rules: "security_group_rules",
    attachment_device: true,
    bucket_options: true,
};

/// Open Telekom Cloud: VPCs, EIPs and ECS beside the OpenStack APIs.
pub const OTC: Profile = Profile {
    name: "otc",
    region: "eu-de",
    zones: &["eu-de-01", "eu-de-02", "eu-de-03"],
    ubuntu: "Standard_Ubuntu_24.04_latest",
    ubuntu_id: "7a4e9c13-5d6f-4b8a-8c3e-4f5a6b7c8d92",
    ubuntu_min_disk_gb: 4,
    ubuntu_regex: "^Standard_Ubuntu",
    debian_regex: "^Standard_Debian",
    flavor_1_2: "s3.medium.2",
    flavor_2_4: "s3.large.2",
    flavor_2_8: "s3.large.4",
    three_cores: ("s3.xlarge.2", 4, 8),
    flavor_typo: "s3.large.5",
    volume_types: ("SSD", "SAS"),
    public_ip_prefix: "198.51.100.",
    internet: InternetLink::SharedSnat,
    internet_in_place: true,
    public_ips: "publicips",
    password_var: "OS_PASSWORD",
    plain_networks: false,
    keypairs: Some("keypairs"),
    security_group_rules: "security_group_rules",
    attachment_device: true,
    bucket_options: true,
};

/// IONOS Cloud: a virtual data center with LANs, NSGs, volumes and IP blocks; exact sizes.
pub const IONOS: Profile = Profile {
    name: "ionos",
    region: "de/fra",
    zones: &["ZONE_1", "ZONE_2"],
    ubuntu: "ubuntu-24.04-server-cloudimg-amd64",
    ubuntu_id: "a49f3766-5a85-408a-9acd-a3b5b17e51e4",
    ubuntu_min_disk_gb: 4,
    ubuntu_regex: "^ubuntu",
    debian_regex: "^debian",
    flavor_1_2: "SCS-1V-2",
    flavor_2_4: "SCS-2V-4",
    flavor_2_8: "SCS-2V-8",
    three_cores: ("SCS-4V-8", 4, 8),
    flavor_typo: "SCS-2V-5",
    volume_types: ("SSD Premium", "HDD"),
    public_ip_prefix: "203.0.113.",
    internet: InternetLink::None,
    internet_in_place: false,
    public_ips: "ipblocks",
    password_var: "IONOS_PASSWORD",
    plain_networks: true,
    keypairs: None,
    security_group_rules: "rules",
    attachment_device: true,
    bucket_options: true,
};

/// STACKIT: networks with an IPv4 prefix, servers on an SDK-made NIC, machine types.
pub const STACKIT: Profile = Profile {
    name: "stackit",
    region: "eu01",
    zones: &["eu01-1", "eu01-2", "eu01-3"],
    ubuntu: "Ubuntu 24.04",
    ubuntu_id: "a1f5c3e7-2b4d-4f6a-8c0e-1d3f5a7b9c2e",
    ubuntu_min_disk_gb: 8,
    ubuntu_regex: "^Ubuntu",
    debian_regex: "^Debian",
    flavor_1_2: "t1.2",
    flavor_2_4: "c1.1",
    flavor_2_8: "g1.1",
    three_cores: ("c1.2", 4, 8),
    flavor_typo: "c1.5",
    volume_types: ("storage_premium_perf1", "storage_premium_perf6"),
    public_ip_prefix: "192.0.2.",
    internet: InternetLink::Routed,
    internet_in_place: false,
    public_ips: "public_ips",
    password_var: "STACKIT_SERVICE_ACCOUNT_TOKEN",
    plain_networks: false,
    keypairs: Some("keypairs"),
    security_group_rules: "security_group_rules",
    attachment_device: false,
    bucket_options: false,
};
