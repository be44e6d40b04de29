#!/usr/bin/env bash
# Issue 12's figure: requests/s of the cached article page through nginx (configured as
# deploy/nginx.conf) with one instance behind it, then with three, on one PostgreSQL database.
# All of it — wrk, nginx, the instances, PostgreSQL — shares this machine's cores, so three
# instances cannot triple the figure here: the point is that adding instances costs nothing
# and that nginx plus one instance is what one machine serves.
# Usage: bash bench/cluster.sh [seconds]   (needs PostgreSQL on 127.0.0.1:5432, trust auth)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
work=$(mktemp -d /tmp/jinguo-cluster.XXXXXX)
db=jinguo_bench_cluster
ports=(18391 18392 18393); lb=18390
cleanup() {
  for pid in "${pids[@]:-}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
need() { command -v "$1" >/dev/null || { echo "installing $2"; DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null; }; }
need wrk wrk
need nginx nginx
cargo build --release --locked -p jinguo-cli >/dev/null
bin=target/release/jinguo
psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
psql -h 127.0.0.1 -U postgres -d test -qc "CREATE DATABASE $db" >/dev/null
url="postgres://postgres@127.0.0.1:5432/$db"
wait_up() { for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$1/healthz" >/dev/null 2>&1 && return; sleep 0.2; done; echo "nothing on $1" >&2; exit 1; }

pids=()
for i in 0 1 2; do
  JINGUO_MEDIA_URL="file://$work/media" "$bin" --data-dir "$work/i$i" --database-url "$url" \
    serve --demo --listen "127.0.0.1:${ports[$i]}" >"$work/i$i.log" 2>&1 &
  pids+=($!)
done
for p in "${ports[@]}"; do wait_up "$p"; done
id=$(curl -fs "http://127.0.0.1:${ports[0]}/api/v1/public/articles" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')

run() {  # $1: how many instances behind nginx
  local servers=""
  for i in $(seq 0 $(( $1 - 1 ))); do servers+="    server 127.0.0.1:${ports[$i]} max_fails=1 fail_timeout=5s;"$'\n'; done
  python3 - "$work/site.conf" "$lb" "$servers" <<'PY'
import re, sys
site = open("deploy/nginx.conf").read()
site = re.sub(r"(upstream jinguo \{\n)(?:    server .*\n)+", lambda m: m.group(1) + sys.argv[3], site)
site = site.replace("listen 80;", f"listen 127.0.0.1:{sys.argv[2]};").replace("server_name gang.example.cn;", "server_name localhost;")
open(sys.argv[1], "w").write(site)
PY
  cat >"$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http { access_log off; include $work/site.conf; }
CONF
  [ -f "$work/nginx.pid" ] && { kill "$(cat "$work/nginx.pid")" 2>/dev/null || true; sleep 0.5; }
  nginx -p "$work" -c "$work/nginx.conf"
  wait_up "$lb"
  curl -fs "http://127.0.0.1:$lb/news/$id" >/dev/null
  echo "--- /news/$id through nginx, $1 instance(s) behind it"
  wrk -t2 -c64 -d"${secs}s" --latency "http://127.0.0.1:$lb/news/$id" | grep -E "Requests/sec|99%|Non-2xx|Socket errors" || true
}
run 1
run 3
