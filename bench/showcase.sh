#!/usr/bin/env bash
# The public showcase under load, on this machine, in one run:
#  1. the demo's article page from our server vs the same page saved to a file and served by
#     nginx (Debian) — requests/s, p99 and the ratio (target ≥ 0.5× nginx, p99 < 20 ms);
#  2. the front page from the cache;
#  3. the article page rendered on every request (the page cache switched off; target ≥ 3,000/s);
#  4. search over 10,000 generated published articles, 40 different queries, uncached
#     (target p99 < 50 ms).
# wrk runs with -t2 -c64 for a bounded time. Usage: bash bench/showcase.sh [seconds] [articles]
# KEEP=1 keeps the seeded data (and prints where) for profiling a page by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
articles=${2:-10000}
port=18281; port_nocache=18282; port_nginx=18283
work=$(mktemp -d /tmp/jinguo-showcase.XXXXXX)
chmod 755 "$work"  # nginx's workers read the saved page as another user
cleanup() {
  kill "${server:-0}" "${server_nocache:-0}" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  if [ -n "${KEEP:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

need() { command -v "$1" >/dev/null || { echo "installing $2"; DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null; }; }
need wrk wrk
need nginx nginx
cargo build --release --locked -p jinguo-cli >/dev/null
cargo build --release --locked -p jinguo-service --example showcase_fill >/dev/null
bin=target/release/jinguo

wait_up() { for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$1/healthz" >/dev/null 2>&1 && return; sleep 0.1; done; echo "server on $1 did not start" >&2; exit 1; }

# The demo (60 articles through the workflow), then 10,000 more published in bulk.
"$bin" --data-dir "$work/data" serve --demo --listen "127.0.0.1:$port" >"$work/seed.log" 2>&1 &
server=$!; wait_up $port; kill $server; wait $server 2>/dev/null || true
target/release/examples/showcase_fill "$work/data" "$articles"
"$bin" --data-dir "$work/data" reindex
cp -r "$work/data" "$work/data-nocache"
rm -rf "$work/data-nocache/search"

JINGUO_LOG=warn "$bin" --data-dir "$work/data" serve --listen "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
server=$!
JINGUO_LOG=warn JINGUO_PAGE_CACHE=false "$bin" --data-dir "$work/data-nocache" serve --listen "127.0.0.1:$port_nocache" >"$work/serve-nocache.log" 2>&1 &
server_nocache=$!
wait_up $port; wait_up $port_nocache

# One article page saved to a file for nginx.
mkdir -p "$work/www/news"
curl -fs "http://127.0.0.1:$port/news/1" -o "$work/www/news/1.html"
cat >"$work/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  types { text/html html; }
  server {
    listen 127.0.0.1:$port_nginx;
    root $work/www;
    location / { try_files \$uri.html \$uri =404; }
  }
}
CONF
nginx -c "$work/nginx.conf" -p "$work"
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port_nginx/news/1" >/dev/null 2>&1 && break; sleep 0.1; done

# Forty different searches (percent-encoded), cycled by wrk.
python3 - "$work/search.lua" <<'PY'
import sys, urllib.parse
words = "护理 乡村振兴 苗绣 电商 脱贫 守护 创新 培训 合作社 技术 社区 志愿 农产品 直播 茶叶 医院 公交 金融 帮扶 巾帼 护林 水稻 马铃薯 苹果 芒果 纺织 讲解 热线 地铁 机场 妈妈 留守 车间 扶贫 复工 防控 创业 就业 美丽 庭院".split()
with open(sys.argv[1], "w") as f:
    f.write("local words = {" + ",".join('"%s"' % urllib.parse.quote(w) for w in words) + "}\n")
    f.write("local i = 0\nrequest = function()\n  i = i + 1\n  return wrk.format(\"GET\", \"/search?q=\" .. words[(i % #words) + 1])\nend\n")
PY

run() { # label url [script] [connections]
  local out conns=${4:-64}
  if [ -n "${3:-}" ]; then
    out=$(wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$3" "$2")
  else
    out=$(wrk -t2 -c"$conns" -d"${secs}s" --latency "$2")
  fi
  local rps p99 errors
  if ! echo "$out" | grep -q 'Requests/sec'; then echo "$1: wrk failed:"; echo "$out"; return; fi
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  errors=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  printf '%-44s %10s req/s   p99 %8s   %s\n' "$1" "$rps" "$p99" "${errors:+non-2xx: $errors}"
  echo "$rps" >"$work/rps-$(echo "$1" | tr -c 'a-z0-9' '_')"
}

echo "== $(nproc) cores, wrk -t2 -c64 -d${secs}s =="
echo "public articles: $(curl -fs "http://127.0.0.1:$port/api/v1/public/articles" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')"
# Alternate the two twice: the ratio uses the mean of each pair.
run "nginx: saved article page" "http://127.0.0.1:$port_nginx/news/1"
run "jinguo: article page (cached)" "http://127.0.0.1:$port/news/1"
run "nginx: saved article page, again" "http://127.0.0.1:$port_nginx/news/1"
run "jinguo: article page (cached), again" "http://127.0.0.1:$port/news/1"
run "jinguo: home page (cached)" "http://127.0.0.1:$port/"
run "jinguo: article page (cache off)" "http://127.0.0.1:$port_nocache/news/1"
run "jinguo: one search query (cached)" "http://127.0.0.1:$port/search?q=%E4%B9%A1%E6%9D%91%E6%8C%AF%E5%85%B4"
run "jinguo: search, 40 queries (cache off)" "http://127.0.0.1:$port_nocache/" "$work/search.lua"
run "jinguo: search, 40 queries (cache off), -c8" "http://127.0.0.1:$port_nocache/" "$work/search.lua" 8
python3 - "$work" <<'PY'
import glob, sys
mean = lambda pattern: sum(float(open(f).read()) for f in glob.glob(sys.argv[1] + pattern)) / len(glob.glob(sys.argv[1] + pattern))
nginx, ours = mean("/rps-nginx*"), mean("/rps-jinguo__article_page__cached*")
print(f"article page: jinguo {ours:,.0f} / nginx {nginx:,.0f} req/s = {ours / nginx:.2f}x")
PY
