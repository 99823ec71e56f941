#!/usr/bin/env python3
"""Fidelity smoke test: drive the emulator's plusserver (OpenStack) APIs with openstacksdk.

Everything comes from the OS_* environment, e.g.:

    sovereign-emulator --listen 127.0.0.1:8787 &
    eval "$(sovereign-emulator env plusserver --endpoint http://127.0.0.1:8787)"
    python3 openstack_network_smoke.py

Exits 0 and prints "openstack network smoke: OK" on success; any failure raises.
"""

import uuid

import openstack
from openstack import exceptions


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def expect_error(kind, call, *args, **kwargs):
    try:
        call(*args, **kwargs)
    except kind as e:
        return e
    raise AssertionError(f"{call.__name__} did not raise {kind.__name__}")


def main():
    conn = openstack.connect()
    suffix = uuid.uuid4().hex[:8]
    net_name = f"smoke-net-{suffix}"
    router = None
    subnet = None

    net = conn.network.create_network(name=net_name)
    try:
        expect(net.status in ("ACTIVE", "BUILD"), f"network status {net.status}")
        subnet = conn.network.create_subnet(
            network_id=net.id, ip_version=4, cidr="10.1.0.0/24", name=f"smoke-subnet-{suffix}"
        )
        expect(subnet.cidr == "10.1.0.0/24", f"cidr {subnet.cidr}")
        expect(subnet.gateway_ip == "10.1.0.1", f"gateway {subnet.gateway_ip}")

        names = [n.name for n in conn.network.networks()]
        expect(net_name in names, f"{net_name} not listed in {names}")
        expect("ext01" in names, f"ext01 not listed in {names}")
        expect(conn.network.find_network(net_name).id == net.id, "find_network by name")
        expect(conn.network.get_network(net.id).subnet_ids == [subnet.id], "network subnets")

        ext = conn.network.find_network("ext01")
        expect(ext.is_router_external, "ext01 is not external")
        external = [n.name for n in conn.network.networks(is_router_external=True)]
        expect(external == ["ext01"], f"external networks {external}")

        bad = expect_error(
            exceptions.BadRequestException,
            conn.network.create_subnet,
            network_id=net.id,
            ip_version=4,
            cidr="10.1.0.0/33",
        )
        expect("10.1.0.0/33" in str(bad), f"invalid cidr error: {bad}")

        router = conn.network.create_router(
            name=f"smoke-router-{suffix}", external_gateway_info={"network_id": ext.id}
        )
        gateway = router.external_gateway_info
        expect(gateway["network_id"] == ext.id, f"gateway {gateway}")
        expect(len(gateway["external_fixed_ips"]) == 1, f"gateway ips {gateway}")

        conn.network.add_interface_to_router(router, subnet_id=subnet.id)
        owners = sorted(p.device_owner for p in conn.network.ports(device_id=router.id))
        expect(
            owners == ["network:router_gateway", "network:router_interface"],
            f"router ports {owners}",
        )
        expect_error(exceptions.ConflictException, conn.network.delete_network, net)
        expect_error(exceptions.ConflictException, conn.network.delete_router, router)

        conn.network.set_tags(net, ["smoke", suffix])
        expect(sorted(conn.network.get_network(net.id).tags) == sorted(["smoke", suffix]), "tags")
        tagged = [n.id for n in conn.network.networks(tags=suffix)]
        expect(tagged == [net.id], f"tag filter {tagged}")

        paged = list(conn.network.networks(limit=1))
        expect(len(paged) == len(names), f"pagination saw {len(paged)} of {len(names)}")

        conn.network.remove_interface_from_router(router, subnet_id=subnet.id)
        router = conn.network.update_router(router, external_gateway_info={})
        expect(not router.external_gateway_info, f"gateway not cleared: {router.external_gateway_info}")
        conn.network.delete_router(router)
        router = None
        conn.network.delete_subnet(subnet)
        subnet = None
    finally:
        if router is not None:
            for port in conn.network.ports(device_id=router.id, device_owner="network:router_interface"):
                conn.network.remove_interface_from_router(router, port_id=port.id)
            conn.network.delete_router(router, ignore_missing=True)
        if subnet is not None:
            conn.network.delete_subnet(subnet, ignore_missing=True)
        conn.network.delete_network(net, ignore_missing=True)

    expect(conn.network.find_network(net_name) is None, "network still there after delete")
    expect_error(exceptions.ResourceNotFound, conn.network.get_network, net.id)
    print("openstack network smoke: OK")


if __name__ == "__main__":
    main()
