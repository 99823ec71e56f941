//! Keystone: version documents, token issue/validation, catalog, 401s, expiry.

use std::time::Duration;

use reqwest::Method;
use serde_json::json;
use sovereign_emulator::{defaults, EmulatorConfig};

use crate::helpers::{password_auth, Cloud};

const TOKENS: &str = "/plusserver/v3/auth/tokens";

#[tokio::test]
async fn version_documents_point_back_at_the_emulator() {
    let cloud = Cloud::start().await;
    let root = cloud.send(Method::GET, "/plusserver", None, Some("")).await;
    assert_eq!(root.status, 300);
    let v3 = &root.body["versions"]["values"][0];
    assert_eq!(v3["id"], "v3.14");
    assert_eq!(v3["status"], "stable");
    assert_eq!(v3["links"][0]["href"], cloud.url("/plusserver/v3/"));
    let version = cloud
        .send(Method::GET, "/plusserver/v3", None, Some(""))
        .await;
    assert_eq!(version.status, 200);
    assert_eq!(version.body["version"]["id"], "v3.14");
    let neutron = cloud
        .send(Method::GET, "/plusserver/network", None, Some(""))
        .await;
    assert_eq!(neutron.status, 200);
    assert_eq!(neutron.body["versions"][0]["id"], "v2.0");
    assert_eq!(
        neutron.body["versions"][0]["links"][0]["href"],
        cloud.url("/plusserver/network/v2.0/")
    );
}

#[tokio::test]
async fn password_token_has_project_roles_and_catalog() {
    let cloud = Cloud::start().await;
    let reply = cloud
        .send(
            Method::POST,
            TOKENS,
            Some(password_auth(defaults::OS_PASSWORD)),
            Some(""),
        )
        .await;
    assert_eq!(reply.status, 201);
    assert!(reply.headers.contains_key("x-subject-token"));
    assert!(reply.headers["x-openstack-request-id"]
        .to_str()
        .unwrap()
        .starts_with("req-"));
    let token = &reply.body["token"];
    assert_eq!(token["methods"], json!(["password"]));
    assert_eq!(token["user"]["name"], defaults::OS_USERNAME);
    assert_eq!(token["user"]["domain"]["name"], defaults::OS_DOMAIN);
    assert_eq!(token["project"]["id"], defaults::PROJECT_ID);
    assert_eq!(token["project"]["name"], defaults::OS_PROJECT_NAME);
    assert!(token["roles"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["name"] == "member"));
    assert!(token["expires_at"].as_str().unwrap().ends_with('Z'));

    let catalog = token["catalog"].as_array().unwrap();
    let service = |kind: &str| catalog.iter().find(|s| s["type"] == kind).unwrap().clone();
    let network = service("network");
    assert_eq!(network["name"], "neutron");
    let identity = service("identity");
    for (svc, path) in [
        (&network, "/plusserver/network"),
        (&identity, "/plusserver"),
    ] {
        let endpoints = svc["endpoints"].as_array().unwrap();
        let mut interfaces: Vec<&str> = endpoints
            .iter()
            .map(|e| e["interface"].as_str().unwrap())
            .collect();
        interfaces.sort();
        assert_eq!(interfaces, ["admin", "internal", "public"]);
        for endpoint in endpoints {
            assert_eq!(endpoint["url"], cloud.url(path));
            assert_eq!(endpoint["region"], defaults::REGION);
            assert_eq!(endpoint["region_id"], defaults::REGION);
        }
    }
}

#[tokio::test]
async fn catalog_follows_the_host_header() {
    let cloud = Cloud::start().await;
    let response = cloud
        .http
        .post(cloud.url(TOKENS))
        .header("Host", "emulator.example:9999")
        .json(&password_auth(defaults::OS_PASSWORD))
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = response.json().await.unwrap();
    let url = &body["token"]["catalog"][0]["endpoints"][0]["url"];
    assert!(
        url.as_str()
            .unwrap()
            .starts_with("http://emulator.example:9999/plusserver"),
        "{url}"
    );
}

#[tokio::test]
async fn user_and_project_by_id_work() {
    let cloud = Cloud::start().await;
    let body = json!({"auth": {
        "identity": {"methods": ["password"], "password": {"user": {"id": defaults::USER_ID, "password": defaults::OS_PASSWORD}}},
        "scope": {"project": {"id": defaults::PROJECT_ID}},
    }});
    let reply = cloud.send(Method::POST, TOKENS, Some(body), Some("")).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(reply.body["token"]["project"]["id"], defaults::PROJECT_ID);
}

#[tokio::test]
async fn application_credential_by_id_and_by_name() {
    let cloud = Cloud::start().await;
    let by_id = json!({"auth": {"identity": {"methods": ["application_credential"], "application_credential": {
        "id": defaults::APP_CREDENTIAL_ID, "secret": defaults::APP_CREDENTIAL_SECRET,
    }}}});
    let reply = cloud
        .send(Method::POST, TOKENS, Some(by_id), Some(""))
        .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    let token = &reply.body["token"];
    assert_eq!(token["methods"], json!(["application_credential"]));
    assert_eq!(token["project"]["id"], defaults::PROJECT_ID);
    assert_eq!(
        token["application_credential"]["id"],
        defaults::APP_CREDENTIAL_ID
    );
    let subject = reply.headers["x-subject-token"]
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(
        cloud
            .send(
                Method::GET,
                &Cloud::neutron("networks"),
                None,
                Some(&subject)
            )
            .await
            .status,
        200
    );

    let by_name = json!({"auth": {"identity": {"methods": ["application_credential"], "application_credential": {
        "name": defaults::APP_CREDENTIAL_NAME, "secret": defaults::APP_CREDENTIAL_SECRET,
        "user": {"name": defaults::OS_USERNAME, "domain": {"name": defaults::OS_DOMAIN}},
    }}}});
    assert_eq!(
        cloud
            .send(Method::POST, TOKENS, Some(by_name), Some(""))
            .await
            .status,
        201
    );

    let wrong = json!({"auth": {"identity": {"methods": ["application_credential"], "application_credential": {
        "id": defaults::APP_CREDENTIAL_ID, "secret": "nope",
    }}}});
    assert_eq!(
        cloud
            .send(Method::POST, TOKENS, Some(wrong), Some(""))
            .await
            .status,
        401
    );
}

#[tokio::test]
async fn bad_credentials_get_keystone_401() {
    let cloud = Cloud::start().await;
    let reply = cloud
        .send(Method::POST, TOKENS, Some(password_auth("wrong")), Some(""))
        .await;
    assert_eq!(reply.status, 401);
    assert_eq!(
        reply.body,
        json!({"error": {"code": 401, "title": "Unauthorized", "message": "The request you have made requires authentication."}})
    );
    let mut other_project = password_auth(defaults::OS_PASSWORD);
    other_project["auth"]["scope"]["project"]["name"] = json!("someone-else");
    assert_eq!(
        cloud
            .send(Method::POST, TOKENS, Some(other_project), Some(""))
            .await
            .status,
        401
    );
}

#[tokio::test]
async fn malformed_auth_body_is_400() {
    let cloud = Cloud::start().await;
    let response = cloud
        .http
        .post(cloud.url(TOKENS))
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], 400);
    assert_eq!(body["error"]["title"], "Bad Request");
    let missing = cloud
        .send(Method::POST, TOKENS, Some(json!({"auth": {}})), Some(""))
        .await;
    assert_eq!(missing.status, 400);
}

#[tokio::test]
async fn unknown_or_missing_token_on_service_routes_is_401() {
    let cloud = Cloud::start().await;
    let unknown = cloud
        .send(
            Method::GET,
            &Cloud::neutron("networks"),
            None,
            Some("gAAAAAbogus"),
        )
        .await;
    assert_eq!(unknown.status, 401);
    assert_eq!(
        unknown.body["error"]["message"],
        "The request you have made requires authentication."
    );
    let missing = cloud
        .send(Method::GET, &Cloud::neutron("networks"), None, Some(""))
        .await;
    assert_eq!(missing.status, 401);
    assert_eq!(cloud.get("networks").await.status, 200);
}

#[tokio::test]
async fn token_validation_and_revocation() {
    let cloud = Cloud::start().await;
    let other = cloud.login().await;
    let validate = |subject: String| {
        let cloud = &cloud;
        async move {
            cloud
                .http
                .get(cloud.url(TOKENS))
                .header("X-Auth-Token", &cloud.token)
                .header("X-Subject-Token", subject)
                .send()
                .await
                .unwrap()
        }
    };
    let ok = validate(other.clone()).await;
    assert_eq!(ok.status().as_u16(), 200);
    assert_eq!(ok.headers()["x-subject-token"].to_str().unwrap(), other);
    let body: serde_json::Value = ok.json().await.unwrap();
    assert_eq!(body["token"]["project"]["id"], defaults::PROJECT_ID);
    assert_eq!(validate("gAAAAAnope".into()).await.status().as_u16(), 404);

    let revoke = cloud
        .http
        .delete(cloud.url(TOKENS))
        .header("X-Auth-Token", &cloud.token)
        .header("X-Subject-Token", &other)
        .send()
        .await
        .unwrap();
    assert_eq!(revoke.status().as_u16(), 204);
    assert_eq!(validate(other.clone()).await.status().as_u16(), 404);
    assert_eq!(
        cloud
            .send(Method::GET, &Cloud::neutron("networks"), None, Some(&other))
            .await
            .status,
        401
    );
}

#[tokio::test]
async fn tokens_expire_after_the_ttl() {
    let config = EmulatorConfig {
        token_ttl: Duration::from_millis(300),
        ..EmulatorConfig::default()
    };
    let cloud = Cloud::start_with(config).await;
    assert_eq!(cloud.get("networks").await.status, 200);
    tokio::time::sleep(Duration::from_millis(450)).await;
    assert_eq!(cloud.get("networks").await.status, 401);
}
