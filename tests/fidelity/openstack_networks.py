"""Checks networks through openstacksdk, configured only by the OS_* environment.

    openstack_networks.py present NAME [CIDR]   the network exists (with a subnet of CIDR)
    openstack_networks.py absent NAME           no network of that name exists
"""

import sys

import openstack


def main(argv):
    if len(argv) < 3 or argv[1] not in ("present", "absent"):
        print(__doc__, file=sys.stderr)
        return 2
    mode, name = argv[1], argv[2]
    conn = openstack.connect()
    matches = [n for n in conn.network.networks() if n.name == name]
    if mode == "absent":
        if matches:
            print(f"network {name!r} still exists: {[n.id for n in matches]}", file=sys.stderr)
            return 1
        print(f"network {name!r} is gone")
        return 0
    if len(matches) != 1:
        names = sorted(n.name for n in conn.network.networks())
        print(f"expected one network {name!r}, found {len(matches)}; networks: {names}", file=sys.stderr)
        return 1
    network = matches[0]
    found = conn.network.find_network(name)
    if found is None or found.id != network.id:
        print(f"find_network({name!r}) did not return {network.id}", file=sys.stderr)
        return 1
    if len(argv) > 3:
        cidr = argv[3]
        cidrs = [s.cidr for s in conn.network.subnets(network_id=network.id)]
        if cidr not in cidrs:
            print(f"network {name!r} has subnets {cidrs}, not {cidr}", file=sys.stderr)
            return 1
    print(f"network {name!r} found: {network.id}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
