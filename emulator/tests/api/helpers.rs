//! A started emulator plus a logged-in HTTP client.

use reqwest::{Client, Method};
use serde_json::{json, Value};
use sovereign_emulator::{defaults, Emulator, EmulatorConfig};

/// Id of the seeded external network.
pub const EXT01: &str = defaults::EXTERNAL_NETWORK_ID;

/// An emulator with a client holding a project-scoped token.
pub struct Cloud {
    pub emulator: Emulator,
    pub http: Client,
    pub token: String,
}

/// The password auth body for the default user and project.
pub fn password_auth(password: &str) -> Value {
    json!({"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": defaults::OS_USERNAME,
            "domain": {"name": defaults::OS_DOMAIN},
            "password": password,
        }}},
        "scope": {"project": {"name": defaults::OS_PROJECT_NAME, "domain": {"name": defaults::OS_DOMAIN}}},
    }})
}

/// The password auth body for the default OTC user, scoped to `scope`.
pub fn otc_auth(password: &str, scope: Value) -> Value {
    json!({"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": defaults::OTC_USERNAME,
            "domain": {"name": defaults::OTC_DOMAIN_NAME},
            "password": password,
        }}},
        "scope": scope,
    }})
}

/// The project scope `eu-de` of the OTC domain.
pub fn otc_project_scope() -> Value {
    json!({"project": {"name": defaults::OTC_PROJECT_NAME, "domain": {"name": defaults::OTC_DOMAIN_NAME}}})
}

/// A response status and its JSON body (`Null` when empty).
pub struct Reply {
    pub status: u16,
    pub body: Value,
    pub headers: reqwest::header::HeaderMap,
}

impl Reply {
    /// The NeutronError type of an error body.
    pub fn neutron_type(&self) -> &str {
        self.body["NeutronError"]["type"].as_str().unwrap_or("")
    }

    /// The NeutronError message of an error body.
    pub fn neutron_message(&self) -> &str {
        self.body["NeutronError"]["message"].as_str().unwrap_or("")
    }
}

impl Cloud {
    /// Starts an emulator with default knobs and logs in.
    pub async fn start() -> Cloud {
        Cloud::start_with(EmulatorConfig::default()).await
    }

    /// Starts an emulator with `config` and logs in.
    pub async fn start_with(config: EmulatorConfig) -> Cloud {
        let emulator = Emulator::start(config).expect("emulator starts");
        let mut cloud = Cloud {
            emulator,
            http: Client::new(),
            token: String::new(),
        };
        cloud.token = cloud.login().await;
        cloud
    }

    /// Starts an emulator with `config` and logs in to OTC's IAM (project `eu-de`).
    pub async fn start_otc_with(config: EmulatorConfig) -> Cloud {
        let emulator = Emulator::start(config).expect("emulator starts");
        let mut cloud = Cloud {
            emulator,
            http: Client::new(),
            token: String::new(),
        };
        cloud.token = cloud.otc_login().await;
        cloud
    }

    /// Starts an emulator with default knobs and logs in to OTC.
    pub async fn start_otc() -> Cloud {
        Cloud::start_otc_with(EmulatorConfig::default()).await
    }

    /// Issues a fresh OTC token scoped to project `eu-de`.
    pub async fn otc_login(&self) -> String {
        let body = otc_auth(defaults::OTC_PASSWORD, otc_project_scope());
        let reply = self
            .send(Method::POST, "/otc/v3/auth/tokens", Some(body), Some(""))
            .await;
        assert_eq!(reply.status, 201, "OTC login: {}", reply.body);
        reply.headers["x-subject-token"]
            .to_str()
            .unwrap()
            .to_string()
    }

    /// Issues a fresh password token.
    pub async fn login(&self) -> String {
        let reply = self
            .send(
                Method::POST,
                "/plusserver/v3/auth/tokens",
                Some(password_auth(defaults::OS_PASSWORD)),
                None,
            )
            .await;
        assert_eq!(reply.status, 201, "login: {}", reply.body);
        reply.headers["x-subject-token"]
            .to_str()
            .unwrap()
            .to_string()
    }

    /// Absolute URL of `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.emulator.url())
    }

    /// Sends a request; `token` overrides the client's own token (`Some("")` sends none).
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        token: Option<&str>,
    ) -> Reply {
        self.send_with(method, path, body, token, &[]).await
    }

    /// Sends a request with the client's token and extra headers.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Reply {
        self.send_with(method, path, body, None, headers).await
    }

    async fn send_with(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        token: Option<&str>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let url = if path.starts_with("http") {
            path.to_string()
        } else {
            self.url(path)
        };
        let mut request = self.http.request(method, url);
        let token = token.unwrap_or(&self.token);
        if !token.is_empty() {
            request = request.header("X-Auth-Token", token);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request is answered");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.expect("body");
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        Reply {
            status,
            body,
            headers,
        }
    }

    /// Neutron path for `rest` (e.g. `networks`).
    pub fn neutron(rest: &str) -> String {
        format!("/plusserver/network/v2.0/{rest}")
    }

    /// GET a Neutron path.
    pub async fn get(&self, rest: &str) -> Reply {
        self.send(Method::GET, &Cloud::neutron(rest), None, None)
            .await
    }

    /// POST to a Neutron path.
    pub async fn post(&self, rest: &str, body: Value) -> Reply {
        self.send(Method::POST, &Cloud::neutron(rest), Some(body), None)
            .await
    }

    /// PUT to a Neutron path.
    pub async fn put(&self, rest: &str, body: Value) -> Reply {
        self.send(Method::PUT, &Cloud::neutron(rest), Some(body), None)
            .await
    }

    /// DELETE a Neutron path.
    pub async fn delete(&self, rest: &str) -> Reply {
        self.send(Method::DELETE, &Cloud::neutron(rest), None, None)
            .await
    }

    /// Creates a resource (`kind` singular) and returns its body; panics unless 201.
    pub async fn create(&self, kind: &str, attrs: Value) -> Value {
        let reply = self.post(&format!("{kind}s"), json!({ kind: attrs })).await;
        assert_eq!(reply.status, 201, "create {kind}: {}", reply.body);
        reply.body[kind].clone()
    }

    /// Creates a resource `kind` in the collection at `path` (e.g. `security-groups`); panics unless 201.
    pub async fn create_in(&self, path: &str, kind: &str, attrs: Value) -> Value {
        let reply = self.post(path, json!({ kind: attrs })).await;
        assert_eq!(reply.status, 201, "create {kind}: {}", reply.body);
        reply.body[kind].clone()
    }

    /// Creates a network named `name` with one IPv4 subnet `cidr`; returns (network id, subnet id).
    pub async fn network_with_subnet(&self, name: &str, cidr: &str) -> (String, String) {
        let net = self.create("network", json!({"name": name})).await;
        let net_id = net["id"].as_str().unwrap().to_string();
        let subnet = self
            .create(
                "subnet",
                json!({"network_id": net_id, "ip_version": 4, "cidr": cidr}),
            )
            .await;
        (net_id, subnet["id"].as_str().unwrap().to_string())
    }

    /// GET an admin path (`/_emulator/...`).
    pub async fn admin(&self, method: Method, rest: &str, body: Option<Value>) -> Reply {
        self.send(method, &format!("/_emulator/{rest}"), body, Some(""))
            .await
    }
}

/// Polls `path` (with the client's token) until the JSON pointer `pointer` reads `wanted`;
/// panics after five seconds. Returns the last body.
pub async fn wait_for(cloud: &Cloud, path: &str, pointer: &str, wanted: &str) -> Value {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let reply = cloud.send(Method::GET, path, None, None).await;
        if reply.body.pointer(pointer).and_then(Value::as_str) == Some(wanted) {
            return reply.body;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{path}: {pointer} never became {wanted}: {}",
            reply.body
        );
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
}

/// Polls `path` until it answers 404; panics after five seconds.
pub async fn wait_gone(cloud: &Cloud, path: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let reply = cloud.send(Method::GET, path, None, None).await;
        if reply.status == 404 {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{path} is still there: {}",
            reply.body
        );
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
}

/// The `id` of a body.
pub fn id(body: &Value) -> String {
    body["id"].as_str().expect("body has an id").to_string()
}
