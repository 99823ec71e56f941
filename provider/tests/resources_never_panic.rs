//! Random values of every schema type, and values of the wrong type, fed to validate, plan,
//! apply, read, plan again and destroy of every resource (the `Resource` entry points the gRPC
//! server calls once it has decoded Terraform's values), on every emulated cloud: each call
//! returns a result or diagnostics, never a panic. Values that do not decode into the
//! resource's state type are refused by the protocol layer before any resource code runs, as
//! here. The generator is seeded and every case is printed before it runs, so a failure can
//! be replayed.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};
use sovereign_emulator::{Emulator, EmulatorConfig};
use sovereign_sdk::{Cloud, CloudConfig};
use terraform_provider_sovereign::managed::{Managed, ManagedResource};
use terraform_provider_sovereign::resources::bucket::BucketResource;
use terraform_provider_sovereign::resources::network::NetworkResource;
use terraform_provider_sovereign::resources::public_ip::PublicIpResource;
use terraform_provider_sovereign::resources::security_group::SecurityGroupResource;
use terraform_provider_sovereign::resources::security_group_rule::SecurityGroupRuleResource;
use terraform_provider_sovereign::resources::server::ServerResource;
use terraform_provider_sovereign::resources::volume::VolumeResource;
use terraform_provider_sovereign::resources::volume_attachment::VolumeAttachmentResource;
use terraform_provider_sovereign::shared::SharedCloud;
use tf_provider::schema::{AttributeType, NestedBlock};
use tf_provider::{Diagnostics, Resource};

/// Random configurations per resource and cloud.
const CASES: usize = 40;

/// Strings that have broken parsers before: empty, huge, control characters, look-alikes of
/// ids, CIDRs, numbers and durations, and non-ASCII.
const NASTY_STRINGS: &[&str] = &[
    "",
    " ",
    "a",
    "\n",
    "\u{0}",
    "ü😀 名前",
    "-1",
    "0",
    "1e309",
    "NaN",
    "10.0.0.0/33",
    "10.0.0.0/24",
    "0.0.0.0/0",
    "::/0",
    "300.1.1.1",
    "a/b/c",
    "../../etc/passwd",
    "%00",
    "10m",
    "-5s",
    "99999999999h",
    "tcp",
    "ICMP",
    "egress",
    "SCS-2V-4",
    "Ubuntu 24.04",
    "ssh-ed25519 AAAA",
    "taken-bucket",
    "Bucket_Name",
    "logs-2026",
];

fn random_string(rng: &mut StdRng) -> Value {
    if rng.gen_bool(0.8) {
        json!(NASTY_STRINGS[rng.gen_range(0..NASTY_STRINGS.len())])
    } else {
        let len = [1, 64, 300, 70_000][rng.gen_range(0..4)];
        json!((0..len)
            .map(|_| char::from(rng.gen_range(b' '..=b'~')))
            .collect::<String>())
    }
}

fn random_number(rng: &mut StdRng) -> Value {
    match rng.gen_range(0..8) {
        0 => json!(0),
        1 => json!(-1),
        2 => json!(i64::MAX),
        3 => json!(i64::MIN),
        4 => json!(0.5),
        5 => json!(1e300),
        6 => json!(u64::MAX),
        _ => json!(rng.gen_range(-100_000..100_000)),
    }
}

/// A value of `kind`; now and then one of another type, or null.
fn random_value(rng: &mut StdRng, kind: &AttributeType, depth: u32) -> Value {
    if rng.gen_bool(0.15) {
        return Value::Null;
    }
    if rng.gen_bool(0.03) || depth > 2 {
        return match rng.gen_range(0..4) {
            0 => random_number(rng),
            1 => random_string(rng),
            2 => json!(rng.gen_bool(0.5)),
            _ => json!([random_string(rng)]),
        };
    }
    match kind {
        AttributeType::String => random_string(rng),
        AttributeType::Number => random_number(rng),
        AttributeType::Bool => json!(rng.gen_bool(0.5)),
        AttributeType::List(inner) | AttributeType::Set(inner) => {
            let n = rng.gen_range(0..4);
            Value::Array(
                (0..n)
                    .map(|_| random_value(rng, inner, depth + 1))
                    .collect(),
            )
        }
        AttributeType::Map(inner) => {
            let mut map = Map::new();
            for _ in 0..rng.gen_range(0..4) {
                let key = random_string(rng).as_str().unwrap_or_default().to_string();
                map.insert(key, random_value(rng, inner, depth + 1));
            }
            Value::Object(map)
        }
        _ => Value::Null,
    }
}

/// A whole configuration for a resource's schema, every attribute present (null if unset).
fn random_config<R: Resource>(rng: &mut StdRng, resource: &R) -> Value {
    let mut diags = Diagnostics::default();
    let schema = resource.schema(&mut diags).expect("a schema");
    let mut object = Map::new();
    for (name, attribute) in &schema.block.attributes {
        object.insert(name.clone(), random_value(rng, &attribute.attr_type, 0));
    }
    for (name, block) in &schema.block.blocks {
        let inner = match block {
            NestedBlock::Single(b)
            | NestedBlock::List(b)
            | NestedBlock::Set(b)
            | NestedBlock::Map(b)
            | NestedBlock::Group(b)
            | NestedBlock::Optional(b) => b,
        };
        let mut fields = Map::new();
        for (field, attribute) in &inner.attributes {
            fields.insert(field.clone(), random_value(rng, &attribute.attr_type, 1));
        }
        let value = match rng.gen_range(0..4) {
            0 => Value::Null,
            1 => json!([]),
            2 => json!([Value::Object(fields)]),
            _ => Value::Object(fields),
        };
        object.insert(name.clone(), value);
    }
    Value::Object(object)
}

/// How far one case got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Reached {
    /// The values do not decode into the state type (the protocol layer refuses them).
    Undecodable,
    /// Validation or the plan refused them with diagnostics.
    Refused,
    /// Planned, but the create failed with diagnostics.
    Planned,
    /// Created, read, planned again and destroyed.
    Created,
}

/// Every entry point of one resource with one random configuration (and another for the
/// change after the create).
async fn exercise<R>(resource: &R, config: &Value, other: &Value) -> Reached
where
    R: Resource,
    for<'a> R::State<'a>: DeserializeOwned + Clone,
    for<'a> R::PrivateState<'a>: Clone,
    for<'a> R::ProviderMetaState<'a>: DeserializeOwned + Clone,
{
    let Ok(config) = serde_json::from_value::<R::State<'_>>(config.clone()) else {
        return Reached::Undecodable;
    };
    let other = serde_json::from_value::<R::State<'_>>(other.clone()).ok();
    let meta: R::ProviderMetaState<'_> =
        serde_json::from_value(Value::Null).expect("an empty meta state");
    let mut diags = Diagnostics::default();
    let _ = resource.validate(&mut diags, config.clone()).await;
    let planned = resource
        .plan_create(&mut diags, config.clone(), config.clone(), meta.clone())
        .await;
    let Some((planned, private)) = planned.filter(|_| diags.errors.is_empty()) else {
        return Reached::Refused;
    };
    let created = resource
        .create(&mut diags, planned, config.clone(), private, meta.clone())
        .await;
    let Some((state, private)) = created.filter(|_| diags.errors.is_empty()) else {
        return Reached::Planned;
    };
    let read = resource
        .read(&mut diags, state.clone(), private.clone(), meta.clone())
        .await;
    if let (Some(other), Some((current, private))) = (other, read) {
        let _ = resource
            .plan_update(
                &mut diags,
                current,
                other.clone(),
                other,
                private,
                meta.clone(),
            )
            .await;
    }
    let _ = resource
        .plan_destroy(&mut diags, state.clone(), private.clone(), meta.clone())
        .await;
    let _ = resource.destroy(&mut diags, state, private, meta).await;
    Reached::Created
}

/// `CASES` random configurations through `resource`; how far each got.
async fn fuzz<R>(cloud_name: &str, name: &str, resource: R, rng: &mut StdRng) -> Vec<Reached>
where
    R: Resource,
    for<'a> R::State<'a>: DeserializeOwned + Clone,
    for<'a> R::PrivateState<'a>: Clone,
    for<'a> R::ProviderMetaState<'a>: DeserializeOwned + Clone,
{
    let mut reached = Vec::new();
    for case in 0..CASES {
        let config = random_config(rng, &resource);
        let other = random_config(rng, &resource);
        let shown: String = config.to_string().chars().take(400).collect();
        eprintln!("{cloud_name} {name} case {case}: {shown}");
        reached.push(exercise(&resource, &config, &other).await);
    }
    reached
}

fn managed<R: ManagedResource>(cloud: &SharedCloud, resource: R) -> Managed<R> {
    Managed::new(cloud.clone(), resource)
}

async fn never_panic_on(cloud_name: &str, seed: u64) {
    let emulator = Emulator::start(EmulatorConfig::default()).expect("emulator");
    let vars = sovereign_emulator::env_vars(cloud_name, &emulator.url()).expect("env");
    let lookup = move |name: &str| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let config = CloudConfig::from_lookup(&lookup).expect("config");
    let shared = SharedCloud::default();
    shared.set(Cloud::connect_with(config, &lookup).expect("connect"));
    let rng = &mut StdRng::seed_from_u64(seed);
    let c = cloud_name;
    let reached = [
        fuzz(c, "network", NetworkResource::new(shared.clone()), rng).await,
        fuzz(
            c,
            "security_group",
            managed(&shared, SecurityGroupResource),
            rng,
        )
        .await,
        fuzz(
            c,
            "security_group_rule",
            managed(&shared, SecurityGroupRuleResource),
            rng,
        )
        .await,
        fuzz(c, "volume", managed(&shared, VolumeResource), rng).await,
        fuzz(c, "server", managed(&shared, ServerResource), rng).await,
        fuzz(
            c,
            "volume_attachment",
            managed(&shared, VolumeAttachmentResource),
            rng,
        )
        .await,
        fuzz(c, "public_ip", managed(&shared, PublicIpResource), rng).await,
        fuzz(c, "bucket", managed(&shared, BucketResource), rng).await,
    ]
    .concat();
    let count = |r: Reached| reached.iter().filter(|x| **x == r).count();
    eprintln!(
        "{cloud_name}: {} cases; undecodable {}, refused {}, planned {}, created {}",
        reached.len(),
        count(Reached::Undecodable),
        count(Reached::Refused),
        count(Reached::Planned),
        count(Reached::Created)
    );
    // The generator must reach every stage, or the test proves little.
    for stage in [Reached::Refused, Reached::Planned, Reached::Created] {
        assert!(
            count(stage) > 0,
            "no case reached {stage:?} on {cloud_name}"
        );
    }
}

#[tokio::test]
async fn resources_never_panic_on_plusserver() {
    never_panic_on("plusserver", 1).await;
}

#[tokio::test]
async fn resources_never_panic_on_otc() {
    never_panic_on("otc", 2).await;
}

#[tokio::test]
async fn resources_never_panic_on_ionos() {
    never_panic_on("ionos", 3).await;
}

#[tokio::test]
async fn resources_never_panic_on_stackit() {
    never_panic_on("stackit", 4).await;
}
