//! IONOS sizes servers by exact cores and memory. For users coming from flavor clouds, a
//! flavor name is read as its size: the SCS names (`SCS-2V-4` = 2 cores, 4 GB, as on
//! plusserver) and a short alias table.

use crate::error::{Error, Result};
use crate::model::{Flavor, ServerSize};

/// The most cores an (ENTERPRISE) server can have in any location.
const MAX_CORES: u32 = 62;
/// The most memory, GB.
const MAX_MEMORY_GB: u32 = 230;

/// Alias names and their (cores, GB of memory).
pub const FLAVORS: &[(&str, u32, u32)] = &[
    ("XS", 1, 1),
    ("S", 1, 2),
    ("M", 2, 4),
    ("L", 4, 8),
    ("XL", 8, 16),
    ("XXL", 16, 32),
];

/// The cores and GB of memory a size asks for.
pub(super) fn resolve(size: &ServerSize) -> Result<(u32, u32)> {
    let (cores, memory_gb) = match size {
        ServerSize::Resources { cores, memory_gb } => (*cores, *memory_gb),
        ServerSize::Flavor(name) => from_name(name)?,
    };
    if !(1..=MAX_CORES).contains(&cores) {
        return Err(Error::invalid_field(
            "cores",
            format!("IONOS servers have 1 to {MAX_CORES} cores, not {cores}"),
        ));
    }
    if !(1..=MAX_MEMORY_GB).contains(&memory_gb) {
        return Err(Error::invalid_field(
            "memory_gb",
            format!("IONOS servers have 1 to {MAX_MEMORY_GB} GB of memory, not {memory_gb}"),
        ));
    }
    Ok((cores, memory_gb))
}

/// The size an alias or SCS name stands for.
fn from_name(name: &str) -> Result<(u32, u32)> {
    if let Some((_, cores, memory)) = FLAVORS.iter().find(|(alias, _, _)| *alias == name) {
        return Ok((*cores, *memory));
    }
    parse_scs(name).ok_or_else(|| {
        Error::invalid_field(
            "flavor",
            format!(
                "IONOS has no flavors; {name:?} is neither an alias ({}) nor an SCS name like \
                 SCS-2V-4. Give `cores` and `memory_gb` instead",
                FLAVORS
                    .iter()
                    .map(|(alias, _, _)| *alias)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    })
}

/// The SCS name of a size (`SCS-2V-4`): how a server's exact size reads as a flavor.
pub(super) fn scs_name(cores: u32, memory_gb: u32) -> String {
    format!("SCS-{cores}V-{memory_gb}")
}

/// `SCS-<cores>V-<GB>[-<disk>]` (the Sovereign Cloud Stack naming standard).
fn parse_scs(name: &str) -> Option<(u32, u32)> {
    let mut parts = name.strip_prefix("SCS-")?.split('-');
    let cores = parts.next()?.strip_suffix('V')?.parse().ok()?;
    let memory = parts.next()?.parse().ok()?;
    (cores > 0 && memory > 0).then_some((cores, memory))
}

/// The SCS sizes `list_flavors` shows (plusserver's set), so that configurations written for
/// plusserver find their flavors here too, and a smallest-fit lookup gives the name a server
/// of that size reports.
const SCS_SIZES: &[(u32, u32)] = &[
    (1, 2),
    (2, 4),
    (2, 8),
    (4, 8),
    (4, 16),
    (8, 16),
    (8, 32),
    (16, 32),
    (16, 64),
];

/// The common SCS names as flavors (what `list_flavors` shows); any other SCS name and the
/// aliases work as a server's flavor as well.
pub(super) fn listed() -> Vec<Flavor> {
    SCS_SIZES
        .iter()
        .map(|(cores, memory_gb)| {
            let name = scs_name(*cores, *memory_gb);
            Flavor {
                id: name.clone(),
                name,
                cores: *cores,
                memory_gb: *memory_gb,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_sizes() {
        assert_eq!(from_name("M").unwrap(), (2, 4));
        assert_eq!(from_name("SCS-2V-4").unwrap(), (2, 4));
        assert_eq!(from_name("SCS-4V-16-50").unwrap(), (4, 16));
        assert_eq!(from_name("s3.large.2").unwrap_err().field(), Some("flavor"));
        assert_eq!(parse_scs("SCS-0V-4"), None);
        let huge = ServerSize::Resources {
            cores: 128,
            memory_gb: 4,
        };
        assert_eq!(resolve(&huge).unwrap_err().field(), Some("cores"));
        for listed in listed() {
            assert_eq!(
                from_name(&listed.name).unwrap(),
                (listed.cores, listed.memory_gb),
                "{}",
                listed.name
            );
        }
    }
}
