#!/usr/bin/env python3
"""Fidelity smoke test: a whole server stack on the emulator's plusserver APIs with openstacksdk.

Network, subnet and router to ext01, a security group for SSH and HTTPS, a key pair, a server
booted from a volume (block_device_mapping_v2), a data volume attached to it and a floating IP
on its port; everything is listed and shown, then deleted, and nothing may be left.

Everything comes from the OS_* environment, e.g.:

    sovereign-emulator --listen 127.0.0.1:8787 --provision-delay 200ms &
    eval "$(sovereign-emulator env plusserver --endpoint http://127.0.0.1:8787)"
    python3 openstack_server_smoke.py

Exits 0 and prints "openstack server smoke: OK" on success; any failure raises.
"""

import uuid

import openstack
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from openstack import exceptions


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def public_key():
    key = ed25519.Ed25519PrivateKey.generate().public_key()
    return key.public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
    ).decode() + " smoke@emulator"


def network_stack(conn, suffix, created):
    net = conn.network.create_network(name=f"smoke-net-{suffix}")
    created.append(("network", net))
    subnet = conn.network.create_subnet(
        network_id=net.id, ip_version=4, cidr="10.42.0.0/24", name=f"smoke-subnet-{suffix}"
    )
    created.append(("subnet", subnet))
    ext = conn.network.find_network("ext01")
    router = conn.network.create_router(
        name=f"smoke-router-{suffix}", external_gateway_info={"network_id": ext.id}
    )
    created.append(("router", router))
    conn.network.add_interface_to_router(router, subnet_id=subnet.id)
    created.append(("interface", (router, subnet)))
    return net, ext


def security_group(conn, suffix, created):
    group = conn.network.create_security_group(name=f"smoke-sg-{suffix}", description="smoke")
    created.append(("security_group", group))
    for port in (22, 443):
        conn.network.create_security_group_rule(
            security_group_id=group.id,
            direction="ingress",
            ethertype="IPv4",
            protocol="tcp",
            port_range_min=port,
            port_range_max=port,
            remote_ip_prefix="0.0.0.0/0",
        )
    try:
        conn.network.create_security_group_rule(
            security_group_id=group.id, direction="ingress", protocol="tcp",
            port_range_min=22, port_range_max=22, remote_ip_prefix="0.0.0.0/0",
        )
        raise AssertionError("duplicate rule was accepted")
    except exceptions.ConflictException:
        pass
    rules = list(conn.network.security_group_rules(security_group_id=group.id))
    ports = sorted(r.port_range_min for r in rules if r.direction == "ingress")
    expect(ports == [22, 443], f"ingress rules {ports}")
    return group


def cleanup(conn, created):
    for kind, item in reversed(created):
        try:
            if kind == "server":
                conn.compute.delete_server(item, ignore_missing=True)
                conn.compute.wait_for_delete(item, wait=30)
            elif kind == "volume":
                conn.block_storage.delete_volume(item, ignore_missing=True)
                conn.block_storage.wait_for_delete(item, wait=30)
            elif kind == "floating_ip":
                conn.network.delete_ip(item, ignore_missing=True)
            elif kind == "keypair":
                conn.compute.delete_keypair(item, ignore_missing=True)
            elif kind == "security_group":
                conn.network.delete_security_group(item, ignore_missing=True)
            elif kind == "interface":
                router, subnet = item
                conn.network.remove_interface_from_router(router, subnet_id=subnet.id)
            elif kind == "router":
                conn.network.delete_router(item, ignore_missing=True)
            elif kind == "subnet":
                conn.network.delete_subnet(item, ignore_missing=True)
            elif kind == "network":
                conn.network.delete_network(item, ignore_missing=True)
        except exceptions.NotFoundException:
            pass


def main():
    conn = openstack.connect()
    suffix = uuid.uuid4().hex[:8]
    created = []
    try:
        net, ext = network_stack(conn, suffix, created)
        group = security_group(conn, suffix, created)

        keypair = conn.compute.create_keypair(name=f"smoke-key-{suffix}", public_key=public_key())
        created.append(("keypair", keypair))
        expect(keypair.fingerprint and keypair.fingerprint.count(":") == 15, keypair.fingerprint)

        image = conn.image.find_image("Ubuntu 24.04")
        expect(image is not None and image.min_disk == 8, f"image {image}")
        flavor = conn.compute.find_flavor("SCS-2V-4")
        expect(flavor is not None and flavor.vcpus == 2 and flavor.ram == 4096, f"flavor {flavor}")
        zones = [z.name for z in conn.compute.availability_zones()]
        expect(zones == ["DE-WEST-1"], f"zones {zones}")

        server = conn.compute.create_server(
            name=f"smoke-vm-{suffix}",
            flavor_id=flavor.id,
            networks=[{"uuid": net.id}],
            key_name=keypair.name,
            security_groups=[{"name": group.name}],
            metadata={"role": "smoke"},
            block_device_mapping=[{
                "boot_index": 0,
                "uuid": image.id,
                "source_type": "image",
                "destination_type": "volume",
                "volume_size": 10,
                "delete_on_termination": True,
            }],
        )
        created.append(("server", server))
        server = conn.compute.wait_for_server(server, status="ACTIVE", wait=30, interval=0.2)
        expect(server.flavor.name == "SCS-2V-4" or server.flavor.original_name == "SCS-2V-4",
               f"flavor {server.flavor}")
        image_id = server.image.get("id") if isinstance(server.image, dict) else server.image
        expect(not image_id, f"boot from volume has no image: {server.image}")
        expect(server.key_name == keypair.name, f"key {server.key_name}")
        expect(server.availability_zone == "DE-WEST-1", server.availability_zone)
        expect([g["name"] for g in server.security_groups] == [group.name], server.security_groups)
        addresses = server.addresses[net.name]
        expect(len(addresses) == 1 and addresses[0]["addr"].startswith("10.42.0."), addresses)
        root = server.attached_volumes
        expect(len(root) == 1, f"attached volumes {root}")
        root_volume = conn.block_storage.get_volume(root[0]["id"])
        expect(root_volume.status == "in-use" and root_volume.is_bootable, root_volume.status)
        expect(root_volume.size == 10, root_volume.size)

        data = conn.block_storage.create_volume(size=5, name=f"smoke-data-{suffix}")
        created.append(("volume", data))
        data = conn.block_storage.wait_for_status(data, "available", wait=30, interval=0.2)
        attachment = conn.compute.create_volume_attachment(server, volume=data.id)
        expect(attachment.device == "/dev/vdb", f"device {attachment.device}")
        data = conn.block_storage.wait_for_status(data, "in-use", wait=30, interval=0.2)
        attachments = list(conn.compute.volume_attachments(server))
        expect(sorted(a.volume_id for a in attachments) == sorted([root_volume.id, data.id]),
               f"attachments {attachments}")

        port = next(conn.network.ports(device_id=server.id))
        expect(port.device_owner == "compute:DE-WEST-1", port.device_owner)
        expect(port.security_group_ids == [group.id], port.security_group_ids)
        fip = conn.network.create_ip(floating_network_id=ext.id, port_id=port.id)
        created.append(("floating_ip", fip))
        expect(fip.status == "ACTIVE" and fip.router_id, f"floating ip {fip.status}")
        server = conn.compute.get_server(server.id)
        kinds = sorted(a["OS-EXT-IPS:type"] for a in server.addresses[net.name])
        expect(kinds == ["fixed", "floating"], f"addresses {server.addresses}")

        names = [s.name for s in conn.compute.servers()]
        expect(f"smoke-vm-{suffix}" in names, f"servers {names}")
        expect(conn.compute.find_server(f"smoke-vm-{suffix}").id == server.id, "find_server")
        expect(any(v.id == data.id for v in conn.block_storage.volumes()), "volumes")
        expect(any(k.name == keypair.name for k in conn.compute.keypairs()), "keypairs")
        expect(any(i.id == fip.id for i in conn.network.ips()), "floating ips")

        conn.compute.delete_volume_attachment(server, data.id)
        conn.block_storage.wait_for_status(data, "available", wait=30, interval=0.2)

        conn.compute.delete_server(server)
        conn.compute.wait_for_delete(server, wait=30, interval=0.2)
        fip = conn.network.get_ip(fip.id)
        expect(fip.status == "DOWN" and not fip.port_id, "floating ip released with the port")
        try:
            conn.block_storage.wait_for_delete(root_volume, wait=30, interval=0.2)
        except exceptions.ResourceTimeout:
            raise AssertionError("root volume survived delete_on_termination")
    finally:
        cleanup(conn, created)

    leftovers = {
        "servers": list(conn.compute.servers()),
        "volumes": list(conn.block_storage.volumes()),
        "keypairs": list(conn.compute.keypairs()),
        "floating_ips": list(conn.network.ips()),
        "routers": list(conn.network.routers()),
        "security_groups": [g for g in conn.network.security_groups() if g.name != "default"],
        "networks": [n for n in conn.network.networks() if n.name != "ext01"],
    }
    left = {k: v for k, v in leftovers.items() if v}
    expect(not left, f"left behind: {left}")
    print("openstack server smoke: OK")


if __name__ == "__main__":
    main()
