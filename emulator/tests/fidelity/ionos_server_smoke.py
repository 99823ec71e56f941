#!/usr/bin/env python3
"""Fidelity smoke test: a server stack on the emulator's IONOS Cloud API with the official SDK.

The official `ionoscloud` Python SDK (configured with `Configuration(host=..., username=...,
password=...)`) creates a private LAN and a server with a boot volume from an image alias and
a NIC on that LAN in one request, waits for each request with the SDK's own
`wait_for_completion` on the request id from the `Location` header, lists servers at depth 1
and 2 and reads it at depth 2, then deletes everything (the server with `deleteVolumes`), waits again and checks that
nothing is left.

Everything comes from the IONOS_* environment, e.g.:

    sovereign-emulator --listen 127.0.0.1:8787 --provision-delay 200ms &
    eval "$(sovereign-emulator env ionos --endpoint http://127.0.0.1:8787)"
    python3 ionos_server_smoke.py

Exits 0 and prints "ionos server smoke: OK" on success; any failure raises.
"""

import os
import re

import ionoscloud
from ionoscloud.rest import ApiException

SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEmulatorSmokeKeyOnlyForTests smoke@emulator"


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def request_id(headers):
    """The request id in a mutation's Location header (.../requests/{id}/status)."""
    match = re.search(r"/requests/([-A-Fa-f0-9]+)/status", headers["Location"])
    expect(match is not None, f"no request in Location {headers.get('Location')}")
    return match.group(1)


def wait(client, headers):
    client.wait_for_completion(request_id(headers), timeout=60, initial_wait=0.1)


def main():
    config = ionoscloud.Configuration(
        host=os.environ["IONOS_API_URL"],
        username=os.environ["IONOS_USERNAME"],
        password=os.environ["IONOS_PASSWORD"],
    )
    client = ionoscloud.ApiClient(config)
    dc = os.environ["IONOS_DATACENTER_ID"]
    lans = ionoscloud.LANsApi(client)
    servers = ionoscloud.ServersApi(client)
    volumes = ionoscloud.VolumesApi(client)

    datacenter = ionoscloud.DataCentersApi(client).datacenters_find_by_id(dc)
    expect(datacenter.properties.location == os.environ["IONOS_LOCATION"], "seeded location")

    lan, status, headers = lans.datacenters_lans_post_with_http_info(
        dc, ionoscloud.Lan(properties=ionoscloud.LanProperties(name="smoke-lan", public=False))
    )
    expect(status == 202, f"LAN create answered {status}")
    wait(client, headers)
    lan = lans.datacenters_lans_find_by_id(dc, lan.id)
    expect(lan.metadata.state == "AVAILABLE", f"LAN state {lan.metadata.state}")
    expect(lan.properties.public is False, "LAN is private")

    server = ionoscloud.Server(
        properties=ionoscloud.ServerProperties(name="smoke-server", cores=2, ram=2048),
        entities=ionoscloud.ServerEntities(
            volumes=ionoscloud.AttachedVolumes(
                items=[
                    ionoscloud.Volume(
                        properties=ionoscloud.VolumeProperties(
                            name="smoke-boot",
                            size=10,
                            type="SSD",
                            image_alias="ubuntu:latest",
                            ssh_keys=[SSH_KEY],
                        )
                    )
                ]
            ),
            nics=ionoscloud.Nics(
                items=[
                    ionoscloud.Nic(
                        properties=ionoscloud.NicProperties(
                            name="smoke-nic", lan=int(lan.id), dhcp=True
                        )
                    )
                ]
            ),
        ),
    )
    created, status, headers = servers.datacenters_servers_post_with_http_info(dc, server)
    expect(status == 202, f"server create answered {status}")
    wait(client, headers)

    listed = servers.datacenters_servers_get(dc, depth=1)
    expect(len(listed.items) == 1, f"one server, got {len(listed.items)}")
    one = listed.items[0]
    expect(one.id == created.id, "the created server is listed")
    expect(one.properties.vm_state == "RUNNING", f"vmState {one.properties.vm_state}")
    expect(one.metadata.state == "AVAILABLE", f"state {one.metadata.state}")
    expect(one.properties.cores == 2 and one.properties.ram == 2048, "cores and RAM")

    deep = servers.datacenters_servers_get(dc, depth=2).items[0]
    attached = deep.entities.volumes.items
    expect(len(attached) == 1, "one volume (a reference) at depth 2")
    expect(attached[0].properties is None, "entity items are references at depth 2")
    expect(deep.properties.boot_volume.id == attached[0].id, "boot volume")
    expect(len(deep.entities.nics.items) == 1, "one NIC (a reference) at depth 2")

    one = servers.datacenters_servers_find_by_id(dc, created.id, depth=2)
    volume = one.entities.volumes.items[0]
    expect(volume.properties.size == 10, "volume properties of a server at depth 2")
    expect(volume.properties.image_alias == "ubuntu:latest", "image alias kept")
    nics = one.entities.nics.items
    expect(nics[0].properties.lan == int(lan.id), "NIC on the LAN")
    expect(
        nics[0].properties.ips[0].startswith(lan.properties.ipv4_cidr_block.rsplit(".", 1)[0]),
        f"NIC address {nics[0].properties.ips} in {lan.properties.ipv4_cidr_block}",
    )

    _, status, headers = servers.datacenters_servers_delete_with_http_info(
        dc, created.id, delete_volumes=True
    )
    expect(status == 202, f"server delete answered {status}")
    wait(client, headers)
    _, status, headers = lans.datacenters_lans_delete_with_http_info(dc, lan.id)
    expect(status == 202, f"LAN delete answered {status}")
    wait(client, headers)

    try:
        servers.datacenters_servers_find_by_id(dc, created.id)
        raise AssertionError("the deleted server is still there")
    except ApiException as error:
        expect(error.status == 404, f"deleted server answered {error.status}")
    expect(servers.datacenters_servers_get(dc).items == [], "no servers left")
    expect(volumes.datacenters_volumes_get(dc).items == [], "no volumes left")
    expect(lans.datacenters_lans_get(dc).items == [], "no LANs left")
    print("ionos server smoke: OK")


if __name__ == "__main__":
    main()
