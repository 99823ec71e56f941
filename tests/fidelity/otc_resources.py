"""Looks at OTC resources through openstacksdk with otcextensions (the official OTC Python
SDK), configured only by the OS_* environment, as a user of OTC's own tools would.

    otc_resources.py present EXPECTED_JSON   every named object exists, the counts match
    otc_resources.py absent EXPECTED_JSON    none of the named objects exists, no EIP is left

EXPECTED_JSON: {"vpcs": [names], "subnets": [names], "servers": [names],
                "volumes": [names], "eips": count}
"""

import sys

import openstack
from otcextensions import sdk as otc_sdk

import expectations


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
    def seen():
        conn = openstack.connect()
        otc_sdk.register_otc_extensions(conn)
        return listing(conn)

    return expectations.main(__doc__, argv, seen, counted=("eips",))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
