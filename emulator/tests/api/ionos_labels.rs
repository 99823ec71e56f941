//! IONOS labels on servers, volumes and IP blocks: synchronous (201/200, no request), one
//! per key, gone with their resource.

use reqwest::Method;
use serde_json::json;

use crate::ionos_helpers::{
    api, assert_error, call, create, dc, delete, get, ids, lan, server_on, start,
};

#[tokio::test]
async fn labels_are_set_changed_and_removed_at_once() {
    let cloud = start();
    let lan = lan(&cloud, false).await;
    let server = server_on(&cloud, "labelled", &lan).await;
    let labels = dc(&format!("/servers/{server}/labels"));

    let added = call(
        &cloud,
        Method::POST,
        &labels,
        Some(json!({"properties": {"key": "env", "value": "test"}})),
    )
    .await;
    assert_eq!(added.status, 201, "{}", added.body);
    assert!(
        !added.headers.contains_key("location"),
        "labels change at once"
    );
    assert_eq!(added.body["id"], "env");
    assert_eq!(added.body["type"], "label");
    assert_eq!(added.body["properties"]["value"], "test");
    assert!(added.body["metadata"]["state"].is_null());
    let twice = call(
        &cloud,
        Method::POST,
        &labels,
        Some(json!({"properties": {"key": "env", "value": "again"}})),
    )
    .await;
    assert_error(&twice, 409, "300");
    call(
        &cloud,
        Method::POST,
        &labels,
        Some(json!({"properties": {"key": "team", "value": "core"}})),
    )
    .await;
    let listed = get(&cloud, &format!("{labels}?depth=1")).await.body;
    assert_eq!(ids(&listed), ["env", "team"]);
    assert_eq!(listed["items"][1]["properties"]["value"], "core");

    let changed = call(
        &cloud,
        Method::PUT,
        &format!("{labels}/env"),
        Some(json!({"properties": {"key": "env", "value": "prod"}})),
    )
    .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(
        get(&cloud, &format!("{labels}/env")).await.body["properties"]["value"],
        "prod"
    );
    let renamed = call(
        &cloud,
        Method::PUT,
        &format!("{labels}/env"),
        Some(json!({"properties": {"key": "other", "value": "x"}})),
    )
    .await;
    assert_error(&renamed, 422, "200");
    let missing = call(
        &cloud,
        Method::PUT,
        &format!("{labels}/nope"),
        Some(json!({"properties": {"value": "x"}})),
    )
    .await;
    assert_error(&missing, 404, "309");

    let removed = call(&cloud, Method::DELETE, &format!("{labels}/team"), None).await;
    assert_eq!(removed.status, 200);
    assert_error(&get(&cloud, &format!("{labels}/team")).await, 404, "309");
    let no_key = call(
        &cloud,
        Method::POST,
        &labels,
        Some(json!({"properties": {"value": "v"}})),
    )
    .await;
    assert_error(&no_key, 422, "200");

    delete(&cloud, &dc(&format!("/servers/{server}"))).await;
    assert_error(&get(&cloud, &labels).await, 404, "309");
}

#[tokio::test]
async fn volumes_and_ip_blocks_have_labels_too() {
    let cloud = start();
    let volume = create(&cloud, &dc("/volumes"), json!({"properties": {"size": 1}})).await;
    let block = create(
        &cloud,
        &api("/ipblocks"),
        json!({"properties": {"location": "de/fra", "size": 1}}),
    )
    .await;
    for labels in [
        dc(&format!("/volumes/{volume}/labels")),
        api(&format!("/ipblocks/{block}/labels")),
    ] {
        let added = call(
            &cloud,
            Method::POST,
            &labels,
            Some(json!({"properties": {"key": "k", "value": "v"}})),
        )
        .await;
        assert_eq!(added.status, 201, "{}", added.body);
        assert!(added.body["href"]
            .as_str()
            .unwrap()
            .ends_with(&format!("{labels}/k")));
        assert_eq!(ids(&get(&cloud, &labels).await.body), ["k"]);
    }
    assert_error(&get(&cloud, &dc("/volumes/nope/labels")).await, 404, "309");
    assert_error(
        &get(&cloud, &api("/ipblocks/nope/labels")).await,
        404,
        "309",
    );
}
