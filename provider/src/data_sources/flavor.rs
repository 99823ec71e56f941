//! `sovereign_flavor`: the smallest flavor with enough cores and memory, or one by name.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use sovereign_sdk::{Cloud, Flavor};
use tf_provider::schema::{AttributeConstraint, AttributeType, Schema};
use tf_provider::value::Value;
use tf_provider::{AttributePath, Diagnostics};

use crate::checks;
use crate::cloud_notes::{CloudNote, CloudNotes};
use crate::convert::{known_u32, number};
use crate::lookup::Query;
use crate::schema::{attribute, computed_number, data_source, optional_number};

/// The data source's values.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FlavorState {
    name: Value<String>,
    min_cores: Value<i64>,
    min_memory_gb: Value<i64>,
    cores: Value<i64>,
    memory_gb: Value<i64>,
}

fn check(config: &FlavorState, diags: &mut Diagnostics) {
    let by_size = !config.min_cores.is_null() || !config.min_memory_gb.is_null();
    if !config.name.is_null() && by_size {
        diags.error(
            "name excludes min_cores and min_memory_gb",
            "Look the flavor up by `name`, or by `min_cores`/`min_memory_gb`, not both.",
            AttributePath::new("name"),
        );
    }
    checks::in_range(&config.min_cores, 0..=1024, "min_cores", diags);
    checks::in_range(&config.min_memory_gb, 0..=16384, "min_memory_gb", diags);
}

/// The flavor `config` selects, or an error diagnostic.
fn select(config: &FlavorState, flavors: Vec<Flavor>, diags: &mut Diagnostics) -> Option<Flavor> {
    if let Some(name) = config.name.as_ref_option() {
        let names: Vec<String> = flavors.iter().map(|f| f.name.clone()).collect();
        let found = flavors.into_iter().find(|f| &f.name == name);
        if found.is_none() {
            diags.error(
                "No such flavor",
                format!(
                    "No flavor is named {name:?}. {}",
                    checks::suggestion(name, &names, "flavors")
                ),
                AttributePath::new("name"),
            );
        }
        return found;
    }
    let cores = known_u32(&config.min_cores).unwrap_or(0);
    let memory = known_u32(&config.min_memory_gb).unwrap_or(0);
    let smallest = flavors
        .into_iter()
        .filter(|f| f.cores >= cores && f.memory_gb >= memory)
        .min_by(|a, b| (a.cores, a.memory_gb, &a.name).cmp(&(b.cores, b.memory_gb, &b.name)));
    if smallest.is_none() {
        diags.root_error(
            "No flavor is that large",
            format!("No flavor has at least {cores} cores and {memory} GB of memory."),
        );
    }
    smallest
}

/// `sovereign_flavor`.
pub struct FlavorQuery;

#[async_trait]
impl Query for FlavorQuery {
    type State = FlavorState;
    const WHAT: &'static str = "flavors";

    fn schema(&self) -> Schema {
        data_source(
            "Finds the smallest flavor (machine type) with at least `min_cores` cores and \
             `min_memory_gb` GiB of memory (fewest cores first, then least memory), or the \
             flavor called `name`.",
            [
                (
                    "name",
                    attribute(
                        AttributeType::String,
                        AttributeConstraint::OptionalComputed,
                        "The flavor to look up by name (instead of `min_cores`/`min_memory_gb`); afterwards the name of the flavor found.",
                    ),
                ),
                (
                    "min_cores",
                    optional_number("The fewest virtual CPU cores acceptable."),
                ),
                (
                    "min_memory_gb",
                    optional_number("The least memory acceptable, in GiB."),
                ),
                ("cores", computed_number("The flavor's virtual CPU cores.")),
                ("memory_gb", computed_number("The flavor's memory in GiB.")),
            ],
        )
    }

    fn check(&self, config: &FlavorState, diags: &mut Diagnostics) {
        check(config, diags);
    }

    async fn fetch(
        &self,
        cloud: &Cloud,
        config: FlavorState,
        diags: &mut Diagnostics,
    ) -> sovereign_sdk::Result<Option<FlavorState>> {
        let flavors = cloud.compute().list_flavors().await?;
        Ok(select(&config, flavors, diags).map(|flavor| FlavorState {
            name: Value::Value(flavor.name),
            cores: number(flavor.cores),
            memory_gb: number(flavor.memory_gb),
            ..config
        }))
    }
}

/// What this is on each cloud, and what each cloud cannot do with it (rendered into the docs).
pub const CLOUD_NOTES: CloudNotes = CloudNotes {
    ionos: CloudNote {
        maps_to: "The SCS sizes (`SCS-1V-2`, `SCS-2V-4`, ...), listed by name: IONOS sizes servers exactly, so any of them (or any `cores` + `memory_gb`) works.",
        cannot: "Flavors of its own: it has none.",
    },
    stackit: CloudNote {
        maps_to: "Machine types, such as `c1.1`.",
        cannot: "",
    },
    otc: CloudNote {
        maps_to: "Nova flavors, such as `s3.large.2`.",
        cannot: "",
    },
    plusserver: CloudNote {
        maps_to: "Nova flavors, the SCS names such as `SCS-2V-4`.",
        cannot: "",
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    fn flavor(name: &str, cores: u32, memory_gb: u32) -> Flavor {
        Flavor {
            id: name.into(),
            name: name.into(),
            cores,
            memory_gb,
        }
    }

    #[test]
    fn smallest_fit() {
        let flavors = vec![
            flavor("big", 8, 32),
            flavor("mem", 2, 16),
            flavor("small", 2, 4),
            flavor("tiny", 1, 1),
        ];
        let config = FlavorState {
            min_cores: Value::Value(2),
            min_memory_gb: Value::Value(3),
            ..Default::default()
        };
        let mut diags = Diagnostics::default();
        assert_eq!(
            select(&config, flavors.clone(), &mut diags).unwrap().name,
            "small"
        );
        let too_big = FlavorState {
            min_cores: Value::Value(64),
            ..Default::default()
        };
        assert!(select(&too_big, flavors, &mut diags).is_none());
        assert_eq!(diags.errors.len(), 1);
    }
}
