//! `--state FILE` keeps the OTC world and OTC's native objects across a restart.

use reqwest::Method;
use serde_json::json;
use sovereign_emulator::EmulatorConfig;

use crate::helpers::{id, Cloud};
use crate::otc_helpers::{call, ecs, vpc, vpc_with_subnet, wait_job};

#[tokio::test]
async fn otc_objects_survive_a_restart() {
    let dir = std::env::temp_dir().join(format!(
        "sovereign-emulator-otc-state-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("state.json");
    let config = || EmulatorConfig {
        state_file: Some(file.clone()),
        ..EmulatorConfig::default()
    };
    let (vpc_id, subnet_id, ip_id, server_id, job_id) = {
        let cloud = Cloud::start_otc_with(config()).await;
        let (vpc_id, subnet_id) =
            vpc_with_subnet(&cloud, "10.0.0.0/16", "10.0.0.0/24", "10.0.0.1").await;
        let tagged = call(
            &cloud,
            Method::POST,
            &format!(
                "/otc/vpc/v2.0/{}/vpcs/{vpc_id}/tags/action",
                crate::otc_helpers::PID
            ),
            Some(json!({"action": "create", "tags": [{"key": "k", "value": "v"}]})),
        )
        .await;
        assert_eq!(tagged.status, 204);
        let ip = call(
            &cloud,
            Method::POST,
            &vpc("publicips"),
            Some(json!({"publicip": {"type": "5_bgp"}, "bandwidth": {"name": "b", "size": 3, "share_type": "PER"}})),
        )
        .await;
        let images = call(
            &cloud,
            Method::GET,
            "/otc/image/v2/images?name=Standard_Debian_12_latest",
            None,
        )
        .await;
        let created = call(
            &cloud,
            Method::POST,
            &ecs("cloudservers"),
            Some(json!({"server": {
                "name": "keep", "imageRef": id(&images.body["images"][0]), "flavorRef": "s3.medium.1",
                "vpcid": vpc_id, "nics": [{"subnet_id": subnet_id}], "root_volume": {"volumetype": "SATA"},
            }})),
        )
        .await;
        assert_eq!(created.status, 200, "{}", created.body);
        let job_id = created.body["job_id"].as_str().unwrap().to_string();
        wait_job(&cloud, &job_id).await;
        (
            vpc_id,
            subnet_id,
            id(&ip.body["publicip"]),
            created.body["serverIds"][0].as_str().unwrap().to_string(),
            job_id,
        )
    };
    let cloud = Cloud::start_otc_with(config()).await;
    let v = call(&cloud, Method::GET, &vpc(&format!("vpcs/{vpc_id}")), None).await;
    assert_eq!(v.body["vpc"]["status"], "OK");
    let tags = call(
        &cloud,
        Method::GET,
        &format!(
            "/otc/vpc/v2.0/{}/vpcs/{vpc_id}/tags",
            crate::otc_helpers::PID
        ),
        None,
    )
    .await;
    assert_eq!(tags.body["tags"][0]["value"], "v");
    let s = call(
        &cloud,
        Method::GET,
        &vpc(&format!("subnets/{subnet_id}")),
        None,
    )
    .await;
    assert_eq!(s.body["subnet"]["status"], "ACTIVE");
    let ip = call(
        &cloud,
        Method::GET,
        &vpc(&format!("publicips/{ip_id}")),
        None,
    )
    .await;
    assert_eq!(ip.body["publicip"]["bandwidth_size"], 3);
    let server = call(
        &cloud,
        Method::GET,
        &ecs(&format!("cloudservers/{server_id}")),
        None,
    )
    .await;
    assert_eq!(server.body["server"]["status"], "ACTIVE");
    let volume = &server.body["server"]["os-extended-volumes:volumes_attached"][0]["id"];
    assert!(volume.is_string());
    let job = call(&cloud, Method::GET, &ecs(&format!("jobs/{job_id}")), None).await;
    assert_eq!(job.body["status"], "SUCCESS");
    let inventory = cloud.admin(Method::GET, "inventory", None).await.body;
    assert_eq!(inventory["otc"]["vpcs"].as_array().unwrap().len(), 1);
    assert_eq!(inventory["otc"]["servers"].as_array().unwrap().len(), 1);
    let reset = cloud.admin(Method::POST, "reset", None).await;
    assert_eq!(reset.status, 200);
    let inventory = cloud.admin(Method::GET, "inventory", None).await.body;
    assert_eq!(inventory["total"], 0, "{inventory}");
    drop(cloud);
    let _ = std::fs::remove_dir_all(&dir);
}
