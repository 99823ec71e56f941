//! `examples/plusserver/` as a user runs it: apply, nothing more to do, destroy, nothing left
//! (no keypair, port, router interface or floating IP made on the side).

use crate::harness::lifecycle::{assert_nothing_left, attr, quick_cloud};
use crate::harness::repo_root;
use crate::harness::terraform::Terraform;
use crate::harness::workdir::Workdir;
use crate::with_both_terraforms;

fn plusserver_example(tf: Terraform) {
    let cloud = quick_cloud();
    let mut dir = Workdir::new(&tf, &cloud);
    dir.copy_example(&repo_root().join("examples/plusserver"));
    let key =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGV4YW1wbGUta2V5LWZvci10aGUtcGx1c3NlcnZlci14 example";
    dir.set_var("TF_VAR_ssh_public_key", Some(key));
    dir.ok(&["apply", "-auto-approve", "-input=false", "-no-color"]);

    let state = dir.state();
    assert!(attr(&state, "sovereign_public_ip.web", "address").is_string());
    assert_eq!(
        attr(&state, "sovereign_public_ip.web", "server_id"),
        attr(&state, "sovereign_server.web", "id")
    );
    assert_eq!(attr(&state, "sovereign_server.web", "flavor"), "SCS-2V-4");
    assert_eq!(cloud.objects("servers").len(), 2);
    assert_eq!(cloud.objects("keypairs").len(), 2, "one keypair per server");
    assert_eq!(cloud.objects("floatingips").len(), 1);
    let volumes = cloud.objects("volumes");
    assert!(
        volumes
            .iter()
            .any(|v| v["name"] == "db-data" && v["status"] == "in-use"),
        "the data volume is attached: {volumes:?}"
    );

    dir.assert_empty_plan(false);
    dir.assert_empty_plan(true);

    dir.ok(&["destroy", "-auto-approve", "-input=false", "-no-color"]);
    for kind in [
        "servers",
        "keypairs",
        "ports",
        "floatingips",
        "routers",
        "volumes",
    ] {
        assert!(
            cloud.objects(kind).is_empty(),
            "{kind} left behind: {:?}",
            cloud.objects(kind)
        );
    }
    assert_nothing_left(&cloud);
}

with_both_terraforms!(
    plusserver_example_with_current_terraform,
    plusserver_example_with_terraform_1_0,
    plusserver_example
);
