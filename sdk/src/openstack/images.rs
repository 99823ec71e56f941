//! What servers are built from: Glance images, Nova flavors and availability zones, and how
//! a server's `image` and size are resolved against them.

use reqwest::Method;
use serde::Deserialize;

use super::client::Service;
use super::OpenStackBackend;
use crate::error::{Error, Result};
use crate::model::{AvailabilityZone, Flavor, Image, ServerSize};
use crate::provisioning::{pick_image, smallest_fit};

#[derive(Debug, Deserialize)]
struct GlanceImage {
    id: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    min_disk: u32,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default)]
    status: String,
}

#[derive(Debug, Deserialize)]
struct GlancePage {
    images: Vec<GlanceImage>,
    #[serde(default)]
    next: Option<String>,
}

/// A Nova flavor with its id (the uniform model's `Flavor` plus what Nova needs).
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct NovaFlavor {
    pub id: String,
    pub name: String,
    pub vcpus: u32,
    /// MiB.
    pub ram: u64,
    #[serde(default)]
    pub disk: u32,
}

impl From<&NovaFlavor> for Flavor {
    fn from(f: &NovaFlavor) -> Self {
        Flavor {
            id: f.id.clone(),
            name: f.name.clone(),
            cores: f.vcpus,
            memory_gb: u32::try_from(f.ram / 1024).unwrap_or(u32::MAX),
        }
    }
}

impl From<GlanceImage> for Image {
    fn from(i: GlanceImage) -> Self {
        Image {
            id: i.id,
            name: i.name.unwrap_or_default(),
            min_disk_gb: i.min_disk,
            created_at: i.created_at,
        }
    }
}

/// The smallest flavor with at least `cores` and `memory_gb`.
pub(super) fn smallest_flavor(
    flavors: &[NovaFlavor],
    cores: u32,
    memory_gb: u32,
) -> Option<&NovaFlavor> {
    smallest_fit(flavors, cores, memory_gb, |f| {
        (f.vcpus, f.ram, f.disk, &f.name)
    })
}

impl OpenStackBackend {
    pub(super) async fn images(&self) -> Result<Vec<Image>> {
        let mut images = Vec::new();
        let mut path = "/images?limit=100".to_string();
        loop {
            let page: GlancePage = self
                .client
                .call_json(Service::Image, Method::GET, &path, None)
                .await?;
            images.extend(
                page.images
                    .into_iter()
                    .filter(|i| i.status.is_empty() || i.status == "active")
                    .map(Image::from),
            );
            match page.next {
                // Glance's next link is absolute from the API root: "/v2/images?marker=...".
                Some(next) => path = next.trim_start_matches("/v2").to_string(),
                None => return Ok(images),
            }
        }
    }

    /// An image by id or exact name; several with the name: the newest.
    pub(crate) async fn resolve_image(&self, wanted: &str) -> Result<Image> {
        pick_image(&self.images().await?, wanted)
    }

    pub(super) async fn nova_flavors(&self) -> Result<Vec<NovaFlavor>> {
        self.client
            .call_key(
                Service::Compute,
                Method::GET,
                "/flavors/detail",
                None,
                "flavors",
            )
            .await
    }

    /// The flavor a size asks for.
    pub(crate) async fn resolve_flavor(&self, size: &ServerSize) -> Result<NovaFlavor> {
        let flavors = self.nova_flavors().await?;
        let found = match size {
            // By name only: Nova reports a server's flavor by name, so an id would never read back
            // as what was planned.
            ServerSize::Flavor(name) => flavors.iter().find(|f| &f.name == name),
            ServerSize::Resources { cores, memory_gb } => {
                smallest_flavor(&flavors, *cores, *memory_gb)
            }
        };
        found.cloned().ok_or_else(|| {
            let mut names: Vec<String> = flavors
                .iter()
                .map(|f| format!("{} ({}c/{}G)", f.name, f.vcpus, f.ram / 1024))
                .collect();
            names.sort();
            let (field, what) = match size {
                ServerSize::Flavor(name) => ("flavor", format!("no flavor is named {name:?}")),
                ServerSize::Resources { cores, memory_gb } => (
                    "cores",
                    format!("no flavor has {cores} cores and {memory_gb} GB of memory or more"),
                ),
            };
            Error::invalid_field(field, format!("{what}; available: {}", names.join(", ")))
        })
    }

    pub(crate) async fn zones(&self) -> Result<Vec<AvailabilityZone>> {
        #[derive(Deserialize)]
        struct ZoneState {
            #[serde(default)]
            available: bool,
        }
        #[derive(Deserialize)]
        struct Zone {
            #[serde(rename = "zoneName")]
            name: String,
            #[serde(rename = "zoneState")]
            state: ZoneState,
        }
        let zones: Vec<Zone> = self
            .client
            .call_key(
                Service::Compute,
                Method::GET,
                "/os-availability-zone",
                None,
                "availabilityZoneInfo",
            )
            .await?;
        Ok(zones
            .into_iter()
            .filter(|z| z.state.available)
            .map(|z| AvailabilityZone { name: z.name })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flavor(name: &str, vcpus: u32, ram_gb: u64) -> NovaFlavor {
        NovaFlavor {
            id: name.into(),
            name: name.into(),
            vcpus,
            ram: ram_gb * 1024,
            disk: 0,
        }
    }

    #[test]
    fn smallest_fit_prefers_fewer_cores_then_less_memory() {
        let flavors = vec![
            flavor("4-16", 4, 16),
            flavor("2-8", 2, 8),
            flavor("2-4", 2, 4),
            flavor("1-2", 1, 2),
        ];
        assert_eq!(smallest_flavor(&flavors, 2, 4).unwrap().name, "2-4");
        assert_eq!(smallest_flavor(&flavors, 2, 5).unwrap().name, "2-8");
        assert_eq!(smallest_flavor(&flavors, 3, 1).unwrap().name, "4-16");
        assert!(smallest_flavor(&flavors, 32, 1).is_none());
    }
}
