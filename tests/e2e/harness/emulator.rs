//! An emulator per test, with the environment that points terraform and the clouds' tools at it.

use serde_json::Value;
use sovereign_emulator::{Emulator, EmulatorConfig};

use super::profiles::{Profile, PLUSSERVER};

/// A running emulator and the `env <cloud>` variables for one of its clouds.
pub struct Cloud {
    emulator: Emulator,
    config: EmulatorConfig,
    /// The cloud the variables point at.
    pub profile: &'static Profile,
    /// The variables `sovereign-emulator env <cloud>` prints, but for the access key pair.
    pub vars: Vec<(String, String)>,
    /// The access key pair `env` prints for clouds that sign requests (OTC's
    /// `OS_ACCESS_KEY`/`OS_SECRET_KEY`); kept apart, so that tests log in with the password
    /// unless they ask for AK/SK.
    pub access_keys: Vec<(String, String)>,
}

impl Cloud {
    /// A fresh emulated plusserver.
    pub fn plusserver() -> Cloud {
        Cloud::start(&PLUSSERVER, EmulatorConfig::default())
    }

    /// A fresh emulator with these knobs, and the variables for `profile`'s cloud.
    pub fn start(profile: &'static Profile, config: EmulatorConfig) -> Cloud {
        let emulator = Emulator::start(config.clone()).expect("start the emulator");
        let (access_keys, vars) = sovereign_emulator::env_vars(profile.name, &emulator.url())
            .unwrap_or_else(|e| panic!("the emulator serves {}: {e}", profile.name))
            .into_iter()
            .partition(|(name, _)| name == "OS_ACCESS_KEY" || name == "OS_SECRET_KEY");
        Cloud {
            emulator,
            config,
            profile,
            vars,
            access_keys,
        }
    }

    /// Stops the emulator and starts it again on the same address with the same knobs (with a
    /// `state_file`, it comes back with everything it held).
    pub fn restart(self) -> Cloud {
        let addr = self.emulator.addr();
        drop(self.emulator);
        Cloud {
            emulator: Emulator::start_at(self.config.clone(), addr).expect("restart the emulator"),
            ..self
        }
    }

    /// The emulator's base URL.
    pub fn url(&self) -> String {
        self.emulator.url()
    }

    /// One variable's value.
    pub fn var(&self, name: &str) -> String {
        self.vars
            .iter()
            .chain(&self.access_keys)
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("the emulator's env has no {name}"))
    }

    fn get(&self, path: &str) -> Value {
        let url = format!("{}{path}", self.url());
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async {
            reqwest::get(&url)
                .await
                .expect("the admin API answers")
                .json()
                .await
                .expect("the admin API answers JSON")
        })
    }

    /// `/_emulator/inventory`.
    pub fn inventory(&self) -> Value {
        self.get("/_emulator/inventory")
    }

    /// The number of live objects clients created.
    pub fn live_objects(&self) -> u64 {
        self.inventory()["total"].as_u64().expect("inventory total")
    }

    /// The live objects of one kind (`networks`, `routers`, ...) in this cloud; an IONOS
    /// object's `properties` are lifted to the top, so that `name` and `size` read alike on
    /// every cloud.
    pub fn objects(&self, kind: &str) -> Vec<Value> {
        self.inventory()[self.profile.name][kind]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .map(|mut object| {
                if let Some(Value::Object(properties)) = object.get("properties").cloned() {
                    for (name, value) in properties {
                        object
                            .as_object_mut()
                            .map(|fields| fields.entry(name).or_insert(value));
                    }
                }
                object
            })
            .collect()
    }

    /// `/_emulator/stats`.
    pub fn stats(&self) -> Value {
        self.get("/_emulator/stats")
    }

    /// How many POST requests went to routes ending in `suffix` (`/auth/tokens`, `/token`).
    pub fn posts_to(&self, suffix: &str) -> u64 {
        self.stats()["by_route"]
            .as_object()
            .map(|routes| {
                routes
                    .iter()
                    .filter(|(route, _)| route.starts_with("POST ") && route.ends_with(suffix))
                    .map(|(_, count)| count.as_u64().unwrap_or_default())
                    .sum()
            })
            .unwrap_or_default()
    }

    /// The requests that change something (every method but GET and HEAD, token requests
    /// left out), by route, with their counts.
    pub fn writes(&self) -> Vec<(String, u64)> {
        self.stats()["by_route"]
            .as_object()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .filter(|(route, _)| {
                !(route.starts_with("GET ")
                    || route.starts_with("HEAD ")
                    || route.ends_with("/auth/tokens"))
            })
            .map(|(route, count)| (route, count.as_u64().unwrap_or_default()))
            .collect()
    }

    /// An SDK client for the same cloud, to change things behind terraform's back.
    pub fn sdk(&self) -> sovereign_sdk::Cloud {
        let vars = self.vars.clone();
        let lookup = move |name: &str| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        let config = sovereign_sdk::CloudConfig::from_lookup(&lookup).expect("config from env");
        sovereign_sdk::Cloud::connect_with(config, &lookup).expect("connect")
    }

    /// Puts one small object into `bucket` over the cloud's S3 endpoint, signed with the
    /// `AWS_*` keys (terraform never writes objects; users do).
    pub fn put_object(&self, bucket: &str, key: &str) {
        use sovereign_sdk::http::{HttpClient, HttpRequest, RetryPolicy};
        use sovereign_sdk::s3::{sign, S3Credentials};
        let credentials = S3Credentials {
            access_key: self.var("AWS_ACCESS_KEY_ID"),
            secret_key: self.var("AWS_SECRET_ACCESS_KEY").into(),
            region: self.var("AWS_REGION"),
        };
        let url = format!("{}/{bucket}/{key}", self.var("AWS_ENDPOINT_URL_S3"));
        let request = HttpRequest::new(reqwest::Method::PUT, url.parse().expect("a URL"))
            .bytes("text/plain", b"kept".to_vec());
        let request = sign(request, &credentials, std::time::SystemTime::now()).expect("sign");
        let answer = self
            .block_on(
                HttpClient::new(RetryPolicy::default())
                    .expect("http")
                    .send(&request),
            )
            .expect("PutObject");
        assert_eq!(answer.status, 200, "PutObject: {}", answer.body_excerpt());
    }

    /// Puts one object into STACKIT bucket `bucket` through the emulator's test hook (the
    /// management API cannot).
    pub fn add_stackit_object(&self, bucket: &str) {
        let url = format!("{}/_emulator/stackit/buckets/{bucket}/objects", self.url());
        let status = self
            .block_on(reqwest::Client::new().post(url).send())
            .expect("the test hook answers")
            .status();
        assert_eq!(status, 200, "adding an object to {bucket}");
    }

    /// Changes the emulator's knobs through `/_emulator/faults`; whether it accepted them.
    pub fn set_faults(&self, knobs: Value) -> bool {
        let url = format!("{}/_emulator/faults", self.url());
        self.block_on(reqwest::Client::new().post(url).json(&knobs).send())
            .map(|r| r.status().is_success())
            .unwrap_or(false)
    }

    /// Runs an SDK call to completion.
    pub fn block_on<T>(&self, future: impl std::future::Future<Output = T>) -> T {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
            .block_on(future)
    }
}
