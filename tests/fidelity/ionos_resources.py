"""Looks at an IONOS data center through the official `ionoscloud` Python SDK, configured only
by the IONOS_* environment (as `sovereign-emulator env ionos` prints it), as a user of IONOS's
own tools would.

    ionos_resources.py present EXPECTED_JSON   every named object exists, the counts match
    ionos_resources.py absent EXPECTED_JSON    none of the named objects exists, no IP block is left

EXPECTED_JSON: {"lans": [names], "servers": [names], "volumes": [names], "ipblocks": count,
                "attached": {server: [volume names]}, "public": [server names]}
("attached" and "public" are checked when present: the volumes a server has, and
the servers with a NIC holding an address of one of the IP blocks.)
"""

import os
import sys

import ionoscloud

import expectations


def client():
    token = os.environ.get("IONOS_TOKEN")
    config = ionoscloud.Configuration(
        host=os.environ["IONOS_API_URL"],
        token=token,
        username=None if token else os.environ["IONOS_USERNAME"],
        password=None if token else os.environ["IONOS_PASSWORD"],
    )
    return ionoscloud.ApiClient(config)


def listing(api, dc):
    """Every kind the check knows, through the SDK's own APIs and models."""
    lans = ionoscloud.LANsApi(api).datacenters_lans_get(dc, depth=1).items or []
    servers = ionoscloud.ServersApi(api).datacenters_servers_get(dc, depth=1).items or []
    volumes = ionoscloud.VolumesApi(api).datacenters_volumes_get(dc, depth=1).items or []
    blocks = [
        b
        for b in ionoscloud.IPBlocksApi(api).ipblocks_get(depth=1).items or []
        if b.properties.location == os.environ.get("IONOS_LOCATION", b.properties.location)
    ]
    addresses = {ip for b in blocks for ip in (b.properties.ips or [])}
    # Depth 3 on the list: each server (1) with its volume and NIC collections (2) and their
    # items' properties (3).
    deep = {}
    for server in ionoscloud.ServersApi(api).datacenters_servers_get(dc, depth=3).items or []:
        entities = server.entities
        deep[server.properties.name] = {
            "volumes": [v.properties.name for v in (entities.volumes.items or [])],
            "ips": [ip for n in (entities.nics.items or []) for ip in (n.properties.ips or [])],
        }
    return {
        "lans": [l.properties.name for l in lans if not l.properties.public],
        "servers": [s.properties.name for s in servers],
        "volumes": [v.properties.name for v in volumes],
        "ipblocks": [ip for b in blocks for ip in (b.properties.ips or [])],
        "attached": {name: s["volumes"] for name, s in deep.items()},
        "public": [name for name, s in deep.items() if addresses & set(s["ips"])],
    }


def main(argv):
    return expectations.main(
        __doc__,
        argv,
        lambda: listing(client(), os.environ["IONOS_DATACENTER_ID"]),
        counted=("ipblocks",),
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv))
