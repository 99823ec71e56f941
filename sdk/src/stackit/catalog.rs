//! What servers are built from on STACKIT: the project's images, the machine types (a size
//! asked as cores + memory gets the smallest that fits) and the region's availability zones.

use serde::Deserialize;

use super::StackitBackend;
use crate::error::{Error, Result};
use crate::model::{AvailabilityZone, Flavor, Image, ServerSize};
use crate::provisioning::{pick_image, smallest_fit};

/// A list answer: `{"items": [...]}`.
#[derive(Debug, Deserialize)]
pub(super) struct Items<T> {
    #[serde(default = "Vec::new")]
    pub items: Vec<T>,
}

#[derive(Debug, Deserialize)]
struct StackitImage {
    id: String,
    name: String,
    #[serde(default, rename = "minDiskSize")]
    min_disk_size: Option<u32>,
    #[serde(default, rename = "createdAt")]
    created_at: Option<String>,
    #[serde(default)]
    status: Option<String>,
}

/// A machine type: its name, vCPUs, memory (MB) and disk (GB).
#[derive(Debug, Clone, Deserialize)]
pub(super) struct MachineType {
    pub name: String,
    pub vcpus: u32,
    /// MB.
    pub ram: u64,
    #[serde(default)]
    pub disk: u32,
}

impl From<&MachineType> for Flavor {
    fn from(m: &MachineType) -> Self {
        Flavor {
            id: m.name.clone(),
            name: m.name.clone(),
            cores: m.vcpus,
            memory_gb: u32::try_from(m.ram / 1024).unwrap_or(u32::MAX),
        }
    }
}

impl StackitBackend {
    pub(super) async fn images(&self) -> Result<Vec<Image>> {
        let list: Items<StackitImage> = self.client.get(&self.client.p("/images")).await?;
        Ok(list
            .items
            .into_iter()
            .filter(|i| {
                i.status
                    .as_deref()
                    .is_none_or(|s| s.eq_ignore_ascii_case("AVAILABLE"))
            })
            .map(|i| Image {
                id: i.id,
                name: i.name,
                min_disk_gb: i.min_disk_size.unwrap_or_default(),
                created_at: i.created_at,
            })
            .collect())
    }

    /// An image by id or exact name (the newest of that name).
    pub(super) async fn resolve_image(&self, wanted: &str) -> Result<Image> {
        pick_image(&self.images().await?, wanted)
    }

    pub(super) async fn machine_types(&self) -> Result<Vec<MachineType>> {
        let list: Items<MachineType> = self.client.get(&self.client.p("/machine-types")).await?;
        Ok(list.items)
    }

    /// The machine type a size asks for: by name, or the smallest with the cores and memory.
    pub(super) async fn resolve_machine_type(&self, size: &ServerSize) -> Result<MachineType> {
        let types = self.machine_types().await?;
        let found = match size {
            ServerSize::Flavor(name) => types.iter().find(|t| &t.name == name),
            ServerSize::Resources { cores, memory_gb } => {
                smallest_fit(&types, *cores, *memory_gb, |t| {
                    (t.vcpus, t.ram, t.disk, &t.name)
                })
            }
        };
        found.cloned().ok_or_else(|| {
            let mut names: Vec<String> = types
                .iter()
                .map(|t| format!("{} ({}c/{}G)", t.name, t.vcpus, t.ram / 1024))
                .collect();
            names.sort();
            let (field, what) = match size {
                ServerSize::Flavor(name) => {
                    ("flavor", format!("no machine type is named {name:?}"))
                }
                ServerSize::Resources { cores, memory_gb } => (
                    "cores",
                    format!(
                        "no machine type has {cores} cores and {memory_gb} GB of memory or more"
                    ),
                ),
            };
            Error::invalid_field(field, format!("{what}; available: {}", names.join(", ")))
        })
    }

    pub(super) async fn zones(&self) -> Result<Vec<AvailabilityZone>> {
        let path = format!("/v2/regions/{}/availability-zones", self.client.region());
        let list: Items<String> = self.client.get(&path).await?;
        Ok(list
            .items
            .into_iter()
            .map(|name| AvailabilityZone { name })
            .collect())
    }

    /// The zone a volume goes to when none is asked for (STACKIT requires one): the first.
    pub(super) async fn default_zone(&self) -> Result<String> {
        self.zones()
            .await?
            .into_iter()
            .map(|z| z.name)
            .min()
            .ok_or_else(|| Error::invalid_field("availability_zone", "STACKIT lists no zones here"))
    }
}
