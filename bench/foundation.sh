#!/usr/bin/env bash
# Figures for the foundation: `jinguo import` of 100,000 posts on SQLite (target < 30 s), the peak
# RSS of `serve` idle and after the import (with its pages exercised), and the import's own RSS.
# Usage: bash bench/foundation.sh [rows]   (release build; runs on loopback only, stops by itself)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-100000}
port=18181
work=$(mktemp -d /tmp/jinguo-bench.XXXXXX)
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

command -v /usr/bin/time >/dev/null || { echo "needs GNU time: apt-get install time" >&2; exit 1; }
cargo build --release --locked -p jinguo-cli >/dev/null
bin=target/release/jinguo

rss() { awk -v k="$2" '$1 == k":" {print $2/1024 " MiB"}' "/proc/$1/status"; }

"$bin" --data-dir "$work/data" serve --demo --listen "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
sleep 1
echo "serve idle:           VmRSS $(rss $server VmRSS), VmHWM $(rss $server VmHWM)"

python3 - "$rows" "$work/posts.csv" <<'PY'
import sys, random
rows, path = int(sys.argv[1]), sys.argv[2]
districts = ["500101","500102","500103","500104","500106","500107","500108","500109","500110","500111",
             "500113","500114","500115","500116","500117","500118","500119","500120","500151","500152"]
units = ["人民医院", "中心卫生院", "农村商业银行", "公交公司", "社区服务中心", "供电公司", "税务局办税服务厅", "中学"]
teams = ["护理组", "营业部", "服务窗口", "女子车队", "便民服务站", "调度班组"]
industries = ["医疗卫生", "金融", "交通运输", "社区服务", "能源", "政务服务", "教育"]
levels = ["全国级", "省级", "市级"]
random.seed(2020)
with open(path, "w", encoding="utf-8") as f:
    f.write("代码,名称,类型,上级代码,所在单位,行业,荣誉级别,命名年份,联系人,联系电话,涉军涉密,已撤销\n")
    for i in range(rows):
        d = random.choice(districts)
        f.write(f"B{i:07d},{random.choice(teams)}{i},岗位,{d},某某{random.choice(units)},{random.choice(industries)},"
                f"{random.choice(levels)},{random.randint(2005, 2025)},联系人{i % 1000},023-{60000000 + i},否,否\n")
PY
echo "generated $rows post rows ($(du -h "$work/posts.csv" | cut -f1))"

/usr/bin/time -v "$bin" --data-dir "$work/data" import --kind orgs "$work/posts.csv" 2>"$work/time.log" | tail -n 1
echo "import wall time:     $(grep 'Elapsed (wall clock)' "$work/time.log" | awk '{print $NF}')"
echo "import peak RSS:      $(grep 'Maximum resident set size' "$work/time.log" | awk '{print $NF/1024 " MiB"}')"

# Exercise the server over the now large tree: sign in and page through the organisation list.
jar="$work/cookies"
curl -fs -c "$jar" -o /dev/null -d 'username=cq_admin&password=Jinguo%402020' "http://127.0.0.1:$port/login"
for q in "" "B00" "护理组" "营业部"; do
  for p in 1 2 50; do curl -fs -b "$jar" -o /dev/null "http://127.0.0.1:$port/admin/orgs?q=$q&page=$p"; done
done
curl -fs -b "$jar" -o /dev/null "http://127.0.0.1:$port/admin/accounts"
echo "serve after import:   VmRSS $(rss $server VmRSS), VmHWM $(rss $server VmHWM)"
