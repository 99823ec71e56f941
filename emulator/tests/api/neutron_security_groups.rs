//! Neutron: security groups, their rules and the per-project `default` group.

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{id, Cloud};

fn rules_of(group: &Value) -> Vec<Value> {
    group["security_group_rules"].as_array().unwrap().clone()
}

#[tokio::test]
async fn default_group_appears_on_first_use_and_stays_out_of_the_inventory() {
    let cloud = Cloud::start().await;
    let list = cloud.get("security-groups").await;
    assert_eq!(list.status, 200);
    let groups = list.body["security_groups"].as_array().unwrap();
    assert_eq!(groups.len(), 1, "{}", list.body);
    let default = &groups[0];
    assert_eq!(default["name"], "default");
    let rules = rules_of(default);
    assert_eq!(rules.len(), 4);
    let remote_self = rules
        .iter()
        .filter(|r| r["direction"] == "ingress" && r["remote_group_id"] == default["id"])
        .count();
    assert_eq!(
        remote_self, 2,
        "ingress from the group itself, IPv4 and IPv6"
    );
    // listing again does not create a second one
    let again = cloud.get("security-groups").await;
    assert_eq!(again.body["security_groups"].as_array().unwrap().len(), 1);

    let inventory = cloud.admin(Method::GET, "inventory", None).await.body;
    assert_eq!(inventory["total"], 0, "{inventory}");

    let default_id = id(default);
    let rename = cloud
        .put(
            &format!("security-groups/{default_id}"),
            json!({"security_group": {"name": "other"}}),
        )
        .await;
    assert_eq!(rename.status, 409);
    assert_eq!(rename.neutron_type(), "SecurityGroupCannotUpdateDefault");
    let delete = cloud.delete(&format!("security-groups/{default_id}")).await;
    assert_eq!(delete.status, 409);
    assert_eq!(delete.neutron_type(), "SecurityGroupCannotRemoveDefault");
    let named_default = cloud
        .post(
            "security-groups",
            json!({"security_group": {"name": "default"}}),
        )
        .await;
    assert_eq!(named_default.status, 409);
}

#[tokio::test]
async fn group_and_rule_lifecycle() {
    let cloud = Cloud::start().await;
    let group = cloud
        .create_in(
            "security-groups",
            "security_group",
            json!({"name": "web", "description": "d", "tags": ["a"]}),
        )
        .await;
    let group_id = id(&group);
    assert_eq!(group["stateful"], true);
    assert_eq!(group["tags"], json!(["a"]));
    let rules = rules_of(&group);
    assert_eq!(rules.len(), 2, "two default egress rules");
    for rule in &rules {
        assert_eq!(rule["direction"], "egress");
        assert_eq!(rule["protocol"], Value::Null);
        assert_eq!(rule["remote_ip_prefix"], Value::Null);
    }
    let mut ethertypes: Vec<&str> = rules
        .iter()
        .map(|r| r["ethertype"].as_str().unwrap())
        .collect();
    ethertypes.sort();
    assert_eq!(ethertypes, ["IPv4", "IPv6"]);

    let ssh = cloud
        .create_in(
            "security-group-rules",
            "security_group_rule",
            json!({"security_group_id": group_id, "direction": "ingress", "protocol": "tcp",
                   "port_range_min": 22, "port_range_max": 22, "remote_ip_prefix": "0.0.0.0/0"}),
        )
        .await;
    assert_eq!(ssh["ethertype"], "IPv4");
    assert_eq!(ssh["protocol"], "tcp");
    assert_eq!(ssh["port_range_min"], 22);
    assert_eq!(ssh["remote_ip_prefix"], "0.0.0.0/0");
    let ssh_id = id(&ssh);

    let shown = cloud.get(&format!("security-groups/{group_id}")).await;
    assert_eq!(rules_of(&shown.body["security_group"]).len(), 3);
    assert!(
        shown.body["security_group"]["revision_number"]
            .as_u64()
            .unwrap()
            > 1
    );
    let filtered = cloud
        .get(&format!(
            "security-group-rules?security_group_id={group_id}&direction=ingress"
        ))
        .await;
    assert_eq!(
        filtered.body["security_group_rules"],
        json!([cloud
            .get(&format!("security-group-rules/{ssh_id}"))
            .await
            .body["security_group_rule"]])
    );
    let by_name = cloud.get("security-groups?name=web").await;
    assert_eq!(by_name.body["security_groups"][0]["id"], group_id);
    let tagged = cloud.get("security-groups?tags=a").await;
    assert_eq!(tagged.body["security_groups"].as_array().unwrap().len(), 1);
    let tag = cloud
        .send(
            Method::PUT,
            &Cloud::neutron(&format!("security-groups/{group_id}/tags/b")),
            None,
            None,
        )
        .await;
    assert_eq!(tag.status, 201);

    let inventory = cloud.admin(Method::GET, "inventory", None).await.body;
    assert_eq!(
        inventory["plusserver"]["security_groups"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        inventory["plusserver"]["security_group_rules"]
            .as_array()
            .unwrap()
            .len(),
        3
    );

    let renamed = cloud
        .put(
            &format!("security-groups/{group_id}"),
            json!({"security_group": {"name": "web2"}}),
        )
        .await;
    assert_eq!(renamed.status, 200);
    assert_eq!(renamed.body["security_group"]["name"], "web2");

    assert_eq!(
        cloud
            .delete(&format!("security-group-rules/{ssh_id}"))
            .await
            .status,
        204
    );
    assert_eq!(
        cloud
            .get(&format!("security-group-rules/{ssh_id}"))
            .await
            .status,
        404
    );
    assert_eq!(
        cloud
            .delete(&format!("security-groups/{group_id}"))
            .await
            .status,
        204
    );
    let inventory = cloud.admin(Method::GET, "inventory", None).await.body;
    assert_eq!(inventory["total"], 0, "{inventory}");
}

#[tokio::test]
async fn rule_validation() {
    let cloud = Cloud::start().await;
    let group_id = id(&cloud
        .create_in("security-groups", "security_group", json!({"name": "v"}))
        .await);
    let post = |rule: Value| {
        let mut rule = rule;
        rule["security_group_id"] = json!(group_id);
        if rule.get("direction").is_none() {
            rule["direction"] = json!("ingress");
        }
        cloud.post(
            "security-group-rules",
            json!({ "security_group_rule": rule }),
        )
    };
    let cases = [
        (
            json!({"protocol": "bogus"}),
            400,
            "SecurityGroupRuleInvalidProtocol",
        ),
        (
            json!({"protocol": 256}),
            400,
            "SecurityGroupRuleInvalidProtocol",
        ),
        (
            json!({"protocol": "tcp", "port_range_min": 443, "port_range_max": 80}),
            400,
            "SecurityGroupInvalidPortRange",
        ),
        (
            json!({"protocol": "udp", "port_range_min": 0, "port_range_max": 80}),
            400,
            "SecurityGroupInvalidPortValue",
        ),
        (
            json!({"port_range_min": 22, "port_range_max": 22}),
            400,
            "SecurityGroupProtocolRequiredWithPorts",
        ),
        (
            json!({"protocol": "icmp", "port_range_min": 300}),
            400,
            "SecurityGroupInvalidIcmpValue",
        ),
        (
            json!({"ethertype": "IPv4", "remote_ip_prefix": "2001:db8::/64"}),
            400,
            "SecurityGroupRuleParameterConflict",
        ),
        (
            json!({"ethertype": "IPv5"}),
            400,
            "SecurityGroupRuleInvalidEtherType",
        ),
        (json!({"direction": "sideways"}), 400, "HTTPBadRequest"),
        (
            json!({"remote_group_id": "6b1c2d3e-0000-4000-8000-000000000000"}),
            404,
            "SecurityGroupNotFound",
        ),
    ];
    for (rule, status, kind) in cases {
        let reply = post(rule.clone()).await;
        assert_eq!(reply.status, status, "{rule}: {}", reply.body);
        assert_eq!(reply.neutron_type(), kind, "{rule}");
    }
    let ok = post(json!({"protocol": "6", "port_range_min": 443, "port_range_max": 443})).await;
    assert_eq!(ok.status, 201, "{}", ok.body);
    let icmp = post(json!({"protocol": "icmp", "port_range_min": 8, "port_range_max": 0})).await;
    assert_eq!(icmp.status, 201, "{}", icmp.body);
    let any = post(json!({"protocol": null})).await;
    assert_eq!(any.status, 201, "{}", any.body);
    let duplicate =
        post(json!({"protocol": "tcp", "port_range_min": 443, "port_range_max": 443})).await;
    assert_eq!(duplicate.status, 409);
    assert_eq!(duplicate.neutron_type(), "SecurityGroupRuleExists");
    assert!(duplicate
        .neutron_message()
        .contains(ok.body["security_group_rule"]["id"].as_str().unwrap()));
    let default_egress = post(json!({"direction": "egress", "ethertype": "IPv6"})).await;
    assert_eq!(
        default_egress.status, 409,
        "same as an automatic egress rule"
    );
}

#[tokio::test]
async fn ports_check_and_default_their_security_groups() {
    let cloud = Cloud::start().await;
    let (net_id, _) = cloud.network_with_subnet("n", "10.0.0.0/24").await;
    let plain = cloud.create("port", json!({"network_id": net_id})).await;
    let default_id =
        id(&cloud.get("security-groups?name=default").await.body["security_groups"][0]);
    assert_eq!(plain["security_groups"], json!([default_id]));

    let unknown = cloud
        .post(
            "ports",
            json!({"port": {"network_id": net_id, "security_groups": ["6b1c2d3e-0000-4000-8000-000000000000"]}}),
        )
        .await;
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.neutron_type(), "SecurityGroupNotFound");

    let group_id = id(&cloud
        .create_in("security-groups", "security_group", json!({"name": "g"}))
        .await);
    let port = cloud
        .create(
            "port",
            json!({"network_id": net_id, "security_groups": [group_id]}),
        )
        .await;
    let in_use = cloud.delete(&format!("security-groups/{group_id}")).await;
    assert_eq!(in_use.status, 409);
    assert_eq!(in_use.neutron_type(), "SecurityGroupInUse");
    let bad_update = cloud
        .put(
            &format!("ports/{}", id(&port)),
            json!({"port": {"security_groups": ["nope"]}}),
        )
        .await;
    assert_eq!(bad_update.status, 404);
    let cleared = cloud
        .put(
            &format!("ports/{}", id(&port)),
            json!({"port": {"security_groups": []}}),
        )
        .await;
    assert_eq!(cleared.status, 200);
    assert_eq!(
        cloud
            .delete(&format!("security-groups/{group_id}"))
            .await
            .status,
        204
    );
}

#[tokio::test]
async fn security_group_quota() {
    let cloud = Cloud::start().await;
    // the default group counts against the quota of 10, as in Neutron
    for i in 0..9 {
        cloud
            .create_in(
                "security-groups",
                "security_group",
                json!({"name": format!("g{i}")}),
            )
            .await;
    }
    let over = cloud
        .post(
            "security-groups",
            json!({"security_group": {"name": "one-too-many"}}),
        )
        .await;
    assert_eq!(over.status, 409);
    assert_eq!(over.neutron_type(), "OverQuota");
    let project = sovereign_emulator::defaults::PROJECT_ID;
    let quota = cloud.get(&format!("quotas/{project}/details")).await.body;
    assert_eq!(
        quota["quota"]["security_group"],
        json!({"limit": 10, "used": 10, "reserved": 0})
    );
    assert_eq!(quota["quota"]["security_group_rule"]["limit"], 100);
    assert_eq!(quota["quota"]["floatingip"]["limit"], 50);
}
