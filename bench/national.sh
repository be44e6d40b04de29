#!/usr/bin/env bash
# The back office at the campaign's real size (issue 13 §10), on SQLite and on PostgreSQL:
# the demo, plus 10,000 imported posts (31 provinces × 9 districts and Chongqing's own), plus
# 100,000 articles in every state with their history and a pushed 推荐名单 of 50 in each of the
# 32 provinces (crates/service/examples/national_fill.rs). Every back-office page is then loaded
# by 32 signed-in officers of its level at once (wrk -t2 -c32, each request with one of the 32
# sessions) and its p50/p95/p99 reported; target p95 < 100 ms. Then the publication package is
# downloaded (its size, time and the server's peak memory).
# Usage: bash bench/national.sh [seconds-per-page] [sqlite|postgres|both]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-5}
backends=${2:-both}
articles=${ARTICLES:-100000}
port=18381
pg_admin=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/test}
work=$(mktemp -d /tmp/jinguo-national.XXXXXX)
# KEEP=1 keeps the seeded data (and prints where) for looking at a slow page by hand.
cleanup() { kill "${server:-0}" 2>/dev/null || true; if [ -n "${KEEP:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi; }
trap cleanup EXIT

command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null
cargo build --release --locked -p jinguo-cli >/dev/null
cargo build --release --locked -p jinguo-service --example national_fill >/dev/null
bin=target/release/jinguo
base="http://127.0.0.1:$port"
wait_up() { for _ in $(seq 1 600); do curl -fs "$base/healthz" >/dev/null 2>&1 && return; sleep 0.1; done; echo "server did not start" >&2; exit 1; }

# 10,000 national-level posts: Chongqing's districts from the shipped data, nine new districts
# in each other province.
python3 - "$work/posts.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open("crates/service/data/orgs.csv", encoding="utf-8")))
provinces = [r for r in rows if r["kind"] == "provincial"]
# 江北区 and 渝北区 were merged into 两江新区 in the demo: no posts under them.
merged = {"500105", "500112"}
districts = {p["code"]: [r["code"] for r in rows if r["kind"] == "district" and r["parent_code"] == p["code"] and r["code"] not in merged] for p in provinces}
teams = ["护理组", "营业部", "服务窗口", "女子车队", "便民服务站", "调度班组", "检验科", "税务服务厅"]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("代码,名称,类型,上级代码,所在单位,行业,荣誉级别,命名年份,联系人,联系电话,涉军涉密,已撤销\n")
    for p in provinces:
        if not districts[p["code"]]:
            for d in range(9):
                code = f"{p['code']}9{d:02d}"
                f.write(f"{code},{p['name']}第{d + 1}区,区县,{p['code']},,,,,,,,\n")
                districts[p["code"]].append(code)
    n = 0
    per = 10000 // len(provinces) + 1
    for p in provinces:
        for i in range(per):
            if n == 10000:
                break
            d = districts[p["code"]][i % len(districts[p["code"]])]
            f.write(f"B{n:05d},{teams[n % len(teams)]}{n},岗位,{d},{p['name']}某单位{n % 97},医疗卫生,全国级,2018,联系人{n % 1000},010-{60000000 + n},否,否\n")
            n += 1
PY

login() { # username → the session cookie
  local cookie
  cookie=$(curl -s -o /dev/null -c - --data-urlencode "username=$1" --data-urlencode 'password=Jinguo@2020' "$base/login" \
    | awk '$6 == "jinguo_session" {print "jinguo_session=" $7}')
  [ -n "$cookie" ] || { echo "could not sign in as $1" >&2; return 0; }
  echo "$cookie"
}

lua() { # group file-with-paths → a wrk script cycling the group's sessions and the paths
  python3 - "$work/cookies-$1" "$2" <<'PY'
import sys
cookies = [l.strip() for l in open(sys.argv[1]) if l.strip()]
paths = [l.strip() for l in open(sys.argv[2]) if l.strip()]
q = lambda xs: "{" + ",".join('"%s"' % x.replace('"', '\\"') for x in xs) + "}"
print("local cookies = %s\nlocal paths = %s\nlocal i = 0" % (q(cookies), q(paths)))
print('''request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1], {["Cookie"] = cookies[(i % #cookies) + 1], ["Accept-Encoding"] = "gzip, br"})
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.0f %.1f %.1f %.1f %d\\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end''')
PY
}

measure() { # backend group label path...
  local backend=$1 group=$2 label=$3; shift 3
  printf '%s\n' "$@" >"$work/paths"
  # Every page answers 200 for this group before it is timed (no redirect to the login).
  local status
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $(head -n1 "$work/cookies-$group")" "$base$1")
  [ "$status" = 200 ] || { echo "$label: $1 answered $status" >&2; exit 1; }
  lua "$group" "$work/paths" >"$work/page.lua"
  local result
  result=$(wrk -t2 -c32 -d"${secs}s" --timeout 10s -s "$work/page.lua" "$base" | awk '$1 == "RESULT"')
  read -r _ rps p50 p95 p99 errors <<<"$result"
  printf '| %-8s | %-34s | %6s | %6s | %6s | %6s | %s |\n' "$backend" "$label" "$rps" "$p50" "$p95" "$p99" "$errors" | tee -a "$work/table"
}

run_backend() {
  local backend=$1 data="$work/$1" db_args=()
  if [ "$backend" = postgres ]; then
    psql "$pg_admin" -qc 'DROP DATABASE IF EXISTS jinguo_bench WITH (FORCE)' -c 'CREATE DATABASE jinguo_bench' >/dev/null
    export JINGUO_DATABASE_URL="${pg_admin%/*}/jinguo_bench"
    fill_target=$JINGUO_DATABASE_URL
  else
    unset JINGUO_DATABASE_URL
    fill_target=$data
  fi
  echo "== $backend: seeding"
  "$bin" --data-dir "$data" serve --demo --listen "127.0.0.1:$port" >"$work/seed.log" 2>&1 &
  server=$!; wait_up; kill $server; wait $server 2>/dev/null || true
  "$bin" --data-dir "$data" import --kind orgs "$work/posts.csv" | tail -n 1
  target/release/examples/national_fill "$fill_target" "$articles"
  "$bin" --data-dir "$data" reindex >/dev/null
  JINGUO_LOG=warn "$bin" --data-dir "$data" serve --listen "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
  server=$!; wait_up

  : >"$work/cookies-national"; : >"$work/cookies-admin"; : >"$work/cookies-province"; : >"$work/cookies-district"; : >"$work/cookies-post"
  for n in $(seq -w 1 32); do
    login "bench_n$n" >>"$work/cookies-national"
    login "bench_a$n" >>"$work/cookies-admin"
    login "bench_d$n" >>"$work/cookies-district"
    login "bench_g$n" >>"$work/cookies-post"
  done
  for code in $(python3 -c "import csv; print(' '.join(r['code'] for r in csv.DictReader(open('crates/service/data/orgs.csv', encoding='utf-8')) if r['kind'] == 'provincial'))"); do
    login "bench_p${code,,}" >>"$work/cookies-province"
  done
  wc -l "$work"/cookies-* | tail -n 1
  national=$(head -n1 "$work/cookies-national")
  waiting=$(curl -fs -H "Cookie: $national" "$base/api/v1/review/queue?tab=waiting&per_page=50" \
    | python3 -c "import json, sys; print(' '.join('/review/%d' % i['article']['id'] for i in json.load(sys.stdin)['items']))")
  province_id=$(curl -fs -H "Cookie: $national" "$base/api/v1/orgs?kind=provincial&q=四川" \
    | python3 -c "import json, sys; print(json.load(sys.stdin)['items'][0]['id'])" 2>/dev/null || echo "")

  measure "$backend" post "岗位 工作台" /workbench
  measure "$backend" post "岗位 我的稿件" /articles
  measure "$backend" district "区县 工作台" /workbench
  measure "$backend" district "区县 待审核" /review
  measure "$backend" district "区县 待审核 搜索+主题" "/review?q=%E6%8A%A4%E7%90%86&theme=guard"
  measure "$backend" district "区县 已处理" "/review?tab=processed"
  measure "$backend" district "区县 统计" /dashboard
  measure "$backend" province "省级 工作台" /workbench
  measure "$backend" province "省级 待审核" /review
  measure "$backend" province "省级 已处理" "/review?tab=processed"
  measure "$backend" province "省级 推荐名单（50 行）" /review/list
  measure "$backend" province "省级 统计" /dashboard
  measure "$backend" national "全国 工作台" /workbench
  measure "$backend" national "全国 待发布（按省分组）" /review
  measure "$backend" national "全国 待发布 第 10 页" "/review?page=10"
  [ -n "$province_id" ] && measure "$backend" national "全国 待发布 按省份+主题" "/review?unit=$province_id&theme=guard"
  measure "$backend" national "全国 已发布" "/review?tab=published"
  measure "$backend" national "全国 已处理" "/review?tab=processed"
  measure "$backend" national "全国 统计" /dashboard
  # shellcheck disable=SC2086
  measure "$backend" national "全国 审核稿件（50 篇轮换）" $waiting
  measure "$backend" admin "全国 审计日志" /admin/audit

  # The publication package: streamed, so its size does not show in the server's memory.
  local admin; admin=$(head -n1 "$work/cookies-admin")
  local before; before=$(awk '$1 == "VmHWM:" {print $2}' "/proc/$server/status")
  local stats; stats=$(curl -s -o "$work/package.zip" -w '%{http_code} %{size_download} %{time_total}' -H "Cookie: $admin" "$base/api/v1/publication-package")
  local after; after=$(awk '$1 == "VmHWM:" {print $2}' "/proc/$server/status")
  echo "$backend publication package: status/bytes/seconds $stats; serve peak RSS $((before / 1024)) → $((after / 1024)) MiB" | tee -a "$work/table"
  kill $server; wait $server 2>/dev/null || true
}

for backend in sqlite postgres; do
  if [ "$backends" = both ] || [ "$backends" = "$backend" ]; then run_backend "$backend"; fi
done
echo
echo "| backend  | page (32 concurrent officers)      |  req/s | p50 ms | p95 ms | p99 ms | errors |"
grep '^|' "$work/table"
grep 'package' "$work/table"
