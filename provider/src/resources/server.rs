//! `sovereign_server`: a virtual machine booted from an image onto a boot volume, with its
//! primary interface on one network. Sized by `flavor` or by `cores` + `memory_gb`.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use sovereign_sdk::model::ObjectKind;
use sovereign_sdk::{
    Capabilities, Cloud, CloudKind, Deadline, Error, ErrorKind, Image, Server, ServerSize,
    ServerSpec, ServerUpdate,
};
use tf_provider::schema::{AttributeConstraint, AttributeType, Schema};
use tf_provider::value::Value;
use tf_provider::{AttributePath, Diagnostics};

use crate::checks;
use crate::cloud_notes::{CloudNote, CloudNotes};
use crate::convert::{
    changes, if_changed, known, known_u32, labels, number, optional, set_strings, settled,
    string_map, string_set, strings, StringList, StringMap, StringSet,
};
use crate::managed::{replacing, DefaultTimeouts, ManagedResource, PlannedUpdate};
use crate::schema::{
    attribute, computed_string, id, optional_computed_string, optional_number, optional_string,
    required_string, resource, sensitive,
};
use crate::timeouts::{self, TimeoutsBlock};

/// The resource's attributes, as in state and plan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ServerState {
    id: Value<String>,
    name: Value<String>,
    image: Value<String>,
    network_id: Value<String>,
    flavor: Value<String>,
    cores: Value<i64>,
    memory_gb: Value<i64>,
    availability_zone: Value<String>,
    security_group_ids: StringSet,
    ssh_public_keys: StringList,
    user_data: Value<String>,
    boot_volume_size_gb: Value<i64>,
    boot_volume_type: Value<String>,
    labels: StringMap,
    status: Value<String>,
    private_ip: Value<String>,
    #[serde(with = "timeouts::as_block")]
    timeouts: TimeoutsBlock,
}

crate::identified!(ServerState);

/// Whether `server` has the size `template` knows of (a size not yet known matches).
fn same_size(template: &ServerState, server: &Server) -> bool {
    let matches = |value: &Value<i64>, actual: u32| {
        value
            .as_ref_option()
            .is_none_or(|known| *known == i64::from(actual))
    };
    matches(&template.cores, server.cores) && matches(&template.memory_gb, server.memory_gb)
}

impl ServerState {
    /// The state for what exists, shaped like `template`: what the cloud does not report
    /// (`user_data`, keys, boot volume settings, the image as written) comes from the template;
    /// `cores` and `memory_gb` as asked stay while the server still has the flavor picked for
    /// them (the smallest fit may be larger than asked). On a cloud that sizes servers exactly
    /// (`exact_size`, IONOS) a flavor is only a name for a size: the configured name stands
    /// while the server keeps that size.
    fn from_server(server: Server, template: &ServerState, exact_size: bool) -> ServerState {
        let flavor = match (&template.flavor, exact_size) {
            (Value::Value(configured), true) if same_size(template, &server) => {
                Value::Value(configured.clone())
            }
            _ => optional(server.flavor.clone()),
        };
        let same_flavor = match &template.flavor {
            Value::Value(flavor) => server.flavor.as_ref() == Some(flavor),
            _ => true,
        };
        let asked = |value: &Value<i64>, actual: u32| match value.as_ref_option() {
            Some(asked) if same_flavor && *asked <= i64::from(actual) => Value::Value(*asked),
            _ => number(actual),
        };
        ServerState {
            id: Value::Value(server.id),
            name: Value::Value(server.name),
            image: match &template.image {
                Value::Value(image) => Value::Value(image.clone()),
                _ => optional(server.image_id),
            },
            network_id: Value::Value(server.network_id),
            flavor,
            cores: asked(&template.cores, server.cores),
            memory_gb: asked(&template.memory_gb, server.memory_gb),
            availability_zone: optional(server.availability_zone),
            // Optional and computed: what the cloud reports, `[]` included.
            security_group_ids: string_set(server.security_group_ids, false),
            ssh_public_keys: settled(template.ssh_public_keys.clone()),
            user_data: settled(template.user_data.clone()),
            boot_volume_size_gb: settled(template.boot_volume_size_gb),
            boot_volume_type: settled(template.boot_volume_type.clone()),
            labels: string_map(server.labels, template.labels.is_null()),
            status: Value::Value(server.status),
            private_ip: optional(server.private_ip),
            timeouts: template.timeouts.clone(),
        }
    }

    /// The state for what exists on `cloud`; see [`ServerState::from_server`].
    fn read_from(cloud: &Cloud, server: Server, template: &ServerState) -> ServerState {
        Self::from_server(server, template, cloud.capabilities().server_exact_size)
    }

    /// The planned state with every unknown made null: what goes into the state when a create
    /// failed but left a server behind that cannot be read.
    fn settled(self, id: &str) -> ServerState {
        ServerState {
            id: Value::Value(id.to_string()),
            flavor: settled(self.flavor),
            cores: settled(self.cores),
            memory_gb: settled(self.memory_gb),
            availability_zone: settled(self.availability_zone),
            security_group_ids: settled(self.security_group_ids),
            status: Value::Value("ERROR".into()),
            private_ip: settled(self.private_ip),
            ..self
        }
    }

    /// The size a known configuration asks for.
    fn size(&self) -> ServerSize {
        match known(&self.flavor) {
            Some(flavor) => ServerSize::Flavor(flavor),
            None => ServerSize::Resources {
                cores: known_u32(&self.cores).unwrap_or_default(),
                memory_gb: known_u32(&self.memory_gb).unwrap_or_default(),
            },
        }
    }

    /// Whether the configuration sizes by cores and memory rather than by flavor.
    fn by_resources(&self) -> bool {
        self.flavor.is_null()
    }
}

fn check_size(config: &ServerState, diags: &mut Diagnostics) {
    let given = |v: &Value<i64>| !v.is_null();
    let (flavor, cores, memory) = (
        !config.flavor.is_null(),
        given(&config.cores),
        given(&config.memory_gb),
    );
    if flavor && (cores || memory) {
        diags.error(
            "flavor and cores/memory_gb exclude each other",
            "Size the server either by `flavor` or by `cores` + `memory_gb`, not both; with \
             `cores` + `memory_gb` the provider picks the smallest flavor that fits.",
            AttributePath::new("flavor"),
        );
    } else if !flavor && !cores && !memory {
        diags.root_error(
            "The server has no size",
            "Set `flavor`, or `cores` and `memory_gb` (the provider then picks the smallest \
             flavor that fits; see data \"sovereign_flavor\").",
        );
    } else if !flavor && cores != memory {
        let (missing, other) = if cores {
            ("memory_gb", "cores")
        } else {
            ("cores", "memory_gb")
        };
        diags.error(
            format!("{missing} is missing"),
            format!("`{other}` needs `{missing}` beside it (or use `flavor` instead)."),
            AttributePath::new(other),
        );
    }
    checks::in_range(&config.cores, 1..=1024, "cores", diags);
    checks::in_range(&config.memory_gb, 1..=16384, "memory_gb", diags);
    checks::in_range(
        &config.boot_volume_size_gb,
        1..=65536,
        "boot_volume_size_gb",
        diags,
    );
}

fn check_keys(config: &ServerState, diags: &mut Diagnostics) {
    let Some(keys) = config.ssh_public_keys.as_ref_option() else {
        return;
    };
    for (index, key) in keys.iter().enumerate() {
        let Some(key) = key.as_ref_option() else {
            continue;
        };
        if let Err(problem) = check_key(key) {
            diags.error(
                "Invalid SSH public key",
                format!(
                    "Key {} is not an OpenSSH public key such as \"ssh-ed25519 AAAA... \
                     user@host\": {problem}.",
                    index + 1
                ),
                AttributePath::new("ssh_public_keys").index(index as i64),
            );
        }
    }
}

/// Checks one OpenSSH public key line: a known type, then base64 data that starts with the
/// same type name (as the cloud checks when it makes a keypair).
fn check_key(key: &str) -> Result<(), String> {
    use base64::Engine as _;
    let mut fields = key.split_whitespace();
    let kind = fields.next().unwrap_or_default();
    if !(kind.starts_with("ssh-") || kind.starts_with("ecdsa-") || kind.starts_with("sk-")) {
        return Err(format!("{kind:?} is not a key type"));
    }
    let data = fields.next().ok_or("the key data is missing")?;
    let blob = base64::engine::general_purpose::STANDARD
        .decode(data)
        .map_err(|_| "the key data is not base64".to_string())?;
    let named = blob
        .get(..4)
        .map(|len| u32::from_be_bytes([len[0], len[1], len[2], len[3]]) as usize)
        .and_then(|len| blob.get(4..4 + len));
    if named != Some(kind.as_bytes()) || blob.len() < 4 + kind.len() + 8 {
        return Err(format!("the key data is not a {kind} key"));
    }
    Ok(())
}

/// On clouds with key pairs (OpenStack's, STACKIT) one key goes into the pair and further keys
/// into cloud-init user data, which cannot also come from `user_data`.
fn check_keys_with_user_data(config: &ServerState, cloud: &Cloud, diags: &mut Diagnostics) {
    let openstack = matches!(
        cloud.kind(),
        CloudKind::Plusserver | CloudKind::Otc | CloudKind::Stackit
    );
    let keys = config.ssh_public_keys.as_ref_option().map_or(0, Vec::len);
    if openstack && keys > 1 && !config.user_data.is_null() {
        diags.error(
            "Several SSH keys and user_data",
            format!(
                "On {} a server's keypair holds one key and further keys go in through cloud-init \
                 user data, which `user_data` already sets. Give one key, or list the others \
                 under `ssh_authorized_keys` in your user_data.",
                cloud.kind()
            ),
            AttributePath::new("ssh_public_keys"),
        );
    }
}

/// An error on `attribute` when a lookup in the cloud fails (`Unsupported` lookups are skipped:
/// the cloud then checks at create time).
fn lookup_failed(diags: &mut Diagnostics, attribute: &'static str, error: &Error) {
    if error.kind() != ErrorKind::Unsupported {
        diags.error(
            format!("Cannot check {attribute}"),
            format!("Looking it up in the cloud failed: {error}"),
            AttributePath::new(attribute),
        );
    }
}

/// Checks that the configured image exists (by id or exact name; of several with the name the
/// newest is used) and that a configured boot volume is large enough for it.
async fn check_image(cloud: &Cloud, config: &ServerState, diags: &mut Diagnostics) {
    let Some(wanted) = config.image.as_ref_option() else {
        return;
    };
    let images = match cloud.compute().list_images().await {
        Ok(images) => images,
        Err(error) => return lookup_failed(diags, "image", &error),
    };
    let mut named: Vec<&Image> = images.iter().filter(|i| &i.name == wanted).collect();
    named.sort_by(|a, b| b.created_at.cmp(&a.created_at));
    let image = match images.iter().find(|i| &i.id == wanted) {
        Some(image) => image,
        None if named.len() > 1 => {
            let ids: Vec<&str> = named.iter().map(|i| i.id.as_str()).collect();
            diags.warning(
                "Several images have this name",
                format!(
                    "{} images are named {wanted:?} (ids {}); the newest is used. Give the id \
                     to pin one.",
                    named.len(),
                    ids.join(", ")
                ),
                AttributePath::new("image"),
            );
            named[0]
        }
        None => match named.first() {
            Some(image) => image,
            None => {
                let names: Vec<String> = images.iter().map(|i| i.name.clone()).collect();
                return diags.error(
                    "No such image",
                    format!(
                        "{} has no image with the id or name {wanted:?}. {}",
                        cloud.kind(),
                        checks::suggestion(wanted, &names, "images")
                    ),
                    AttributePath::new("image"),
                );
            }
        },
    };
    if let Some(size) = known_u32(&config.boot_volume_size_gb) {
        if size < image.min_disk_gb {
            diags.error(
                "Boot volume too small for the image",
                format!(
                    "Image {:?} needs a boot volume of at least {} GB, not {size}.",
                    image.name, image.min_disk_gb
                ),
                AttributePath::new("boot_volume_size_gb"),
            );
        }
    }
}

/// user_data goes to the cloud base64-encoded, at most 64 KiB of it (Nova's limit).
fn check_user_data(config: &ServerState, diags: &mut Diagnostics) {
    const MAX_ENCODED: usize = 65535;
    if let Some(data) = config.user_data.as_ref_option() {
        let encoded = data.len().div_ceil(3) * 4;
        if encoded > MAX_ENCODED {
            diags.error(
                "user_data is too long",
                format!(
                    "user_data is {} bytes, {encoded} once base64-encoded; clouds take at most \
                     {MAX_ENCODED}. Compress it (cloud-init reads gzip) or fetch the rest at boot.",
                    data.len()
                ),
                AttributePath::new("user_data"),
            );
        }
    }
}

/// Checks that the flavor exists, or that some flavor fits the cores and memory asked for; on
/// clouds that size servers exactly, that the cloud takes the size.
async fn check_flavor(cloud: &Cloud, config: &ServerState, diags: &mut Diagnostics) {
    let size_known =
        config.flavor.is_value() || (config.cores.is_value() && config.memory_gb.is_value());
    if cloud.capabilities().server_exact_size {
        if let (true, Some(Err(error))) =
            (size_known, cloud.compute().check_exact_size(&config.size()))
        {
            let attribute = match error.field() {
                Some("memory_gb") => "memory_gb",
                Some("cores") => "cores",
                _ => "flavor",
            };
            diags.error(
                "This size is not available",
                error.message().to_string(),
                AttributePath::new(attribute),
            );
        }
        return;
    }
    let flavors = match cloud.compute().list_flavors().await {
        Ok(flavors) => flavors,
        Err(error) => return lookup_failed(diags, "flavor", &error),
    };
    if let Some(wanted) = config.flavor.as_ref_option() {
        if !flavors.iter().any(|f| &f.name == wanted) {
            let names: Vec<String> = flavors.iter().map(|f| f.name.clone()).collect();
            diags.error(
                "No such flavor",
                format!(
                    "{} has no flavor {wanted:?}. {}",
                    cloud.kind(),
                    checks::suggestion(wanted, &names, "flavors")
                ),
                AttributePath::new("flavor"),
            );
        }
        return;
    }
    let (Some(cores), Some(memory)) = (known_u32(&config.cores), known_u32(&config.memory_gb))
    else {
        return;
    };
    if flavors.is_empty()
        || flavors
            .iter()
            .any(|f| f.cores >= cores && f.memory_gb >= memory)
    {
        return;
    }
    let most_cores = flavors.iter().map(|f| f.cores).max().unwrap_or_default();
    let most_memory = flavors
        .iter()
        .map(|f| f.memory_gb)
        .max()
        .unwrap_or_default();
    let attribute = if cores > most_cores {
        "cores"
    } else {
        "memory_gb"
    };
    diags.error(
        "No flavor is that large",
        format!(
            "No flavor on {} has {cores} cores and {memory} GB of memory; the largest have \
             {most_cores} cores and {most_memory} GB.",
            cloud.kind()
        ),
        AttributePath::new(attribute),
    );
}

/// Checks a known availability zone against the cloud's list.
async fn check_zone(cloud: &Cloud, zone: &str, diags: &mut Diagnostics) {
    let zones = match cloud.compute().list_availability_zones().await {
        Ok(zones) => zones,
        Err(error) => return lookup_failed(diags, "availability_zone", &error),
    };
    if !zones.iter().any(|z| z.name == zone) {
        let names: Vec<String> = zones.into_iter().map(|z| z.name).collect();
        diags.error(
            "No such availability zone",
            format!(
                "{} has no availability zone {zone:?}. {}",
                cloud.kind(),
                checks::suggestion(zone, &names, "availability zones")
            ),
            AttributePath::new("availability_zone"),
        );
    }
}

/// `sovereign_server`.
pub struct ServerResource;

#[async_trait]
impl ManagedResource for ServerResource {
    type State = ServerState;
    const NOUN: &'static str = "server";
    const TIMEOUTS: DefaultTimeouts = DefaultTimeouts {
        create: std::time::Duration::from_secs(20 * 60),
        update: std::time::Duration::from_secs(20 * 60),
        delete: std::time::Duration::from_secs(15 * 60),
    };

    fn schema(&self) -> Schema {
        let number_oc = |description: &str| {
            attribute(
                AttributeType::Number,
                AttributeConstraint::OptionalComputed,
                description,
            )
        };
        resource(
            "A virtual machine booted from an image onto a boot volume, with its primary \
             interface on one network. Size it by `flavor` or by `cores` + `memory_gb` (the \
             smallest flavor that fits; exact on IONOS). Nova server with a port and a boot \
             volume on plusserver; on OTC an ECS server (created and deleted through ECS, which \
             sets the root volume's type; read and changed through Nova); a server with a NIC \
             on STACKIT and IONOS. SSH keys \
             need no keypair resource: where the cloud needs one, the server owns it and \
             removes it with itself.",
            [
                ("id", id("server")),
                ("name", required_string("The server's name. Changes in place.")),
                (
                    "image",
                    required_string("The image: an id or an exact name, checked at plan time (see data \"sovereign_image\"). Changing it replaces the server."),
                ),
                (
                    "network_id",
                    required_string("The network of the primary interface. Changing it replaces the server."),
                ),
                (
                    "flavor",
                    optional_computed_string("The flavor (machine type) name. Give either `flavor` or `cores` + `memory_gb`; the cloud reports the flavor in use either way. A change resizes the server in place where the cloud can (`sovereign_cloud.capabilities.server_resize`), else replaces it. IONOS has no flavors and sizes servers exactly (`sovereign_cloud.capabilities.server_exact_size`): there a flavor name stands for a size, either an SCS name (`SCS-2V-4` = 2 cores, 4 GB) or one of the aliases `XS` (1 core, 1 GB), `S` (1, 2), `M` (2, 4), `L` (4, 8), `XL` (8, 16), `XXL` (16, 32); a server reports its size's SCS name, and a configured alias stays while the server keeps that size."),
                ),
                (
                    "cores",
                    number_oc("Virtual CPU cores, with `memory_gb`: the smallest flavor with at least this many cores and that much memory. Reported by the cloud when sizing by `flavor`. A change resizes like `flavor`."),
                ),
                (
                    "memory_gb",
                    number_oc("Memory in GiB, with `cores`. Reported by the cloud when sizing by `flavor`. A change resizes like `flavor`."),
                ),
                (
                    "availability_zone",
                    optional_computed_string("The availability zone (see data \"sovereign_availability_zones\"). Left out, the cloud picks one. Changing it replaces the server."),
                ),
                (
                    "security_group_ids",
                    attribute(
                        AttributeType::Set(Box::new(AttributeType::String)),
                        AttributeConstraint::OptionalComputed,
                        "Security groups on the primary interface. Left out, the cloud's default group (on OpenStack clouds); `[]` for none. Changes in place.",
                    ),
                ),
                (
                    "ssh_public_keys",
                    attribute(
                        AttributeType::List(Box::new(AttributeType::String)),
                        AttributeConstraint::Optional,
                        "OpenSSH public keys to install for the image's default user (on OpenStack clouds the first goes into a keypair the server owns, the others into cloud-init). Not readable from the cloud, so `terraform import` leaves them empty. Changing them replaces the server.",
                    ),
                ),
                (
                    "user_data",
                    sensitive(optional_string("cloud-init user data. Sensitive: masked in plans and output, but kept in the state as written, since the plugin protocol this provider speaks (6.5) has no write-only attributes. Not readable from the cloud, so `terraform import` leaves it empty. Changing it replaces the server.")),
                ),
                (
                    "boot_volume_size_gb",
                    optional_number("The boot volume's size in GiB. Left out, the image's minimum. Changing it replaces the server."),
                ),
                (
                    "boot_volume_type",
                    optional_string("The boot volume's performance class (OTC: `SATA`, `SAS`, `SSD`, ...). Left out, the cloud's default (OTC: `SAS`). Changing it replaces the server."),
                ),
                ("labels", crate::schema::labels()),
                (
                    "status",
                    computed_string("The cloud's status word (`ACTIVE`, `RUNNING`, ...)."),
                ),
                (
                    "private_ip",
                    computed_string("The primary interface's private IPv4 address."),
                ),
            ],
        )
    }

    fn supported(&self, capabilities: &Capabilities) -> bool {
        capabilities.servers
    }

    const CONFIG_ONLY: &'static [&'static str] = &[
        "image",
        "user_data",
        "ssh_public_keys",
        "boot_volume_size_gb",
        "boot_volume_type",
    ];

    fn check(&self, config: &ServerState, cloud: Option<&Cloud>, diags: &mut Diagnostics) {
        checks::name(&config.name, diags);
        checks::labels(&config.labels, cloud, diags);
        checks::cloud_rules(
            cloud,
            ObjectKind::Server,
            Some(&config.name),
            &config.labels,
            diags,
        );
        check_size(config, diags);
        check_keys(config, diags);
        check_user_data(config, diags);
        if let Some(cloud) = cloud {
            check_keys_with_user_data(config, cloud, diags);
        }
    }

    async fn plan_create(
        &self,
        cloud: Option<&Cloud>,
        config: &ServerState,
        mut proposed: ServerState,
        diags: &mut Diagnostics,
    ) -> ServerState {
        if let Some(cloud) = cloud {
            check_image(cloud, config, diags).await;
            check_flavor(cloud, config, diags).await;
            if let Some(zone) = config.availability_zone.as_ref_option() {
                check_zone(cloud, zone, diags).await;
            }
        }
        proposed.status = Value::Unknown;
        proposed.private_ip = Value::Unknown;
        if proposed.flavor.is_null() {
            proposed.flavor = Value::Unknown;
        }
        for computed in [&mut proposed.cores, &mut proposed.memory_gb] {
            if computed.is_null() {
                *computed = Value::Unknown;
            }
        }
        if proposed.availability_zone.is_null() {
            proposed.availability_zone = Value::Unknown;
        }
        if proposed.security_group_ids.is_null() {
            proposed.security_group_ids = Value::Unknown;
        }
        proposed
    }

    async fn plan_update(
        &self,
        cloud: Option<&Cloud>,
        prior: &ServerState,
        config: &ServerState,
        mut proposed: ServerState,
        diags: &mut Diagnostics,
    ) -> PlannedUpdate<ServerState> {
        let p = &proposed;
        let mut replace = replacing([
            ("image", changes(&prior.image, &p.image)),
            ("network_id", changes(&prior.network_id, &p.network_id)),
            ("user_data", changes(&prior.user_data, &p.user_data)),
            (
                "ssh_public_keys",
                changes(&prior.ssh_public_keys, &p.ssh_public_keys),
            ),
            (
                "availability_zone",
                changes(&prior.availability_zone, &p.availability_zone),
            ),
            (
                "boot_volume_size_gb",
                changes(&prior.boot_volume_size_gb, &p.boot_volume_size_gb),
            ),
            (
                "boot_volume_type",
                changes(&prior.boot_volume_type, &p.boot_volume_type),
            ),
        ]);
        // The size: what the configuration sizes by decides what changed.
        let resized = if config.by_resources() {
            replacing([
                ("cores", changes(&prior.cores, &p.cores)),
                ("memory_gb", changes(&prior.memory_gb, &p.memory_gb)),
            ])
        } else {
            replacing([("flavor", changes(&prior.flavor, &p.flavor))])
        };
        if let Some(cloud) = cloud {
            if changes(&prior.image, &p.image)
                || changes(&prior.boot_volume_size_gb, &p.boot_volume_size_gb)
            {
                check_image(cloud, config, diags).await;
            }
            if !resized.is_empty() {
                check_flavor(cloud, config, diags).await;
            }
        }
        if !resized.is_empty() {
            if config.by_resources() {
                proposed.flavor = Value::Unknown;
            } else {
                proposed.cores = Value::Unknown;
                proposed.memory_gb = Value::Unknown;
            }
            let resizes = cloud
                .map(|c| c.capabilities().server_resize)
                .unwrap_or(true);
            if !resizes {
                replace.extend(resized);
            }
        }
        if !replace.is_empty() {
            proposed.private_ip = Value::Unknown;
        }
        if proposed != *prior {
            proposed.status = Value::Unknown;
        }
        (proposed, replace)
    }

    async fn create(
        &self,
        cloud: &Cloud,
        planned: &ServerState,
        deadline: Deadline,
    ) -> sovereign_sdk::Result<ServerState> {
        let spec = ServerSpec {
            name: known(&planned.name).unwrap_or_default(),
            image: known(&planned.image).unwrap_or_default(),
            network_id: known(&planned.network_id).unwrap_or_default(),
            size: planned.size(),
            availability_zone: known(&planned.availability_zone),
            security_group_ids: set_strings(&planned.security_group_ids),
            ssh_public_keys: strings(&planned.ssh_public_keys),
            user_data: known(&planned.user_data),
            boot_volume_size_gb: known_u32(&planned.boot_volume_size_gb),
            boot_volume_type: known(&planned.boot_volume_type),
            labels: labels(&planned.labels),
        };
        let mut server = cloud.compute().create_server(&spec, deadline).await?;
        // An empty list in the spec means "the cloud's default"; `[]` asks for none.
        let no_groups = planned
            .security_group_ids
            .as_ref_option()
            .is_some_and(|g| g.is_empty());
        if no_groups && !server.security_group_ids.is_empty() {
            let none = ServerUpdate {
                security_group_ids: Some(Vec::new()),
                ..Default::default()
            };
            server = cloud
                .compute()
                .update_server(&server.id, &none, deadline)
                .await
                .map_err(|e| e.with_resource_id(&server.id))?;
        }
        Ok(ServerState::read_from(cloud, server, planned))
    }

    async fn left_behind(
        &self,
        cloud: &Cloud,
        planned: &ServerState,
        id: &str,
    ) -> Option<ServerState> {
        // Keep what was configured (user_data, keys) and make every unknown known.
        Some(match cloud.compute().get_server(id).await {
            Ok(server) => ServerState::read_from(cloud, server, planned),
            Err(_) => planned.clone().settled(id),
        })
    }

    async fn read(
        &self,
        cloud: &Cloud,
        id: &str,
        state: &ServerState,
    ) -> sovereign_sdk::Result<ServerState> {
        let server = cloud.compute().get_server(id).await?;
        Ok(ServerState::read_from(cloud, server, state))
    }

    async fn update(
        &self,
        cloud: &Cloud,
        id: &str,
        prior: &ServerState,
        planned: &ServerState,
        deadline: Deadline,
    ) -> sovereign_sdk::Result<ServerState> {
        // A resize leaves `flavor` unknown (by cores and memory) or changes it (by flavor).
        let size = changes(&prior.flavor, &planned.flavor).then(|| planned.size());
        let update = ServerUpdate {
            name: if_changed(&prior.name, &planned.name).and_then(Value::as_option),
            size,
            security_group_ids: if_changed(&prior.security_group_ids, &planned.security_group_ids)
                .map(|v| set_strings(&v)),
            labels: if_changed(&prior.labels, &planned.labels).map(|v| labels(&v)),
        };
        let server = if update == ServerUpdate::default() {
            cloud.compute().get_server(id).await?
        } else {
            cloud.compute().update_server(id, &update, deadline).await?
        };
        Ok(ServerState::read_from(cloud, server, planned))
    }

    async fn delete(
        &self,
        cloud: &Cloud,
        id: &str,
        _prior: &ServerState,
        deadline: Deadline,
    ) -> sovereign_sdk::Result<()> {
        cloud.compute().delete_server(id, deadline).await
    }
}

/// What this is on each cloud, and what each cloud cannot do with it (rendered into the docs).
pub const CLOUD_NOTES: CloudNotes = CloudNotes {
    ionos: CloudNote {
        maps_to: "A server made in one request with its boot volume (from the image, with the SSH keys and user data) and its primary NIC on the network's LAN; sized exactly by `cores` + `memory_gb`, resized in place.",
        cannot: "Flavors: IONOS has none. A flavor name stands for a size (SCS names such as `SCS-2V-4`, or `XS` to `XXL`) and the server reports its size's SCS name.",
    },
    stackit: CloudNote {
        maps_to: "A server on a NIC the provider makes first (security groups by id), with a key pair it owns for `ssh_public_keys` and a boot volume from the image; a machine type (`flavor`, or the smallest that fits `cores` + `memory_gb`), resized in place.",
        cannot: "Names and labels outside STACKIT's rules (checked at plan time).",
    },
    otc: CloudNote {
        maps_to: "An ECS server: created and deleted through ECS (which sets the root volume's type, `boot_volume_type`, default `SAS`), read, renamed, relabelled, regrouped and resized through Nova; a keypair it owns for `ssh_public_keys`.",
        cannot: "",
    },
    plusserver: CloudNote {
        maps_to: "A Nova server on a port in the network, with a boot volume from the image and a keypair it owns for `ssh_public_keys`; SCS flavors (`SCS-2V-4`), resized in place (resize and confirm).",
        cannot: "",
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    fn by_resources(cores: i64, memory_gb: i64) -> ServerState {
        ServerState {
            name: Value::Value("s".into()),
            image: Value::Value("img".into()),
            network_id: Value::Value("net".into()),
            cores: Value::Value(cores),
            memory_gb: Value::Value(memory_gb),
            ..Default::default()
        }
    }

    /// What the state holds after creating `config` on flavor `flavor` (2 cores, 4 GB).
    fn existing(config: &ServerState, flavor: &str) -> ServerState {
        let server = Server {
            id: "id-1".into(),
            name: "s".into(),
            status: "ACTIVE".into(),
            network_id: "net".into(),
            flavor: Some(flavor.into()),
            cores: 2,
            memory_gb: 4,
            private_ip: Some("10.0.0.5".into()),
            ..Default::default()
        };
        let mut planned = config.clone();
        planned.flavor = Value::Unknown;
        ServerState::from_server(server, &planned, false)
    }

    async fn plan(prior: &ServerState, config: &ServerState) -> (ServerState, Vec<String>) {
        let mut proposed = config.clone();
        for (value, prior_value) in [
            (&mut proposed.flavor, &prior.flavor),
            (&mut proposed.availability_zone, &prior.availability_zone),
            (&mut proposed.status, &prior.status),
            (&mut proposed.private_ip, &prior.private_ip),
        ] {
            if value.is_null() {
                *value = prior_value.clone();
            }
        }
        for (value, prior_value) in [
            (&mut proposed.cores, &prior.cores),
            (&mut proposed.memory_gb, &prior.memory_gb),
        ] {
            if value.is_null() {
                *value = *prior_value;
            }
        }
        if proposed.security_group_ids.is_null() {
            proposed.security_group_ids = prior.security_group_ids.clone();
        }
        proposed.id = prior.id.clone();
        let mut diags = Diagnostics::default();
        let (planned, replace) = ServerResource
            .plan_update(None, prior, config, proposed, &mut diags)
            .await;
        assert!(diags.errors.is_empty());
        (planned, replace.iter().map(|p| format!("{p:?}")).collect())
    }

    #[test]
    fn asked_size_stays_while_the_flavor_does() {
        // 1 core and 3 GB asked; the smallest fit has 2 and 4: the state keeps what was asked.
        let state = existing(&by_resources(1, 3), "SCS-2V-4");
        assert_eq!(state.cores, Value::Value(1));
        assert_eq!(state.memory_gb, Value::Value(3));
        assert_eq!(state.flavor, Value::Value("SCS-2V-4".into()));
        // Resized behind terraform's back: the real size shows.
        let server = Server {
            flavor: Some("SCS-4V-8".into()),
            cores: 4,
            memory_gb: 8,
            ..Default::default()
        };
        let drifted = ServerState::from_server(server, &state, false);
        assert_eq!(drifted.cores, Value::Value(4));
    }

    #[test]
    fn a_size_alias_stands_while_the_size_does_on_exact_clouds() {
        let server = |cores: u32, memory_gb: u32| Server {
            flavor: Some(format!("SCS-{cores}V-{memory_gb}")),
            cores,
            memory_gb,
            ..Default::default()
        };
        let planned = ServerState {
            flavor: Value::Value("M".into()),
            ..Default::default()
        };
        let created = ServerState::from_server(server(2, 4), &planned, true);
        assert_eq!(created.flavor, Value::Value("M".into()));
        let read = ServerState::from_server(server(2, 4), &created, true);
        assert_eq!(read.flavor, Value::Value("M".into()));
        // Resized behind terraform's back: the size's own name shows, so the plan resizes.
        let drifted = ServerState::from_server(server(4, 8), &read, true);
        assert_eq!(drifted.flavor, Value::Value("SCS-4V-8".into()));
        // Imported: nothing configured yet, the size's name.
        let imported = ServerState::from_server(server(2, 4), &ServerState::default(), true);
        assert_eq!(imported.flavor, Value::Value("SCS-2V-4".into()));
        // A flavor cloud reports its flavor, whatever was configured.
        let other = ServerState::from_server(server(2, 4), &planned, false);
        assert_eq!(other.flavor, Value::Value("SCS-2V-4".into()));
    }

    #[tokio::test]
    async fn nothing_changes_without_a_change() {
        let config = by_resources(2, 4);
        let prior = existing(&config, "SCS-2V-4");
        let (planned, replace) = plan(&prior, &config).await;
        assert_eq!(planned, prior);
        assert!(replace.is_empty());
    }

    #[tokio::test]
    async fn more_cores_resize_in_place_with_the_flavor_unknown() {
        let prior = existing(&by_resources(2, 4), "SCS-2V-4");
        let (planned, replace) = plan(&prior, &by_resources(4, 8)).await;
        assert!(replace.is_empty(), "{replace:?}");
        assert!(planned.flavor.is_unknown());
        assert_eq!(planned.cores, Value::Value(4));
        assert!(planned.status.is_unknown());
        assert_eq!(planned.private_ip, prior.private_ip);
    }

    #[tokio::test]
    async fn a_new_flavor_leaves_cores_unknown() {
        let mut config = by_resources(0, 0);
        config.cores = Value::Null;
        config.memory_gb = Value::Null;
        config.flavor = Value::Value("SCS-2V-4".into());
        let prior = existing(&config, "SCS-2V-4");
        config.flavor = Value::Value("SCS-4V-8".into());
        let (planned, replace) = plan(&prior, &config).await;
        assert!(replace.is_empty());
        assert!(planned.cores.is_unknown() && planned.memory_gb.is_unknown());
    }

    #[tokio::test]
    async fn new_user_data_replaces() {
        let config = by_resources(2, 4);
        let prior = existing(&config, "SCS-2V-4");
        let mut changed = config.clone();
        changed.user_data = Value::Value("#cloud-config".into());
        let (_, replace) = plan(&prior, &changed).await;
        assert_eq!(replace.len(), 1);
        assert!(replace[0].contains("user_data"), "{replace:?}");
    }

    #[test]
    fn ssh_keys_are_checked() {
        let good =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGV4YW1wbGUta2V5LW9ubHktZm9yLXRoZS1kb2NzLXh4 a@b";
        assert_eq!(check_key(good), Ok(()));
        assert!(check_key(
            "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIGV4YW1wbGUta2V5LW9ubHktZm9yLXRoZS1kb2NzLXh4"
        )
        .is_err());
        assert!(check_key("ssh-ed25519 not!base64").is_err());
        assert!(check_key("hello").is_err());
    }

    #[test]
    fn both_sizes_is_an_error_on_flavor() {
        let mut config = by_resources(2, 4);
        config.flavor = Value::Value("SCS-2V-4".into());
        let mut diags = Diagnostics::default();
        check_size(&config, &mut diags);
        assert_eq!(diags.errors.len(), 1);
        let mut diags = Diagnostics::default();
        check_size(&ServerState::default(), &mut diags);
        assert_eq!(diags.errors.len(), 1, "no size at all");
    }
}
