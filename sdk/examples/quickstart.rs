//! The SDK's quick start: connect to the cloud the environment names, make a network and a
//! security group, list the images, and delete what it made. The same code runs on every cloud.
//!
//! Against the emulator (any of `plusserver`, `otc`, `ionos`, `stackit`):
//!
//! ```sh
//! cargo run -p sovereign-emulator -- --listen 127.0.0.1:8787 &
//! eval "$(cargo run -q -p sovereign-emulator -- env stackit)"
//! cargo run -p sovereign-sdk --example quickstart
//! ```
//!
//! Against a real cloud: `SOVEREIGN_CLOUD` and that cloud's own variables (see the crate docs).

use std::time::Duration;

use sovereign_sdk::{Cloud, Deadline, NetworkSpec, Result, SecurityGroupSpec};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<()> {
    let cloud = Cloud::from_env()?;
    for line in run(&cloud, "sdk-quickstart").await? {
        println!("{line}");
    }
    Ok(())
}

/// Makes a network and a security group named after `name`, lists the images, deletes both
/// again, and returns what it saw, one line per step.
pub async fn run(cloud: &Cloud, name: &str) -> Result<Vec<String>> {
    let deadline = || Deadline::after(Duration::from_secs(600));
    let mut seen = vec![format!(
        "cloud {} in region {}",
        cloud.kind(),
        cloud.current_region().await?
    )];

    // The cloud picks the range when none is given (IONOS always does).
    let spec = NetworkSpec {
        name: name.to_string(),
        ..Default::default()
    };
    let network = cloud.networking().create_network(&spec, deadline()).await?;
    seen.push(format!(
        "network {} ({}): {}",
        network.name,
        network.id,
        network.cidr.as_deref().unwrap_or("no range")
    ));

    let group = cloud
        .networking()
        .create_security_group(
            &SecurityGroupSpec {
                name: format!("{name}-ssh"),
                description: Some("made by the SDK's quick start".into()),
                ..Default::default()
            },
            deadline(),
        )
        .await?;
    seen.push(format!("security group {} ({})", group.name, group.id));

    let images = cloud.compute().list_images().await?;
    seen.push(format!("{} images", images.len()));

    cloud
        .networking()
        .delete_security_group(&group.id, deadline())
        .await?;
    cloud
        .networking()
        .delete_network(&network.id, deadline())
        .await?;
    seen.push("deleted both".to_string());
    Ok(seen)
}
