"""The openstacksdk side of the bench's SDK throughput figure.

Creates and deletes VOLUMES volumes with THREADS in flight through openstacksdk's block storage
proxy, each waiting until its volume is available and, after the delete, gone: what the Rust
SDK's create_volume and delete_volume do. The cloud comes from the OS_* variables
(`sovereign-emulator env plusserver`). Prints one JSON line: {"seconds": ..., "volumes": ...}.

Usage: python openstacksdk_volumes.py VOLUMES THREADS
"""

import json
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import openstack

LOCAL = threading.local()


def connection():
    """One connection per thread: openstacksdk connections are not shared across threads."""
    if not hasattr(LOCAL, "conn"):
        LOCAL.conn = openstack.connect()
    return LOCAL.conn


def one(index):
    storage = connection().block_storage
    volume = storage.create_volume(name=f"py-bench-{index}", size=1)
    storage.wait_for_status(volume, status="available", interval=1, wait=120)
    storage.delete_volume(volume)
    storage.wait_for_delete(volume, interval=1, wait=120)


def main():
    volumes, threads = int(sys.argv[1]), int(sys.argv[2])
    with ThreadPoolExecutor(max_workers=threads) as pool:
        # Authenticate every thread's connection before the clock starts.
        list(pool.map(lambda _: connection().authorize(), range(threads * 4)))
        started = time.monotonic()
        list(pool.map(one, range(volumes)))
        seconds = time.monotonic() - started
    print(json.dumps({"seconds": seconds, "volumes": volumes}))


if __name__ == "__main__":
    main()
