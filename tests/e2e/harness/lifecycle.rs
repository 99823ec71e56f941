//! The full cycle every resource goes through, as terraform-plugin-testing's steps do: the plan
//! creates -> apply -> empty re-plans with and without refresh -> import into a fresh directory
//! matches -> update in place -> replace -> drift (deleted behind terraform's back, the plan
//! creates it again) -> destroy -> nothing left in the emulator.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::Value;
use sovereign_emulator::EmulatorConfig;

use super::emulator::Cloud;
use super::profiles::Profile;
use super::terraform::Terraform;
use super::workdir::Workdir;

/// A plan's actions by address.
pub type Plan = BTreeMap<String, Vec<String>>;
/// A state's attribute values by address.
pub type State = BTreeMap<String, Value>;

/// What deletes one object behind terraform's back, given the emulated cloud and the id.
pub type OutOfBand = Box<dyn Fn(&Cloud, &sovereign_sdk::Cloud, &str)>;

/// Checks on the state after a step.
pub type Check = Box<dyn Fn(&State, &Cloud)>;

/// One resource's cycle.
pub struct Lifecycle {
    /// The address under test (`sovereign_volume.data`).
    pub address: &'static str,
    /// The configuration (after the `terraform` block) that creates it.
    pub create: String,
    /// Checks after the create.
    pub created: Option<Check>,
    /// A configuration that changes it in place, and checks after that apply.
    pub update: Option<(String, Option<Check>)>,
    /// A configuration that replaces it.
    pub replace: Option<String>,
    /// Attributes that `terraform import` cannot know (they live only in configuration), on
    /// any address; `timeouts` is always left out.
    pub not_importable: &'static [&'static str],
    /// Changes the object behind terraform's back, so that the plan puts it back in place.
    pub change_out_of_band: Option<OutOfBand>,
    /// Deletes the object behind terraform's back (drift).
    pub delete_out_of_band: OutOfBand,
}

/// A fresh emulated `profile` cloud that is quick: resources report BUILD for 100 ms.
pub fn quick(profile: &'static Profile) -> Cloud {
    Cloud::start(
        profile,
        EmulatorConfig {
            provision_delay: Duration::from_millis(100),
            ..EmulatorConfig::default()
        },
    )
}

/// A deadline for out-of-band SDK calls.
pub fn soon() -> sovereign_sdk::Deadline {
    sovereign_sdk::Deadline::after(Duration::from_secs(60))
}

/// The actions planned for `address` (failing the test when it is not in the plan).
pub fn actions(plan: &Plan, address: &str) -> Vec<String> {
    plan.get(address)
        .cloned()
        .unwrap_or_else(|| panic!("{address} is not in the plan: {plan:?}"))
}

/// One attribute of one resource in a state.
pub fn attr<'s>(state: &'s State, address: &str, name: &str) -> &'s Value {
    &state
        .get(address)
        .unwrap_or_else(|| panic!("{address} is not in the state: {state:?}"))[name]
}

/// The `id` of one resource in a state.
pub fn id_of(state: &State, address: &str) -> String {
    attr(state, address, "id")
        .as_str()
        .unwrap_or_else(|| panic!("{address} has no id"))
        .to_string()
}

/// Compares an imported resource with the original, attribute by attribute, except
/// `timeouts` and `skip`.
pub fn assert_import_matches(original: &Value, imported: &Value, address: &str, skip: &[&str]) {
    let original = original.as_object().expect("attributes");
    let imported = imported.as_object().expect("attributes");
    for (name, value) in original {
        if name == "timeouts" || skip.contains(&name.as_str()) {
            continue;
        }
        assert_eq!(
            imported.get(name),
            Some(value),
            "{address}.{name} differs after import"
        );
    }
}

/// Asserts that the emulator holds nothing any client created.
pub fn assert_nothing_left(cloud: &Cloud) {
    assert_eq!(
        cloud.live_objects(),
        0,
        "left behind: {}",
        cloud.inventory()
    );
}

fn apply_step(dir: &Workdir, address: &str, expected: &[&str]) -> State {
    let plan = dir.plan();
    assert_eq!(
        actions(&plan, address),
        expected,
        "planned actions for {address} (whole plan: {plan:?})"
    );
    // `apply_plan` checks that both re-plans are empty.
    dir.apply_plan();
    dir.state()
}

fn managed(state: &State) -> impl Iterator<Item = (&String, &Value)> {
    state
        .iter()
        .filter(|(address, _)| !address.starts_with("data."))
}

impl Lifecycle {
    /// Runs every step with `tf` against a fresh quick emulated `profile` cloud.
    pub fn run(self, tf: Terraform, profile: &'static Profile) {
        let cloud = quick(profile);
        let dir = Workdir::new(&tf, &cloud);
        let address = self.address;

        // Create, then nothing more to do.
        dir.write_config(&self.create);
        let state = apply_step(&dir, address, &["create"]);
        let id = id_of(&state, address);
        if let Some(check) = &self.created {
            check(&state, &cloud);
        }

        // Import every managed resource into a fresh directory; all attributes match the
        // refreshed state (an attachment changes its volume's status, say).
        dir.ok(&["refresh", "-input=false", "-no-color"]);
        let state = dir.state();
        let imported = Workdir::new(&tf, &cloud);
        imported.write_config(&self.create);
        for (resource, values) in managed(&state) {
            let resource_id = values["id"].as_str().expect("an id").to_string();
            imported.ok(&["import", "-no-color", resource, &resource_id]);
        }
        let imported_state = imported.state();
        for (resource, values) in managed(&state) {
            assert_import_matches(
                values,
                &imported_state[resource],
                resource,
                self.not_importable,
            );
        }
        // The imported objects fit the configuration: at most an in-place update (to take in
        // what import cannot know), never a replacement.
        for (resource, planned) in imported.plan() {
            assert!(
                planned == ["no-op"] || planned == ["update"] || planned == ["read"],
                "after import {resource} plans {planned:?}"
            );
        }
        let bogus = imported.run(&["import", "-no-color", address, "no-such-object"]);
        assert_ne!(bogus.code, 0, "importing a missing id must fail");

        // Update in place: same id.
        if let Some((config, check)) = &self.update {
            dir.write_config(config);
            let state = apply_step(&dir, address, &["update"]);
            assert_eq!(id_of(&state, address), id, "an update keeps the id");
            if let Some(check) = check {
                check(&state, &cloud);
            }
        }

        // Replace: a new id.
        let mut id = id;
        if let Some(config) = &self.replace {
            dir.write_config(config);
            let state = apply_step(&dir, address, &["delete", "create"]);
            let new_id = id_of(&state, address);
            assert_ne!(new_id, id, "a replaced object has a new id");
            id = new_id;
        }

        // Drift: changed behind terraform's back, so the plan changes it back in place.
        let sdk = cloud.sdk();
        if let Some(change) = &self.change_out_of_band {
            change(&cloud, &sdk, &id);
            apply_step(&dir, address, &["update"]);
        }

        // Drift: gone behind terraform's back, so the plan creates it again.
        (self.delete_out_of_band)(&cloud, &sdk, &id);
        apply_step(&dir, address, &["create"]);

        // Destroy: nothing is left.
        dir.ok(&["destroy", "-auto-approve", "-input=false", "-no-color"]);
        assert!(dir.state().is_empty(), "the state still holds resources");
        assert_nothing_left(&cloud);
        assert!(
            !dir.state_file()
                .contains(&cloud.var(cloud.profile.password_var)),
            "the password leaked into the state"
        );
    }
}

/// Two tests for one scenario, named explicitly (so that they can be found by name): the first
/// runs it with the current terraform, the second with Terraform 1.0.
#[macro_export]
macro_rules! with_both_terraforms {
    ($current:ident, $legacy:ident, $scenario:expr) => {
        #[test]
        fn $current() {
            ($scenario)($crate::harness::terraform::current());
        }

        #[test]
        fn $legacy() {
            ($scenario)($crate::harness::terraform::legacy());
        }
    };
}
