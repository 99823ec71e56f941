//! VPC-style tags of VPCs, subnets and EIPs (`/v2.0/{project_id}/.../tags`).

use reqwest::Method;
use serde_json::json;

use crate::helpers::{id, Cloud};
use crate::otc_helpers::{call, vpc, vpc2, vpc_with_subnet, PID};

#[tokio::test]
async fn tags_are_upserted_and_deleted_by_key() {
    let cloud = Cloud::start_otc().await;
    let (vpc_id, subnet_id) =
        vpc_with_subnet(&cloud, "10.0.0.0/16", "10.0.0.0/24", "10.0.0.1").await;
    let ip = call(
        &cloud,
        Method::POST,
        &vpc("publicips"),
        Some(json!({"publicip": {"type": "5_bgp"}, "bandwidth": {"name": "b", "size": 1, "share_type": "PER"}})),
    )
    .await;
    let ip_id = id(&ip.body["publicip"]);
    for (kind, resource) in [
        ("vpcs", &vpc_id),
        ("subnets", &subnet_id),
        ("publicips", &ip_id),
    ] {
        let path = vpc2(&format!("{kind}/{resource}/tags"));
        let empty = call(&cloud, Method::GET, &path, None).await;
        assert_eq!(empty.status, 200, "{kind}");
        assert_eq!(empty.body, json!({"tags": []}));
        let action =
            |action: &str, tags: serde_json::Value| json!({"action": action, "tags": tags});
        let created = call(
            &cloud,
            Method::POST,
            &format!("{path}/action"),
            Some(action(
                "create",
                json!([{"key": "env", "value": "dev"}, {"key": "team", "value": "a"}]),
            )),
        )
        .await;
        assert_eq!(created.status, 204, "{kind}: {}", created.body);
        let upserted = call(
            &cloud,
            Method::POST,
            &format!("{path}/action"),
            Some(action("create", json!([{"key": "env", "value": "prod"}]))),
        )
        .await;
        assert_eq!(upserted.status, 204);
        let deleted = call(
            &cloud,
            Method::POST,
            &format!("{path}/action"),
            Some(action("delete", json!([{"key": "team", "value": "a"}]))),
        )
        .await;
        assert_eq!(deleted.status, 204);
        let tags = call(&cloud, Method::GET, &path, None).await;
        assert_eq!(
            tags.body,
            json!({"tags": [{"key": "env", "value": "prod"}]}),
            "{kind}"
        );
    }
    let root = call(
        &cloud,
        Method::GET,
        &format!("/v2.0/{PID}/vpcs/{vpc_id}/tags"),
        None,
    )
    .await;
    assert_eq!(
        root.body["tags"][0]["key"], "env",
        "tags are served at the root too"
    );
    let missing = call(&cloud, Method::GET, &vpc2("vpcs/nope/tags"), None).await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.body["code"], "VPC.0003");
    let bad = call(
        &cloud,
        Method::POST,
        &vpc2(&format!("vpcs/{vpc_id}/tags/action")),
        Some(json!({"action": "rename", "tags": []})),
    )
    .await;
    assert_eq!(bad.status, 400);
}
