//! S3 buckets, versions and bodies survive a restart with `--state FILE`.

use sovereign_emulator::{Emulator, EmulatorConfig};

use crate::s3_helpers::S3Client;

#[tokio::test]
async fn buckets_and_versions_survive_a_restart() {
    let dir = std::env::temp_dir().join(format!("s3-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = EmulatorConfig {
        state_file: Some(dir.join("state.json")),
        ..EmulatorConfig::default()
    };
    let first_id = {
        let emulator = Emulator::start(config.clone()).expect("emulator");
        let s3 = S3Client::for_cloud(&emulator.url(), "ionos");
        s3.call("PUT", "/kept", b"").await;
        let enable = "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>";
        s3.call("PUT", "/kept?versioning", enable.as_bytes()).await;
        let first = s3.call("PUT", "/kept/k", b"\x00binary\xff").await;
        s3.call("PUT", "/kept/k", b"second").await;
        first.headers["x-amz-version-id"]
            .to_str()
            .unwrap()
            .to_string()
    };
    let emulator = Emulator::start(config).expect("emulator");
    let s3 = S3Client::for_cloud(&emulator.url(), "ionos");
    assert_eq!(s3.call("GET", "/kept/k", b"").await.body, "second");
    let first = s3
        .call("GET", &format!("/kept/k?versionId={first_id}"), b"")
        .await;
    assert_eq!(first.status, 200);
    assert_eq!(first.headers["content-length"], "8");
    assert!(s3
        .call("GET", "/kept?versioning", b"")
        .await
        .body
        .contains("<Status>Enabled</Status>"));
    std::fs::remove_dir_all(&dir).unwrap();
}
