//! What a volume request may say: the properties of a new volume (checked against the data
//! center's location and the image) and the changes an update may make.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use super::Volume;
use crate::ionos::errors::IonosError;
use crate::ionos::images;
use crate::ionos::input::{self, Object};
use crate::ionos::locations::Location;
use crate::ionos::ops::Op;
use crate::ionos::store::Store;

/// Volume types the emulator offers.
const TYPES: [&str; 4] = ["HDD", "SSD", "SSD Standard", "SSD Premium"];
/// Volume availability zones.
const ZONES: [&str; 4] = ["AUTO", "ZONE_1", "ZONE_2", "ZONE_3"];
/// Buses.
const BUSES: [&str; 2] = ["VIRTIO", "IDE"];
/// Licence types a blank volume may have.
const LICENCES: [&str; 9] = [
    "UNKNOWN",
    "WINDOWS",
    "WINDOWS2016",
    "WINDOWS2019",
    "WINDOWS2022",
    "WINDOWS2025",
    "RHEL",
    "LINUX",
    "OTHER",
];
/// Largest volume (GB).
const MAX_SIZE: f64 = 65_536.0;
/// Properties only a creation may set.
const CREATE_ONLY: [&str; 3] = ["imagePassword", "sshKeys", "userData"];

/// A checked new volume, not yet stored.
pub(crate) struct Spec {
    name: String,
    size: f64,
    kind: String,
    zone: String,
    image: Option<String>,
    alias: Option<String>,
    licence: String,
    bus: String,
    ssh_keys: Vec<String>,
    user_data: Option<String>,
    password_set: bool,
}

/// 422 about property `key`.
fn invalid(key: &str, message: &str) -> IonosError {
    IonosError::invalid(format!("[(root).properties.{key}] {message}"))
}

/// A size in GB: positive, at most [`MAX_SIZE`].
fn size(props: &Object) -> Result<Option<f64>, IonosError> {
    match input::number(props, "size")? {
        Some(size) if !(size > 0.0 && size <= MAX_SIZE) => Err(invalid(
            "size",
            &format!("{size} must be more than 0 and at most {MAX_SIZE} GB"),
        )),
        other => Ok(other),
    }
}

/// Checks the properties of a new volume in `location`.
pub(crate) fn parse_new(props: &Object, location: &Location) -> Result<Spec, IonosError> {
    let size = size(props)?.ok_or_else(|| invalid("size", "is required"))?;
    let image = match (
        input::string(props, "image")?,
        input::string(props, "imageAlias")?,
    ) {
        (Some(_), Some(_)) => {
            return Err(invalid(
                "image",
                "give either image or imageAlias, not both",
            ))
        }
        (Some(id), None) => Some(
            images::find(&id)
                .ok_or_else(|| invalid("image", &format!("image {id} does not exist")))?,
        ),
        (None, Some(alias)) => Some(images::by_alias(&alias, location.id).ok_or_else(|| {
            invalid(
                "imageAlias",
                &format!("no image has the alias {alias} in {}", location.id),
            )
        })?),
        (None, None) => None,
    };
    let password = input::string(props, "imagePassword")?;
    let ssh_keys = input::strings(props, "sshKeys")?.unwrap_or_default();
    let user_data = input::string(props, "userData")?;
    if let Some(image) = image {
        if image.location != location.id {
            return Err(invalid(
                "image",
                &format!(
                    "image {} is in {}, the data center is in {}",
                    image.id, image.location, location.id
                ),
            ));
        }
        if size < image.size {
            return Err(invalid(
                "size",
                &format!("{size} GB is smaller than the image ({} GB)", image.size),
            ));
        }
        if password.is_none() && ssh_keys.is_empty() {
            return Err(invalid(
                "imagePassword",
                "a volume from a public image needs imagePassword or sshKeys",
            ));
        }
    } else if let Some(key) = [
        password.is_some().then_some("imagePassword"),
        (!ssh_keys.is_empty()).then_some("sshKeys"),
        user_data.is_some().then_some("userData"),
    ]
    .into_iter()
    .flatten()
    .next()
    {
        return Err(invalid(key, "is only allowed with a public image"));
    }
    if let Some(password) = &password {
        let length = password.chars().count();
        if !(8..=50).contains(&length) || !password.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(invalid(
                "imagePassword",
                "must be 8 to 50 letters (a-z, A-Z) and digits",
            ));
        }
    }
    if ssh_keys.iter().any(|k| k.trim().is_empty()) {
        return Err(invalid("sshKeys", "must not hold empty keys"));
    }
    if let Some(data) = &user_data {
        if STANDARD.decode(data).is_err() {
            return Err(invalid("userData", "must be base64"));
        }
    }
    let licence = match image {
        Some(_) => "LINUX".to_string(),
        None => {
            input::choice(props, "licenceType", &LICENCES)?.unwrap_or_else(|| "UNKNOWN".to_string())
        }
    };
    Ok(Spec {
        name: input::string(props, "name")?.unwrap_or_default(),
        size,
        kind: input::choice(props, "type", &TYPES)?.unwrap_or_else(|| "HDD".to_string()),
        zone: input::choice(props, "availabilityZone", &ZONES)?
            .unwrap_or_else(|| "AUTO".to_string()),
        image: image.map(|i| i.id.to_string()),
        alias: input::string(props, "imageAlias")?,
        licence,
        bus: input::choice(props, "bus", &BUSES)?.unwrap_or_else(|| "VIRTIO".to_string()),
        ssh_keys,
        user_data,
        password_set: password.is_some(),
    })
}

impl Spec {
    /// Whether the volume is made from an image (it can boot).
    pub fn bootable(&self) -> bool {
        self.image.is_some()
    }
}

/// Stores volume `spec` in `dc` as part of `op`; returns its id.
pub(crate) fn insert(store: &mut Store, op: &mut Op, dc: &str, spec: Spec) -> String {
    let volume = Volume {
        dc: dc.to_string(),
        id: uuid::Uuid::new_v4().to_string(),
        name: spec.name,
        size: spec.size,
        kind: spec.kind,
        zone: spec.zone,
        image: spec.image,
        alias: spec.alias,
        licence: spec.licence,
        bus: spec.bus,
        ssh_keys: spec.ssh_keys,
        user_data: spec.user_data,
        password_set: spec.password_set,
        meta: op.meta(store),
    };
    op.target(&volume);
    let id = volume.id.clone();
    store.volumes.insert(id.clone(), volume);
    id
}

/// Applies an update's properties to `volume`: name, bus and a larger size; the other
/// properties cannot change and the creation-only ones are refused.
pub(crate) fn apply_update(volume: &mut Volume, props: &Object) -> Result<(), IonosError> {
    if let Some(key) = CREATE_ONLY
        .into_iter()
        .find(|k| props.get(*k).is_some_and(|v| !v.is_null()))
    {
        return Err(invalid(key, "may only be set when the volume is created"));
    }
    input::unchanged("type", &volume.kind, input::choice(props, "type", &TYPES)?)?;
    input::unchanged(
        "availabilityZone",
        &volume.zone,
        input::choice(props, "availabilityZone", &ZONES)?,
    )?;
    let image = volume.image.clone().unwrap_or_default();
    input::unchanged("image", &image, input::string(props, "image")?)?;
    let alias = volume.alias.clone().unwrap_or_default();
    input::unchanged("imageAlias", &alias, input::string(props, "imageAlias")?)?;
    input::unchanged(
        "licenceType",
        &volume.licence,
        input::choice(props, "licenceType", &LICENCES)?,
    )?;
    let new_size = size(props)?;
    if let Some(new_size) = new_size.filter(|s| *s < volume.size) {
        return Err(invalid(
            "size",
            &format!(
                "{new_size} GB is smaller than the volume ({} GB): volumes only grow",
                volume.size
            ),
        ));
    }
    let name = input::string(props, "name")?;
    let bus = input::choice(props, "bus", &BUSES)?;
    if let Some(size) = new_size {
        volume.size = size;
    }
    if let Some(name) = name {
        volume.name = name;
    }
    if let Some(bus) = bus {
        volume.bus = bus;
    }
    Ok(())
}
