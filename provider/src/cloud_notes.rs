//! Per-cloud notes for the docs: what a resource or data source becomes on each cloud, and what
//! that cloud cannot do with it. Each resource and data source keeps its notes beside its code
//! (`CLOUD_NOTES`); the docs generator renders them, and the capability table, from here.

use std::fmt::Write as _;

use sovereign_sdk::CloudKind;

/// What a resource is on one cloud, and what that cloud cannot do with it.
pub struct CloudNote {
    /// What the resource becomes there (the cloud's object and API).
    pub maps_to: &'static str,
    /// What the cloud cannot do with it (`""`: nothing beyond what every cloud shares).
    pub cannot: &'static str,
}

/// One note per cloud.
pub struct CloudNotes {
    /// IONOS Cloud.
    pub ionos: CloudNote,
    /// STACKIT.
    pub stackit: CloudNote,
    /// Open Telekom Cloud.
    pub otc: CloudNote,
    /// plusserver (pluscloud open).
    pub plusserver: CloudNote,
}

impl CloudNotes {
    /// The note for `kind`.
    pub fn of(&self, kind: CloudKind) -> &CloudNote {
        match kind {
            CloudKind::Ionos => &self.ionos,
            CloudKind::Stackit => &self.stackit,
            CloudKind::Otc => &self.otc,
            CloudKind::Plusserver => &self.plusserver,
        }
    }

    /// The `## Per-cloud notes` section: one row per cloud.
    pub fn to_markdown(&self) -> String {
        let mut out = String::from(
            "## Per-cloud notes\n\n| cloud | what it is there | what the cloud cannot do |\n|---|---|---|\n",
        );
        for kind in CloudKind::ALL {
            let note = self.of(kind);
            let cannot = if note.cannot.is_empty() {
                "—"
            } else {
                note.cannot
            };
            let _ = writeln!(out, "| `{kind}` | {} | {cannot} |", note.maps_to);
        }
        out
    }
}

/// The `## Capabilities per cloud` section: `sovereign_cloud.capabilities` for each cloud, as
/// the SDK reports them.
pub fn capabilities_markdown() -> String {
    let maps: Vec<_> = CloudKind::ALL
        .into_iter()
        .map(|kind| kind.capabilities().unwrap_or_default().to_map())
        .collect();
    let mut out = String::from(
        "## Capabilities per cloud\n\nWhat `data \"sovereign_cloud\"` reports in `capabilities` on each cloud (from the SDK's backends). A `no` means the cloud lacks it through this provider; the per-cloud notes on each resource's page say what follows (a plan-time error on the attribute, or a replacement instead of a change in place).\n\n| capability |",
    );
    for kind in CloudKind::ALL {
        let _ = write!(out, " `{kind}` |");
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(CloudKind::ALL.len()));
    out.push('\n');
    for name in maps[0].keys() {
        let _ = write!(out, "| `{name}` |");
        for map in &maps {
            let mark = if map.get(name) == Some(&true) {
                "yes"
            } else {
                "no"
            };
            let _ = write!(out, " {mark} |");
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_capability_table_follows_the_sdk() {
        let table = capabilities_markdown();
        // IONOS assigns a LAN's range; the other clouds take a CIDR.
        assert!(
            table.contains("| `network_cidr` | no | yes | yes | yes |"),
            "{table}"
        );
        assert!(
            table.contains("| `server_exact_size` | yes | no | no | no |"),
            "{table}"
        );
    }
}
