//! `sovereign_image`: one image by exact name or by a regular expression over names.

use async_trait::async_trait;
use regex::Regex;
use serde::{Deserialize, Serialize};
use sovereign_sdk::{Cloud, Image};
use tf_provider::schema::{AttributeConstraint, AttributeType, Schema};
use tf_provider::value::Value;
use tf_provider::{AttributePath, Diagnostics};

use crate::checks;
use crate::cloud_notes::{CloudNote, CloudNotes};
use crate::convert::number;
use crate::lookup::Query;
use crate::schema::{attribute, computed_number, computed_string, data_source, optional_string};

/// The data source's values.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ImageState {
    name: Value<String>,
    name_regex: Value<String>,
    most_recent: Value<bool>,
    id: Value<String>,
    min_disk_gb: Value<i64>,
}

fn check(config: &ImageState, diags: &mut Diagnostics) {
    match (config.name.is_null(), config.name_regex.is_null()) {
        (true, true) => diags.root_error(
            "Give name or name_regex",
            "Find the image by its exact `name` or by `name_regex`.",
        ),
        (false, false) => diags.error(
            "name and name_regex exclude each other",
            "Find the image by its exact `name` or by `name_regex`, not both.",
            AttributePath::new("name_regex"),
        ),
        _ => {}
    }
    if let Some(pattern) = config.name_regex.as_ref_option() {
        if let Err(error) = Regex::new(pattern) {
            diags.error(
                "Invalid name_regex",
                error.to_string(),
                AttributePath::new("name_regex"),
            );
        }
    }
}

/// The one image that `config` selects, or an error diagnostic.
fn select(config: &ImageState, images: Vec<Image>, diags: &mut Diagnostics) -> Option<Image> {
    let names: Vec<String> = images.iter().map(|i| i.name.clone()).collect();
    let (mut found, what, path): (Vec<Image>, String, &'static str) = match (
        config.name.as_ref_option(),
        config.name_regex.as_ref_option(),
    ) {
        (Some(name), _) => (
            images.into_iter().filter(|i| &i.name == name).collect(),
            format!("named {name:?}"),
            "name",
        ),
        (None, Some(pattern)) => {
            let regex = Regex::new(pattern).ok()?;
            (
                images
                    .into_iter()
                    .filter(|i| regex.is_match(&i.name))
                    .collect(),
                format!("matching {pattern:?}"),
                "name_regex",
            )
        }
        (None, None) => return None,
    };
    if found.is_empty() {
        let hint = match config.name.as_ref_option() {
            Some(name) => checks::suggestion(name, &names, "images"),
            None => checks::suggestion("", &names, "images"),
        };
        diags.error(
            "No matching image",
            format!("No image is {what}. {hint}"),
            AttributePath::new(path),
        );
        return None;
    }
    if found.len() > 1 && !config.most_recent.as_ref_option().copied().unwrap_or(false) {
        let listed: Vec<String> = found
            .iter()
            .map(|i| format!("{:?} ({})", i.name, i.id))
            .collect();
        diags.error(
            "Several images match",
            format!(
                "{} images are {what}: {}. Narrow the search or set `most_recent = true`.",
                found.len(),
                listed.join(", ")
            ),
            AttributePath::new(path),
        );
        return None;
    }
    // RFC 3339 times in one zone sort as text; images without a time count as oldest.
    found.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
    found.pop()
}

/// `sovereign_image`.
pub struct ImageQuery;

#[async_trait]
impl Query for ImageQuery {
    type State = ImageState;
    const WHAT: &'static str = "images";

    fn schema(&self) -> Schema {
        data_source(
            "Finds one bootable image by exact name or by a regular expression over names, \
             for `sovereign_server.image`.",
            [
                (
                    "name",
                    attribute(
                        AttributeType::String,
                        AttributeConstraint::OptionalComputed,
                        "The exact image name to look for (or use `name_regex`); afterwards the name of the image found.",
                    ),
                ),
                (
                    "name_regex",
                    optional_string("A regular expression (Rust `regex` syntax) the name must match, instead of `name`."),
                ),
                (
                    "most_recent",
                    attribute(
                        AttributeType::Bool,
                        AttributeConstraint::Optional,
                        "When several images match, take the newest instead of failing.",
                    ),
                ),
                ("id", computed_string("The image's id.")),
                (
                    "min_disk_gb",
                    computed_number("The smallest boot volume the image fits on, in GiB."),
                ),
            ],
        )
    }

    fn check(&self, config: &ImageState, diags: &mut Diagnostics) {
        check(config, diags);
    }

    async fn fetch(
        &self,
        cloud: &Cloud,
        config: ImageState,
        diags: &mut Diagnostics,
    ) -> sovereign_sdk::Result<Option<ImageState>> {
        let images = cloud.compute().list_images().await?;
        Ok(select(&config, images, diags).map(|image| ImageState {
            name: Value::Value(image.name),
            id: Value::Value(image.id),
            min_disk_gb: number(image.min_disk_gb),
            ..config
        }))
    }
}

/// What this is on each cloud, and what each cloud cannot do with it (rendered into the docs).
pub const CLOUD_NOTES: CloudNotes = CloudNotes {
    ionos: CloudNote {
        maps_to: "The public images of the data center's location (each location lists its own copy, with its own id).",
        cannot: "",
    },
    stackit: CloudNote {
        maps_to: "The project's images.",
        cannot: "",
    },
    otc: CloudNote {
        maps_to: "Glance images, such as `Standard_Ubuntu_24.04_latest`.",
        cannot: "",
    },
    plusserver: CloudNote {
        maps_to: "Glance images, such as `Ubuntu 24.04`.",
        cannot: "",
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    fn image(id: &str, name: &str, created: &str) -> Image {
        Image {
            id: id.into(),
            name: name.into(),
            min_disk_gb: 3,
            created_at: Some(created.into()),
        }
    }

    fn images() -> Vec<Image> {
        vec![
            image("a", "Ubuntu 24.04", "2024-05-01T00:00:00Z"),
            image("b", "Ubuntu 22.04", "2022-05-01T00:00:00Z"),
            image("c", "Debian 12", "2023-06-10T00:00:00Z"),
        ]
    }

    #[test]
    fn exact_name_and_regex() {
        let mut diags = Diagnostics::default();
        let by_name = ImageState {
            name: Value::Value("Debian 12".into()),
            ..Default::default()
        };
        assert_eq!(select(&by_name, images(), &mut diags).unwrap().id, "c");
        let several = ImageState {
            name_regex: Value::Value("^Ubuntu".into()),
            ..Default::default()
        };
        assert!(select(&several, images(), &mut diags).is_none());
        assert_eq!(diags.errors.len(), 1);
        let newest = ImageState {
            most_recent: Value::Value(true),
            ..several
        };
        let mut diags = Diagnostics::default();
        assert_eq!(select(&newest, images(), &mut diags).unwrap().id, "a");
        assert!(diags.errors.is_empty());
    }
}
