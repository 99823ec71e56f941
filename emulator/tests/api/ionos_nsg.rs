//! IONOS security groups: rules, attaching groups to servers and NICs, and the refusals.

use reqwest::Method;
use serde_json::json;

use crate::ionos_helpers::{
    assert_error, call, create, dc, delete, get, ids, lan, mutate, server_on, start,
};

#[tokio::test]
async fn groups_have_rules_and_attach_to_servers_and_nics() {
    let cloud = start();
    let group = create(
        &cloud,
        &dc("/securitygroups"),
        json!({"properties": {"name": "web", "description": "HTTPS in"}}),
    )
    .await;
    let fresh = get(&cloud, &dc(&format!("/securitygroups/{group}?depth=1")))
        .await
        .body;
    assert_eq!(fresh["type"], "security-group");
    assert_eq!(fresh["properties"]["name"], "web");
    assert!(
        ids(&fresh["entities"]["rules"]).is_empty(),
        "a new group has no rules"
    );

    let https = create(
        &cloud,
        &dc(&format!("/securitygroups/{group}/rules")),
        json!({"properties": {"name": "https", "protocol": "TCP", "portRangeStart": 443, "portRangeEnd": 443, "sourceIp": "0.0.0.0/0"}}),
    )
    .await;
    let egress = create(
        &cloud,
        &dc(&format!("/securitygroups/{group}/rules")),
        json!({"properties": {"protocol": "ANY", "type": "EGRESS", "ipVersion": "IPv6"}}),
    )
    .await;
    let rule = get(
        &cloud,
        &dc(&format!("/securitygroups/{group}/rules/{https}")),
    )
    .await
    .body;
    assert_eq!(rule["type"], "firewall-rule");
    let props = &rule["properties"];
    assert_eq!(props["type"], "INGRESS");
    assert_eq!(props["ipVersion"], "IPv4");
    assert_eq!(props["portRangeEnd"], 443);
    assert!(props["icmpType"].is_null());
    let listed = get(&cloud, &dc(&format!("/securitygroups/{group}/rules")))
        .await
        .body;
    assert_eq!(ids(&listed), [https.clone(), egress.clone()]);
    let changed = mutate(
        &cloud,
        Method::PATCH,
        &dc(&format!("/securitygroups/{group}/rules/{https}")),
        Some(json!({"portRangeStart": 8443, "portRangeEnd": 8443, "sourceIp": null})),
    )
    .await;
    assert_eq!(changed["properties"]["portRangeStart"], 8443);
    assert!(changed["properties"]["sourceIp"].is_null());

    let lan = lan(&cloud, false).await;
    let server = server_on(&cloud, "guarded", &lan).await;
    let attached = mutate(
        &cloud,
        Method::PUT,
        &dc(&format!("/servers/{server}/securitygroups")),
        Some(json!({"ids": [group]})),
    )
    .await;
    assert_eq!(ids(&attached), [group.as_str()]);
    let body = get(&cloud, &dc(&format!("/servers/{server}?depth=1")))
        .await
        .body;
    assert_eq!(ids(&body["entities"]["securitygroups"]), [group.as_str()]);
    let listed = get(&cloud, &dc(&format!("/servers/{server}/securitygroups")))
        .await
        .body;
    assert_eq!(ids(&listed), [group.as_str()]);

    let nic = ids(&get(&cloud, &dc(&format!("/servers/{server}/nics")))
        .await
        .body)[0]
        .clone();
    let nic_path = dc(&format!("/servers/{server}/nics/{nic}/securitygroups"));
    mutate(
        &cloud,
        Method::PUT,
        &nic_path,
        Some(json!({"ids": [group, group]})),
    )
    .await;
    let nic_body = get(
        &cloud,
        &dc(&format!("/servers/{server}/nics/{nic}?depth=1")),
    )
    .await
    .body;
    assert_eq!(
        ids(&nic_body["entities"]["securitygroups"]),
        [group.as_str()]
    );

    let attached_still = call(
        &cloud,
        Method::DELETE,
        &dc(&format!("/securitygroups/{group}")),
        None,
    )
    .await;
    assert_error(&attached_still, 422, "200");
    mutate(&cloud, Method::PUT, &nic_path, Some(json!({"ids": []}))).await;
    let server_still = call(
        &cloud,
        Method::DELETE,
        &dc(&format!("/securitygroups/{group}")),
        None,
    )
    .await;
    assert_error(&server_still, 422, "200");
    mutate(
        &cloud,
        Method::PUT,
        &dc(&format!("/servers/{server}/securitygroups")),
        Some(json!({"ids": []})),
    )
    .await;
    delete(&cloud, &dc(&format!("/securitygroups/{group}"))).await;
    assert_error(
        &get(
            &cloud,
            &dc(&format!("/securitygroups/{group}/rules/{https}")),
        )
        .await,
        404,
        "309",
    );
    assert!(ids(&get(&cloud, &dc("/securitygroups")).await.body).is_empty());
}

#[tokio::test]
async fn groups_may_come_with_rules_and_refuse_bad_ones() {
    let cloud = start();
    let created = mutate(
        &cloud,
        Method::POST,
        &dc("/securitygroups"),
        Some(json!({
            "properties": {"name": "ssh"},
            "entities": {"rules": {"items": [
                {"properties": {"protocol": "TCP", "portRangeStart": 22, "portRangeEnd": 22}},
                {"properties": {"protocol": "ICMP", "icmpType": 8, "icmpCode": 0}},
            ]}},
        })),
    )
    .await;
    let group = created["id"].as_str().unwrap().to_string();
    assert_eq!(ids(&created["entities"]["rules"]).len(), 2);
    let rules = dc(&format!("/securitygroups/{group}/rules"));
    for body in [
        json!({"properties": {"name": "no protocol"}}),
        json!({"properties": {"protocol": "SCTP"}}),
        json!({"properties": {"protocol": "TCP", "portRangeStart": 0, "portRangeEnd": 10}}),
        json!({"properties": {"protocol": "TCP", "portRangeStart": 90, "portRangeEnd": 80}}),
        json!({"properties": {"protocol": "UDP", "portRangeStart": 65535}}),
        json!({"properties": {"protocol": "ICMP", "portRangeStart": 80}}),
        json!({"properties": {"protocol": "TCP", "icmpType": 8}}),
        json!({"properties": {"protocol": "ICMP", "icmpType": 255}}),
        json!({"properties": {"protocol": "ICMP", "ipVersion": "IPv6"}}),
        json!({"properties": {"protocol": "ICMPv6", "ipVersion": "IPv4"}}),
        json!({"properties": {"protocol": "ANY", "sourceIp": "2001:db8::1", "ipVersion": "IPv4"}}),
        json!({"properties": {"protocol": "ANY", "targetIp": "10.0.0.300"}}),
        json!({"properties": {"protocol": "ANY", "sourceMac": "00:11:22"}}),
        json!({"properties": {"protocol": "ANY", "type": "SIDEWAYS"}}),
    ] {
        let reply = call(&cloud, Method::POST, &rules, Some(body.clone())).await;
        assert_error(&reply, 422, "200");
    }
    let v6 = mutate(
        &cloud,
        Method::POST,
        &rules,
        Some(json!({"properties": {"protocol": "ICMPv6"}})),
    )
    .await;
    assert_eq!(v6["properties"]["ipVersion"], "IPv6");
    let rule = v6["id"].as_str().unwrap();
    let change_protocol = call(
        &cloud,
        Method::PATCH,
        &format!("{rules}/{rule}"),
        Some(json!({"protocol": "TCP"})),
    )
    .await;
    assert_error(&change_protocol, 422, "200");

    let lan = lan(&cloud, false).await;
    let server = server_on(&cloud, "s", &lan).await;
    let unknown = call(
        &cloud,
        Method::PUT,
        &dc(&format!("/servers/{server}/securitygroups")),
        Some(json!({"ids": [group, "nope"]})),
    )
    .await;
    assert_error(&unknown, 404, "309");
    let no_ids = call(
        &cloud,
        Method::PUT,
        &dc(&format!("/servers/{server}/securitygroups")),
        Some(json!({"groups": []})),
    )
    .await;
    assert_error(&no_ids, 422, "200");
    let nameless = call(
        &cloud,
        Method::POST,
        &dc("/securitygroups"),
        Some(json!({"properties": {"description": "x"}})),
    )
    .await;
    assert_error(&nameless, 422, "200");
}
