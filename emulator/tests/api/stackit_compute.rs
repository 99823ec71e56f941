//! STACKIT servers and volumes: status transitions, the NIC and boot volume bookkeeping of
//! create and delete, fail-build, resize, attachments and the 409s.

use reqwest::Method;
use serde_json::json;

use crate::stackit_helpers::{
    call, get, id, network, p, post, server, start, start_slow, wait_gone, wait_status, SSH_KEY,
    UBUNTU,
};

#[tokio::test]
async fn servers_build_and_take_their_boot_volume_and_nic_along() {
    let cloud = start_slow(300);
    let net = network(&cloud, "net", "10.50.0.0/24").await;
    wait_status(&cloud, &p(&format!("/networks/{net}")), "CREATED").await;
    let created = server(&cloud, "web-1", &net).await;
    assert_eq!(created["status"], "CREATING");
    assert!(
        created.get("networking").is_none(),
        "networking is write-only"
    );
    let path = p(&format!("/servers/{}", id(&created)));
    let ready = wait_status(&cloud, &format!("{path}?details=true"), "ACTIVE").await;
    assert_eq!(ready["powerStatus"], "RUNNING");
    assert_eq!(ready["availabilityZone"], "eu01-1");
    assert_eq!(ready["machineType"], "c1.1");
    let nic = &ready["nics"][0];
    assert_eq!(nic["networkId"], net.as_str());
    assert_eq!(nic["networkName"], "net");
    assert_eq!(nic["ipv4"], "10.50.0.2");
    assert_eq!(nic["nicSecurity"], true);
    assert!(
        get(&cloud, &path).await.body.get("nics").is_none(),
        "nics only with details"
    );
    let boot_id = ready["bootVolume"]["id"].as_str().unwrap().to_string();
    assert_eq!(ready["bootVolume"]["deleteOnTermination"], true);
    let boot = get(&cloud, &p(&format!("/volumes/{boot_id}"))).await.body;
    assert_eq!(boot["status"], "ATTACHED");
    assert_eq!(boot["serverId"], ready["id"]);
    assert_eq!(boot["source"], json!({"type": "image", "id": UBUNTU}));
    assert_eq!(boot["size"], 10);
    assert_eq!(boot["bootable"], true);

    let renamed = call(
        &cloud,
        Method::PATCH,
        &path,
        Some(json!({"name": "web-2", "labels": {"x": "y"}})),
    )
    .await;
    assert_eq!(renamed.status, 200);
    assert_eq!(renamed.body["name"], "web-2");

    assert_eq!(
        call(
            &cloud,
            Method::DELETE,
            &format!(
                "/stackit/iaas/v2/projects/{}/regions/eu01/networks/{net}",
                sovereign_emulator::defaults::STACKIT_PROJECT_ID
            ),
            None
        )
        .await
        .status,
        409
    );
    assert_eq!(call(&cloud, Method::DELETE, &path, None).await.status, 202);
    assert_eq!(get(&cloud, &path).await.body["status"], "DELETING");
    wait_gone(&cloud, &path).await;
    wait_gone(&cloud, &p(&format!("/volumes/{boot_id}"))).await;
    let nics = get(&cloud, &p("/nics")).await.body;
    assert_eq!(
        nics["items"],
        json!([]),
        "the server's own NIC went with it"
    );
    assert_eq!(
        call(
            &cloud,
            Method::DELETE,
            &p(&format!("/networks/{net}")),
            None
        )
        .await
        .status,
        202
    );
}

#[tokio::test]
async fn given_nics_stay_and_data_volumes_are_detached() {
    let cloud = start();
    let net = network(&cloud, "net", "10.60.0.0/24").await;
    let nic = id(&post(&cloud, &p(&format!("/networks/{net}/nics")), json!({}), 201).await);
    let data = id(&post(
        &cloud,
        &p("/volumes"),
        json!({"availabilityZone": "eu01-2", "size": 5}),
        201,
    )
    .await);
    let keypair = post(
        &cloud,
        "/stackit/iaas/v2/keypairs",
        json!({"name": "me", "publicKey": SSH_KEY}),
        201,
    )
    .await;
    assert_eq!(keypair["fingerprint"].as_str().unwrap().len(), 47);
    let body = json!({
        "name": "db",
        "machineType": "g1.1",
        "availabilityZone": "eu01-2",
        "networking": {"nicIds": [nic]},
        "bootVolume": {"source": {"type": "image", "id": UBUNTU}, "performanceClass": "storage_premium_perf6"},
        "keypairName": "me",
        "userData": "I2Nsb3VkLWNvbmZpZwo=",
        "volumes": [data],
    });
    let srv = post(&cloud, &p("/servers"), body, 201).await;
    assert_eq!(srv["keypairName"], "me");
    assert!(srv.get("userData").is_none());
    assert_eq!(srv["volumes"].as_array().unwrap().len(), 2);
    let srv_id = id(&srv);
    let inventory = cloud.admin(Method::GET, "inventory", None).await.body;
    let listed = &inventory["stackit"]["servers"][0];
    assert_eq!(listed["writeOnly"]["userData"], "I2Nsb3VkLWNvbmZpZwo=");
    let nic_path = p(&format!("/networks/{net}/nics/{nic}"));
    assert_eq!(get(&cloud, &nic_path).await.body["device"], srv_id.as_str());
    assert_eq!(
        call(&cloud, Method::DELETE, &nic_path, None).await.status,
        409,
        "NIC in use"
    );
    let data_path = p(&format!("/volumes/{data}"));
    assert_eq!(get(&cloud, &data_path).await.body["status"], "ATTACHED");
    assert_eq!(
        call(&cloud, Method::DELETE, &data_path, None).await.status,
        409,
        "attached"
    );
    let boot = srv["bootVolume"]["id"].as_str().unwrap().to_string();
    let boot_body = get(&cloud, &p(&format!("/volumes/{boot}"))).await.body;
    assert_eq!(boot_body["size"], 8, "the image's minimum");
    assert_eq!(boot_body["performanceClass"], "storage_premium_perf6");

    assert_eq!(
        call(
            &cloud,
            Method::DELETE,
            &p(&format!("/servers/{srv_id}")),
            None
        )
        .await
        .status,
        202
    );
    wait_gone(&cloud, &p(&format!("/servers/{srv_id}"))).await;
    let freed = get(&cloud, &nic_path).await.body;
    assert!(freed.get("device").is_none(), "{freed}");
    assert_eq!(get(&cloud, &data_path).await.body["status"], "AVAILABLE");
    let kept = get(&cloud, &p(&format!("/volumes/{boot}"))).await.body;
    assert_eq!(
        kept["status"], "AVAILABLE",
        "deleteOnTermination defaults to false"
    );
}

#[tokio::test]
async fn bad_server_bodies_are_refused() {
    let cloud = start();
    let net = network(&cloud, "net", "10.70.0.0/24").await;
    let base = json!({
        "name": "ok",
        "machineType": "t1.1",
        "networking": {"networkId": net},
        "bootVolume": {"source": {"type": "image", "id": UBUNTU}, "size": 10},
    });
    let with = |key: &str, value: serde_json::Value| {
        let mut body = base.clone();
        body[key] = value;
        body
    };
    let cases = [
        (with("name", json!("under_score")), 400),
        (with("name", json!("a".repeat(64))), 400),
        (with("machineType", json!("x9.9")), 400),
        (with("networking", json!(null)), 400),
        (
            with(
                "networking",
                json!({"networkId": "3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b"}),
            ),
            404,
        ),
        (
            with(
                "bootVolume",
                json!({"source": {"type": "image", "id": UBUNTU}, "size": 2}),
            ),
            400,
        ),
        (
            with(
                "bootVolume",
                json!({"source": {"type": "image", "id": "3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b"}}),
            ),
            404,
        ),
        (with("keypairName", json!("nobody")), 404),
        (with("availabilityZone", json!("eu09-1")), 400),
        (with("userData", json!("not base64!")), 400),
        (with("securityGroups", json!(["missing"])), 404),
        (with("labels", json!({"k": "v".repeat(64)})), 400),
    ];
    for (body, status) in cases {
        let reply = call(&cloud, Method::POST, &p("/servers"), Some(body.clone())).await;
        assert_eq!(reply.status, status, "{body}: {}", reply.body);
    }
    assert_eq!(get(&cloud, &p("/servers")).await.body["items"], json!([]));
    assert_eq!(
        get(&cloud, &p("/volumes")).await.body["items"],
        json!([]),
        "nothing half made"
    );
}

#[tokio::test]
async fn fail_build_ends_in_error() {
    let cloud = start_slow(200);
    let net = network(&cloud, "net", "10.80.0.0/24").await;
    let srv = server(&cloud, "fail-build-1", &net).await;
    let path = p(&format!("/servers/{}", id(&srv)));
    let failed = wait_status(&cloud, &path, "ERROR").await;
    assert!(failed["errorMessage"]
        .as_str()
        .unwrap()
        .contains("fail-build"));
    assert_eq!(call(&cloud, Method::DELETE, &path, None).await.status, 202);
    wait_gone(&cloud, &path).await;
}

#[tokio::test]
async fn resize_and_volume_attachments() {
    let cloud = start_slow(200);
    let net = network(&cloud, "net", "10.90.0.0/24").await;
    let srv_id = id(&server(&cloud, "app", &net).await);
    let path = p(&format!("/servers/{srv_id}"));
    wait_status(&cloud, &path, "ACTIVE").await;
    let resize = format!("{path}/resize");
    assert_eq!(
        call(
            &cloud,
            Method::POST,
            &resize,
            Some(json!({"machineType": "nope"}))
        )
        .await
        .status,
        400
    );
    assert_eq!(
        call(
            &cloud,
            Method::POST,
            &resize,
            Some(json!({"machineType": "c1.2"}))
        )
        .await
        .status,
        202
    );
    assert_eq!(get(&cloud, &path).await.body["status"], "RESIZING");
    let resized = wait_status(&cloud, &path, "ACTIVE").await;
    assert_eq!(resized["machineType"], "c1.2");

    let volume = post(
        &cloud,
        &p("/volumes"),
        json!({"availabilityZone": "eu01-1", "size": 20, "name": "data", "labels": {"a": "b"}}),
        201,
    )
    .await;
    assert_eq!(volume["status"], "CREATING");
    let vol_id = id(&volume);
    let vol_path = p(&format!("/volumes/{vol_id}"));
    wait_status(&cloud, &vol_path, "AVAILABLE").await;
    assert_eq!(
        call(
            &cloud,
            Method::POST,
            &format!("{vol_path}/resize"),
            Some(json!({"size": 10}))
        )
        .await
        .status,
        400,
        "only grow"
    );
    assert_eq!(
        call(
            &cloud,
            Method::POST,
            &format!("{vol_path}/resize"),
            Some(json!({"size": 30}))
        )
        .await
        .status,
        202
    );
    assert_eq!(get(&cloud, &vol_path).await.body["status"], "RESIZING");
    let grown = wait_status(&cloud, &vol_path, "AVAILABLE").await;
    assert_eq!(grown["size"], 30);
    let patched = call(
        &cloud,
        Method::PATCH,
        &vol_path,
        Some(json!({"name": "data2", "labels": {"a": null}})),
    )
    .await;
    assert_eq!(patched.status, 200);
    assert_eq!(patched.body["labels"], json!({}));

    let attachments = format!("{path}/volume-attachments");
    let attached = call(
        &cloud,
        Method::POST,
        &attachments,
        Some(json!({"volumeId": vol_id})),
    )
    .await;
    assert_eq!(attached.status, 202, "{}", attached.body);
    assert_eq!(
        attached.body,
        json!({"serverId": srv_id, "volumeId": vol_id, "deleteOnTermination": false})
    );
    assert_eq!(get(&cloud, &vol_path).await.body["status"], "ATTACHING");
    wait_status(&cloud, &vol_path, "ATTACHED").await;
    let again = call(
        &cloud,
        Method::PUT,
        &format!("{attachments}/{vol_id}"),
        None,
    )
    .await;
    assert_eq!(again.status, 409);
    assert_eq!(
        get(&cloud, &attachments).await.body["items"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        get(&cloud, &format!("{attachments}/{vol_id}")).await.status,
        200
    );
    assert_eq!(
        call(&cloud, Method::DELETE, &vol_path, None).await.status,
        409
    );
    assert_eq!(
        call(
            &cloud,
            Method::DELETE,
            &format!("{attachments}/{vol_id}"),
            None
        )
        .await
        .status,
        202
    );
    assert_eq!(get(&cloud, &vol_path).await.body["status"], "DETACHING");
    wait_status(&cloud, &vol_path, "AVAILABLE").await;
    assert_eq!(
        get(&cloud, &format!("{attachments}/{vol_id}")).await.status,
        404
    );
    let other_zone = post(
        &cloud,
        &p("/volumes"),
        json!({"availabilityZone": "eu01-3", "size": 1}),
        201,
    )
    .await;
    let cross = call(
        &cloud,
        Method::PUT,
        &format!("{attachments}/{}", id(&other_zone)),
        None,
    )
    .await;
    assert_eq!(cross.status, 400, "zones must match");
    assert_eq!(
        call(&cloud, Method::DELETE, &vol_path, None).await.status,
        202
    );
    assert_eq!(get(&cloud, &vol_path).await.body["status"], "DELETING");
    wait_gone(&cloud, &vol_path).await;
    let missing = call(
        &cloud,
        Method::POST,
        &p("/volumes"),
        Some(json!({"size": 1})),
    )
    .await;
    assert_eq!(missing.status, 400, "availabilityZone is required");
}

#[tokio::test]
async fn server_create_that_fails_late_leaves_no_boot_volume() {
    let cloud = start();
    let net = network(&cloud, "full", "10.81.0.0/29").await;
    for _ in 0..5 {
        post(&cloud, &p(&format!("/networks/{net}/nics")), json!({}), 201).await;
    }
    let body = json!({
        "name": "late",
        "machineType": "c1.1",
        "networking": {"networkId": net},
        "bootVolume": {"source": {"type": "image", "id": UBUNTU}, "size": 10},
    });
    let reply = call(&cloud, Method::POST, &p("/servers"), Some(body)).await;
    assert_eq!(reply.status, 409, "{}", reply.body);
    assert!(
        reply.body.to_string().contains("no free address"),
        "{}",
        reply.body
    );
    assert_eq!(
        get(&cloud, &p("/volumes")).await.body["items"],
        json!([]),
        "the boot volume made before the NIC failed is rolled back"
    );
}
