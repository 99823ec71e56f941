//! What a server request may say: cores and RAM within the CPU family's limits (RAM a
//! multiple of 256 MB), the CPU family of the location, the zone (`AUTO` becomes `ZONE_1`),
//! type `ENTERPRISE` and a boot volume reference.

use crate::body;
use crate::ionos::errors::IonosError;
use crate::ionos::input::{self, Object};
use crate::ionos::locations::{CpuFamily, Location};

/// Zones a server may ask for.
const ZONES: [&str; 3] = ["AUTO", "ZONE_1", "ZONE_2"];
/// The zone `AUTO` resolves to.
const AUTO_ZONE: &str = "ZONE_1";
/// The only server type emulated.
const ENTERPRISE: &str = "ENTERPRISE";
/// RAM granularity and minimum (MB).
const RAM_STEP: i64 = 256;

/// A checked new server.
pub(crate) struct NewServer {
    /// Name.
    pub name: String,
    /// Cores.
    pub cores: i64,
    /// RAM in MB.
    pub ram: i64,
    /// Resolved zone.
    pub zone: String,
    /// CPU family.
    pub cpu_family: String,
}

/// 422 about property `key`.
fn invalid(key: &str, message: &str) -> IonosError {
    IonosError::invalid(format!("[(root).properties.{key}] {message}"))
}

/// The CPU family `name` of `location` (its first one if `None`).
pub(crate) fn family<'a>(
    location: &'a Location,
    name: Option<&str>,
) -> Result<&'a CpuFamily, IonosError> {
    match name {
        None => location
            .cpus
            .first()
            .ok_or_else(|| invalid("cpuFamily", "the location offers no CPU family")),
        Some(name) => location
            .cpus
            .iter()
            .find(|c| c.name == name)
            .ok_or_else(|| {
                let known: Vec<&str> = location.cpus.iter().map(|c| c.name).collect();
                invalid(
                    "cpuFamily",
                    &format!(
                        "{name} is not offered in {}; use one of {}",
                        location.id,
                        known.join(", ")
                    ),
                )
            }),
    }
}

/// Checks `cores` and `ram` against `family`.
pub(crate) fn check_size(cores: i64, ram: i64, family: &CpuFamily) -> Result<(), IonosError> {
    if !(1..=family.max_cores).contains(&cores) {
        return Err(invalid(
            "cores",
            &format!(
                "{cores} must be from 1 to {} for {}",
                family.max_cores, family.name
            ),
        ));
    }
    if ram < RAM_STEP || ram % RAM_STEP != 0 || ram > family.max_ram {
        return Err(invalid(
            "ram",
            &format!(
                "{ram} MB must be a multiple of {RAM_STEP} MB from {RAM_STEP} to {} MB",
                family.max_ram
            ),
        ));
    }
    Ok(())
}

/// The zone a request pins (`None` when it names none or `AUTO`).
pub(crate) fn zone(props: &Object) -> Result<Option<String>, IonosError> {
    Ok(input::choice(props, "availabilityZone", &ZONES)?.filter(|z| z != "AUTO"))
}

/// The server type, which must be `ENTERPRISE`.
pub(crate) fn kind(props: &Object) -> Result<Option<String>, IonosError> {
    match input::string(props, "type")? {
        Some(kind) if kind != ENTERPRISE => Err(invalid(
            "type",
            &format!("{kind} servers are not emulated; use {ENTERPRISE}"),
        )),
        other => Ok(other),
    }
}

/// The id in `bootVolume: {id}`, if given.
pub(crate) fn boot_volume(props: &Object) -> Result<Option<String>, IonosError> {
    let Some(reference) = body::object(props, "bootVolume").map_err(IonosError::invalid)? else {
        return Ok(None);
    };
    input::string(reference, "id")?
        .map(Some)
        .ok_or_else(|| invalid("bootVolume", "needs an id"))
}

/// Checks the properties of a new server in `location`.
pub(crate) fn parse_new(props: &Object, location: &Location) -> Result<NewServer, IonosError> {
    let cores = input::integer(props, "cores", i64::MIN..=i64::MAX)?
        .ok_or_else(|| invalid("cores", "is required"))?;
    let ram = input::integer(props, "ram", i64::MIN..=i64::MAX)?
        .ok_or_else(|| invalid("ram", "is required"))?;
    let family = family(location, input::string(props, "cpuFamily")?.as_deref())?;
    check_size(cores, ram, family)?;
    kind(props)?;
    if boot_volume(props)?.is_some() {
        return Err(invalid(
            "bootVolume",
            "give the boot volume in entities.volumes when creating a server",
        ));
    }
    Ok(NewServer {
        name: input::string(props, "name")?.unwrap_or_default(),
        cores,
        ram,
        zone: zone(props)?.unwrap_or_else(|| AUTO_ZONE.to_string()),
        cpu_family: family.name.to_string(),
    })
}
