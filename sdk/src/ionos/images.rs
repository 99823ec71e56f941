//! Public images of the data center's location (IONOS lists the same image once per location,
//! each with its own id), and the location itself.

use serde::Deserialize;

use super::repr::{Collection, Item};
use super::IonosBackend;
use crate::error::{ErrorKind, Result};
use crate::model::Image;
use crate::provisioning::pick_image;

#[derive(Debug, Deserialize)]
struct ImageProperties {
    #[serde(default)]
    name: String,
    #[serde(default)]
    location: String,
    /// GB, fractional.
    #[serde(default)]
    size: f64,
    #[serde(default, rename = "imageType")]
    image_type: String,
}

#[derive(Debug, Deserialize)]
struct DatacenterProperties {
    #[serde(default)]
    location: String,
}

impl IonosBackend {
    /// The data center's location (`de/fra`), read once.
    pub(super) async fn location(&self) -> Result<String> {
        self.location
            .get_or_try_init(|| async {
                let dc: Item<DatacenterProperties> = self
                    .client
                    .get(&format!(
                        "/datacenters/{}?depth=0",
                        self.client.datacenter_id()
                    ))
                    .await
                    .map_err(|e| match e.kind() {
                        ErrorKind::NotFound => e.with_field("ionos.datacenter_id"),
                        _ => e,
                    })?;
                Ok(dc.properties.location)
            })
            .await
            .cloned()
    }

    /// The disk images a server in this data center can boot.
    pub(super) async fn images(&self) -> Result<Vec<Image>> {
        let location = self.location().await?;
        let list: Collection<Item<ImageProperties>> = self.client.get("/images?depth=1").await?;
        Ok(list
            .items
            .into_iter()
            .filter(|i| i.properties.location == location && i.properties.image_type == "HDD")
            .map(|i| Image {
                min_disk_gb: i.properties.size.ceil().max(1.0) as u32,
                created_at: i.metadata.created_date,
                name: i.properties.name,
                id: i.id,
            })
            .collect())
    }

    /// An image by id or exact name (the newest of that name), in this data center's location.
    pub(super) async fn resolve_image(&self, wanted: &str) -> Result<Image> {
        pick_image(&self.images().await?, wanted)
    }
}
