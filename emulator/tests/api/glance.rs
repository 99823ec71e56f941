//! Glance: the seeded public images, filters, paging and errors.

use reqwest::Method;
use serde_json::Value;

use crate::helpers::Cloud;

fn names(body: &Value) -> Vec<String> {
    body["images"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn versions_and_catalog() {
    let cloud = Cloud::start().await;
    let versions = cloud
        .send(Method::GET, "/plusserver/image", None, Some(""))
        .await;
    assert_eq!(versions.status, 300);
    assert_eq!(versions.body["versions"][0]["status"], "CURRENT");
    assert!(versions.body["versions"][0]["links"][0]["href"]
        .as_str()
        .unwrap()
        .ends_with("/plusserver/image/v2/"));
    let unauthenticated = cloud
        .send(Method::GET, "/plusserver/image/v2/images", None, Some(""))
        .await;
    assert_eq!(unauthenticated.status, 401);
}

#[tokio::test]
async fn images_are_listed_filtered_and_paged() {
    let cloud = Cloud::start().await;
    let all = cloud
        .send(Method::GET, "/plusserver/image/v2/images", None, None)
        .await;
    assert_eq!(all.status, 200);
    assert_eq!(
        names(&all.body),
        ["Ubuntu 24.04", "Debian 12", "Ubuntu 22.04"]
    );
    assert_eq!(all.body["first"], "/v2/images");
    assert_eq!(all.body["schema"], "/v2/schemas/images");
    assert!(all.body.get("next").is_none());
    let ubuntu = &all.body["images"][0];
    for (key, value) in [
        ("status", "active"),
        ("visibility", "public"),
        ("disk_format", "qcow2"),
        ("container_format", "bare"),
        ("os_distro", "ubuntu"),
    ] {
        assert_eq!(ubuntu[key], value, "{key}");
    }
    assert_eq!(ubuntu["min_disk"], 8);
    assert_eq!(all.body["images"][1]["min_disk"], 4);
    assert!(ubuntu["size"].as_u64().unwrap() > 0);

    let by_name = cloud
        .send(
            Method::GET,
            "/plusserver/image/v2/images?name=Debian%2012",
            None,
            None,
        )
        .await;
    assert_eq!(names(&by_name.body), ["Debian 12"]);
    let filtered = cloud
        .send(
            Method::GET,
            "/plusserver/image/v2/images?status=active&visibility=public&os_distro=ubuntu",
            None,
            None,
        )
        .await;
    assert_eq!(names(&filtered.body), ["Ubuntu 24.04", "Ubuntu 22.04"]);
    let private = cloud
        .send(
            Method::GET,
            "/plusserver/image/v2/images?visibility=private",
            None,
            None,
        )
        .await;
    assert_eq!(names(&private.body), Vec::<String>::new());

    let page = cloud
        .send(
            Method::GET,
            "/plusserver/image/v2/images?limit=2",
            None,
            None,
        )
        .await;
    assert_eq!(names(&page.body), ["Ubuntu 24.04", "Debian 12"]);
    let next = page.body["next"].as_str().unwrap().to_string();
    assert!(next.starts_with("/v2/images?"), "{next}");
    let rest = cloud
        .send(Method::GET, &format!("/plusserver/image{next}"), None, None)
        .await;
    assert_eq!(names(&rest.body), ["Ubuntu 22.04"]);
}

#[tokio::test]
async fn image_errors() {
    let cloud = Cloud::start().await;
    let id = "c7e1f3a5-9d2b-4c6e-8a1f-5b3d7e9c2a46";
    let one = cloud
        .send(
            Method::GET,
            &format!("/plusserver/image/v2/images/{id}"),
            None,
            None,
        )
        .await;
    assert_eq!(one.status, 200);
    assert_eq!(one.body["name"], "Ubuntu 24.04");
    let missing = cloud
        .send(Method::GET, "/plusserver/image/v2/images/nope", None, None)
        .await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.body["code"], "404 Not Found");
    assert_eq!(missing.body["title"], "Not Found");
    let bad_marker = cloud
        .send(
            Method::GET,
            "/plusserver/image/v2/images?marker=nope",
            None,
            None,
        )
        .await;
    assert_eq!(bad_marker.status, 400);
    let bad_limit = cloud
        .send(
            Method::GET,
            "/plusserver/image/v2/images?limit=-1",
            None,
            None,
        )
        .await;
    assert_eq!(bad_limit.status, 400);
    let unknown = cloud
        .send(Method::GET, "/plusserver/image/v2/nothing", None, None)
        .await;
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.body["code"], "404 Not Found");
}
