#!/usr/bin/env python3
"""Drives a marketplace server's /s3 with two real S3 clients nobody here wrote: boto3 and the
aws CLI (PyPI `boto3`, `awscli`). Run by S3ClientTests with the server's endpoint and key:

    s3_clients_check.py ENDPOINT ACCESS_KEY SECRET REGION WORKDIR

Prints one line per check; exits 1 at the first failure, naming it.
"""
import hashlib, json, os, subprocess, sys, time, urllib.error, urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint, access, secret, region, work = sys.argv[1:6]
blobs = endpoint.rsplit("/s3", 1)[0] + "/blobs"
BUCKET = "s3-clients"


def client(secret_key=secret, region_name=region):
    # Signature V4 throughout: botocore still presigns S3 URLs with V2 unless told.
    return boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=access, aws_secret_access_key=secret_key,
                        region_name=region_name, config=Config(signature_version="s3v4", s3={"addressing_style": "path"},
                                                               retries={"max_attempts": 1}))


def check(name, condition, detail=""):
    if not condition:
        print(f"FAIL {name}: {detail}")
        sys.exit(1)
    print(f"ok   {name}")


def error_code(call):
    try:
        call()
    except ClientError as error:
        return error.response["Error"]["Code"]
    return None


def fetch(url):
    try:
        with urllib.request.urlopen(url) as reply:
            return reply.status, reply.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def aws(*args, check_ok=True):
    environment = dict(os.environ, AWS_ACCESS_KEY_ID=access, AWS_SECRET_ACCESS_KEY=secret, AWS_DEFAULT_REGION=region,
                       AWS_CONFIG_FILE=os.path.join(work, "aws-config"), AWS_SHARED_CREDENTIALS_FILE=os.path.join(work, "none"))
    done = subprocess.run(["aws", "--endpoint-url", endpoint, *args], capture_output=True, text=True, env=environment, timeout=300)
    if check_ok:
        check("aws " + " ".join(args[:2]), done.returncode == 0, done.stderr)
    return done


with open(os.path.join(work, "aws-config"), "w") as config:
    config.write("[default]\ns3 =\n    addressing_style = path\n")

s3 = client()
s3.create_bucket(Bucket=BUCKET)
check("CreateBucket, then ListBuckets names it", BUCKET in [b["Name"] for b in s3.list_buckets()["Buckets"]])
s3.head_bucket(Bucket=BUCKET)
check("HeadBucket of a missing bucket is 404", error_code(lambda: s3.head_bucket(Bucket="no-such-bucket")) in ("404", "NoSuchBucket"))

body = b"hello, world\n"
put = s3.put_object(Bucket=BUCKET, Key="docs/hello.txt", Body=body, ContentType="text/plain", Metadata={"owner": "tests"})
check("PutObject's ETag is the quoted MD5", put["ETag"] == '"%s"' % hashlib.md5(body).hexdigest(), put["ETag"])
got = s3.get_object(Bucket=BUCKET, Key="docs/hello.txt")
check("GetObject returns bytes, Content-Type and x-amz-meta-*",
      got["Body"].read() == body and got["ContentType"] == "text/plain" and got["Metadata"] == {"owner": "tests"}, str(got))
ranged = s3.get_object(Bucket=BUCKET, Key="docs/hello.txt", Range="bytes=0-4")
check("a Range GET is 206 with the bytes", ranged["Body"].read() == b"hello" and ranged["ContentRange"] == f"bytes 0-4/{len(body)}")
check("If-None-Match with the ETag is 304", error_code(lambda: s3.get_object(Bucket=BUCKET, Key="docs/hello.txt", IfNoneMatch=put["ETag"])) == "304")
check("If-Match with another ETag is PreconditionFailed",
      error_code(lambda: s3.get_object(Bucket=BUCKET, Key="docs/hello.txt", IfMatch='"0000"')) in ("PreconditionFailed", "412"))
check("a range past the end is InvalidRange", error_code(lambda: s3.get_object(Bucket=BUCKET, Key="docs/hello.txt", Range="bytes=100-")) == "InvalidRange")
check("/blobs serves what /s3 stored", fetch(f"{blobs}/{BUCKET}/docs/hello.txt") == (200, body))

s3.copy_object(Bucket=BUCKET, Key="docs/copy.txt", CopySource={"Bucket": BUCKET, "Key": "docs/hello.txt"})
copied = s3.get_object(Bucket=BUCKET, Key="docs/copy.txt")
check("CopyObject copies bytes and metadata", copied["Body"].read() == body and copied["Metadata"] == {"owner": "tests"})
s3.put_object(Bucket=BUCKET, Key="docs/hello.txt", Body=b"replaced")
check("PutObject over a key replaces it", s3.get_object(Bucket=BUCKET, Key="docs/hello.txt")["Body"].read() == b"replaced")
for key in ["docs/sub/a.txt", "docs/sub/b.txt", "top.txt", "docs/z\u00e9.txt"]:
    s3.put_object(Bucket=BUCKET, Key=key, Body=key.encode())
listing = s3.list_objects_v2(Bucket=BUCKET, Prefix="docs/", Delimiter="/")
check("ListObjectsV2 with a delimiter rolls up CommonPrefixes",
      [o["Key"] for o in listing["Contents"]] == ["docs/copy.txt", "docs/hello.txt", "docs/z\u00e9.txt"]
      and [p["Prefix"] for p in listing["CommonPrefixes"]] == ["docs/sub/"], json.dumps(listing, default=str))
keys, token = [], None
while True:
    page = s3.list_objects_v2(Bucket=BUCKET, MaxKeys=2, **({"ContinuationToken": token} if token else {}))
    keys += [o["Key"] for o in page.get("Contents", [])]
    if not page["IsTruncated"]:
        break
    token = page["NextContinuationToken"]
check("ListObjectsV2 pages with continuation tokens, in UTF-8 byte order",
      keys == sorted(keys, key=lambda k: k.encode()) and len(keys) == 6, str(keys))
check("start-after skips to after the key", [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET, StartAfter="docs/z")["Contents"]]
      == ["docs/z\u00e9.txt", "top.txt"])
s3.delete_object(Bucket=BUCKET, Key="docs/copy.txt")
check("DeleteObject removes the key", error_code(lambda: s3.head_object(Bucket=BUCKET, Key="docs/copy.txt")) == "404")
deleted = s3.delete_objects(Bucket=BUCKET, Delete={"Objects": [{"Key": "docs/sub/a.txt"}, {"Key": "docs/sub/b.txt"}]})
check("DeleteObjects deletes each key", sorted(d["Key"] for d in deleted["Deleted"]) == ["docs/sub/a.txt", "docs/sub/b.txt"])
check("DeleteBucket of a bucket with objects is BucketNotEmpty", error_code(lambda: s3.delete_bucket(Bucket=BUCKET)) == "BucketNotEmpty")

# Presigned GET, fetched by curl; the same URL tampered or expired is 403.
url = s3.generate_presigned_url("get_object", Params={"Bucket": BUCKET, "Key": "top.txt"}, ExpiresIn=300)
curl = subprocess.run(["curl", "-sS", "-w", "\n%{http_code}", url], capture_output=True, text=True)
check("a presigned GET fetched by curl", curl.stdout == "top.txt\n200", curl.stdout + curl.stderr)
tampered = url.replace("top.txt", "docs/hello.txt")
status, reply = fetch(tampered)
check("the presigned URL for another key is SignatureDoesNotMatch", status == 403 and b"SignatureDoesNotMatch" in reply, reply)
short = s3.generate_presigned_url("get_object", Params={"Bucket": BUCKET, "Key": "top.txt"}, ExpiresIn=1)
deadline = time.time() + 10
while fetch(short)[0] == 200 and time.time() < deadline:
    time.sleep(0.2)
status, reply = fetch(short)
check("an expired presigned URL is AccessDenied", status == 403 and b"Request has expired" in reply, reply)
check("a week and a second is refused", fetch(url.replace("X-Amz-Expires=300", "X-Amz-Expires=604801"))[0] == 400)

check("a wrong secret is SignatureDoesNotMatch",
      error_code(lambda: client(secret_key=secret + "x").list_buckets()) == "SignatureDoesNotMatch")
check("a wrong region is AuthorizationHeaderMalformed",
      error_code(lambda: client(region_name="eu-west-1").list_buckets()) == "AuthorizationHeaderMalformed")
check("an unknown key is InvalidAccessKeyId", error_code(lambda: boto3.client(
    "s3", endpoint_url=endpoint, aws_access_key_id="AKIAUNKNOWN", aws_secret_access_key=secret, region_name=region,
    config=Config(s3={"addressing_style": "path"})).list_buckets()) == "InvalidAccessKeyId")

# Bad input changes nothing.
wrong_md5 = "1B2M2Y8AsgTpgAmY7PhCfg=="   # the MD5 of no bytes
check("a wrong Content-MD5 is BadDigest", error_code(lambda: s3.put_object(Bucket=BUCKET, Key="bad.txt", Body=b"abc", ContentMD5=wrong_md5)) == "BadDigest")
check("... and nothing is stored", error_code(lambda: s3.head_object(Bucket=BUCKET, Key="bad.txt")) == "404")
for key in ["../escape.txt", "a/../../escape.txt", "a//b", ".hidden"]:
    code = error_code(lambda: s3.put_object(Bucket=BUCKET, Key=key, Body=b"x"))
    check(f"the key {key!r} is refused", code in ("InvalidArgument", "400"), str(code))
check("no traversal file appeared", not os.path.exists(os.path.join(os.environ["BLOB_ROOT"], "escape.txt")))

upload = s3.create_multipart_upload(Bucket=BUCKET, Key="small-parts.bin")["UploadId"]
parts = [{"PartNumber": n, "ETag": s3.upload_part(Bucket=BUCKET, Key="small-parts.bin", UploadId=upload, PartNumber=n,
                                                  Body=b"p" * (1 << 20))["ETag"]} for n in (1, 2)]
check("ListParts lists both parts", [p["PartNumber"] for p in s3.list_parts(Bucket=BUCKET, Key="small-parts.bin", UploadId=upload)["Parts"]] == [1, 2])
check("a part under 5 MiB in a completion is EntityTooSmall", error_code(lambda: s3.complete_multipart_upload(
    Bucket=BUCKET, Key="small-parts.bin", UploadId=upload, MultipartUpload={"Parts": parts})) == "EntityTooSmall")
check("... and nothing is stored", error_code(lambda: s3.head_object(Bucket=BUCKET, Key="small-parts.bin")) == "404")
check("ListMultipartUploads still lists it", upload in [u["UploadId"] for u in s3.list_multipart_uploads(Bucket=BUCKET).get("Uploads", [])])
s3.abort_multipart_upload(Bucket=BUCKET, Key="small-parts.bin", UploadId=upload)
check("AbortMultipartUpload drops it", "Uploads" not in s3.list_multipart_uploads(Bucket=BUCKET))

# The aws CLI: a 20 MiB multipart cp both ways, and a sync of a small tree.
big = os.path.join(work, "big.bin")
with open(big, "wb") as out:
    out.write(os.urandom(20 << 20))
aws("s3", "cp", big, f"s3://{BUCKET}/big.bin")
head = s3.head_object(Bucket=BUCKET, Key="big.bin")
check("aws s3 cp of 20 MiB went multipart", head["ETag"].endswith('-3"') and head["ContentLength"] == 20 << 20, head["ETag"])
aws("s3", "cp", f"s3://{BUCKET}/big.bin", big + ".back")
check("... and comes back whole", open(big, "rb").read() == open(big + ".back", "rb").read())
tree = os.path.join(work, "tree")
for path in ["a.txt", "sub/b.txt", "sub/deeper/c.txt"]:
    os.makedirs(os.path.dirname(os.path.join(tree, path)), exist_ok=True)
    with open(os.path.join(tree, path), "w") as out:
        out.write(path * 10)
aws("s3", "sync", tree, f"s3://{BUCKET}/tree")
listed = aws("s3", "ls", "--recursive", f"s3://{BUCKET}/tree/").stdout
check("aws s3 sync uploaded the tree", all(f"tree/{p}" in listed for p in ["a.txt", "sub/b.txt", "sub/deeper/c.txt"]), listed)
aws("s3", "sync", f"s3://{BUCKET}/tree", tree + "-back")
check("... and syncs back the same files", all(open(os.path.join(tree, p)).read() == open(os.path.join(tree + "-back", p)).read()
                                               for p in ["a.txt", "sub/b.txt", "sub/deeper/c.txt"]))
again = aws("s3", "sync", tree, f"s3://{BUCKET}/tree").stdout
check("a second sync uploads nothing", "upload:" not in again, again)
print("all checks passed")
