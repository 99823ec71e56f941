#!/usr/bin/env python3
"""Fidelity smoke test: a network, a volume and a server on the emulator's STACKIT IaaS API v2
with the official `stackit-iaas` SDK.

The official client (`DefaultApi(Configuration(custom_endpoint=...))`) takes its credentials
from the environment: with STACKIT_SERVICE_ACCOUNT_KEY_PATH it runs the key flow (an RS512
assertion posted to STACKIT_TOKEN_BASEURL, then Bearer access tokens), else it uses
STACKIT_SERVICE_ACCOUNT_TOKEN. It reads the catalog, creates a network, a volume and a server
booting from an image volume, polls their status itself (the SDK has no waiters), reads them
back (the server with details), lists them, deletes them and checks they are gone.

    sovereign-emulator --listen 127.0.0.1:8787 --provision-delay 200ms &
    eval "$(sovereign-emulator env stackit --endpoint http://127.0.0.1:8787 --key-file /tmp/key.json)"
    python3 stackit_server_smoke.py

Exits 0 and prints "stackit server smoke: OK" on success; any failure raises.
"""

import os
import time
import warnings

from stackit.core.configuration import Configuration
from stackit.iaas import DefaultApi
from stackit.iaas.exceptions import ApiException
from stackit.iaas.models import (
    BootVolume,
    BootVolumeSource,
    CreateNetworkIPv4,
    CreateNetworkIPv4WithPrefix,
    CreateNetworkPayload,
    CreateServerNetworking,
    CreateServerPayload,
    CreateServerPayloadAllOfNetworking,
    CreateVolumePayload,
)


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def poll(read, wanted, what, timeout=30):
    """Reads until `status` is `wanted`; returns the last object."""
    deadline = time.monotonic() + timeout
    while True:
        obj = read()
        if obj.status == wanted:
            return obj
        expect(obj.status not in ("ERROR", "FAILED"), f"{what} failed: {obj.status}")
        expect(time.monotonic() < deadline, f"{what} stuck in {obj.status}")
        time.sleep(0.05)


def gone(read, what, timeout=30):
    """Reads until the answer is 404."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            read()
        except ApiException as error:
            expect(error.status == 404, f"{what}: {error.status}")
            return
        expect(time.monotonic() < deadline, f"{what} is still there")
        time.sleep(0.05)


def main():
    # The SDK's oneOf wrappers (networking) and str-typed UUIDs make pydantic warn while the
    # client serializes its own payloads; the request bodies are right all the same.
    warnings.filterwarnings("ignore", category=UserWarning, module="pydantic")
    api = DefaultApi(Configuration(custom_endpoint=os.environ["STACKIT_IAAS_CUSTOM_ENDPOINT"]))
    project = os.environ["STACKIT_PROJECT_ID"]
    region = os.environ["STACKIT_REGION"]

    images = api.list_images(project, region, all=True).items
    ubuntu = next(i for i in images if i.name == "Ubuntu 24.04")
    expect(ubuntu.disk_format == "qcow2" and ubuntu.status == "AVAILABLE", "Ubuntu image")
    types = {t.name: t for t in api.list_machine_types(project, region).items}
    expect(types["c1.1"].vcpus == 2 and types["c1.1"].ram == 4096, "machine type c1.1")
    zones = api.list_availability_zones(region).items
    expect("eu01-1" in zones, f"zones {zones}")

    network = api.create_network(
        project,
        region,
        CreateNetworkPayload(
            name="smoke-net",
            labels={"smoke": "yes"},
            ipv4=CreateNetworkIPv4(CreateNetworkIPv4WithPrefix(prefix="10.9.0.0/24")),
        ),
    )
    expect(network.status == "CREATING" or network.status == "CREATED", f"network {network.status}")
    network = poll(lambda: api.get_network(project, region, network.id), "CREATED", "network")
    expect(network.ipv4.prefixes == ["10.9.0.0/24"], f"prefixes {network.ipv4.prefixes}")
    expect(network.ipv4.gateway == "10.9.0.1", f"gateway {network.ipv4.gateway}")

    volume = api.create_volume(
        project,
        region,
        CreateVolumePayload(availability_zone="eu01-1", size=10, name="smoke-data"),
    )
    volume = poll(lambda: api.get_volume(project, region, volume.id), "AVAILABLE", "volume")
    expect(volume.size == 10 and volume.performance_class == "storage_premium_perf1", "volume")

    server = api.create_server(
        project,
        region,
        CreateServerPayload(
            name="smoke-server",
            machine_type="c1.1",
            availability_zone="eu01-1",
            labels={"smoke": "yes"},
            networking=CreateServerPayloadAllOfNetworking(CreateServerNetworking(network_id=network.id)),
            boot_volume=BootVolume(
                source=BootVolumeSource(type="image", id=ubuntu.id),
                size=12,
                delete_on_termination=True,
            ),
        ),
    )
    server = poll(lambda: api.get_server(project, region, server.id, details=True), "ACTIVE", "server")
    expect(server.machine_type == "c1.1", f"machine type {server.machine_type}")
    expect(server.power_status == "RUNNING", f"power {server.power_status}")
    expect(len(server.nics) == 1, f"nics {server.nics}")
    nic = server.nics[0]
    expect(nic.network_id == network.id and nic.network_name == "smoke-net", "NIC network")
    expect(nic.ipv4.startswith("10.9.0."), f"NIC address {nic.ipv4}")
    boot = api.get_volume(project, region, server.boot_volume.id)
    expect(boot.status == "ATTACHED" and boot.server_id == server.id, f"boot volume {boot.status}")
    expect(boot.size == 12 and boot.source.id == ubuntu.id, "boot volume from the image")

    listed = api.list_servers(project, region, details=True, label_selector="smoke=yes").items
    expect([s.id for s in listed] == [server.id], "the server is listed")
    expect([n.id for n in api.list_networks(project, region).items] == [network.id], "network listed")
    expect(len(api.list_volumes(project, region).items) == 2, "data and boot volume listed")
    expect(api.list_security_groups(project, region).items == [], "no security groups")
    expect(api.list_public_ips(project, region).items == [], "no public IPs")

    api.delete_server(project, region, server.id)
    gone(lambda: api.get_server(project, region, server.id), "server")
    gone(lambda: api.get_volume(project, region, boot.id), "boot volume")
    api.delete_volume(project, region, volume.id)
    gone(lambda: api.get_volume(project, region, volume.id), "volume")
    api.delete_network(project, region, network.id)
    gone(lambda: api.get_network(project, region, network.id), "network")

    expect(api.list_servers(project, region).items == [], "no servers left")
    expect(api.list_volumes(project, region).items == [], "no volumes left")
    expect(api.list_networks(project, region).items == [], "no networks left")
    print("stackit server smoke: OK")


if __name__ == "__main__":
    main()
