"""boto3 against one S3 endpoint of the emulator, configured by `sovereign-emulator env CLOUD`
(AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_ENDPOINT_URL_S3, AWS_REGION).

Usage: s3_boto3.py BUCKET [when_required|when_supported]
Creates the bucket, puts and lists objects over two pages, turns versioning on, sets and
deletes tags, deletes every version and the bucket; a client with a wrong secret must get
SignatureDoesNotMatch. Prints "s3 boto3 smoke: OK" at the end.
"""

import os
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

bucket = sys.argv[1]
checksums = sys.argv[2] if len(sys.argv) > 2 else "when_required"
region = os.environ["AWS_REGION"]


def client(secret=None):
    return boto3.client(
        "s3",
        endpoint_url=os.environ["AWS_ENDPOINT_URL_S3"],
        region_name=region,
        aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=secret or os.environ["AWS_SECRET_ACCESS_KEY"],
        config=Config(
            signature_version="s3v4",
            s3={"addressing_style": "path"},
            request_checksum_calculation=checksums,
            response_checksum_validation=checksums,
            retries={"mode": "standard", "max_attempts": 2},
        ),
    )


def code_of(call):
    try:
        call()
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]
    raise AssertionError("expected an error")


s3 = client()
if region == "us-east-1":
    s3.create_bucket(Bucket=bucket)
else:
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region})
s3.head_bucket(Bucket=bucket)
assert bucket in [b["Name"] for b in s3.list_buckets()["Buckets"]]

for key in ["a.txt", "b/c.txt", "d e.txt"]:
    s3.put_object(Bucket=bucket, Key=key, Body=key.encode())
pages = list(
    s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, PaginationConfig={"PageSize": 2})
)
keys = [o["Key"] for page in pages for o in page.get("Contents", [])]
assert len(pages) == 2, pages
assert keys == ["a.txt", "b/c.txt", "d e.txt"], keys
assert s3.get_object(Bucket=bucket, Key="d e.txt")["Body"].read() == b"d e.txt"

s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
s3.put_object(Bucket=bucket, Key="v.txt", Body=b"one")
s3.put_object(Bucket=bucket, Key="v.txt", Body=b"two")
listed = s3.list_object_versions(Bucket=bucket, Prefix="v.txt")
assert len(listed["Versions"]) == 2, listed
assert [v["IsLatest"] for v in listed["Versions"]] == [True, False], listed
s3.delete_object(Bucket=bucket, Key="a.txt")
markers = s3.list_object_versions(Bucket=bucket).get("DeleteMarkers", [])
assert [m["Key"] for m in markers] == ["a.txt"], markers

s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": "env", "Value": "test"}]})
assert s3.get_bucket_tagging(Bucket=bucket)["TagSet"] == [{"Key": "env", "Value": "test"}]
s3.delete_bucket_tagging(Bucket=bucket)
assert code_of(lambda: s3.get_bucket_tagging(Bucket=bucket)) == ("NoSuchTagSet", 404)

assert code_of(lambda: s3.delete_bucket(Bucket=bucket)) == ("BucketNotEmpty", 409)
for page in s3.get_paginator("list_object_versions").paginate(
    Bucket=bucket, PaginationConfig={"PageSize": 2}
):
    targets = [
        {"Key": v["Key"], "VersionId": v["VersionId"]}
        for v in page.get("Versions", []) + page.get("DeleteMarkers", [])
    ]
    if targets:
        result = s3.delete_objects(Bucket=bucket, Delete={"Objects": targets, "Quiet": True})
        assert not result.get("Errors"), result
assert "Versions" not in s3.list_object_versions(Bucket=bucket)
s3.delete_bucket(Bucket=bucket)
assert code_of(lambda: s3.head_bucket(Bucket=bucket)) == ("404", 404)

wrong = client(secret="not-the-secret")
assert code_of(lambda: wrong.list_buckets()) == ("SignatureDoesNotMatch", 403)
print("s3 boto3 smoke: OK")
