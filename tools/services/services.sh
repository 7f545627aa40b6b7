#!/usr/bin/env bash
# Installs, starts and stops the services EmbeddingStudio needs on a machine without Docker:
#   FerretDB (MongoDB wire protocol, SQLite backend), MinIO (S3) and Weaviate (vector engine),
#   and on request an MLflow tracking server (Python venv, SQLite backend).
#
#   tools/services/services.sh install   build the pinned binaries into the cache (idempotent)
#   tools/services/services.sh up        start what the environment does not already provide
#   tools/services/services.sh env       print `export …` lines for the running services
#   tools/services/services.sh down      stop what `up` started
#   tools/services/services.sh status
#
# MONGO_URL (or S3_ENDPOINT, or WEAVIATE_URL) already set in the environment means "use that
# server": nothing is started for it, and a real MongoDB / S3 / Weaviate works unchanged.
#
# Settings (all optional):
#   ES_TOOLS_CACHE    where built binaries are cached   (default: ~/.cache/embedding-studio/tools)
#   ES_SERVICES_DIR   data, logs, pids and env file     (default: <repo>/.services)
#   ES_WITH_WEAVIATE  1 = `up` also starts Weaviate (so does VECTOR_ENGINE=weaviate); the test
#                     suite sets it. `install` builds all three.
#   ES_WITH_MLFLOW    1 = `up` also starts an MLflow tracking server (so does
#                     EXPERIMENTS_TRACKER=mlflow); the test suite sets it. MLFLOW_TRACKING_URI
#                     already set means "use that server". `install` installs it too.
#   ES_FERRETDB_BACKEND  sqlite (default) or postgresql: FerretDB stores in a throwaway PostgreSQL
#                     cluster under ES_SERVICES_DIR (Debian's `postgresql`, apt-installed if missing).
set -euo pipefail

FERRETDB_VERSION=v1.24.2
MINIO_VERSION=v0.0.0-20260212201848-7aac2a2c5b7c   # github.com/minio/minio, 2026-02-12
WEAVIATE_VERSION=v1.35.2
MLFLOW_VERSION=3.17.2                                # PyPI `mlflow`, into a venv (python3 >= 3.10)

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache=${ES_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/embedding-studio/tools}
state=${ES_SERVICES_DIR:-$repo/.services}
ferretdb_bin=$cache/ferretdb-$FERRETDB_VERSION/ferretdb
minio_bin=$cache/minio-$MINIO_VERSION/minio
weaviate_bin=$cache/weaviate-$WEAVIATE_VERSION/weaviate-server
mlflow_dir=$cache/mlflow-$MLFLOW_VERSION

log() { printf '[services] %s\n' "$*" >&2; }
die() { printf '[services] error: %s\n' "$*" >&2; exit 1; }

need_go() {
  command -v go >/dev/null 2>&1 || die "Go is needed to build $1 (https://go.dev/dl), or set MONGO_URL / S3_ENDPOINT to servers you already run (see docker/)."
}

install_ferretdb() {
  [ -x "$ferretdb_bin" ] && return 0
  need_go FerretDB
  log "building FerretDB $FERRETDB_VERSION (once; cached in $cache)"
  local src
  src=$(mktemp -d)
  GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" >"$src/mod.json"
  local dir
  dir=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).Dir)' "$src/mod.json")
  cp -r "$dir" "$src/ferretdb" && chmod -R u+w "$src/ferretdb"
  # `go install` of FerretDB panics at start without this file, which its own build task writes.
  echo "$FERRETDB_VERSION" >"$src/ferretdb/build/version/version.txt"
  mkdir -p "$(dirname "$ferretdb_bin")"
  (cd "$src/ferretdb" && go build -trimpath -o "$ferretdb_bin.tmp" ./cmd/ferretdb)
  mv "$ferretdb_bin.tmp" "$ferretdb_bin"
  rm -rf "$src"
}

install_minio() {
  [ -x "$minio_bin" ] && return 0
  need_go MinIO
  log "building MinIO $MINIO_VERSION (once; cached in $cache)"
  mkdir -p "$(dirname "$minio_bin")"
  GOBIN=$(dirname "$minio_bin") go install "github.com/minio/minio@$MINIO_VERSION"
}

install_weaviate() {
  [ -x "$weaviate_bin" ] && return 0
  need_go Weaviate
  log "building Weaviate $WEAVIATE_VERSION (once, several minutes; cached in $cache)"
  mkdir -p "$(dirname "$weaviate_bin")"
  GOBIN=$(dirname "$weaviate_bin") GOFLAGS=-mod=mod go install "github.com/weaviate/weaviate/cmd/weaviate-server@$WEAVIATE_VERSION"
  [ -x "$weaviate_bin" ] || die "the Weaviate build left no binary at $weaviate_bin"
}

install_mlflow() {
  # The venv is complete once `installed` exists; a half-done one is rebuilt.
  [ -f "$mlflow_dir/installed" ] && [ -x "$mlflow_dir/venv/bin/mlflow" ] && return 0
  command -v python3 >/dev/null 2>&1 || die "python3 (>= 3.10, with venv) is needed to install MLflow, or set MLFLOW_TRACKING_URI to a server you already run (see docker/)."
  log "installing MLflow $MLFLOW_VERSION from PyPI (once, a few minutes; cached in $mlflow_dir)"
  rm -rf "$mlflow_dir" && mkdir -p "$mlflow_dir"
  python3 -m venv "$mlflow_dir/venv" || die "python3 -m venv failed (Debian: apt-get install python3-venv)"
  "$mlflow_dir/venv/bin/pip" install --disable-pip-version-check --quiet "mlflow==$MLFLOW_VERSION" \
    || die "pip could not install mlflow==$MLFLOW_VERSION"
  touch "$mlflow_dir/installed"
}

# PostgreSQL for FerretDB's `postgresql` handler (opt-in). Root cannot run the server, so the
# cluster belongs to the `postgres` user when the script runs as root.
pg_bindir() {
  local d; d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && echo "$d"
}

install_postgresql() {
  pg_bindir >/dev/null && return 0
  command -v apt-get >/dev/null 2>&1 || die "PostgreSQL is not installed and apt-get is missing: install PostgreSQL (>= 13) under /usr/lib/postgresql/<ver>/bin, or leave ES_FERRETDB_BACKEND unset for SQLite."
  local sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
  log "installing Debian's postgresql package (once)"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null \
    || die "apt-get could not install postgresql"
  pg_bindir >/dev/null || die "the postgresql package left no initdb/pg_ctl under /usr/lib/postgresql/<ver>/bin"
}

as_pg_owner() { # runs a PostgreSQL binary as the cluster's owner
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgresql() {
  if alive postgresql; then return 0; fi
  install_postgresql
  local bin port data=$state/postgresql-data
  bin=$(pg_bindir); port=$(free_port)
  mkdir -p "$data" "$state/postgresql-run"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' user (the postgresql package creates it)"
    chown postgres "$data" "$state/postgresql-run"; chmod 700 "$data"
    touch "$state/postgresql.log"; chown postgres "$state/postgresql.log"
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    as_pg_owner "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --no-locale \
      >"$state/postgresql-initdb.log" 2>&1 || { cat "$state/postgresql-initdb.log" >&2; die "initdb failed"; }
  fi
  as_pg_owner "$bin/pg_ctl" -D "$data" -l "$state/postgresql.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $port -k '$state/postgresql-run'" >/dev/null \
    || { tail -20 "$state/postgresql.log" >&2; die "PostgreSQL did not start (log: $state/postgresql.log)"; }
  head -1 "$data/postmaster.pid" >"$state/postgresql.pid"
  echo "$bin" >"$state/postgresql.bin"
  as_pg_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qtAc \
    "SELECT 1 FROM pg_database WHERE datname = 'ferretdb'" | grep -q 1 \
    || as_pg_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres ferretdb \
    || die "could not create the ferretdb database"
  echo "postgres://postgres@127.0.0.1:$port/ferretdb" >"$state/postgresql.url"
  log "PostgreSQL $("$bin/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$port"
}

stop_postgresql() {
  if alive postgresql && [ -f "$state/postgresql.bin" ]; then
    # A stopped postmaster can stay a zombie where nothing reaps it, so pg_ctl's word counts.
    if as_pg_owner "$(cat "$state/postgresql.bin")/pg_ctl" -D "$state/postgresql-data" -m fast -w stop >/dev/null; then
      log "stopped postgresql"
    else
      stop_one postgresql
    fi
  fi
  rm -f "$state/postgresql.pid" "$state/postgresql.url" "$state/postgresql.bin"
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

alive() { [ -f "$state/$1.pid" ] && kill -0 "$(cat "$state/$1.pid")" 2>/dev/null; }

wait_for() { # name, check command...
  local name=$1; shift
  local tries=${wait_tries:-120}
  for _ in $(seq 1 "$tries"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    alive "$name" || { tail -20 "$state/$name.log" >&2 || true; die "$name exited during start-up (log: $state/$name.log)"; }
    sleep 0.5
  done
  die "$name did not answer within $((tries / 2)) s (log: $state/$name.log)"
}

start_ferretdb() {
  if alive ferretdb; then return 0; fi
  install_ferretdb
  local port; port=$(free_port)
  local backend=(--handler=sqlite --sqlite-url="file:$state/ferretdb-data/")
  case "${ES_FERRETDB_BACKEND:-sqlite}" in
    sqlite) mkdir -p "$state/ferretdb-data" ;;
    postgresql)
      start_postgresql
      backend=(--handler=postgresql --postgresql-url="$(cat "$state/postgresql.url")") ;;
    *) die "ES_FERRETDB_BACKEND must be sqlite or postgresql, not '$ES_FERRETDB_BACKEND'" ;;
  esac
  "$ferretdb_bin" "${backend[@]}" \
    --listen-addr="127.0.0.1:$port" --debug-addr=- --telemetry=disable \
    --state-dir="$state" --log-level=WARN >"$state/ferretdb.log" 2>&1 &
  echo $! >"$state/ferretdb.pid"
  echo "mongodb://127.0.0.1:$port/" >"$state/ferretdb.url"
  wait_for ferretdb node "$here/ping-mongo.cjs" "$(cat "$state/ferretdb.url")"
  log "FerretDB $FERRETDB_VERSION (${ES_FERRETDB_BACKEND:-sqlite}) on 127.0.0.1:$port"
}

start_minio() {
  if alive minio; then return 0; fi
  install_minio
  local port cport; port=$(free_port); cport=$(free_port)
  mkdir -p "$state/minio-data"
  MINIO_ROOT_USER=embedding-studio MINIO_ROOT_PASSWORD=embedding-studio-secret \
    MINIO_BROWSER=off MINIO_UPDATE=off \
    "$minio_bin" server "$state/minio-data" --address "127.0.0.1:$port" \
    --console-address "127.0.0.1:$cport" --quiet >"$state/minio.log" 2>&1 &
  echo $! >"$state/minio.pid"
  echo "http://127.0.0.1:$port" >"$state/minio.url"
  wait_for minio curl -fsS "http://127.0.0.1:$port/minio/health/live"
  log "MinIO on 127.0.0.1:$port"
}

start_weaviate() {
  if alive weaviate; then return 0; fi
  install_weaviate
  local port grpc gossip data raft raftrpc prof
  port=$(free_port); grpc=$(free_port); gossip=$(free_port); data=$(free_port)
  raft=$(free_port); raftrpc=$(free_port); prof=$(free_port)
  mkdir -p "$state/weaviate-data"
  # CLUSTER_BIND_ADDR pins gossip and Raft to loopback; v1.35.2 binds gRPC and the cluster data
  # port to every interface (no setting for their address), on free ports here. Profiling is off.
  PERSISTENCE_DATA_PATH="$state/weaviate-data" AUTHENTICATION_ANONYMOUS_ACCESS_ENABLED=true \
    DEFAULT_VECTORIZER_MODULE=none ENABLE_MODULES= CLUSTER_HOSTNAME=node1 \
    CLUSTER_ADVERTISE_ADDR=127.0.0.1 CLUSTER_BIND_ADDR=127.0.0.1 \
    CLUSTER_GOSSIP_BIND_PORT="$gossip" CLUSTER_DATA_BIND_PORT="$data" \
    RAFT_PORT="$raft" RAFT_INTERNAL_RPC_PORT="$raftrpc" RAFT_BOOTSTRAP_EXPECT=1 \
    GRPC_PORT="$grpc" GO_PROFILING_DISABLE=true GO_PROFILING_PORT="$prof" \
    DISABLE_TELEMETRY=true LOG_LEVEL=warning QUERY_DEFAULTS_LIMIT=25 \
    "$weaviate_bin" --host 127.0.0.1 --port "$port" --scheme http >"$state/weaviate.log" 2>&1 &
  echo $! >"$state/weaviate.pid"
  echo "http://127.0.0.1:$port" >"$state/weaviate.url"
  echo "$grpc" >"$state/weaviate.grpc"
  wait_for weaviate curl -fsS "http://127.0.0.1:$port/v1/.well-known/ready"
  log "Weaviate $WEAVIATE_VERSION on 127.0.0.1:$port (gRPC $grpc)"
}

start_mlflow() {
  if alive mlflow; then return 0; fi
  install_mlflow
  local port; port=$(free_port)
  mkdir -p "$state/mlflow-artifacts"
  # One worker: the SQLite backend serialises writers anyway, and one process avoids "database
  # is locked" under concurrent requests. Artifacts are proxied (`mlflow-artifacts:/`).
  MLFLOW_ENABLE_TELEMETRY=false DO_NOT_TRACK=true \
    "$mlflow_dir/venv/bin/mlflow" server --host 127.0.0.1 --port "$port" --workers 1 \
    --backend-store-uri "sqlite:///$state/mlflow.db" \
    --artifacts-destination "$state/mlflow-artifacts" --serve-artifacts \
    >"$state/mlflow.log" 2>&1 &
  echo $! >"$state/mlflow.pid"
  echo "http://127.0.0.1:$port" >"$state/mlflow.url"
  # Importing mlflow takes a while on a busy machine.
  wait_tries=360 wait_for mlflow curl -fsS "http://127.0.0.1:$port/health"
  log "MLflow $MLFLOW_VERSION on 127.0.0.1:$port"
}

write_env() {
  {
    if [ -f "$state/ferretdb.url" ] && alive ferretdb; then
      echo "export MONGO_URL=$(cat "$state/ferretdb.url")"
    fi
    if [ -f "$state/minio.url" ] && alive minio; then
      echo "export S3_ENDPOINT=$(cat "$state/minio.url")"
      echo "export S3_REGION=us-east-1"
      echo "export S3_ACCESS_KEY_ID=embedding-studio"
      echo "export S3_SECRET_ACCESS_KEY=embedding-studio-secret"
      echo "export S3_FORCE_PATH_STYLE=true"
      # Model artifacts go to this MinIO unless the caller chose a backend.
      echo "export ARTIFACTS_BACKEND=\${ARTIFACTS_BACKEND:-s3}"
    fi
    if [ -f "$state/weaviate.url" ] && alive weaviate; then
      echo "export WEAVIATE_URL=$(cat "$state/weaviate.url")"
      echo "export WEAVIATE_GRPC_PORT=$(cat "$state/weaviate.grpc")"
    fi
    if [ -f "$state/mlflow.url" ] && alive mlflow; then
      echo "export MLFLOW_TRACKING_URI=\${MLFLOW_TRACKING_URI:-$(cat "$state/mlflow.url")}"
    fi
  } >"$state/env"
}

stop_one() {
  local name=$1
  if alive "$name"; then
    local pid; pid=$(cat "$state/$name.pid")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL "$pid" 2>/dev/null || true
    log "stopped $name"
  fi
  rm -f "$state/$name.pid" "$state/$name.url" "$state/$name.grpc"
}

cmd=${1:-}
case "$cmd" in
  install)
    install_ferretdb
    install_minio
    install_weaviate
    install_mlflow
    if [ "${ES_FERRETDB_BACKEND:-}" = postgresql ]; then install_postgresql; fi
    ;;
  up)
    mkdir -p "$state"
    if [ -n "${MONGO_URL:-}" ]; then log "using MONGO_URL from the environment"; else start_ferretdb; fi
    if [ -n "${S3_ENDPOINT:-}" ]; then log "using S3_ENDPOINT from the environment"; else start_minio; fi
    # Weaviate is the engine for users who outgrow one machine; the embedded default (LanceDB)
    # needs no server, so it starts only when asked for (the test suite asks for it).
    if [ -n "${WEAVIATE_URL:-}" ]; then log "using WEAVIATE_URL from the environment"
    elif [ "${ES_WITH_WEAVIATE:-}" = 1 ] || [ "${VECTOR_ENGINE:-}" = weaviate ]; then start_weaviate; fi
    if [ -n "${MLFLOW_TRACKING_URI:-}" ]; then log "using MLFLOW_TRACKING_URI from the environment"
    elif [ "${ES_WITH_MLFLOW:-}" = 1 ] || [ "${EXPERIMENTS_TRACKER:-}" = mlflow ]; then start_mlflow; fi
    write_env
    ;;
  env)
    [ -f "$state/env" ] && cat "$state/env"
    ;;
  down)
    stop_one ferretdb
    stop_one minio
    stop_one weaviate
    stop_one mlflow
    stop_postgresql
    rm -f "$state/env"
    ;;
  status)
    for s in ferretdb minio weaviate mlflow postgresql; do
      if alive "$s"; then echo "$s: running ($(cat "$state/$s.url"))"; else echo "$s: stopped"; fi
    done
    ;;
  *)
    sed -n '2,23p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    [ -z "$cmd" ] || exit 2
    ;;
esac
