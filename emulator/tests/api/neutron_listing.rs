//! Neutron: list filters, `fields`, pagination, sorting, tags and extensions.

use serde_json::{json, Value};

use crate::helpers::{id, Cloud, EXT01};

fn names(reply: &Value, collection: &str) -> Vec<String> {
    let mut names: Vec<String> = reply[collection]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn filters_by_scalar_fields() {
    let cloud = Cloud::start().await;
    let a = cloud.create("network", json!({"name": "alpha"})).await;
    cloud
        .create("network", json!({"name": "beta", "admin_state_up": false}))
        .await;
    cloud.create("network", json!({"name": "gamma"})).await;

    let all = cloud.get("networks").await;
    assert_eq!(
        names(&all.body, "networks"),
        ["alpha", "beta", "ext01", "gamma"]
    );
    assert_eq!(
        names(&cloud.get("networks?name=beta").await.body, "networks"),
        ["beta"]
    );
    assert_eq!(
        names(
            &cloud.get("networks?name=alpha&name=gamma").await.body,
            "networks"
        ),
        ["alpha", "gamma"]
    );
    assert_eq!(
        names(
            &cloud.get(&format!("networks?id={}", id(&a))).await.body,
            "networks"
        ),
        ["alpha"]
    );
    assert_eq!(
        names(
            &cloud.get("networks?router:external=True").await.body,
            "networks"
        ),
        ["ext01"]
    );
    assert_eq!(
        names(
            &cloud.get("networks?admin_state_up=false").await.body,
            "networks"
        ),
        ["beta"]
    );
    assert_eq!(
        names(&cloud.get("networks?name=nothing").await.body, "networks"),
        Vec::<String>::new()
    );
    let bad = cloud.get("networks?colour=blue").await;
    assert_eq!(bad.status, 400);

    let (net_id, subnet_id) = cloud
        .network_with_subnet("with-subnet", "10.3.0.0/24")
        .await;
    let subnets = cloud.get(&format!("subnets?network_id={net_id}")).await;
    assert_eq!(subnets.body["subnets"].as_array().unwrap().len(), 1);
    let port = cloud.create("port", json!({"network_id": net_id})).await;
    let by_ip = cloud
        .get(&format!("ports?fixed_ips=subnet_id={subnet_id}"))
        .await;
    assert_eq!(by_ip.body["ports"][0]["id"], id(&port));
    let by_owner = cloud
        .get("ports?device_owner=network:router_interface")
        .await;
    assert_eq!(by_owner.body["ports"], json!([]));
}

#[tokio::test]
async fn fields_projection() {
    let cloud = Cloud::start().await;
    let reply = cloud.get("networks?fields=id&fields=name").await;
    assert_eq!(
        reply.body["networks"],
        json!([{"id": EXT01, "name": "ext01"}])
    );
    let one = cloud.get(&format!("networks/{EXT01}?fields=name")).await;
    assert_eq!(one.body, json!({"network": {"name": "ext01"}}));
}

#[tokio::test]
async fn limit_and_marker_pagination_with_next_links() {
    let cloud = Cloud::start().await;
    for i in 0..5 {
        cloud
            .create("router", json!({"name": format!("r{i}")}))
            .await;
    }
    let mut seen = Vec::new();
    let mut next = Some(cloud.url(&Cloud::neutron("routers?limit=2")));
    let mut pages = 0;
    while let Some(url) = next.take() {
        let page = cloud.send(reqwest::Method::GET, &url, None, None).await;
        assert_eq!(page.status, 200);
        pages += 1;
        let routers = page.body["routers"].as_array().unwrap();
        assert!(routers.len() <= 2);
        seen.extend(
            routers
                .iter()
                .map(|r| r["name"].as_str().unwrap().to_string()),
        );
        let links = page.body["routers_links"]
            .as_array()
            .expect("routers_links present when limit is set");
        next = links
            .iter()
            .find(|l| l["rel"] == "next")
            .map(|l| l["href"].as_str().unwrap().to_string());
        if let Some(href) = &next {
            assert!(href.starts_with(&cloud.emulator.url()), "{href}");
        }
    }
    assert_eq!(pages, 3);
    seen.sort();
    assert_eq!(seen, ["r0", "r1", "r2", "r3", "r4"]);

    let sorted = cloud
        .get("routers?sort_key=name&sort_dir=desc&limit=2")
        .await;
    assert_eq!(sorted.body["routers"][0]["name"], "r4");
    assert_eq!(sorted.body["routers"][1]["name"], "r3");
    let marker = id(&sorted.body["routers"][1]);
    let rest = cloud
        .get(&format!(
            "routers?sort_key=name&sort_dir=desc&marker={marker}"
        ))
        .await;
    assert_eq!(names(&rest.body, "routers"), ["r0", "r1", "r2"]);

    let unknown_marker = cloud
        .get("routers?limit=2&marker=6b1c2d3e-0000-4000-8000-000000000000")
        .await;
    assert_eq!(unknown_marker.status, 404);
    assert_eq!(cloud.get("routers?limit=-1").await.status, 400);
}

#[tokio::test]
async fn tags_crud_and_filters() {
    let cloud = Cloud::start().await;
    let a = cloud
        .create("network", json!({"name": "a", "tags": ["red"]}))
        .await;
    let b = cloud.create("network", json!({"name": "b"})).await;
    assert_eq!(a["tags"], json!(["red"]));
    let (a_id, b_id) = (id(&a), id(&b));

    let replaced = cloud
        .put(
            &format!("networks/{a_id}/tags"),
            json!({"tags": ["red", "blue"]}),
        )
        .await;
    assert_eq!(replaced.status, 200);
    let mut tags: Vec<String> = serde_json::from_value(replaced.body["tags"].clone()).unwrap();
    tags.sort();
    assert_eq!(tags, ["blue", "red"]);
    assert_eq!(
        cloud
            .put(&format!("networks/{b_id}/tags/blue"), json!(null))
            .await
            .status,
        201
    );
    assert_eq!(
        cloud
            .get(&format!("networks/{b_id}/tags/blue"))
            .await
            .status,
        204
    );
    assert_eq!(
        cloud.get(&format!("networks/{b_id}/tags/red")).await.status,
        404
    );
    assert_eq!(
        cloud.get(&format!("networks/{b_id}/tags")).await.body,
        json!({"tags": ["blue"]})
    );

    assert_eq!(
        names(&cloud.get("networks?tags=red,blue").await.body, "networks"),
        ["a"]
    );
    assert_eq!(
        names(
            &cloud.get("networks?tags-any=red,blue").await.body,
            "networks"
        ),
        ["a", "b"]
    );
    assert_eq!(
        names(
            &cloud.get("networks?tags=blue&not-tags=red").await.body,
            "networks"
        ),
        ["b"]
    );
    assert_eq!(
        names(
            &cloud.get("networks?not-tags-any=blue").await.body,
            "networks"
        ),
        ["ext01"]
    );

    let removed = cloud.delete(&format!("networks/{a_id}/tags/red")).await;
    assert_eq!(removed.status, 204);
    let missing = cloud.delete(&format!("networks/{a_id}/tags/red")).await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.neutron_type(), "TagNotFound");
    assert_eq!(
        cloud.delete(&format!("networks/{a_id}/tags")).await.status,
        204
    );
    let after = cloud.get(&format!("networks/{a_id}")).await.body["network"].clone();
    assert_eq!(after["tags"], json!([]));
    assert!(after["revision_number"].as_u64().unwrap() > 1);

    let router = cloud.create("router", json!({"name": "r"})).await;
    assert_eq!(
        cloud
            .put(&format!("routers/{}/tags/edge", id(&router)), json!(null))
            .await
            .status,
        201
    );
    assert_eq!(
        names(&cloud.get("routers?tags=edge").await.body, "routers"),
        ["r"]
    );
    assert_eq!(
        cloud
            .put(&format!("networks/{EXT01}/tags/mine"), json!(null))
            .await
            .status,
        403
    );
}

#[tokio::test]
async fn extensions_are_listed() {
    let cloud = Cloud::start().await;
    let reply = cloud.get("extensions").await;
    assert_eq!(reply.status, 200);
    let aliases: Vec<&str> = reply.body["extensions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["alias"].as_str().unwrap())
        .collect();
    for alias in [
        "router",
        "external-net",
        "standard-attr-tag",
        "standard-attr-description",
        "quotas",
        "security-group",
        "subnet_allocation",
    ] {
        assert!(aliases.contains(&alias), "{alias} missing from {aliases:?}");
    }
    assert_eq!(
        cloud.get("extensions/router").await.body["extension"]["alias"],
        "router"
    );
    assert_eq!(cloud.get("extensions/nope").await.status, 404);
}
