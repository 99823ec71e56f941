"""Looks at OTC resources through openstacksdk with otcextensions (the official OTC Python
SDK), configured only by the OS_* environment, as a user of OTC's own tools would.

    otc_resources.py present EXPECTED_JSON   every named object exists, the counts match
    otc_resources.py absent EXPECTED_JSON    none of the named objects exists, no EIP is left

EXPECTED_JSON: {"vpcs": [names], "subnets": [names], "servers": [names],
                "volumes": [names], "eips": count}
"""

import json
import sys

import openstack
from otcextensions import sdk as otc_sdk


def listing(conn):
    """Every kind the check knows, as name lists (EIPs as addresses), through the SDK's proxies."""
    return {
        # VPC v1 (otcextensions' own proxy; it addresses the host root of the catalog's vpc URL).
        "vpcs": [v.name for v in conn.vpc.vpcs()],
        "subnets": [s.name for s in conn.vpc.subnets()],
        # Servers made through ECS, seen through Nova.
        "servers": [s.name for s in conn.compute.servers()],
        # EVS volumes through Cinder v3 (the catalog's volumev3/block-storage entry).
        "volumes": [v.name for v in conn.block_storage.volumes()],
        # EIPs are Neutron floating IPs too.
        "eips": [ip.floating_ip_address for ip in conn.network.ips()],
    }


def main(argv):
    if len(argv) != 3 or argv[1] not in ("present", "absent"):
        print(__doc__, file=sys.stderr)
        return 2
    mode, expected = argv[1], json.loads(argv[2])
    conn = openstack.connect()
    otc_sdk.register_otc_extensions(conn)
    seen = listing(conn)
    problems = []
    for kind, names in expected.items():
        if kind == "eips":
            want = names if mode == "present" else 0
            if len(seen["eips"]) != want:
                problems.append(f"expected {want} EIPs, found {seen['eips']}")
            continue
        for name in names:
            found = seen[kind].count(name)
            if mode == "present" and found != 1:
                problems.append(f"expected one {kind[:-1]} {name!r}, found {found} in {seen[kind]}")
            if mode == "absent" and found:
                problems.append(f"{kind[:-1]} {name!r} is still there")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    print(f"{mode}: {json.dumps(seen, sort_keys=True)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
