"""boto3 (AWS's own S3 client) looks at the buckets terraform made, through the S3 endpoint
`sovereign-emulator env CLOUD` prints (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
AWS_ENDPOINT_URL_S3, AWS_REGION).

Usage: s3_buckets.py present|absent '{"versioned": ["name", ...], "labels": {"name": {"k": "v"}}}'
present: each bucket is listed, versioning is Enabled and the tags are the labels.
absent: none of them is listed any more.
"""

import json
import os
import sys

import boto3
from botocore.config import Config

mode, expected = sys.argv[1], json.loads(sys.argv[2])

s3 = boto3.client(
    "s3",
    endpoint_url=os.environ["AWS_ENDPOINT_URL_S3"],
    region_name=os.environ["AWS_REGION"],
    config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
)
listed = {b["Name"] for b in s3.list_buckets()["Buckets"]}
names = expected["versioned"]
if mode == "absent":
    left = sorted(listed.intersection(names))
    assert not left, f"buckets left behind: {left}"
else:
    for name in names:
        assert name in listed, f"{name} is not listed: {sorted(listed)}"
        status = s3.get_bucket_versioning(Bucket=name).get("Status")
        assert status == "Enabled", f"{name}: versioning is {status!r}"
        tags = {t["Key"]: t["Value"] for t in s3.get_bucket_tagging(Bucket=name)["TagSet"]}
        want = expected.get("labels", {}).get(name, {})
        assert tags == want, f"{name}: tags {tags} != labels {want}"
print(f"s3 buckets {mode}: OK")
