//! STACKIT security groups, rules and key pairs; the catalog; the inventory and reset.

use reqwest::Method;
use serde_json::json;

use crate::stackit_helpers::{call, get, id, network, p, post, server, start, SSH_KEY};

#[tokio::test]
async fn groups_start_with_two_egress_rules() {
    let cloud = start();
    let group = post(
        &cloud,
        &p("/security-groups"),
        json!({"name": "web", "description": "d", "labels": {"a": "b"}}),
        201,
    )
    .await;
    assert_eq!(group["stateful"], true);
    let rules = group["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 2);
    for (rule, ethertype) in rules.iter().zip(["IPv4", "IPv6"]) {
        assert_eq!(rule["direction"], "egress");
        assert_eq!(rule["ethertype"], ethertype);
        assert!(rule.get("protocol").is_none());
        assert!(rule.get("ipRange").is_none());
    }
    let gid = id(&group);
    let path = p(&format!("/security-groups/{gid}"));
    let renamed = call(&cloud, Method::PATCH, &path, Some(json!({"name": "web2"}))).await;
    assert_eq!(renamed.status, 200);
    assert_eq!(renamed.body["name"], "web2");
    assert_eq!(renamed.body["labels"], json!({"a": "b"}));

    let rules_path = format!("{path}/rules");
    let ssh = post(&cloud, &rules_path, json!({"direction": "ingress", "protocol": "tcp", "portRange": {"min": 22, "max": 22}, "ipRange": "0.0.0.0/0", "description": "ssh"}), 201).await;
    assert_eq!(ssh["protocol"], json!({"name": "tcp", "number": 6}));
    assert_eq!(ssh["portRange"], json!({"min": 22, "max": 22}));
    assert_eq!(ssh["securityGroupId"], gid.as_str());
    let all_ports = post(
        &cloud,
        &rules_path,
        json!({"direction": "ingress", "protocol": 17, "portRange": {"min": 1, "max": 65535}}),
        201,
    )
    .await;
    assert_eq!(all_ports["protocol"], json!({"name": "udp", "number": 17}));
    assert!(all_ports.get("portRange").is_none(), "1-65535 is omitted");
    let icmp = post(&cloud, &rules_path, json!({"direction": "ingress", "ethertype": "IPv6", "protocol": "ipv6-icmp", "ipRange": "::/0"}), 201).await;
    assert_eq!(icmp["protocol"]["number"], 58);
    for bad in [
        json!({"direction": "sideways"}),
        json!({"direction": "ingress", "protocol": "nope"}),
        json!({"direction": "ingress", "protocol": 300}),
        json!({"direction": "ingress", "protocol": "icmp", "portRange": {"min": 1, "max": 2}}),
        json!({"direction": "ingress", "protocol": "tcp", "portRange": {"min": 9, "max": 2}}),
        json!({"direction": "ingress", "ipRange": "::/0"}),
    ] {
        let reply = call(&cloud, Method::POST, &rules_path, Some(bad.clone())).await;
        assert_eq!(reply.status, 400, "{bad}: {}", reply.body);
    }
    let listed = get(&cloud, &rules_path).await.body;
    assert_eq!(listed["items"].as_array().unwrap().len(), 5);
    let rule_path = format!("{rules_path}/{}", id(&ssh));
    assert_eq!(get(&cloud, &rule_path).await.body["description"], "ssh");
    assert_eq!(
        call(&cloud, Method::DELETE, &rule_path, None).await.status,
        204
    );
    assert_eq!(
        get(&cloud, &rule_path).await.body["msg"],
        "security group rule not found"
    );
    assert_eq!(
        get(&cloud, &path).await.body["rules"]
            .as_array()
            .unwrap()
            .len(),
        4
    );
}

#[tokio::test]
async fn groups_in_use_cannot_go() {
    let cloud = start();
    let gid = id(&post(&cloud, &p("/security-groups"), json!({"name": "db"}), 201).await);
    let net = network(&cloud, "net", "10.11.0.0/24").await;
    let body = json!({
        "name": "db-1",
        "machineType": "t1.2",
        "networking": {"networkId": net},
        "securityGroups": ["db"],
        "imageId": "c3d7e5a9-4d6f-4b8c-8e2a-3f5b7c9d1e4a",
    });
    let srv = post(&cloud, &p("/servers"), body, 201).await;
    assert_eq!(srv["imageId"], "c3d7e5a9-4d6f-4b8c-8e2a-3f5b7c9d1e4a");
    assert!(srv.get("bootVolume").is_none());
    let sid = id(&srv);
    let detailed = get(&cloud, &p(&format!("/servers/{sid}?details=true")))
        .await
        .body;
    assert_eq!(detailed["nics"][0]["securityGroups"], json!([gid]));
    let group_path = p(&format!("/security-groups/{gid}"));
    let busy = call(&cloud, Method::DELETE, &group_path, None).await;
    assert_eq!(busy.status, 409, "{}", busy.body);
    let on_server = p(&format!("/servers/{sid}/security-groups/{gid}"));
    assert_eq!(
        call(&cloud, Method::DELETE, &on_server, None).await.status,
        202
    );
    let detailed = get(&cloud, &p(&format!("/servers/{sid}?details=true")))
        .await
        .body;
    assert_eq!(detailed["nics"][0]["securityGroups"], json!([]));
    assert_eq!(
        call(&cloud, Method::PUT, &on_server, None).await.status,
        202
    );
    assert_eq!(
        call(&cloud, Method::DELETE, &group_path, None).await.status,
        409
    );
    assert_eq!(
        call(&cloud, Method::DELETE, &on_server, None).await.status,
        202
    );
    assert_eq!(
        call(&cloud, Method::DELETE, &group_path, None).await.status,
        204
    );
    assert_eq!(
        get(&cloud, &group_path).await.body,
        json!({"code": 404, "msg": "security group not found"})
    );
}

#[tokio::test]
async fn keypairs_are_named_and_unique() {
    let cloud = start();
    let path = "/stackit/iaas/v2/keypairs";
    let key = post(
        &cloud,
        path,
        json!({"name": "alice@laptop", "publicKey": SSH_KEY, "labels": {"k": "v"}}),
        201,
    )
    .await;
    assert_eq!(key["name"], "alice@laptop");
    let taken = call(
        &cloud,
        Method::POST,
        path,
        Some(json!({"name": "alice@laptop", "publicKey": SSH_KEY})),
    )
    .await;
    assert_eq!(taken.status, 409);
    let bad = call(
        &cloud,
        Method::POST,
        path,
        Some(json!({"name": "bob", "publicKey": "not a key"})),
    )
    .await;
    assert_eq!(bad.status, 400);
    let one = format!("{path}/alice@laptop");
    let patched = call(
        &cloud,
        Method::PATCH,
        &one,
        Some(json!({"labels": {"k": null, "n": "m"}})),
    )
    .await;
    assert_eq!(patched.body["labels"], json!({"n": "m"}));
    assert_eq!(
        get(&cloud, path).await.body["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(call(&cloud, Method::DELETE, &one, None).await.status, 204);
    assert_eq!(get(&cloud, &one).await.body["msg"], "keypair not found");
}

#[tokio::test]
async fn the_catalog_is_seeded() {
    let cloud = start();
    let images = get(&cloud, &p("/images")).await.body;
    let names: Vec<&str> = images["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Ubuntu 24.04", "Ubuntu 22.04", "Debian 12"]);
    assert_eq!(images["items"][0]["minDiskSize"], 8);
    let types = get(&cloud, &p("/machine-types")).await.body;
    assert_eq!(types["items"].as_array().unwrap().len(), 10);
    let g14 = get(&cloud, &p("/machine-types/g1.4")).await.body;
    assert_eq!(
        (g14["vcpus"].as_i64(), g14["ram"].as_i64()),
        (Some(16), Some(65536))
    );
    assert_eq!(get(&cloud, &p("/machine-types/z9.9")).await.status, 404);
    let classes = get(&cloud, &p("/volume-performance-classes")).await.body;
    assert_eq!(classes["items"][0]["name"], "storage_premium_perf1");
}

#[tokio::test]
async fn inventory_lists_and_reset_clears_stackit() {
    let cloud = start();
    let net = network(&cloud, "net", "10.12.0.0/24").await;
    server(&cloud, "one", &net).await;
    post(&cloud, &p("/security-groups"), json!({"name": "g"}), 201).await;
    post(&cloud, &p("/public-ips"), json!({}), 201).await;
    post(
        &cloud,
        "/stackit/iaas/v2/keypairs",
        json!({"name": "k", "publicKey": SSH_KEY}),
        201,
    )
    .await;
    let inventory = cloud.admin(Method::GET, "inventory", None).await.body;
    let stackit = &inventory["stackit"];
    let count = |name: &str| stackit[name].as_array().map(Vec::len).unwrap_or(99);
    assert_eq!(
        [
            count("networks"),
            count("nics"),
            count("servers"),
            count("volumes"),
            count("security_groups"),
            count("security_group_rules"),
            count("public_ips"),
            count("keypairs")
        ],
        [1, 1, 1, 1, 1, 2, 1, 1]
    );
    assert_eq!(inventory["total"], 9);
    assert_eq!(cloud.admin(Method::POST, "reset", None).await.status, 200);
    let after = cloud.admin(Method::GET, "inventory", None).await.body;
    assert_eq!(after["total"], 0);
    assert_eq!(get(&cloud, &p("/networks")).await.body["items"], json!([]));
}
