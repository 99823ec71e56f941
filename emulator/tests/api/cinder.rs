//! Cinder: volume lifecycle with status transitions, extend, metadata, types, quotas and errors.

use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};
use sovereign_emulator::{defaults, EmulatorConfig};

use crate::helpers::{id, wait_for, wait_gone, Cloud};

const UBUNTU_24: &str = "c7e1f3a5-9d2b-4c6e-8a1f-5b3d7e9c2a46";

fn volumes(rest: &str) -> String {
    format!("/plusserver/volume/v3/{}/{rest}", defaults::PROJECT_ID)
}

async fn slow_cloud() -> Cloud {
    Cloud::start_with(EmulatorConfig {
        provision_delay: Duration::from_millis(200),
        ..EmulatorConfig::default()
    })
    .await
}

async fn create(cloud: &Cloud, attrs: Value) -> Value {
    let reply = cloud
        .send(
            Method::POST,
            &volumes("volumes"),
            Some(json!({ "volume": attrs })),
            None,
        )
        .await;
    assert_eq!(reply.status, 202, "{}", reply.body);
    reply.body["volume"].clone()
}

/// Makes `quota` volumes, then checks that one more is refused with Cinder's 413.
async fn fill_volume_quota(cloud: &Cloud, quota: usize) {
    for _ in 0..quota {
        create(cloud, json!({"size": 1})).await;
    }
    let one_more = cloud
        .send(
            Method::POST,
            &volumes("volumes"),
            Some(json!({"volume": {"size": 1}})),
            None,
        )
        .await;
    assert_eq!(one_more.status, 413, "{}", one_more.body);
    let message = one_more.body["overLimit"]["message"].as_str().unwrap();
    assert!(message.contains("VolumeLimitExceeded"), "{message}");
    let allowed = format!("Maximum number of volumes allowed ({quota})");
    assert!(message.contains(&allowed), "{message}");
}

#[tokio::test]
async fn versions_and_catalog() {
    let cloud = Cloud::start().await;
    let root = cloud
        .send(Method::GET, "/plusserver/volume", None, Some(""))
        .await;
    assert_eq!(root.status, 300);
    assert_eq!(root.body["versions"][0]["id"], "v3.0");
    assert_eq!(root.body["versions"][0]["min_version"], "3.0");
    let login = cloud
        .send(
            Method::POST,
            "/plusserver/v3/auth/tokens",
            Some(crate::helpers::password_auth(defaults::OS_PASSWORD)),
            Some(""),
        )
        .await;
    let catalog = login.body["token"]["catalog"].as_array().unwrap().clone();
    for kind in ["volumev3", "block-storage"] {
        let entry = catalog.iter().find(|s| s["type"] == kind).unwrap();
        assert_eq!(entry["name"], "cinderv3");
        let url = entry["endpoints"][0]["url"].as_str().unwrap();
        assert!(
            url.ends_with(&format!("/plusserver/volume/v3/{}", defaults::PROJECT_ID)),
            "{url}"
        );
    }
    let other_project = cloud
        .send(
            Method::GET,
            "/plusserver/volume/v3/0000/volumes",
            None,
            None,
        )
        .await;
    assert_eq!(other_project.status, 400);
}

#[tokio::test]
async fn volume_lifecycle_with_transitions() {
    let cloud = slow_cloud().await;
    let volume = create(
        &cloud,
        json!({"size": 10, "name": "data", "description": "d", "metadata": {"a": "1"}}),
    )
    .await;
    let vol_id = id(&volume);
    assert_eq!(volume["status"], "creating");
    assert_eq!(volume["size"], 10);
    assert_eq!(volume["volume_type"], "__DEFAULT__");
    assert_eq!(volume["availability_zone"], "DE-WEST-1");
    assert_eq!(volume["bootable"], "false");
    assert_eq!(volume["multiattach"], false);
    assert_eq!(volume["attachments"], json!([]));
    assert_eq!(volume["metadata"], json!({"a": "1"}));
    let path = volumes(&format!("volumes/{vol_id}"));
    wait_for(&cloud, &path, "/volume/status", "available").await;

    let listed = cloud
        .send(Method::GET, &volumes("volumes"), None, None)
        .await;
    assert_eq!(listed.body["volumes"][0]["id"], vol_id);
    assert_eq!(listed.body["volumes"][0]["name"], "data");
    assert!(listed.body["volumes"][0].get("size").is_none());
    let detail = cloud
        .send(
            Method::GET,
            &volumes("volumes/detail?name=data"),
            None,
            None,
        )
        .await;
    assert_eq!(detail.body["volumes"][0]["size"], 10);
    let none = cloud
        .send(
            Method::GET,
            &volumes("volumes/detail?status=in-use"),
            None,
            None,
        )
        .await;
    assert_eq!(none.body["volumes"], json!([]));

    let updated = cloud
        .send(
            Method::PUT,
            &path,
            Some(json!({"volume": {"name": "data2", "metadata": {"b": "2"}}})),
            None,
        )
        .await;
    assert_eq!(updated.status, 200);
    assert_eq!(updated.body["volume"]["name"], "data2");
    assert_eq!(updated.body["volume"]["metadata"], json!({"b": "2"}));
    let merged = cloud
        .send(
            Method::POST,
            &format!("{path}/metadata"),
            Some(json!({"metadata": {"c": "3"}})),
            None,
        )
        .await;
    assert_eq!(merged.body["metadata"], json!({"b": "2", "c": "3"}));
    let replaced = cloud
        .send(
            Method::PUT,
            &format!("{path}/metadata"),
            Some(json!({"metadata": {"d": "4"}})),
            None,
        )
        .await;
    assert_eq!(replaced.body["metadata"], json!({"d": "4"}));

    let smaller = cloud
        .send(
            Method::POST,
            &format!("{path}/action"),
            Some(json!({"os-extend": {"new_size": 5}})),
            None,
        )
        .await;
    assert_eq!(smaller.status, 400);
    assert!(smaller.body["badRequest"]["message"]
        .as_str()
        .unwrap()
        .contains("must be greater than current size"));
    let extend = cloud
        .send(
            Method::POST,
            &format!("{path}/action"),
            Some(json!({"os-extend": {"new_size": 20}})),
            None,
        )
        .await;
    assert_eq!(extend.status, 202);
    let extending = cloud.send(Method::GET, &path, None, None).await;
    assert_eq!(extending.body["volume"]["status"], "extending");
    assert_eq!(extending.body["volume"]["size"], 20);
    let busy = cloud.send(Method::DELETE, &path, None, None).await;
    assert_eq!(busy.status, 400, "no delete while extending");
    wait_for(&cloud, &path, "/volume/status", "available").await;

    let inventory = cloud.admin(Method::GET, "inventory", None).await.body;
    assert_eq!(inventory["plusserver"]["volumes"][0]["id"], vol_id);
    assert_eq!(inventory["total"], 1);

    let deleted = cloud.send(Method::DELETE, &path, None, None).await;
    assert_eq!(deleted.status, 202);
    let deleting = cloud.send(Method::GET, &path, None, None).await;
    assert_eq!(deleting.body["volume"]["status"], "deleting");
    wait_gone(&cloud, &path).await;
    let inventory = cloud.admin(Method::GET, "inventory", None).await.body;
    assert_eq!(inventory["total"], 0, "{inventory}");
}

#[tokio::test]
async fn volume_from_image_and_types() {
    let cloud = Cloud::start().await;
    let volume = create(
        &cloud,
        json!({"size": 10, "imageRef": UBUNTU_24, "volume_type": "ssd"}),
    )
    .await;
    assert_eq!(volume["bootable"], "true");
    assert_eq!(volume["volume_type"], "ssd");
    assert_eq!(
        volume["volume_image_metadata"]["image_name"],
        "Ubuntu 24.04"
    );
    assert_eq!(volume["name"], Value::Null);

    let too_small = cloud
        .send(
            Method::POST,
            &volumes("volumes"),
            Some(json!({"volume": {"size": 4, "imageRef": UBUNTU_24}})),
            None,
        )
        .await;
    assert_eq!(too_small.status, 400);

    let types = cloud.send(Method::GET, &volumes("types"), None, None).await;
    let names: Vec<&str> = types.body["volume_types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["__DEFAULT__", "ssd", "hdd"]);
    let ssd = cloud
        .send(Method::GET, &volumes("types/ssd"), None, None)
        .await;
    assert_eq!(ssd.body["volume_type"]["name"], "ssd");
    let zones = cloud
        .send(Method::GET, &volumes("os-availability-zone"), None, None)
        .await;
    assert_eq!(
        zones.body["availabilityZoneInfo"][0]["zoneName"],
        "DE-WEST-1"
    );
}

#[tokio::test]
async fn microversions_gate_in_use_extend_and_fields() {
    let cloud = Cloud::start().await;
    let volume = create(&cloud, json!({"size": 1})).await;
    let path = volumes(&format!("volumes/{}", id(&volume)));
    let old = cloud.send(Method::GET, &path, None, None).await;
    assert_eq!(old.headers["openstack-api-version"], "volume 3.0");
    assert!(old.body["volume"].get("volume_type_id").is_none());
    let new = cloud
        .call(
            Method::GET,
            &path,
            None,
            &[("OpenStack-API-Version", "volume 3.63")],
        )
        .await;
    assert_eq!(new.headers["openstack-api-version"], "volume 3.63");
    assert!(new.body["volume"]["volume_type_id"].is_string());
    let unsupported = cloud
        .call(
            Method::GET,
            &path,
            None,
            &[("OpenStack-API-Version", "volume 3.99")],
        )
        .await;
    assert_eq!(unsupported.status, 406);
}

#[tokio::test]
async fn cinder_errors_and_quotas() {
    let cloud = Cloud::start().await;
    let missing = cloud
        .send(Method::GET, &volumes("volumes/nope"), None, None)
        .await;
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.body,
        json!({"itemNotFound": {"code": 404, "message": "Volume nope could not be found."}})
    );
    for (attrs, status) in [
        (json!({"size": 0}), 400),
        (json!({"size": "x"}), 400),
        (json!({}), 400),
        (json!({"size": 1, "volume_type": "gold"}), 404),
        (json!({"size": 1, "availability_zone": "nova"}), 400),
        (json!({"size": 1, "imageRef": "nope"}), 400),
        (json!({"size": 1, "bogus": true}), 400),
    ] {
        let reply = cloud
            .send(
                Method::POST,
                &volumes("volumes"),
                Some(json!({ "volume": attrs })),
                None,
            )
            .await;
        assert_eq!(reply.status, status, "{attrs}: {}", reply.body);
    }
    let not_json = cloud
        .send(Method::POST, &volumes("volumes"), Some(json!("x")), None)
        .await;
    assert_eq!(not_json.status, 400);
    assert!(not_json.body["badRequest"]["message"].is_string());

    let too_big = cloud
        .send(
            Method::POST,
            &volumes("volumes"),
            Some(json!({"volume": {"size": 1001}})),
            None,
        )
        .await;
    assert_eq!(too_big.status, 413);
    assert_eq!(too_big.body["overLimit"]["code"], 413);
    fill_volume_quota(&cloud, 20).await;
    let page = cloud
        .send(Method::GET, &volumes("volumes?limit=15"), None, None)
        .await;
    assert_eq!(page.body["volumes"].as_array().unwrap().len(), 15);
    let next = page.body["volumes_links"][0]["href"]
        .as_str()
        .unwrap()
        .to_string();
    let rest = cloud.send(Method::GET, &next, None, None).await;
    assert_eq!(rest.body["volumes"].as_array().unwrap().len(), 5);
    let bad_filter = cloud
        .send(Method::GET, &volumes("volumes?colour=red"), None, None)
        .await;
    assert_eq!(bad_filter.status, 400);
}

#[tokio::test]
async fn volume_quota_is_a_knob_that_outlives_reset() {
    let mut cloud = Cloud::start_with(EmulatorConfig {
        volume_quota: 3,
        ..EmulatorConfig::default()
    })
    .await;
    for _ in 0..2 {
        let limits = cloud
            .send(Method::GET, &volumes("limits"), None, None)
            .await;
        assert_eq!(limits.body["limits"]["absolute"]["maxTotalVolumes"], 3);
        fill_volume_quota(&cloud, 3).await;
        let reset = cloud.admin(Method::POST, "reset", None).await;
        assert_eq!(reset.status, 200, "{}", reset.body);
        cloud.token = cloud.login().await;
    }
}
