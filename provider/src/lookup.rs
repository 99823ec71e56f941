//! What every data source shares: the cloud slot, checks at validation and read time, and
//! failed lookups as diagnostics. A data source file holds its schema and its query.

use async_trait::async_trait;
use serde::de::DeserializeOwned;
use serde::Serialize;
use sovereign_sdk::Cloud;
use tf_provider::schema::Schema;
use tf_provider::value::ValueEmpty;
use tf_provider::{DataSource, Diagnostics};

use crate::diagnostics::add_error;
use crate::shared::SharedCloud;

/// One kind of lookup in the cloud. [`Lookup`] turns it into a Terraform data source.
#[async_trait]
pub trait Query: Send + Sync + 'static {
    /// The arguments and results.
    type State: Serialize + DeserializeOwned + Send + 'static;

    /// What is looked up, for messages ("images").
    const WHAT: &'static str;

    /// The schema, also the source of the docs.
    fn schema(&self) -> Schema;

    /// Checks the known arguments.
    fn check(&self, config: &Self::State, diags: &mut Diagnostics) {
        let _ = (config, diags);
    }

    /// Looks it up: `Ok(None)` after adding a diagnostic (nothing matches, say).
    async fn fetch(
        &self,
        cloud: &Cloud,
        config: Self::State,
        diags: &mut Diagnostics,
    ) -> sovereign_sdk::Result<Option<Self::State>>;
}

/// A [`Query`] as a Terraform data source, over the shared cloud slot.
pub struct Lookup<Q> {
    cloud: SharedCloud,
    query: Q,
}

impl<Q: Query> Lookup<Q> {
    /// The data source over the shared cloud slot.
    pub fn new(cloud: SharedCloud, query: Q) -> Self {
        Lookup { cloud, query }
    }
}

#[async_trait]
impl<Q: Query> DataSource for Lookup<Q> {
    type State<'a> = Q::State;
    type ProviderMetaState<'a> = ValueEmpty;

    fn schema(&self, _diags: &mut Diagnostics) -> Option<Schema> {
        Some(self.query.schema())
    }

    async fn validate<'a>(&self, diags: &mut Diagnostics, config: Q::State) -> Option<()> {
        self.query.check(&config, diags);
        Some(())
    }

    async fn read<'a>(
        &self,
        diags: &mut Diagnostics,
        config: Q::State,
        _meta: ValueEmpty,
    ) -> Option<Q::State> {
        self.query.check(&config, diags);
        let cloud = self.cloud.get(diags)?;
        match self.query.fetch(&cloud, config, diags).await {
            Ok(found) => found,
            Err(error) => {
                add_error(diags, &format!("Cannot look up {}", Q::WHAT), &error);
                None
            }
        }
    }
}
