//! The configured cloud, shared between the provider (which fills it in `configure`) and the
//! resources (which tf-provider creates before `configure` runs).

use std::sync::{Arc, RwLock};

use sovereign_sdk::Cloud;
use tf_provider::{AttributePath, Diagnostics};

/// The slot the configured cloud goes into.
#[derive(Clone, Default)]
pub struct SharedCloud(Arc<RwLock<Option<Cloud>>>);

impl SharedCloud {
    /// Puts the configured cloud in place.
    pub fn set(&self, cloud: Cloud) {
        if let Ok(mut slot) = self.0.write() {
            *slot = Some(cloud);
        }
    }

    /// The configured cloud, or an error diagnostic when the provider is not configured yet.
    pub fn get(&self, diags: &mut Diagnostics) -> Option<Cloud> {
        let cloud = self.0.read().ok().and_then(|slot| slot.clone());
        if cloud.is_none() {
            diags.error(
                "The sovereign provider is not configured",
                "The provider block could not be turned into a cloud connection; see the errors \
                 reported for the provider block.",
                AttributePath::root(),
            );
        }
        cloud
    }

    /// The configured cloud if there is one, without complaint.
    pub fn peek(&self) -> Option<Cloud> {
        self.0.read().ok().and_then(|slot| slot.clone())
    }
}
