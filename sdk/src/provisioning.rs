//! What the backends share when they make a server: the image a name means, the smallest size
//! that fits, names for what is made on a server's behalf, and SSH keys beyond the one a key
//! pair holds.

use base64::Engine as _;
use rand::Rng;

use crate::error::{Error, Result};
use crate::model::{Image, ServerSpec};

/// Names of what the SDK makes on a server's behalf start with this, so that delete removes
/// exactly those and nothing a user made by hand.
pub(crate) const OWNED_PREFIX: &str = "sovereign-";

/// The image `wanted` names: the one with that id, else the newest with that exact name; the
/// error lists the names there are.
pub(crate) fn pick_image(images: &[Image], wanted: &str) -> Result<Image> {
    if let Some(image) = images.iter().find(|i| i.id == wanted) {
        return Ok(image.clone());
    }
    let newest = images
        .iter()
        .filter(|i| i.name == wanted)
        .max_by(|a, b| a.created_at.cmp(&b.created_at));
    match newest {
        Some(image) => Ok(image.clone()),
        None => {
            let mut names: Vec<&str> = images.iter().map(|i| i.name.as_str()).collect();
            names.sort();
            names.dedup();
            Err(Error::invalid_field(
                "image",
                format!(
                    "no image has the id or name {wanted:?}; available: {}",
                    names.join(", ")
                ),
            ))
        }
    }
}

/// The smallest of `sizes` with at least `cores` and `memory_gb`: fewest cores, then least
/// memory, then least disk, then by name. `size` gives an item's (cores, memory in MiB, disk
/// in GB, name).
pub(crate) fn smallest_fit<T>(
    sizes: &[T],
    cores: u32,
    memory_gb: u32,
    size: impl Fn(&T) -> (u32, u64, u32, &str),
) -> Option<&T> {
    sizes
        .iter()
        .filter(|item| {
            let (c, ram_mib, _, _) = size(item);
            c >= cores && ram_mib >= u64::from(memory_gb) * 1024
        })
        .min_by(|a, b| size(a).cmp(&size(b)))
}

/// Checks a server spec before anything is made; the error names the field at fault.
pub(crate) fn validate(spec: &ServerSpec) -> Result<()> {
    spec.validate()?;
    if spec.ssh_public_keys.len() > 1 && spec.user_data.is_some() {
        return Err(Error::invalid_field(
            "ssh_public_keys",
            "one key goes into the server's key pair and further keys into cloud-init user data, \
             which is already given here; give one key, or add the others to user_data",
        ));
    }
    Ok(())
}

/// The user data to send, base64-encoded: the caller's, else cloud-init for keys beyond the
/// first (a keypair holds one key).
pub(crate) fn encoded_user_data(spec: &ServerSpec) -> Option<String> {
    spec.user_data
        .clone()
        .or_else(|| extra_keys_user_data(&spec.ssh_public_keys))
        .map(|data| base64::engine::general_purpose::STANDARD.encode(data))
}

/// cloud-init user data for keys beyond the first (a keypair holds one key).
fn extra_keys_user_data(keys: &[String]) -> Option<String> {
    if keys.len() < 2 {
        return None;
    }
    let mut text = String::from("#cloud-config\nssh_authorized_keys:\n");
    for key in keys {
        text.push_str(&format!("  - {}\n", key.trim()));
    }
    Some(text)
}

/// A name for something made on a server's behalf. Key pair names allow only letters, digits,
/// `-` and `_` everywhere, and every name stays under 255 characters.
pub(crate) fn owned_name(kind: &str, server_name: &str) -> String {
    owned_name_within(kind, server_name, 200)
}

/// [`owned_name`] keeping at most `budget` characters of the server's name.
pub(crate) fn owned_name_within(kind: &str, server_name: &str, budget: usize) -> String {
    let suffix: u32 = rand::thread_rng().gen();
    let safe: String = server_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .take(budget)
        .collect();
    format!("{OWNED_PREFIX}{kind}-{safe}-{suffix:08x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extra_keys_become_cloud_config() {
        assert_eq!(extra_keys_user_data(&["ssh-ed25519 A".into()]), None);
        let text = extra_keys_user_data(&["ssh-ed25519 A".into(), "ssh-rsa B".into()]).unwrap();
        assert!(text.starts_with("#cloud-config\n"));
        assert!(text.contains("  - ssh-ed25519 A\n") && text.contains("  - ssh-rsa B\n"));
    }

    #[test]
    fn owned_names_carry_the_prefix() {
        assert!(owned_name("port", "web").starts_with("sovereign-port-web-"));
        let odd = owned_name("key", "web01.example.com ünï");
        assert!(
            odd.starts_with("sovereign-key-web01-example-com--n--"),
            "{odd}"
        );
        assert!(owned_name("key", &"x".repeat(400)).len() < 255);
    }

    #[test]
    fn the_newest_image_of_a_name_wins() {
        let image = |id: &str, name: &str, created: &str| Image {
            id: id.into(),
            name: name.into(),
            min_disk_gb: 1,
            created_at: Some(created.into()),
        };
        let images = [
            image("a", "Ubuntu", "2024-01-01T00:00:00Z"),
            image("b", "Ubuntu", "2025-01-01T00:00:00Z"),
            image("c", "Debian", "2023-01-01T00:00:00Z"),
        ];
        assert_eq!(pick_image(&images, "Ubuntu").unwrap().id, "b");
        assert_eq!(pick_image(&images, "c").unwrap().id, "c");
        let missing = pick_image(&images, "Fedora").unwrap_err();
        assert_eq!(missing.field(), Some("image"));
        assert!(missing.message().contains("Debian, Ubuntu"));
    }
}
