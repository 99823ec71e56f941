//! What every managed resource shares: the Terraform side of create, read, update, delete and
//! import (the cloud slot, deadlines from `timeouts`, errors as diagnostics, "gone" as removal
//! from the state), so that a resource file holds only its schema, its plan rules and its
//! calls into the SDK.

use std::time::Duration;

use async_trait::async_trait;
use serde::de::DeserializeOwned;
use serde::Serialize;
use sovereign_sdk::{Capabilities, Cloud};
use tf_provider::schema::Schema;
use tf_provider::value::{Value, ValueEmpty};
use tf_provider::{AttributePath, Diagnostics, Resource};

use crate::convert::known;
use crate::diagnostics::add_error;
use crate::shared::SharedCloud;
use crate::timeouts::{self, Operation, TimeoutsBlock};

/// How long each operation may take when the `timeouts` block says nothing.
#[derive(Debug, Clone, Copy)]
pub struct DefaultTimeouts {
    /// Create.
    pub create: Duration,
    /// Update.
    pub update: Duration,
    /// Delete.
    pub delete: Duration,
}

impl DefaultTimeouts {
    /// The same limit for every operation.
    pub const fn all(minutes: u64) -> Self {
        let limit = Duration::from_secs(minutes * 60);
        DefaultTimeouts {
            create: limit,
            update: limit,
            delete: limit,
        }
    }

    fn of(&self, operation: Operation) -> Duration {
        match operation {
            Operation::Create => self.create,
            Operation::Update => self.update,
            Operation::Delete => self.delete,
        }
    }
}

/// What every resource state has: an `id` and a `timeouts` block. Implemented with
/// [`identified!`](crate::identified).
pub trait Identified {
    /// The `id` attribute.
    fn id_value(&self) -> &Value<String>;
    /// The `id` attribute, to set.
    fn id_value_mut(&mut self) -> &mut Value<String>;
    /// The `timeouts` block.
    fn timeouts_block(&self) -> &TimeoutsBlock;
}

/// Implements [`Identified`] for a state struct with `id` and `timeouts` fields.
#[macro_export]
macro_rules! identified {
    ($state:ty) => {
        impl $crate::managed::Identified for $state {
            fn id_value(&self) -> &tf_provider::value::Value<String> {
                &self.id
            }
            fn id_value_mut(&mut self) -> &mut tf_provider::value::Value<String> {
                &mut self.id
            }
            fn timeouts_block(&self) -> &$crate::timeouts::TimeoutsBlock {
                &self.timeouts
            }
        }
    };
}

/// A planned change: the planned state and the attributes that force replacement.
pub type PlannedUpdate<S> = (S, Vec<AttributePath>);

/// One kind of managed object, in terms of the SDK. [`Managed`] turns it into a Terraform
/// resource.
#[async_trait]
pub trait ManagedResource: Send + Sync + 'static {
    /// The attributes, as in state and plan.
    type State: Identified
        + Serialize
        + DeserializeOwned
        + Clone
        + Default
        + PartialEq
        + Send
        + Sync
        + 'static;

    /// The noun in messages ("security group").
    const NOUN: &'static str;

    /// Time limits when the configuration sets none.
    const TIMEOUTS: DefaultTimeouts;

    /// The schema, also the source of the docs.
    fn schema(&self) -> Schema;

    /// Whether the cloud can manage this kind of object at all.
    fn supported(&self, capabilities: &Capabilities) -> bool;

    /// Attributes the cloud does not report (or reports differently from how they are
    /// written), so that import leaves them empty. Right after an import, the configuration's
    /// values for them are taken in place instead of replacing the object.
    const CONFIG_ONLY: &'static [&'static str] = &[];

    /// Checks the known values of a configuration; `cloud` is there once the provider is
    /// configured (at plan time, not always at validation time).
    fn check(&self, config: &Self::State, cloud: Option<&Cloud>, diags: &mut Diagnostics);

    /// The plan for a new object (`id` is made unknown afterwards); by default what
    /// Terraform proposes.
    async fn plan_create(
        &self,
        cloud: Option<&Cloud>,
        config: &Self::State,
        proposed: Self::State,
        diags: &mut Diagnostics,
    ) -> Self::State {
        let _ = (cloud, config, diags);
        proposed
    }

    /// The plan for a change to an existing object (`id` is made unknown afterwards when
    /// something forces replacement); by default what Terraform proposes, all in place.
    async fn plan_update(
        &self,
        cloud: Option<&Cloud>,
        prior: &Self::State,
        config: &Self::State,
        proposed: Self::State,
        diags: &mut Diagnostics,
    ) -> PlannedUpdate<Self::State> {
        let _ = (cloud, prior, config, diags);
        (proposed, Vec::new())
    }

    /// Creates the object.
    async fn create(
        &self,
        cloud: &Cloud,
        planned: &Self::State,
        deadline: sovereign_sdk::Deadline,
    ) -> sovereign_sdk::Result<Self::State>;

    /// The state of object `id` that a failed create left behind (a server that went to
    /// ERROR), so that Terraform records it as tainted instead of losing it; `None` when it
    /// cannot be read. By default it is read like an import.
    async fn left_behind(
        &self,
        cloud: &Cloud,
        planned: &Self::State,
        id: &str,
    ) -> Option<Self::State> {
        let _ = planned;
        self.read(cloud, id, &Self::State::default()).await.ok()
    }

    /// Reads object `id`; a `NotFound` error means it is gone. `state` is the prior state (or a
    /// state with only the id, on import), which keeps what the cloud does not report.
    async fn read(
        &self,
        cloud: &Cloud,
        id: &str,
        state: &Self::State,
    ) -> sovereign_sdk::Result<Self::State>;

    /// Changes object `id` in place. By default nothing but `timeouts` can change: the object
    /// is read again and keeps the planned `timeouts`.
    async fn update(
        &self,
        cloud: &Cloud,
        id: &str,
        prior: &Self::State,
        planned: &Self::State,
        deadline: sovereign_sdk::Deadline,
    ) -> sovereign_sdk::Result<Self::State> {
        let _ = (prior, deadline);
        self.read(cloud, id, planned).await
    }

    /// Deletes object `id`, whose last state is `prior` (a bucket's `force_destroy`);
    /// `NotFound` counts as done.
    async fn delete(
        &self,
        cloud: &Cloud,
        id: &str,
        prior: &Self::State,
        deadline: sovereign_sdk::Deadline,
    ) -> sovereign_sdk::Result<()>;
}

/// What the provider keeps beside a resource's state: whether it was imported and has not
/// been applied since (its configuration-only attributes are then still unknown).
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct Private {
    imported: Value<bool>,
}

/// The private state as it travels through Terraform.
pub type PrivateState = Value<Private>;

fn imported(private: &PrivateState) -> bool {
    private
        .as_ref_option()
        .and_then(|p| p.imported.as_ref_option())
        .copied()
        .unwrap_or(false)
}

/// A [`ManagedResource`] as a Terraform resource, over the shared cloud slot.
pub struct Managed<R> {
    cloud: SharedCloud,
    resource: R,
}

impl<R: ManagedResource> Managed<R> {
    /// The resource over the shared cloud slot.
    pub fn new(cloud: SharedCloud, resource: R) -> Self {
        Managed { cloud, resource }
    }

    fn check_all(&self, config: &R::State, cloud: Option<&Cloud>, diags: &mut Diagnostics) {
        timeouts::validate(config.timeouts_block(), diags);
        if let Some(cloud) = cloud {
            if !self.resource.supported(&cloud.capabilities()) {
                diags.root_error(
                    format!("{} is not supported on {}", plural(R::NOUN), cloud.kind()),
                    format!(
                        "The provider cannot manage {} on {} yet; `data \"sovereign_cloud\"` \
                         lists what this cloud supports.",
                        plural(R::NOUN),
                        cloud.kind()
                    ),
                );
                return;
            }
        }
        self.resource.check(config, cloud, diags);
    }

    fn deadline(&self, state: &R::State, operation: Operation) -> sovereign_sdk::Deadline {
        timeouts::deadline(state.timeouts_block(), operation, R::TIMEOUTS.of(operation))
    }

    fn summary(verb: &str) -> String {
        format!("Cannot {verb} the {}", R::NOUN)
    }
}

fn plural(noun: &str) -> String {
    if noun.ends_with('s') {
        format!("{noun}es")
    } else {
        format!("{noun}s")
    }
}

#[async_trait]
impl<R: ManagedResource> Resource for Managed<R> {
    type State<'a> = R::State;
    type PrivateState<'a> = PrivateState;
    type ProviderMetaState<'a> = ValueEmpty;

    fn schema(&self, _diags: &mut Diagnostics) -> Option<Schema> {
        let mut schema = self.resource.schema();
        if let Some(block) = schema.block.blocks.get_mut("timeouts") {
            timeouts::describe_defaults(block, |op| R::TIMEOUTS.of(op));
        }
        Some(schema)
    }

    async fn validate<'a>(&self, diags: &mut Diagnostics, config: R::State) -> Option<()> {
        self.check_all(&config, self.cloud.peek().as_ref(), diags);
        Some(())
    }

    async fn read<'a>(
        &self,
        diags: &mut Diagnostics,
        state: R::State,
        private_state: PrivateState,
        _meta: ValueEmpty,
    ) -> Option<(R::State, PrivateState)> {
        let cloud = self.cloud.get(diags)?;
        let id = known(state.id_value())?;
        match self.resource.read(&cloud, &id, &state).await {
            Ok(current) => Some((current, private_state)),
            Err(error) if error.is_not_found() => {
                tracing::info!(id, kind = R::NOUN, "gone; removing it from the state");
                None
            }
            Err(error) => {
                add_error(diags, &Self::summary("read"), &error);
                Some((state, private_state))
            }
        }
    }

    async fn plan_create<'a>(
        &self,
        diags: &mut Diagnostics,
        proposed: R::State,
        config: R::State,
        _meta: ValueEmpty,
    ) -> Option<(R::State, PrivateState)> {
        let cloud = self.cloud.peek();
        self.check_all(&config, cloud.as_ref(), diags);
        let mut planned = self
            .resource
            .plan_create(cloud.as_ref(), &config, proposed, diags)
            .await;
        *planned.id_value_mut() = Value::Unknown;
        Some((planned, Value::Null))
    }

    async fn plan_update<'a>(
        &self,
        diags: &mut Diagnostics,
        prior: R::State,
        proposed: R::State,
        config: R::State,
        prior_private: PrivateState,
        _meta: ValueEmpty,
    ) -> Option<(R::State, PrivateState, Vec<AttributePath>)> {
        let cloud = self.cloud.peek();
        self.check_all(&config, cloud.as_ref(), diags);
        let (mut planned, mut replace) = self
            .resource
            .plan_update(cloud.as_ref(), &prior, &config, proposed, diags)
            .await;
        if imported(&prior_private) {
            // What import could not know comes from the configuration, in place.
            replace.retain(|path| {
                !R::CONFIG_ONLY
                    .iter()
                    .any(|name| *path == AttributePath::new(*name))
            });
        }
        *planned.id_value_mut() = if replace.is_empty() {
            prior.id_value().clone()
        } else {
            Value::Unknown
        };
        // Once applied, nothing is left unknown from the import.
        let private = if planned == prior {
            prior_private
        } else {
            Value::Null
        };
        Some((planned, private, replace))
    }

    async fn plan_destroy<'a>(
        &self,
        _diags: &mut Diagnostics,
        _prior: R::State,
        prior_private: PrivateState,
        _meta: ValueEmpty,
    ) -> Option<PrivateState> {
        Some(prior_private)
    }

    async fn create<'a>(
        &self,
        diags: &mut Diagnostics,
        planned: R::State,
        _config: R::State,
        planned_private: PrivateState,
        _meta: ValueEmpty,
    ) -> Option<(R::State, PrivateState)> {
        let cloud = self.cloud.get(diags)?;
        let deadline = self.deadline(&planned, Operation::Create);
        // Not cut off from outside: the SDK honours the deadline between steps and removes what
        // it made, where cancelling mid-request would leak an object unknown to the state.
        let error = match self.resource.create(&cloud, &planned, deadline).await {
            Ok(created) => {
                tracing::info!(id = ?created.id_value(), kind = R::NOUN, "created");
                return Some((created, planned_private));
            }
            Err(error) => error,
        };
        add_error(diags, &Self::summary("create"), &error);
        let id = error.resource_id()?;
        let left_behind = self.resource.left_behind(&cloud, &planned, id).await?;
        tracing::warn!(
            id,
            kind = R::NOUN,
            "the failed create left an object behind; it goes into the state as tainted"
        );
        Some((left_behind, planned_private))
    }

    async fn update<'a>(
        &self,
        diags: &mut Diagnostics,
        prior: R::State,
        planned: R::State,
        _config: R::State,
        planned_private: PrivateState,
        _meta: ValueEmpty,
    ) -> Option<(R::State, PrivateState)> {
        let cloud = self.cloud.get(diags)?;
        let id = known(prior.id_value())?;
        let deadline = self.deadline(&planned, Operation::Update);
        let what = format!("updating the {}", R::NOUN);
        let updated = timeouts::within(
            deadline,
            &what,
            self.resource
                .update(&cloud, &id, &prior, &planned, deadline),
        )
        .await;
        match updated {
            Ok(state) => Some((state, planned_private)),
            Err(error) => {
                add_error(diags, &Self::summary("update"), &error);
                None
            }
        }
    }

    async fn destroy<'a>(
        &self,
        diags: &mut Diagnostics,
        prior: R::State,
        _planned_private: PrivateState,
        _meta: ValueEmpty,
    ) -> Option<()> {
        let cloud = self.cloud.get(diags)?;
        let Some(id) = known(prior.id_value()) else {
            return Some(());
        };
        let deadline = self.deadline(&prior, Operation::Delete);
        let what = format!("deleting the {}", R::NOUN);
        let deleted = timeouts::within(
            deadline,
            &what,
            self.resource.delete(&cloud, &id, &prior, deadline),
        )
        .await;
        match deleted {
            Ok(()) => Some(()),
            Err(error) if error.is_not_found() => Some(()),
            Err(error) => {
                add_error(diags, &Self::summary("delete"), &error);
                None
            }
        }
    }

    async fn import<'a>(
        &self,
        diags: &mut Diagnostics,
        id: String,
    ) -> Option<(R::State, PrivateState)> {
        let cloud = self.cloud.get(diags)?;
        match self.resource.read(&cloud, &id, &R::State::default()).await {
            Ok(state) => Some((
                state,
                Value::Value(Private {
                    imported: Value::Value(true),
                }),
            )),
            Err(error) => {
                add_error(diags, &Self::summary("import"), &error);
                None
            }
        }
    }
}

/// The paths of the attributes whose change is `true`: what forces replacement.
pub fn replacing<const N: usize>(changes: [(&'static str, bool); N]) -> Vec<AttributePath> {
    changes
        .into_iter()
        .filter(|(_, changed)| *changed)
        .map(|(name, _)| AttributePath::new(name))
        .collect()
}
