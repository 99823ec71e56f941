//! Nova: versions, flavors, key pairs, servers (boot from image and from volume, ports,
//! transitions, actions, metadata, volume attachments), the fail-build trigger and errors.

use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};
use sovereign_emulator::{defaults, EmulatorConfig};

use crate::helpers::{id, wait_for, wait_gone, Cloud, Reply, EXT01};

const UBUNTU_24: &str = "c7e1f3a5-9d2b-4c6e-8a1f-5b3d7e9c2a46";
const SCS_2V_4: &str = "5c5f0a01-0000-4000-8000-000000000201";
const SCS_2V_4_20: &str = "5c5f0a01-0000-4000-8000-000000000202";
const SCS_4V_8_20: &str = "5c5f0a01-0000-4000-8000-000000000402";
const KEY: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq5bJ9p7fW7v0k5bJ3vX0x6kP2oQ1r8sT4uV9wY3zA1 test@host";

fn compute(rest: &str) -> String {
    format!("/plusserver/compute/v2.1/{rest}")
}

fn volume_path(id: &str) -> String {
    format!(
        "/plusserver/volume/v3/{}/volumes/{id}",
        defaults::PROJECT_ID
    )
}

async fn nova(
    cloud: &Cloud,
    method: Method,
    rest: &str,
    body: Option<Value>,
    version: &str,
) -> Reply {
    cloud
        .call(
            method,
            &compute(rest),
            body,
            &[("OpenStack-API-Version", &format!("compute {version}"))],
        )
        .await
}

async fn slow_cloud() -> Cloud {
    Cloud::start_with(EmulatorConfig {
        provision_delay: Duration::from_millis(200),
        ..EmulatorConfig::default()
    })
    .await
}

/// Creates a server at microversion 2.47 and returns its id (panics unless 202).
async fn boot(cloud: &Cloud, server: Value) -> String {
    let reply = nova(
        cloud,
        Method::POST,
        "servers",
        Some(json!({ "server": server })),
        "2.47",
    )
    .await;
    assert_eq!(reply.status, 202, "{}", reply.body);
    id(&reply.body["server"])
}

async fn show(cloud: &Cloud, server: &str, version: &str) -> Value {
    let reply = nova(
        cloud,
        Method::GET,
        &format!("servers/{server}"),
        None,
        version,
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.body["server"].clone()
}

async fn action(cloud: &Cloud, server: &str, body: Value) -> Reply {
    nova(
        cloud,
        Method::POST,
        &format!("servers/{server}/action"),
        Some(body),
        "2.47",
    )
    .await
}

#[tokio::test]
async fn versions_and_microversions() {
    let cloud = Cloud::start().await;
    let root = cloud
        .send(Method::GET, "/plusserver/compute", None, Some(""))
        .await;
    assert_eq!(root.status, 200);
    let v21 = &root.body["versions"][0];
    assert_eq!(v21["id"], "v2.1");
    assert_eq!(v21["min_version"], "2.1");
    assert_eq!(v21["version"], "2.96");
    let plain = cloud
        .send(Method::GET, &compute("flavors"), None, None)
        .await;
    assert_eq!(plain.headers["openstack-api-version"], "compute 2.1");
    assert_eq!(plain.headers["x-openstack-nova-api-version"], "2.1");
    let legacy = cloud
        .call(
            Method::GET,
            &compute("flavors"),
            None,
            &[("X-OpenStack-Nova-API-Version", "2.61")],
        )
        .await;
    assert_eq!(legacy.headers["openstack-api-version"], "compute 2.61");
    let latest = nova(&cloud, Method::GET, "flavors", None, "latest").await;
    assert_eq!(latest.headers["x-openstack-nova-api-version"], "2.96");
    let too_new = nova(&cloud, Method::GET, "flavors", None, "2.200").await;
    assert_eq!(too_new.status, 406);
    assert!(too_new.body["notAcceptable"]["message"].is_string());
    let garbage = nova(&cloud, Method::GET, "flavors", None, "two").await;
    assert_eq!(garbage.status, 400);
    let catalog_url = cloud
        .send(
            Method::POST,
            "/plusserver/v3/auth/tokens",
            Some(crate::helpers::password_auth(defaults::OS_PASSWORD)),
            Some(""),
        )
        .await
        .body["token"]["catalog"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["type"] == "compute")
        .map(|s| s["endpoints"][0]["url"].as_str().unwrap().to_string())
        .unwrap();
    assert!(
        catalog_url.ends_with("/plusserver/compute/v2.1"),
        "{catalog_url}"
    );
}

#[tokio::test]
async fn flavors_zones_and_limits() {
    let cloud = Cloud::start().await;
    let list = nova(&cloud, Method::GET, "flavors", None, "2.1").await;
    let names: Vec<&str> = list.body["flavors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    for name in [
        "SCS-1V-2",
        "SCS-2V-4",
        "SCS-2V-8",
        "SCS-4V-8",
        "SCS-4V-16",
        "SCS-8V-16",
        "SCS-8V-32",
        "SCS-16V-32",
        "SCS-16V-64",
    ] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }
    let detail = nova(
        &cloud,
        Method::GET,
        "flavors/detail?minDisk=1",
        None,
        "2.61",
    )
    .await;
    let with_disk = detail.body["flavors"].as_array().unwrap();
    assert!(with_disk.iter().all(|f| f["disk"] == 20), "{}", detail.body);
    assert!(with_disk[0]["extra_specs"].is_object());
    let one = nova(
        &cloud,
        Method::GET,
        &format!("flavors/{SCS_2V_4}"),
        None,
        "2.1",
    )
    .await;
    assert_eq!(one.body["flavor"]["vcpus"], 2);
    assert_eq!(one.body["flavor"]["ram"], 4096);
    assert_eq!(one.body["flavor"]["swap"], "");
    let newer = nova(
        &cloud,
        Method::GET,
        &format!("flavors/{SCS_2V_4}"),
        None,
        "2.75",
    )
    .await;
    assert_eq!(newer.body["flavor"]["swap"], 0);
    let missing = nova(&cloud, Method::GET, "flavors/SCS-2V-4", None, "2.1").await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.body["itemNotFound"]["code"], 404);
    let zones = nova(&cloud, Method::GET, "os-availability-zone", None, "2.1").await;
    assert_eq!(
        zones.body["availabilityZoneInfo"],
        json!([{"zoneName": "DE-WEST-1", "zoneState": {"available": true}, "hosts": null}])
    );
    let limits = nova(&cloud, Method::GET, "limits", None, "2.1").await;
    assert_eq!(limits.body["limits"]["absolute"]["maxTotalInstances"], 10);
    assert_eq!(limits.body["limits"]["absolute"]["maxTotalCores"], 40);
    assert_eq!(limits.body["limits"]["absolute"]["maxTotalRAMSize"], 102400);
}

#[tokio::test]
async fn keypair_lifecycle_and_errors() {
    let cloud = Cloud::start().await;
    let created = nova(
        &cloud,
        Method::POST,
        "os-keypairs",
        Some(json!({"keypair": {"name": "k1", "public_key": KEY}})),
        "2.2",
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.body["keypair"]["type"], "ssh");
    let fingerprint = created.body["keypair"]["fingerprint"].as_str().unwrap();
    assert_eq!(fingerprint.split(':').count(), 16);
    let old = nova(
        &cloud,
        Method::POST,
        "os-keypairs",
        Some(json!({"keypair": {"name": "k2", "public_key": KEY}})),
        "2.1",
    )
    .await;
    assert_eq!(old.status, 200);
    assert!(old.body["keypair"].get("type").is_none());
    let duplicate = nova(
        &cloud,
        Method::POST,
        "os-keypairs",
        Some(json!({"keypair": {"name": "k1", "public_key": KEY}})),
        "2.2",
    )
    .await;
    assert_eq!(duplicate.status, 409);
    assert_eq!(
        duplicate.body["conflictingRequest"]["message"],
        "Key pair 'k1' already exists."
    );
    for key in [
        "not a key",
        "ssh-rsa AAAA",
        "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIGq5bJ9p7fW7v0k5bJ3vX0x6kP2oQ1r8sT4uV9wY3zA1",
    ] {
        let bad = nova(
            &cloud,
            Method::POST,
            "os-keypairs",
            Some(json!({"keypair": {"name": "bad", "public_key": key}})),
            "2.2",
        )
        .await;
        assert_eq!(bad.status, 400, "{key}");
        assert!(bad.body["badRequest"]["message"]
            .as_str()
            .unwrap()
            .starts_with("Keypair data is invalid"));
    }
    let unsafe_name = nova(
        &cloud,
        Method::POST,
        "os-keypairs",
        Some(json!({"keypair": {"name": "a/b", "public_key": KEY}})),
        "2.2",
    )
    .await;
    assert_eq!(unsafe_name.status, 400);
    let list = nova(&cloud, Method::GET, "os-keypairs", None, "2.2").await;
    assert_eq!(list.body["keypairs"][0]["keypair"]["name"], "k1");
    assert_eq!(list.body["keypairs"].as_array().unwrap().len(), 2);
    let one = nova(&cloud, Method::GET, "os-keypairs/k1", None, "2.2").await;
    assert_eq!(one.body["keypair"]["user_id"], defaults::USER_ID);
    assert_eq!(one.body["keypair"]["public_key"], KEY);
    assert_eq!(
        nova(&cloud, Method::DELETE, "os-keypairs/k1", None, "2.2")
            .await
            .status,
        204
    );
    assert_eq!(
        nova(&cloud, Method::DELETE, "os-keypairs/k2", None, "2.1")
            .await
            .status,
        202
    );
    let gone = nova(&cloud, Method::GET, "os-keypairs/k1", None, "2.2").await;
    assert_eq!(gone.status, 404);
    for i in 0..20 {
        let reply = nova(
            &cloud,
            Method::POST,
            "os-keypairs",
            Some(json!({"keypair": {"name": format!("q{i}"), "public_key": KEY}})),
            "2.2",
        )
        .await;
        assert_eq!(reply.status, 201);
    }
    let over = nova(
        &cloud,
        Method::POST,
        "os-keypairs",
        Some(json!({"keypair": {"name": "q20", "public_key": KEY}})),
        "2.2",
    )
    .await;
    assert_eq!(over.status, 403);
    assert_eq!(
        over.body["forbidden"]["message"],
        "Quota exceeded, too many key pairs."
    );
}

#[tokio::test]
async fn boot_from_volume_lifecycle() {
    let cloud = slow_cloud().await;
    let (net_id, _) = cloud.network_with_subnet("app", "10.9.0.0/24").await;
    let key = nova(
        &cloud,
        Method::POST,
        "os-keypairs",
        Some(json!({"keypair": {"name": "k", "public_key": KEY}})),
        "2.2",
    )
    .await;
    assert_eq!(key.status, 201);
    let reply = nova(
        &cloud,
        Method::POST,
        "servers",
        Some(json!({"server": {
            "name": "web-1",
            "flavorRef": SCS_2V_4,
            "networks": [{"uuid": net_id}],
            "key_name": "k",
            "metadata": {"role": "web"},
            "user_data": "I2Nsb3VkLWNvbmZpZwo=",
            "tags": ["a"],
            "block_device_mapping_v2": [{
                "boot_index": 0, "uuid": UBUNTU_24, "source_type": "image",
                "destination_type": "volume", "volume_size": 10, "delete_on_termination": true,
            }],
        }})),
        "2.52",
    )
    .await;
    assert_eq!(reply.status, 202, "{}", reply.body);
    let server_id = id(&reply.body["server"]);
    let location = reply.headers["location"].to_str().unwrap();
    assert!(location.ends_with(&format!("/plusserver/compute/v2.1/servers/{server_id}")));
    let short = &reply.body["server"];
    assert!(short["adminPass"].as_str().unwrap().len() >= 8);
    assert_eq!(short["OS-DCF:diskConfig"], "MANUAL");
    assert_eq!(short["security_groups"], json!([{"name": "default"}]));
    assert!(short.get("status").is_none());

    let building = show(&cloud, &server_id, "2.47").await;
    assert_eq!(building["status"], "BUILD");
    assert_eq!(building["OS-EXT-STS:task_state"], "spawning");
    assert_eq!(building["OS-EXT-STS:vm_state"], "building");
    let path = compute(&format!("servers/{server_id}"));
    wait_for(&cloud, &path, "/server/status", "ACTIVE").await;

    let server = show(&cloud, &server_id, "2.96").await;
    assert_eq!(server["OS-EXT-STS:task_state"], Value::Null);
    assert_eq!(server["OS-EXT-STS:power_state"], 1);
    assert_eq!(server["image"], "");
    assert_eq!(server["flavor"]["original_name"], "SCS-2V-4");
    assert_eq!(server["flavor"]["vcpus"], 2);
    assert_eq!(server["flavor"]["ram"], 4096);
    assert_eq!(server["key_name"], "k");
    assert_eq!(server["metadata"], json!({"role": "web"}));
    assert_eq!(server["tags"], json!(["a"]));
    assert_eq!(server["OS-EXT-AZ:availability_zone"], "DE-WEST-1");
    assert_eq!(server["pinned_availability_zone"], Value::Null);
    let addresses = &server["addresses"]["app"];
    assert_eq!(addresses[0]["addr"], "10.9.0.2");
    assert_eq!(addresses[0]["version"], 4);
    assert_eq!(addresses[0]["OS-EXT-IPS:type"], "fixed");
    let attached = server["os-extended-volumes:volumes_attached"]
        .as_array()
        .unwrap();
    assert_eq!(attached.len(), 1);
    assert_eq!(attached[0]["delete_on_termination"], true);
    let root_id = attached[0]["id"].as_str().unwrap().to_string();
    let root = cloud
        .send(Method::GET, &volume_path(&root_id), None, None)
        .await;
    assert_eq!(root.body["volume"]["status"], "in-use");
    assert_eq!(root.body["volume"]["bootable"], "true");
    assert_eq!(root.body["volume"]["size"], 10);
    assert_eq!(
        root.body["volume"]["attachments"][0]["server_id"],
        server_id
    );
    assert_eq!(root.body["volume"]["attachments"][0]["device"], "/dev/vda");

    let old = show(&cloud, &server_id, "2.1").await;
    assert_eq!(old["flavor"]["id"], SCS_2V_4);
    assert!(old.get("tags").is_none());
    assert!(old.get("description").is_none());

    let ports = cloud.get(&format!("ports?device_id={server_id}")).await;
    let port = &ports.body["ports"][0];
    assert_eq!(port["device_owner"], "compute:DE-WEST-1");
    assert_eq!(port["status"], "ACTIVE");
    let port_id = id(port);

    // a floating IP on the server's port shows up in the addresses
    let router = cloud
        .create(
            "router",
            json!({"external_gateway_info": {"network_id": EXT01}}),
        )
        .await;
    let subnet_id = port["fixed_ips"][0]["subnet_id"]
        .as_str()
        .unwrap()
        .to_string();
    cloud
        .put(
            &format!("routers/{}/add_router_interface", id(&router)),
            json!({"subnet_id": subnet_id}),
        )
        .await;
    let fip = cloud
        .create(
            "floatingip",
            json!({"floating_network_id": EXT01, "port_id": port_id}),
        )
        .await;
    let server = show(&cloud, &server_id, "2.47").await;
    let kinds: Vec<&str> = server["addresses"]["app"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["OS-EXT-IPS:type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["fixed", "floating"]);

    let listed = nova(&cloud, Method::GET, "servers?name=web", None, "2.47").await;
    assert_eq!(listed.body["servers"][0]["id"], server_id);
    assert!(listed.body["servers"][0].get("status").is_none());
    let detail = nova(
        &cloud,
        Method::GET,
        "servers/detail?status=active",
        None,
        "2.47",
    )
    .await;
    assert_eq!(detail.body["servers"][0]["status"], "ACTIVE");
    let none = nova(
        &cloud,
        Method::GET,
        "servers/detail?status=SHUTOFF",
        None,
        "2.47",
    )
    .await;
    assert_eq!(none.body["servers"], json!([]));

    let renamed = nova(
        &cloud,
        Method::PUT,
        &format!("servers/{server_id}"),
        Some(json!({"server": {"name": "web-2", "description": "d"}})),
        "2.19",
    )
    .await;
    assert_eq!(renamed.status, 200);
    assert_eq!(renamed.body["server"]["name"], "web-2");
    assert_eq!(renamed.body["server"]["description"], "d");
    let merged = nova(
        &cloud,
        Method::POST,
        &format!("servers/{server_id}/metadata"),
        Some(json!({"metadata": {"tier": "1"}})),
        "2.47",
    )
    .await;
    assert_eq!(merged.body["metadata"], json!({"role": "web", "tier": "1"}));
    let replaced = nova(
        &cloud,
        Method::PUT,
        &format!("servers/{server_id}/metadata"),
        Some(json!({"metadata": {"only": "this"}})),
        "2.47",
    )
    .await;
    assert_eq!(replaced.body["metadata"], json!({"only": "this"}));

    let inventory = cloud.admin(Method::GET, "inventory", None).await.body;
    assert_eq!(inventory["plusserver"]["servers"][0]["id"], server_id);
    assert_eq!(inventory["plusserver"]["keypairs"][0]["name"], "k");

    let deleted = nova(
        &cloud,
        Method::DELETE,
        &format!("servers/{server_id}"),
        None,
        "2.47",
    )
    .await;
    assert_eq!(deleted.status, 204);
    assert_eq!(cloud.send(Method::GET, &path, None, None).await.status, 404);
    assert_eq!(
        cloud.get(&format!("ports/{port_id}")).await.status,
        404,
        "Nova's port is deleted"
    );
    let fip = cloud.get(&format!("floatingips/{}", id(&fip))).await;
    assert_eq!(fip.body["floatingip"]["status"], "DOWN");
    wait_gone(&cloud, &volume_path(&root_id)).await;
}

#[tokio::test]
async fn precreated_ports_are_bound_and_kept() {
    let cloud = Cloud::start().await;
    let (net_id, _) = cloud.network_with_subnet("n", "10.8.0.0/24").await;
    let port = cloud
        .create("port", json!({"network_id": net_id, "name": "mine"}))
        .await;
    let port_id = id(&port);
    let server_id = boot(
        &cloud,
        json!({"name": "p", "flavorRef": SCS_2V_4_20, "imageRef": UBUNTU_24, "networks": [{"port": port_id}]}),
    )
    .await;
    let bound = cloud.get(&format!("ports/{port_id}")).await;
    assert_eq!(bound.body["port"]["device_id"], server_id);
    assert_eq!(bound.body["port"]["device_owner"], "compute:DE-WEST-1");
    let server = show(&cloud, &server_id, "2.47").await;
    assert_eq!(server["image"]["id"], UBUNTU_24);
    assert_eq!(
        server["addresses"]["n"][0]["OS-EXT-IPS-MAC:mac_addr"],
        port["mac_address"]
    );

    let second = nova(
        &cloud,
        Method::POST,
        "servers",
        Some(json!({"server": {"name": "q", "flavorRef": SCS_2V_4_20, "imageRef": UBUNTU_24, "networks": [{"port": port_id}]}})),
        "2.47",
    )
    .await;
    assert_eq!(second.status, 409);
    assert_eq!(
        second.body["conflictingRequest"]["message"],
        format!("Port {port_id} is still in use.")
    );
    let servers = nova(&cloud, Method::GET, "servers", None, "2.47").await;
    assert_eq!(
        servers.body["servers"].as_array().unwrap().len(),
        1,
        "the refused server is not kept"
    );

    assert_eq!(
        nova(
            &cloud,
            Method::DELETE,
            &format!("servers/{server_id}"),
            None,
            "2.47"
        )
        .await
        .status,
        204
    );
    let unbound = cloud.get(&format!("ports/{port_id}")).await;
    assert_eq!(unbound.status, 200, "pre-created ports survive the server");
    assert_eq!(unbound.body["port"]["device_id"], "");
    assert_eq!(unbound.body["port"]["device_owner"], "");
}

#[tokio::test]
async fn server_actions_and_transitions() {
    let cloud = slow_cloud().await;
    let (net_id, _) = cloud.network_with_subnet("n", "10.7.0.0/24").await;
    let sg = cloud
        .create_in(
            "security-groups",
            "security_group",
            json!({"name": "extra"}),
        )
        .await;
    let server_id = boot(
        &cloud,
        json!({"name": "a", "flavorRef": SCS_2V_4_20, "imageRef": UBUNTU_24, "networks": [{"uuid": net_id}]}),
    )
    .await;
    let path = compute(&format!("servers/{server_id}"));
    let early = action(&cloud, &server_id, json!({"os-stop": null})).await;
    assert_eq!(early.status, 409, "no stop while building");
    assert!(early.body["conflictingRequest"]["message"]
        .as_str()
        .unwrap()
        .contains("task_state spawning"));
    wait_for(&cloud, &path, "/server/status", "ACTIVE").await;

    let same = action(
        &cloud,
        &server_id,
        json!({"resize": {"flavorRef": SCS_2V_4_20}}),
    )
    .await;
    assert_eq!(same.status, 400);
    let resize = action(
        &cloud,
        &server_id,
        json!({"resize": {"flavorRef": SCS_4V_8_20}}),
    )
    .await;
    assert_eq!(resize.status, 202, "{}", resize.body);
    assert_eq!(show(&cloud, &server_id, "2.47").await["status"], "RESIZE");
    let server = wait_for(&cloud, &path, "/server/status", "VERIFY_RESIZE").await;
    assert_eq!(server["server"]["flavor"]["id"], SCS_4V_8_20);
    let confirm = action(&cloud, &server_id, json!({"confirmResize": null})).await;
    assert_eq!(confirm.status, 204);
    assert_eq!(show(&cloud, &server_id, "2.47").await["status"], "ACTIVE");
    let again = action(&cloud, &server_id, json!({"confirmResize": null})).await;
    assert_eq!(again.status, 409);

    let stop = action(&cloud, &server_id, json!({"os-stop": null})).await;
    assert_eq!(stop.status, 202);
    let stopping = show(&cloud, &server_id, "2.47").await;
    assert_eq!(stopping["OS-EXT-STS:task_state"], "powering-off");
    let stopped = wait_for(&cloud, &path, "/server/status", "SHUTOFF").await;
    assert_eq!(stopped["server"]["OS-EXT-STS:power_state"], 4);
    assert_eq!(
        action(&cloud, &server_id, json!({"os-stop": null}))
            .await
            .status,
        409
    );
    assert_eq!(
        action(&cloud, &server_id, json!({"os-start": null}))
            .await
            .status,
        202
    );
    wait_for(&cloud, &path, "/server/status", "ACTIVE").await;
    let bad_reboot = action(&cloud, &server_id, json!({"reboot": {"type": "GENTLE"}})).await;
    assert_eq!(bad_reboot.status, 400);
    assert_eq!(
        action(&cloud, &server_id, json!({"reboot": {"type": "HARD"}}))
            .await
            .status,
        202
    );
    assert_eq!(
        show(&cloud, &server_id, "2.47").await["status"],
        "HARD_REBOOT"
    );
    wait_for(&cloud, &path, "/server/status", "ACTIVE").await;

    let add = action(
        &cloud,
        &server_id,
        json!({"addSecurityGroup": {"name": "extra"}}),
    )
    .await;
    assert_eq!(add.status, 202, "{}", add.body);
    let port = &cloud
        .get(&format!("ports?device_id={server_id}"))
        .await
        .body["ports"][0];
    assert!(port["security_groups"]
        .as_array()
        .unwrap()
        .contains(&sg["id"]));
    let groups: Vec<Value> = show(&cloud, &server_id, "2.47").await["security_groups"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(
        groups,
        [json!({"name": "default"}), json!({"name": "extra"})]
    );
    let twice = action(
        &cloud,
        &server_id,
        json!({"addSecurityGroup": {"name": "extra"}}),
    )
    .await;
    assert_eq!(twice.status, 400);
    let unknown = action(
        &cloud,
        &server_id,
        json!({"addSecurityGroup": {"name": "nope"}}),
    )
    .await;
    assert_eq!(unknown.status, 404);
    let in_use = cloud.delete(&format!("security-groups/{}", id(&sg))).await;
    assert_eq!(in_use.status, 409);
    let remove = action(
        &cloud,
        &server_id,
        json!({"removeSecurityGroup": {"name": "extra"}}),
    )
    .await;
    assert_eq!(remove.status, 202);
    let absent = action(
        &cloud,
        &server_id,
        json!({"removeSecurityGroup": {"name": "extra"}}),
    )
    .await;
    assert_eq!(absent.status, 400);
    let nonsense = action(&cloud, &server_id, json!({"levitate": {}})).await;
    assert_eq!(nonsense.status, 400);

    let revert_setup = action(
        &cloud,
        &server_id,
        json!({"resize": {"flavorRef": SCS_2V_4_20}}),
    )
    .await;
    assert_eq!(revert_setup.status, 202);
    wait_for(&cloud, &path, "/server/status", "VERIFY_RESIZE").await;
    assert_eq!(
        action(&cloud, &server_id, json!({"revertResize": null}))
            .await
            .status,
        202
    );
    let reverted = wait_for(&cloud, &path, "/server/status", "ACTIVE").await;
    assert_eq!(reverted["server"]["flavor"]["id"], SCS_4V_8_20);
}

#[tokio::test]
async fn volume_attachments() {
    let cloud = slow_cloud().await;
    let server_id = boot(
        &cloud,
        json!({"name": "v", "flavorRef": SCS_2V_4_20, "imageRef": UBUNTU_24, "networks": "none"}),
    )
    .await;
    let path = compute(&format!("servers/{server_id}"));
    let volume = cloud
        .send(
            Method::POST,
            &format!("/plusserver/volume/v3/{}/volumes", defaults::PROJECT_ID),
            Some(json!({"volume": {"size": 5, "name": "data"}})),
            None,
        )
        .await;
    let volume_id = id(&volume.body["volume"]);
    let vpath = volume_path(&volume_id);
    let attach_body = json!({"volumeAttachment": {"volumeId": volume_id}});
    let building = nova(
        &cloud,
        Method::POST,
        &format!("servers/{server_id}/os-volume_attachments"),
        Some(attach_body.clone()),
        "2.47",
    )
    .await;
    assert_eq!(building.status, 409, "no attach while the server builds");
    wait_for(&cloud, &path, "/server/status", "ACTIVE").await;
    wait_for(&cloud, &vpath, "/volume/status", "available").await;

    let attached = nova(
        &cloud,
        Method::POST,
        &format!("servers/{server_id}/os-volume_attachments"),
        Some(attach_body.clone()),
        "2.79",
    )
    .await;
    assert_eq!(attached.status, 200, "{}", attached.body);
    let attachment = &attached.body["volumeAttachment"];
    assert_eq!(attachment["device"], "/dev/vdb");
    assert_eq!(attachment["volumeId"], volume_id);
    assert_eq!(attachment["serverId"], server_id);
    assert_eq!(attachment["delete_on_termination"], false);
    let attaching = cloud.send(Method::GET, &vpath, None, None).await;
    assert_eq!(attaching.body["volume"]["status"], "attaching");
    wait_for(&cloud, &vpath, "/volume/status", "in-use").await;
    let twice = nova(
        &cloud,
        Method::POST,
        &format!("servers/{server_id}/os-volume_attachments"),
        Some(attach_body),
        "2.47",
    )
    .await;
    assert_eq!(twice.status, 409);
    assert!(twice.body["conflictingRequest"]["message"].is_string());
    let busy = cloud.send(Method::DELETE, &vpath, None, None).await;
    assert_eq!(busy.status, 400, "an attached volume cannot be deleted");

    let list = nova(
        &cloud,
        Method::GET,
        &format!("servers/{server_id}/os-volume_attachments"),
        None,
        "2.89",
    )
    .await;
    let first = &list.body["volumeAttachments"][0];
    assert!(first.get("id").is_none());
    assert!(first["attachment_id"].is_string());
    let one = nova(
        &cloud,
        Method::GET,
        &format!("servers/{server_id}/os-volume_attachments/{volume_id}"),
        None,
        "2.47",
    )
    .await;
    assert_eq!(one.body["volumeAttachment"]["id"], volume_id);
    let server = show(&cloud, &server_id, "2.47").await;
    assert_eq!(
        server["os-extended-volumes:volumes_attached"][0]["id"],
        volume_id
    );

    let detach = nova(
        &cloud,
        Method::DELETE,
        &format!("servers/{server_id}/os-volume_attachments/{volume_id}"),
        None,
        "2.47",
    )
    .await;
    assert_eq!(detach.status, 202);
    let detaching = cloud.send(Method::GET, &vpath, None, None).await;
    assert_eq!(detaching.body["volume"]["status"], "detaching");
    wait_for(&cloud, &vpath, "/volume/status", "available").await;
    let not_attached = nova(
        &cloud,
        Method::DELETE,
        &format!("servers/{server_id}/os-volume_attachments/{volume_id}"),
        None,
        "2.47",
    )
    .await;
    assert_eq!(not_attached.status, 404);
    assert_eq!(
        cloud.send(Method::DELETE, &vpath, None, None).await.status,
        202
    );
}

#[tokio::test]
async fn fail_build_trigger_goes_to_error() {
    let cloud = slow_cloud().await;
    let (net_id, _) = cloud.network_with_subnet("n", "10.6.0.0/24").await;
    let server_id = boot(
        &cloud,
        json!({"name": "x-fail-build", "flavorRef": SCS_2V_4_20, "imageRef": UBUNTU_24, "networks": [{"uuid": net_id}]}),
    )
    .await;
    let path = compute(&format!("servers/{server_id}"));
    assert_eq!(show(&cloud, &server_id, "2.47").await["status"], "BUILD");
    let failed = wait_for(&cloud, &path, "/server/status", "ERROR").await;
    let server = &failed["server"];
    assert_eq!(server["fault"]["code"], 500);
    assert_eq!(server["fault"]["message"], "No valid host was found.");
    assert_eq!(server["OS-EXT-STS:vm_state"], "error");
    assert_eq!(server["addresses"], json!({}));
    assert_eq!(cloud.get("ports").await.body["ports"], json!([]));
    assert_eq!(
        nova(
            &cloud,
            Method::DELETE,
            &format!("servers/{server_id}"),
            None,
            "2.47"
        )
        .await
        .status,
        204
    );
}

#[tokio::test]
async fn server_errors() {
    let cloud = Cloud::start().await;
    let (net_id, _) = cloud.network_with_subnet("n", "10.5.0.0/24").await;
    let missing = nova(&cloud, Method::GET, "servers/nope", None, "2.47").await;
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.body,
        json!({"itemNotFound": {"code": 404, "message": "Instance nope could not be found."}})
    );
    let unknown = cloud
        .send(Method::GET, &compute("os-nothing"), None, None)
        .await;
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.body["itemNotFound"]["code"], 404);
    let base = json!({"name": "e", "flavorRef": SCS_2V_4_20, "imageRef": UBUNTU_24, "networks": [{"uuid": net_id}]});
    let with = |patch: Value| {
        let mut server = base.clone();
        for (k, v) in patch.as_object().unwrap() {
            if v.is_null() {
                server.as_object_mut().unwrap().remove(k);
            } else {
                server[k] = v.clone();
            }
        }
        json!({ "server": server })
    };
    let cases = [
        (json!({"flavorRef": "nope"}), "2.47", 400),
        (json!({"imageRef": "nope"}), "2.47", 400),
        (json!({"flavorRef": SCS_2V_4}), "2.47", 403),
        (json!({"user_data": "not base64!"}), "2.47", 400),
        (json!({"key_name": "nope"}), "2.47", 400),
        (json!({"networks": null}), "2.47", 400),
        (json!({"networks": [{"uuid": EXT01}]}), "2.47", 403),
        (json!({"networks": [{"uuid": "nope"}]}), "2.47", 400),
        (json!({"availability_zone": "nova"}), "2.47", 400),
        (json!({"security_groups": [{"name": "nope"}]}), "2.47", 400),
        (json!({"tags": ["a"]}), "2.47", 400),
        (json!({"name": null}), "2.47", 400),
        (json!({"bogus": 1}), "2.47", 400),
    ];
    for (patch, version, status) in cases {
        let reply = nova(
            &cloud,
            Method::POST,
            "servers",
            Some(with(patch.clone())),
            version,
        )
        .await;
        assert_eq!(reply.status, status, "{patch}: {}", reply.body);
        let fault = reply.body.as_object().unwrap().values().next().unwrap();
        assert_eq!(fault["code"], status, "{}", reply.body);
    }
    let small_volume = json!({"server": {"name": "s", "flavorRef": SCS_2V_4, "networks": "none",
        "block_device_mapping_v2": [{"boot_index": 0, "uuid": UBUNTU_24, "source_type": "image",
                                      "destination_type": "volume", "volume_size": 4}]}});
    let reply = nova(&cloud, Method::POST, "servers", Some(small_volume), "2.47").await;
    assert_eq!(reply.status, 400);
    // networks may be left out before 2.37: the project's only network is used
    let old = nova(
        &cloud,
        Method::POST,
        "servers",
        Some(with(json!({"networks": null}))),
        "2.1",
    )
    .await;
    assert_eq!(old.status, 202, "{}", old.body);
    let inventory = cloud.admin(Method::GET, "inventory", None).await.body;
    assert_eq!(
        inventory["plusserver"]["servers"].as_array().unwrap().len(),
        1,
        "refused servers leave nothing"
    );
    assert_eq!(inventory["plusserver"]["volumes"], json!([]));

    // instances quota: 10 (cores 40 and RAM allow more of these)
    for i in 1..10 {
        let body = json!({"server": {"name": format!("q{i}"), "flavorRef": SCS_2V_4_20, "imageRef": UBUNTU_24, "networks": "none"}});
        assert_eq!(
            nova(&cloud, Method::POST, "servers", Some(body), "2.47")
                .await
                .status,
            202
        );
    }
    let over = nova(
        &cloud,
        Method::POST,
        "servers",
        Some(json!({"server": {"name": "q10", "flavorRef": SCS_2V_4_20, "imageRef": UBUNTU_24, "networks": "none"}})),
        "2.47",
    )
    .await;
    assert_eq!(over.status, 403);
    assert!(over.body["forbidden"]["message"]
        .as_str()
        .unwrap()
        .starts_with("Quota exceeded for instances"));
    cloud.admin(Method::POST, "reset", None).await;
    let inventory = cloud.admin(Method::GET, "inventory", None).await.body;
    assert_eq!(inventory["total"], 0, "{inventory}");
}
