//! Every IONOS mutation is a request: 202 + `Location`, status QUEUED -> RUNNING -> DONE over the
//! provision delay, resources BUSY meanwhile; `/requests` lists them.

use reqwest::Method;
use serde_json::json;

use crate::ionos_helpers::{api, assert_error, call, dc, delete, done, get, start, start_slow, DC};

#[tokio::test]
async fn a_request_is_queued_then_running_then_done() {
    let cloud = start_slow(400);
    let created = call(
        &cloud,
        Method::POST,
        &dc("/lans"),
        Some(json!({"properties": {"name": "slow"}})),
    )
    .await;
    assert_eq!(created.status, 202, "{}", created.body);
    assert_eq!(created.body["metadata"]["state"], "BUSY");
    let location = created.headers["location"].to_str().unwrap().to_string();
    let prefix = format!("{}/ionos/cloudapi/v6/requests/", cloud.emulator.url());
    assert!(
        location.starts_with(&prefix) && location.ends_with("/status"),
        "{location}"
    );
    let lan = dc("/lans/1");

    let first = get(&cloud, &location).await.body;
    assert_eq!(first["type"], "request-status");
    assert_eq!(first["href"], location.as_str());
    assert_eq!(first["metadata"]["status"], "QUEUED", "{first}");
    let target = &first["metadata"]["targets"][0];
    assert_eq!(target["target"]["id"], "1");
    assert_eq!(target["target"]["type"], "lan");
    assert_eq!(target["status"], "QUEUED");
    let second = get(&cloud, &location).await.body;
    assert_eq!(second["metadata"]["status"], "RUNNING", "{second}");
    assert_eq!(get(&cloud, &lan).await.body["metadata"]["state"], "BUSY");

    tokio::time::sleep(std::time::Duration::from_millis(450)).await;
    let last = get(&cloud, &location).await.body;
    assert_eq!(last["metadata"]["status"], "DONE", "{last}");
    assert_eq!(last["metadata"]["targets"][0]["status"], "DONE");
    assert_eq!(
        get(&cloud, &lan).await.body["metadata"]["state"],
        "AVAILABLE"
    );
}

#[tokio::test]
async fn a_deleted_resource_is_there_until_its_request_is_done() {
    let cloud = start_slow(300);
    let created = call(
        &cloud,
        Method::POST,
        &dc("/lans"),
        Some(json!({"properties": {"public": true}})),
    )
    .await;
    done(&cloud, &created).await;
    let removed = call(&cloud, Method::DELETE, &dc("/lans/1"), None).await;
    assert_eq!(removed.status, 202);
    assert!(removed.body.is_null(), "a delete answers without a body");
    assert!(removed.headers.contains_key("location"));
    let during = get(&cloud, &dc("/lans/1")).await;
    assert_eq!(during.status, 200);
    assert_eq!(during.body["metadata"]["state"], "BUSY");
    done(&cloud, &removed).await;
    assert_error(&get(&cloud, &dc("/lans/1")).await, 404, "309");
}

#[tokio::test]
async fn requests_are_listed_and_shown_by_depth() {
    let cloud = start();
    let created = call(
        &cloud,
        Method::POST,
        &dc("/lans"),
        Some(json!({"properties": {"name": "a"}})),
    )
    .await;
    done(&cloud, &created).await;
    delete(&cloud, &dc("/lans/1")).await;
    let id = |reply: &crate::helpers::Reply| {
        let location = reply.headers["location"].to_str().unwrap();
        location.rsplit('/').nth(1).unwrap().to_string()
    };
    let request = id(&created);

    let list = get(&cloud, &api("/requests")).await.body;
    assert_eq!(list["type"], "collection");
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
    assert!(
        list["items"][0]["properties"].is_null(),
        "references at depth 0"
    );
    let deep = get(&cloud, &api("/requests?depth=2&limit=1&offset=1"))
        .await
        .body;
    assert_eq!(deep["items"].as_array().unwrap().len(), 1);
    assert_eq!(deep["items"][0]["id"], request.as_str(), "newest first");
    assert_eq!(
        deep["items"][0]["metadata"]["requestStatus"]["metadata"]["status"],
        "DONE"
    );

    let shallow = get(&cloud, &api(&format!("/requests/{request}")))
        .await
        .body;
    assert_eq!(shallow["type"], "request");
    assert_eq!(shallow["properties"]["method"], "POST");
    assert!(shallow["properties"]["url"]
        .as_str()
        .unwrap()
        .ends_with(&format!("/datacenters/{DC}/lans")));
    assert!(shallow["properties"]["body"]
        .as_str()
        .unwrap()
        .contains("\"a\""));
    assert!(shallow["metadata"]["requestStatus"]["metadata"].is_null());
    let full = get(&cloud, &api(&format!("/requests/{request}?depth=1")))
        .await
        .body;
    assert_eq!(
        full["metadata"]["requestStatus"]["metadata"]["status"],
        "DONE"
    );

    assert_error(
        &get(&cloud, &api("/requests/nope/status")).await,
        404,
        "309",
    );
    assert_error(&get(&cloud, &api("/requests/nope")).await, 404, "309");
}
