"""Looks at a STACKIT project through the official `stackit-iaas` Python SDK, configured by the
STACKIT_* environment (as `sovereign-emulator env stackit` prints it; the SDK does not read a
custom endpoint from the environment, so the IaaS endpoint is passed to it), as a user of
STACKIT's own tools would.

    stackit_resources.py present EXPECTED_JSON   every named object exists, the counts match
    stackit_resources.py absent EXPECTED_JSON    none of the named objects exists, no public
                                                 IP or key pair is left

EXPECTED_JSON: {"networks": [names], "servers": [names], "volumes": [names],
                "public_ips": count, "keypairs": count,
                "attached": {server: [volume names]}, "public": [server names]}
("attached" and "public" are checked when present: the volumes a server lists, and the
servers whose NIC holds a public IP.)
"""

import os
import sys

from stackit.core.configuration import Configuration
from stackit.iaas import DefaultApi

import expectations


def listing(api, project, region):
    """Every kind the check knows, through the SDK's own calls and models."""
    networks = api.list_networks(project, region).items or []
    servers = api.list_servers(project, region, details=True).items or []
    volumes = api.list_volumes(project, region).items or []
    ips = api.list_public_ips(project, region).items or []
    keypairs = api.list_key_pairs().items or []
    volume_names = {str(v.id): v.name for v in volumes}
    ip_nics = {str(ip.network_interface) for ip in ips if ip.network_interface}
    return {
        "networks": [n.name for n in networks],
        "servers": [s.name for s in servers],
        "volumes": [v.name for v in volumes],
        "public_ips": [ip.ip for ip in ips],
        "keypairs": [k.name for k in keypairs],
        "attached": {
            s.name: [volume_names.get(str(v), str(v)) for v in (s.volumes or [])] for s in servers
        },
        "public": [
            s.name for s in servers if any(str(n.nic_id) in ip_nics for n in (s.nics or []))
        ],
    }


def main(argv):
    api = DefaultApi(Configuration(custom_endpoint=os.environ["STACKIT_IAAS_CUSTOM_ENDPOINT"]))
    project = os.environ["STACKIT_PROJECT_ID"]
    region = os.environ.get("STACKIT_REGION", "eu01")
    return expectations.main(
        __doc__,
        argv,
        lambda: listing(api, project, region),
        counted=("public_ips", "keypairs"),
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv))
