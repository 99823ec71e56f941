//! `depth` on IONOS reads (collections and single resources), `offset`/`limit` paging with
//! `_links`, `filter.*`, and the seeded data center, locations and images.

use serde_json::json;

use crate::ionos_helpers::{
    api, assert_error, create, dc, get, ids, lan, server_on, start, DC, UBUNTU_FRA, UBUNTU_TXL,
};

#[tokio::test]
async fn collections_and_resources_by_depth() {
    let cloud = start();
    let lan = lan(&cloud, false).await;
    let server = server_on(&cloud, "deep", &lan).await;

    let refs = get(&cloud, &dc("/servers")).await.body;
    assert_eq!(refs["id"], format!("{DC}/servers"));
    assert_eq!(refs["type"], "collection");
    let item = &refs["items"][0];
    assert_eq!(item["id"], server.as_str());
    assert_eq!(item["type"], "server");
    assert!(item["href"]
        .as_str()
        .unwrap()
        .ends_with(&format!("/servers/{server}")));
    assert_eq!(item.as_object().unwrap().len(), 3, "{item}");

    let one = get(&cloud, &dc("/servers?depth=1")).await.body;
    let item = &one["items"][0];
    assert_eq!(item["properties"]["name"], "deep");
    assert_eq!(item["metadata"]["state"], "AVAILABLE");
    let volumes = &item["entities"]["volumes"];
    assert_eq!(volumes["id"], format!("{server}/volumes"));
    assert!(
        volumes["items"].is_null(),
        "entity links only at depth 1: {volumes}"
    );

    let two = get(&cloud, &dc("/servers?depth=2")).await.body;
    let nics = &two["items"][0]["entities"]["nics"]["items"];
    assert_eq!(nics.as_array().unwrap().len(), 1);
    assert!(nics[0]["properties"].is_null(), "references at depth 2");

    let zero = get(&cloud, &dc(&format!("/servers/{server}"))).await.body;
    assert_eq!(zero["properties"]["cores"], 1);
    assert!(zero["entities"]["nics"]["items"].is_null());
    let one = get(&cloud, &dc(&format!("/servers/{server}?depth=1")))
        .await
        .body;
    assert!(one["entities"]["nics"]["items"][0]["properties"].is_null());
    let two = get(&cloud, &dc(&format!("/servers/{server}?depth=2")))
        .await
        .body;
    let nic = &two["entities"]["nics"]["items"][0];
    assert_eq!(nic["properties"]["lan"], lan.parse::<u32>().unwrap());
    assert!(nic["entities"]["securitygroups"]["items"].is_null());
    let three = get(&cloud, &dc(&format!("/servers/{server}?depth=3")))
        .await
        .body;
    assert!(
        three["entities"]["nics"]["items"][0]["entities"]["securitygroups"]["items"].is_array()
    );

    let datacenter = get(&cloud, &dc("?depth=2")).await.body;
    let servers = &datacenter["entities"]["servers"]["items"];
    assert_eq!(servers[0]["properties"]["name"], "deep");
    assert_eq!(
        datacenter["entities"]["lans"]["items"][0]["id"],
        lan.as_str()
    );

    assert_error(&get(&cloud, &dc("/servers?depth=11")).await, 400, "100");
    assert_error(&get(&cloud, &dc("/servers?depth=x")).await, 400, "100");
}

#[tokio::test]
async fn collections_page_with_offset_and_limit() {
    let cloud = start();
    for _ in 0..5 {
        lan(&cloud, true).await;
    }
    let all = get(&cloud, &dc("/lans")).await.body;
    assert_eq!(ids(&all), ["1", "2", "3", "4", "5"]);
    assert_eq!(all["offset"], 0);
    assert_eq!(all["limit"], 1000);
    assert!(all["_links"]["next"].is_null() && all["_links"]["prev"].is_null());

    let page = get(&cloud, &dc("/lans?offset=2&limit=2")).await.body;
    assert_eq!(ids(&page), ["3", "4"]);
    assert_eq!(page["offset"], 2);
    assert_eq!(page["limit"], 2);
    let links = &page["_links"];
    assert!(links["self"]
        .as_str()
        .unwrap()
        .ends_with("/lans?offset=2&limit=2"));
    assert!(links["prev"]
        .as_str()
        .unwrap()
        .ends_with("/lans?offset=0&limit=2"));
    assert!(links["next"]
        .as_str()
        .unwrap()
        .ends_with("/lans?offset=4&limit=2"));
    let last = get(&cloud, &dc("/lans?offset=4&limit=2")).await.body;
    assert_eq!(ids(&last), ["5"]);
    assert!(last["_links"]["next"].is_null());

    assert_error(&get(&cloud, &dc("/lans?limit=0")).await, 400, "100");
    assert_error(&get(&cloud, &dc("/lans?limit=10001")).await, 400, "100");
    assert_error(&get(&cloud, &dc("/lans?offset=-1")).await, 400, "100");
}

#[tokio::test]
async fn filters_match_properties() {
    let cloud = start();
    create(
        &cloud,
        &dc("/lans"),
        json!({"properties": {"name": "frontend", "public": true}}),
    )
    .await;
    create(
        &cloud,
        &dc("/lans"),
        json!({"properties": {"name": "backend"}}),
    )
    .await;
    let front = get(&cloud, &dc("/lans?filter.name=FRONT")).await.body;
    assert_eq!(ids(&front), ["1"]);
    let private = get(&cloud, &dc("/lans?filter.public=false")).await.body;
    assert_eq!(ids(&private), ["2"]);
    let ubuntu = get(
        &cloud,
        &api("/images?filter.location=de/txl&filter.imageAliases=ubuntu:latest"),
    )
    .await
    .body;
    assert_eq!(ids(&ubuntu), [UBUNTU_TXL]);
}

#[tokio::test]
async fn seeded_data_center_locations_and_images() {
    let cloud = start();
    let datacenters = get(&cloud, &api("/datacenters?depth=1")).await.body;
    assert_eq!(ids(&datacenters), [DC]);
    let props = &datacenters["items"][0]["properties"];
    assert_eq!(props["name"], "emulator-dc");
    assert_eq!(props["location"], "de/fra");
    assert_error(&get(&cloud, &api("/datacenters/nope")).await, 404, "309");

    let locations = get(&cloud, &api("/locations?depth=1")).await.body;
    assert_eq!(ids(&locations), ["de/fra", "de/txl"]);
    let fra = get(&cloud, &api("/locations/de/fra")).await.body;
    assert_eq!(fra["type"], "location");
    let aliases = fra["properties"]["imageAliases"].as_array().unwrap();
    assert!(aliases.contains(&json!("ubuntu:latest")) && aliases.contains(&json!("debian:12")));
    let cpu = &fra["properties"]["cpuArchitecture"][0];
    assert!(
        cpu["cpuFamily"].is_string() && cpu["maxCores"].is_number() && cpu["maxRam"].is_number()
    );
    assert_eq!(
        ids(&get(&cloud, &api("/locations/de")).await.body),
        ["de/fra", "de/txl"]
    );
    assert_error(&get(&cloud, &api("/locations/us")).await, 404, "309");
    assert_error(&get(&cloud, &api("/locations/de/xyz")).await, 404, "309");

    let images = get(&cloud, &api("/images?depth=1")).await.body;
    let items = images["items"].as_array().unwrap();
    assert_eq!(items.len(), 6);
    let named = |location: &str| {
        items
            .iter()
            .find(|i| {
                i["properties"]["name"] == "ubuntu-24.04-server-cloudimg-amd64"
                    && i["properties"]["location"] == location
            })
            .map(|i| i["id"].clone())
            .unwrap()
    };
    assert_eq!(named("de/fra"), UBUNTU_FRA);
    assert_eq!(named("de/txl"), UBUNTU_TXL);
    let ubuntu = get(&cloud, &api(&format!("/images/{UBUNTU_FRA}")))
        .await
        .body;
    let props = &ubuntu["properties"];
    assert_eq!(props["size"], 3.5);
    assert_eq!(props["licenceType"], "LINUX");
    assert_eq!(props["imageType"], "HDD");
    assert_eq!(props["cloudInit"], "V1");
    assert_eq!(props["public"], true);
    assert_eq!(
        props["imageAliases"],
        json!(["ubuntu:latest", "ubuntu:24.04"])
    );
    assert!(ubuntu["metadata"]["createdDate"].is_string());
    assert_error(&get(&cloud, &api("/images/nope")).await, 404, "309");
}
