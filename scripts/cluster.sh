#!/usr/bin/env bash
# Run a command against a Pramoen cluster on loopback, set up as a deployment would be:
#   scripts/with-postgres.sh [scripts/with-seaweedfs.sh] scripts/cluster.sh .venv/bin/pytest tests/cluster
#
# Needs DATABASE_URL (a PostgreSQL server: scripts/with-postgres.sh); takes the object storage
# from PRAMOEN_S3_* when they are set (scripts/with-seaweedfs.sh), else each app server keeps
# its files on its own disk (and evidence uploaded through one is not found on the other).
# Production settings (PRAMOEN_ENV=production, one secret key, TLS at the balancer), then:
#   - the database migrated and the demo loaded once (`pramoen demo --no-serve`),
#   - two app servers (`pramoen serve`), each with its own PRAMOEN_DATA_DIR,
#   - one `pramoen worker`, started by a script that a test may run again after killing it,
#   - haproxy (deploy/haproxy.cfg, round-robin, TLS with a throw-away certificate).
# The command gets:
#   PRAMOEN_CLUSTER_URL          the balancer (https://127.0.0.1:PORT)
#   PRAMOEN_CLUSTER_CA           the balancer's certificate, to verify it by
#   PRAMOEN_CLUSTER_APP_URLS     the two app servers, comma-separated (plain HTTP, as the
#                                balancer talks to them)
#   PRAMOEN_CLUSTER_ACCOUNTS     a file of the demo accounts: "  username password unit" lines
#   PRAMOEN_CLUSTER_WORKER_PIDFILE  the worker's pid (the leader of its process group)
#   PRAMOEN_CLUSTER_WORKER_CMD   starts a worker in the background and writes that file
#   PRAMOEN_CLUSTER_DIR          the cluster's files: env, logs, data dirs
# Everything started is stopped afterwards, and the files removed (PRAMOEN_CLUSTER_KEEP=1
# keeps them for a look at the logs).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
: "${DATABASE_URL:?DATABASE_URL must name a PostgreSQL database (scripts/with-postgres.sh)}"
if [ -n "${PYTHON:-}" ]; then PY=$PYTHON
elif [ -x "$ROOT/.venv/bin/python" ]; then PY=$ROOT/.venv/bin/python
else PY=python3; fi

if ! command -v haproxy >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy openssl >/dev/null
fi

DIR=$(mktemp -d /tmp/pramoen-cluster.XXXXXX)
PIDS=()
stop_all() {
  local pid
  if [ -s "$DIR/worker.pid" ]; then PIDS+=("$(cat "$DIR/worker.pid")"); fi
  for pid in "${PIDS[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for _ in $(seq 1 100); do  # up to 20 s for the worker to finish the job at hand
    local alive=0
    for pid in "${PIDS[@]}"; do kill -0 -- "-$pid" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.2
  done
  for pid in "${PIDS[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  if [ "${PRAMOEN_CLUSTER_KEEP:-}" = 1 ]; then echo "cluster files kept in $DIR"; else rm -rf "$DIR"; fi
}
trap stop_all EXIT

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
LB_PORT=$(free_port); A_PORT=$(free_port); B_PORT=$(free_port)
while [ "$B_PORT" = "$A_PORT" ] || [ "$B_PORT" = "$LB_PORT" ]; do B_PORT=$(free_port); done
while [ "$A_PORT" = "$LB_PORT" ]; do A_PORT=$(free_port); done

# The database the URL names (with-postgres.sh names one it has not created).
"$PY" - <<'EOF'
import os
from urllib.parse import urlsplit, urlunsplit
import psycopg
parts = urlsplit(os.environ["DATABASE_URL"])
name = parts.path.lstrip("/")
with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
        conn.execute(f'CREATE DATABASE "{name}"')
EOF

# What /etc/pramoen/env holds in a deployment (deploy/env.example), shared by every process.
{
  echo "PRAMOEN_ENV=production"
  echo "DATABASE_URL=$DATABASE_URL"
  echo "PRAMOEN_SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')"
  echo "PRAMOEN_ALLOWED_HOSTS=127.0.0.1,localhost"
  echo "PRAMOEN_CSRF_TRUSTED_ORIGINS=https://127.0.0.1:$LB_PORT"
  echo "PRAMOEN_TRUSTED_PROXIES=127.0.0.1"
  echo "PRAMOEN_BASE_URL=https://127.0.0.1:$LB_PORT"
  echo "PRAMOEN_EMAIL_URL=console://"
  # a killed worker's job is shown failed after this long (120 in a deployment): the test
  # that kills one should not wait two minutes
  echo "PRAMOEN_REPORT_JOB_STALE_SECONDS=${PRAMOEN_CLUSTER_STALE_SECONDS:-8}"
  for name in PRAMOEN_S3_ENDPOINT_URL PRAMOEN_S3_BUCKET PRAMOEN_S3_ACCESS_KEY_ID \
      PRAMOEN_S3_SECRET_ACCESS_KEY PRAMOEN_S3_REGION; do
    if [ -n "${!name:-}" ]; then echo "$name=${!name}"; fi
  done
} >"$DIR/env"
chmod 600 "$DIR/env"

# A process of the cluster: the shared environment only (none of the caller's PRAMOEN_*),
# its own data dir, in its own process group (so that it is stopped with its children).
cat >"$DIR/run" <<EOF
#!/usr/bin/env bash
# run DATA_DIR LOG ARGS...: pramoen ARGS with the cluster's environment
set -euo pipefail
data=\$1 log=\$2; shift 2
for name in \$(compgen -e | grep '^PRAMOEN_'); do unset "\$name"; done
mkdir -p "\$data"
cd "$ROOT"
set -a; . "$DIR/env"; set +a
export PRAMOEN_DATA_DIR="\$data"
exec "$PY" -m pramoen "\$@" >>"\$log" 2>&1
EOF
chmod +x "$DIR/run"
start() {  # start NAME ARGS...: a cluster process in the background, its pid in PIDS
  local name=$1; shift
  setsid "$DIR/run" "$DIR/$name" "$DIR/$name.log" "$@" </dev/null &
  PIDS+=($!)
}

# The worker: started here, and again by a test that killed it (the pid file says which).
cat >"$DIR/start-worker" <<EOF
#!/usr/bin/env bash
setsid "$DIR/run" "$DIR/worker" "$DIR/worker.log" worker --interval 0.5 </dev/null &
echo \$! >"$DIR/worker.pid"
EOF
chmod +x "$DIR/start-worker"

echo "Pramoen cluster in $DIR: migrating and loading the demo"
"$DIR/run" "$DIR/setup" "$DIR/setup.log" demo --no-serve || { cat "$DIR/setup.log"; exit 1; }
grep '^  ' "$DIR/setup.log" >"$DIR/accounts"

start a serve --host 127.0.0.1 --port "$A_PORT" --workers 2
start b serve --host 127.0.0.1 --port "$B_PORT" --workers 2
"$DIR/start-worker"

# Up when it answers the health check: up_at URL...
up_at() {
  "$PY" - "$DIR/lb.crt" "$@" <<'EOF' || { tail -n 30 "$DIR"/*.log; exit 1; }
import ssl, sys, time, urllib.request
context = ssl.create_default_context(cafile=sys.argv[1])
deadline = time.monotonic() + 300  # two servers collecting their static files on a busy machine
for url in sys.argv[2:]:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2, context=context) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if time.monotonic() > deadline:
            sys.exit(f"cluster: {url} did not answer")
        time.sleep(0.3)
EOF
}

# The balancer: deploy/haproxy.cfg, its addresses from the environment; started once both
# servers answer, so that its first checks find them up.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
  -keyout "$DIR/lb.key" -out "$DIR/lb.crt" 2>/dev/null
cat "$DIR/lb.crt" "$DIR/lb.key" >"$DIR/lb.pem"
export PRAMOEN_LB_BIND="127.0.0.1:$LB_PORT" PRAMOEN_LB_CERT="$DIR/lb.pem"
export PRAMOEN_LB_HTTP_BIND="127.0.0.1:$(free_port)" PRAMOEN_LB_HOST=127.0.0.1
export PRAMOEN_APP1="127.0.0.1:$A_PORT" PRAMOEN_APP2="127.0.0.1:$B_PORT"
haproxy -c -q -f "$ROOT/deploy/haproxy.cfg"
up_at "http://127.0.0.1:$A_PORT/healthz/" "http://127.0.0.1:$B_PORT/healthz/"
setsid haproxy -db -f "$ROOT/deploy/haproxy.cfg" >>"$DIR/haproxy.log" 2>&1 </dev/null &
PIDS+=($!)
up_at "https://127.0.0.1:$LB_PORT/healthz/"

export PRAMOEN_CLUSTER_URL="https://127.0.0.1:$LB_PORT"
export PRAMOEN_CLUSTER_CA="$DIR/lb.crt"
export PRAMOEN_CLUSTER_APP_URLS="http://127.0.0.1:$A_PORT,http://127.0.0.1:$B_PORT"
export PRAMOEN_CLUSTER_ACCOUNTS="$DIR/accounts"
export PRAMOEN_CLUSTER_WORKER_PIDFILE="$DIR/worker.pid"
export PRAMOEN_CLUSTER_WORKER_CMD="$DIR/start-worker"
export PRAMOEN_CLUSTER_DIR="$DIR"
unset PRAMOEN_LB_BIND PRAMOEN_LB_CERT PRAMOEN_LB_HTTP_BIND PRAMOEN_LB_HOST PRAMOEN_APP1 PRAMOEN_APP2
echo "Pramoen cluster: $PRAMOEN_CLUSTER_URL -> $PRAMOEN_CLUSTER_APP_URLS, worker $(cat "$DIR/worker.pid")" \
  "${PRAMOEN_S3_BUCKET:+, files in S3 bucket $PRAMOEN_S3_BUCKET}"
set +e
"$@"
status=$?
set -e
# the 5xx answers of the whole run, from the access logs (the balancer's own 503s included)
fivexx() { grep -cE "$1" "$2" || true; }
echo "Pramoen cluster: 5xx answers: server A $(fivexx '" 5[0-9]{2} ' "$DIR/a.log")," \
  "server B $(fivexx '" 5[0-9]{2} ' "$DIR/b.log")," \
  "balancer $(fivexx ' [0-9-]+/[0-9-]+/[0-9-]+/[0-9-]+/[0-9]+ 5[0-9]{2} ' "$DIR/haproxy.log")"
if [ $status != 0 ]; then
  for log in "$DIR"/a.log "$DIR"/b.log "$DIR"/worker.log "$DIR"/haproxy.log; do
    echo "--- last lines of $(basename "$log")"; grep -v '" [23]0[0-9] ' "$log" | tail -n 20
  done
fi
exit $status
