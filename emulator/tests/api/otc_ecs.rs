//! ECS: create (job), read in ECS's and Nova's shape, tags, delete (job), validation errors
//! and the fail-build trigger.

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{id, Cloud};
use crate::otc_helpers::{call, ecs, neutron, vpc, vpc_with_subnet, wait_job, PID};

async fn image_id(cloud: &Cloud, name: &str) -> String {
    let images = call(
        cloud,
        Method::GET,
        &format!("/otc/image/v2/images?name={name}"),
        None,
    )
    .await;
    id(&images.body["images"][0])
}

/// A create body for `name` on `subnet` of `vpc_id`.
fn server(name: &str, image: &str, vpc_id: &str, subnet: &str) -> Value {
    json!({"server": {
        "name": name,
        "imageRef": image,
        "flavorRef": "s3.medium.2",
        "vpcid": vpc_id,
        "nics": [{"subnet_id": subnet}],
        "root_volume": {"volumetype": "SSD", "size": 2},
        "availability_zone": "eu-de-02",
    }})
}

#[tokio::test]
async fn ecs_server_lifecycle() {
    let cloud = Cloud::start_otc().await;
    let (vpc_id, subnet_id) =
        vpc_with_subnet(&cloud, "10.0.0.0/16", "10.0.1.0/24", "10.0.1.1").await;
    let image = image_id(&cloud, "Standard_Ubuntu_24.04_latest").await;
    let group = call(
        &cloud,
        Method::POST,
        &neutron("security-groups"),
        Some(json!({"security_group": {"name": "web"}})),
    )
    .await;
    let group_id = id(&group.body["security_group"]);
    let mut body = server("web-1", &image, &vpc_id, &subnet_id);
    body["server"]["security_groups"] = json!([{"id": group_id}]);
    body["server"]["data_volumes"] = json!([{"volumetype": "SAS", "size": 10}]);
    body["server"]["metadata"] = json!({"role": "web"});
    body["server"]["server_tags"] = json!([{"key": "env", "value": "dev"}]);
    body["server"]["user_data"] = json!("I2Nsb3VkLWNvbmZpZwo=");
    let created = call(&cloud, Method::POST, &ecs("cloudservers"), Some(body)).await;
    assert_eq!(created.status, 200, "{}", created.body);
    let server_id = created.body["serverIds"][0].as_str().unwrap().to_string();
    let job_id = created.body["job_id"].as_str().unwrap().to_string();
    let job = wait_job(&cloud, &job_id).await;
    assert_eq!(job["status"], "SUCCESS", "{job}");
    assert_eq!(job["job_type"], "createServer");
    let sub = &job["entities"]["sub_jobs"][0];
    assert_eq!(sub["entities"]["server_id"], server_id);
    assert_eq!(sub["job_type"], "createSingleServer");
    assert_eq!(job["entities"]["sub_jobs_total"], 1);

    // the ECS view
    let shown = call(
        &cloud,
        Method::GET,
        &ecs(&format!("cloudservers/{server_id}")),
        None,
    )
    .await;
    assert_eq!(shown.status, 200, "{}", shown.body);
    let s = &shown.body["server"];
    assert_eq!(s["status"], "ACTIVE");
    assert_eq!(s["flavor"]["id"], "s3.medium.2");
    assert_eq!(s["flavor"]["ram"], "2048");
    assert_eq!(s["flavor"]["vcpus"], "1");
    assert_eq!(s["metadata"]["vpc_id"], vpc_id);
    assert_eq!(s["metadata"]["role"], "web");
    assert_eq!(s["OS-EXT-AZ:availability_zone"], "eu-de-02");
    assert_eq!(
        s["security_groups"],
        json!([{"id": group_id, "name": "web"}])
    );
    assert_eq!(s["image"]["id"], image);
    let volumes = s["os-extended-volumes:volumes_attached"]
        .as_array()
        .unwrap();
    assert_eq!(volumes.len(), 2);
    let root = volumes.iter().find(|v| v["bootIndex"] == "0").unwrap();
    assert_eq!(root["delete_on_termination"], "true");
    let root_id = root["id"].as_str().unwrap().to_string();
    let address = &s["addresses"][&vpc_id][0];
    assert_eq!(address["version"], "4");
    assert_eq!(address["OS-EXT-IPS:type"], "fixed");
    let port_id = address["OS-EXT-IPS:port_id"].as_str().unwrap().to_string();

    // Nova, Cinder and Neutron see the same server
    let nova = call(
        &cloud,
        Method::GET,
        &format!("/otc/compute/v2.1/servers/{server_id}"),
        None,
    )
    .await;
    assert_eq!(nova.status, 200);
    assert_eq!(nova.body["server"]["name"], "web-1");
    let volume = call(
        &cloud,
        Method::GET,
        &format!("/otc/volume/v3/{PID}/volumes/{root_id}"),
        None,
    )
    .await;
    assert_eq!(volume.body["volume"]["volume_type"], "SSD");
    assert_eq!(
        volume.body["volume"]["size"], 4,
        "at least the image's min_disk"
    );
    assert_eq!(volume.body["volume"]["bootable"], "true");
    let port = call(
        &cloud,
        Method::GET,
        &neutron(&format!("ports/{port_id}")),
        None,
    )
    .await;
    assert_eq!(port.body["port"]["network_id"], subnet_id);
    assert_eq!(port.body["port"]["device_owner"], "compute:eu-de-02");
    assert_eq!(port.body["port"]["security_groups"], json!([group_id]));

    // Nova actions on an ECS server: rename, a group by id
    let renamed = call(
        &cloud,
        Method::PUT,
        &format!("/otc/compute/v2.1/servers/{server_id}"),
        Some(json!({"server": {"name": "web-2"}})),
    )
    .await;
    assert_eq!(renamed.status, 200);
    let other = call(
        &cloud,
        Method::POST,
        &neutron("security-groups"),
        Some(json!({"security_group": {"name": "ssh"}})),
    )
    .await;
    let other_id = id(&other.body["security_group"]);
    let added = call(
        &cloud,
        Method::POST,
        &format!("/otc/compute/v2.1/servers/{server_id}/action"),
        Some(json!({"addSecurityGroup": {"name": other_id}})),
    )
    .await;
    assert_eq!(added.status, 202, "{}", added.body);
    let resized = call(
        &cloud,
        Method::POST,
        &format!("/otc/compute/v2.1/servers/{server_id}/action"),
        Some(json!({"resize": {"flavorRef": "s3.large.2"}})),
    )
    .await;
    assert_eq!(resized.status, 202, "{}", resized.body);
    let confirmed = call(
        &cloud,
        Method::POST,
        &format!("/otc/compute/v2.1/servers/{server_id}/action"),
        Some(json!({"confirmResize": null})),
    )
    .await;
    assert_eq!(confirmed.status, 204, "{}", confirmed.body);
    let shown = call(
        &cloud,
        Method::GET,
        &ecs(&format!("cloudservers/{server_id}")),
        None,
    )
    .await;
    assert_eq!(shown.body["server"]["flavor"]["id"], "s3.large.2");

    // tags and the list
    let tags = call(
        &cloud,
        Method::GET,
        &ecs(&format!("cloudservers/{server_id}/tags")),
        None,
    )
    .await;
    assert_eq!(tags.body, json!({"tags": [{"key": "env", "value": "dev"}]}));
    let tagged = call(
        &cloud,
        Method::POST,
        &ecs(&format!("cloudservers/{server_id}/tags/action")),
        Some(json!({"action": "create", "tags": [{"key": "owner", "value": "me"}]})),
    )
    .await;
    assert_eq!(tagged.status, 204);
    let listed = call(
        &cloud,
        Method::GET,
        &ecs("cloudservers/detail?offset=1&limit=10"),
        None,
    )
    .await;
    assert_eq!(listed.body["count"], 1);
    assert_eq!(listed.body["servers"][0]["name"], "web-2");
    assert_eq!(
        listed.body["servers"][0]["tags"],
        json!(["env=dev", "owner=me"])
    );

    // an EIP on the server's port is released with it
    let ip = call(
        &cloud,
        Method::POST,
        &vpc("publicips"),
        Some(json!({"publicip": {"type": "5_bgp"}, "bandwidth": {"name": "b", "size": 1, "share_type": "PER"}})),
    )
    .await;
    let ip_id = id(&ip.body["publicip"]);
    let bound = call(
        &cloud,
        Method::PUT,
        &vpc(&format!("publicips/{ip_id}")),
        Some(json!({"publicip": {"port_id": port_id}})),
    )
    .await;
    assert_eq!(bound.body["publicip"]["status"], "ACTIVE");

    let deleted = call(
        &cloud,
        Method::POST,
        &ecs("cloudservers/delete"),
        Some(
            json!({"servers": [{"id": server_id}], "delete_publicip": true, "delete_volume": true}),
        ),
    )
    .await;
    assert_eq!(deleted.status, 200, "{}", deleted.body);
    let job = wait_job(&cloud, deleted.body["job_id"].as_str().unwrap()).await;
    assert_eq!(job["status"], "SUCCESS", "{job}");
    assert_eq!(job["job_type"], "deleteServer");
    let gone = call(
        &cloud,
        Method::GET,
        &ecs(&format!("cloudservers/{server_id}")),
        None,
    )
    .await;
    assert_eq!(gone.status, 404);
    assert_eq!(gone.body["error"]["code"], "Ecs.0114");
    let ip = call(
        &cloud,
        Method::GET,
        &vpc(&format!("publicips/{ip_id}")),
        None,
    )
    .await;
    assert_eq!(ip.status, 404, "released with the server");

    // clean up the rest: nothing is left
    for group in [&group_id, &other_id] {
        let reply = call(
            &cloud,
            Method::DELETE,
            &neutron(&format!("security-groups/{group}")),
            None,
        )
        .await;
        assert_eq!(reply.status, 204, "{}", reply.body);
    }
    let subnet = call(
        &cloud,
        Method::DELETE,
        &vpc(&format!("vpcs/{vpc_id}/subnets/{subnet_id}")),
        None,
    )
    .await;
    assert_eq!(subnet.status, 204, "{}", subnet.body);
    let reply = call(
        &cloud,
        Method::DELETE,
        &vpc(&format!("vpcs/{vpc_id}")),
        None,
    )
    .await;
    assert_eq!(reply.status, 204);
    // volumes are deleted after the provision delay (none here)
    let inventory = cloud.admin(Method::GET, "inventory", None).await.body;
    assert_eq!(inventory["total"], 0, "{inventory}");
}

#[tokio::test]
async fn ecs_validation_errors_create_nothing() {
    let cloud = Cloud::start_otc().await;
    let (vpc_id, subnet_id) =
        vpc_with_subnet(&cloud, "10.0.0.0/16", "10.0.1.0/24", "10.0.1.1").await;
    let (other_vpc, other_subnet) =
        vpc_with_subnet(&cloud, "172.16.0.0/16", "172.16.1.0/24", "172.16.1.1").await;
    let image = image_id(&cloud, "Standard_Debian_12_latest").await;
    let base = server("s", &image, &vpc_id, &subnet_id);
    let with = |key: &str, value: Value| {
        let mut body = base.clone();
        body["server"][key] = value;
        body
    };
    let cases = [
        (with("name", json!("")), 400, "Ecs.0005"),
        (with("flavorRef", json!("s3.large.5")), 400, "Ecs.0005"),
        (with("imageRef", json!("nope")), 400, "Ecs.0005"),
        (with("user_data", json!("not base64!")), 400, "Ecs.0005"),
        (
            with("availability_zone", json!("eu-de-09")),
            400,
            "Ecs.0005",
        ),
        (with("key_name", json!("missing")), 400, "Ecs.0005"),
        (with("vpcid", json!(other_vpc)), 400, "Ecs.0014"),
        (
            with("nics", json!([{"subnet_id": other_subnet}])),
            400,
            "Ecs.0014",
        ),
        (
            with("security_groups", json!([{"id": "nope"}])),
            400,
            "Ecs.0014",
        ),
        (
            with("root_volume", json!({"volumetype": "GOLD"})),
            400,
            "Ecs.0015",
        ),
        (with("nics", json!([])), 400, "Ecs.0005"),
    ];
    for (body, status, code) in cases {
        let reply = call(
            &cloud,
            Method::POST,
            &ecs("cloudservers"),
            Some(body.clone()),
        )
        .await;
        assert_eq!(reply.status, status, "{body}: {}", reply.body);
        assert_eq!(reply.body["error"]["code"], code, "{body}: {}", reply.body);
        assert!(reply.body["error"]["message"].is_string());
    }
    let malformed = cloud
        .send(
            Method::POST,
            &ecs("cloudservers"),
            Some(json!({"nothing": 1})),
            None,
        )
        .await;
    assert_eq!(malformed.body["error"]["code"], "Ecs.0005");
    let inventory = cloud.admin(Method::GET, "inventory", None).await.body;
    assert_eq!(inventory["otc"]["servers"], json!([]));
    assert_eq!(inventory["otc"]["volumes"], json!([]));
    assert_eq!(inventory["otc"]["ports"], json!([]));
    let unknown_job = call(&cloud, Method::GET, &ecs("jobs/nope"), None).await;
    assert_eq!(unknown_job.status, 404);
    assert!(unknown_job.body["error"]["code"]
        .as_str()
        .unwrap()
        .starts_with("Ecs."));
}

#[tokio::test]
async fn fail_build_fails_the_job_and_unknown_servers_fail_deletes() {
    let cloud = Cloud::start_otc().await;
    let (vpc_id, subnet_id) =
        vpc_with_subnet(&cloud, "10.0.0.0/16", "10.0.1.0/24", "10.0.1.1").await;
    let image = image_id(&cloud, "Standard_Ubuntu_22.04_latest").await;
    let created = call(
        &cloud,
        Method::POST,
        &ecs("cloudservers"),
        Some(server("x-fail-build", &image, &vpc_id, &subnet_id)),
    )
    .await;
    assert_eq!(created.status, 200, "{}", created.body);
    let job = wait_job(&cloud, created.body["job_id"].as_str().unwrap()).await;
    assert_eq!(job["status"], "FAIL", "{job}");
    assert_eq!(job["error_code"], "Ecs.0000");
    assert!(job["fail_reason"]
        .as_str()
        .unwrap()
        .contains("No valid host"));
    let sub = &job["entities"]["sub_jobs"][0];
    assert_eq!(sub["status"], "FAIL");
    assert!(sub["entities"]["server_id"].is_string());
    let server_id = created.body["serverIds"][0].as_str().unwrap().to_string();
    let shown = call(
        &cloud,
        Method::GET,
        &ecs(&format!("cloudservers/{server_id}")),
        None,
    )
    .await;
    assert_eq!(shown.body["server"]["status"], "ERROR");

    let deleted = call(
        &cloud,
        Method::POST,
        &ecs("cloudservers/delete"),
        Some(json!({"servers": [{"id": server_id}, {"id": "nope"}]})),
    )
    .await;
    let job = wait_job(&cloud, deleted.body["job_id"].as_str().unwrap()).await;
    assert_eq!(job["status"], "FAIL", "{job}");
    assert_eq!(job["entities"]["sub_jobs"][0]["status"], "SUCCESS");
    assert_eq!(job["entities"]["sub_jobs"][1]["status"], "FAIL");
    assert_eq!(job["entities"]["sub_jobs"][1]["error_code"], "Ecs.0114");
    let gone = call(
        &cloud,
        Method::GET,
        &ecs(&format!("cloudservers/{server_id}")),
        None,
    )
    .await;
    assert_eq!(gone.status, 404);
}
