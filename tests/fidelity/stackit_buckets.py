"""Fidelity smoke: buckets on the emulator's STACKIT Object Storage management API v2 through
the official `stackit-objectstorage` Python client, configured by the STACKIT_* environment
(as `sovereign-emulator env stackit` prints it; the client does not read a custom endpoint
from the environment, so STACKIT_OBJECTSTORAGE_CUSTOM_ENDPOINT is passed to it). It enables the
service, creates a bucket, reads it, lists it, deletes it and checks it is gone, with the
client's own models and exceptions.

    stackit_buckets.py BUCKET

Exits 0 and prints "stackit buckets smoke: OK" on success; any failure raises.
"""

import os
import sys
import time

from stackit.core.configuration import Configuration
from stackit.objectstorage.api.default_api import DefaultApi
from stackit.objectstorage.exceptions import ApiException
from stackit.objectstorage.models.project_scope import ProjectScope


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def expect_status(status, call):
    """Runs `call`, which must fail with HTTP `status`; returns the exception."""
    try:
        call()
    except ApiException as e:
        expect(e.status == status, f"expected HTTP {status}, got {e.status}: {e.body}")
        return e
    raise AssertionError(f"expected HTTP {status}, the call succeeded")


def until(read, what, timeout=30):
    """Calls `read` until it returns something other than None."""
    deadline = time.monotonic() + timeout
    while True:
        seen = read()
        if seen is not None:
            return seen
        expect(time.monotonic() < deadline, f"timed out waiting for {what}")
        time.sleep(0.1)


def main(bucket):
    api = DefaultApi(Configuration(custom_endpoint=os.environ["STACKIT_OBJECTSTORAGE_CUSTOM_ENDPOINT"]))
    project = os.environ["STACKIT_PROJECT_ID"]
    region = os.environ["STACKIT_REGION"]

    expect_status(404, lambda: api.get_service_status(project, region))
    refused = expect_status(404, lambda: api.create_bucket(project, region, bucket))
    expect("Project not found" in str(refused.body), f"STACKIT's message: {refused.body}")
    enabled = api.enable_service(project, region)
    expect(enabled.project == project, f"EnableService: {enabled}")
    expect(api.enable_service(project, region).project == project, "enabling again is fine")
    status = api.get_service_status(project, region)
    expect(status.scope == ProjectScope.PUBLIC, f"GetServiceStatus: {status}")

    created = api.create_bucket(project, region, bucket)
    expect((created.project, created.bucket) == (project, bucket), f"CreateBucket: {created}")
    expect_status(409, lambda: api.create_bucket(project, region, bucket))

    def visible():
        try:
            return api.get_bucket(project, region, bucket).bucket
        except ApiException as e:
            expect(e.status == 404, f"GetBucket: HTTP {e.status}: {e.body}")
            return None

    got = until(visible, f"bucket {bucket} to appear")
    expect(got.name == bucket and got.region == region, f"GetBucket: {got}")
    expect(got.url_path_style.endswith(f"/{bucket}"), f"urlPathStyle: {got.url_path_style}")
    expect(got.url_virtual_hosted_style.startswith(f"https://{bucket}."), f"{got}")
    expect(got.object_lock_enabled is False, f"objectLockEnabled: {got}")
    listed = api.list_buckets(project, region)
    expect([b.name for b in listed.buckets] == [bucket], f"ListBuckets: {listed}")

    deleted = api.delete_bucket(project, region, bucket)
    expect((deleted.project, deleted.bucket) == (project, bucket), f"DeleteBucket: {deleted}")

    def gone():
        return True if visible() is None else None

    until(gone, f"bucket {bucket} to go")
    expect(api.list_buckets(project, region).buckets == [], "nothing is listed")
    expect_status(404, lambda: api.delete_bucket(project, region, bucket))
    print("stackit buckets smoke: OK")


if __name__ == "__main__":
    main(sys.argv[1])
