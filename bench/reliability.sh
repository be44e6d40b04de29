#!/usr/bin/env bash
# Figures for reliability under load (issue 10), on SQLite and, with JINGUO_TEST_DATABASE_URL, on
# PostgreSQL: logins/s and p99 of 64 concurrent logins, of 64 concurrent draft saves, and the
# peak RSS of `serve` through the hostile inputs (a notice form with ten 20 MB attachments, an
# xlsx zip bomb, a 20 MB paragraph) and 50 parallel 20 MB photo uploads. Budget: peak < 250 MB.
# Usage: bash bench/reliability.sh   (release build; loopback only; stops by itself)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -p jinguo-cli >/dev/null
bin=$PWD/target/release/jinguo
work=$(mktemp -d /tmp/jinguo-reliability.XXXXXX)
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

run() { # backend label, extra args
  local label=$1; shift
  local port=18190
  # Seed the demo once, then measure a fresh process: its peak RSS is this run's alone.
  "$bin" --data-dir "$work/$label" "$@" serve --demo --listen "127.0.0.1:$port" >"$work/$label.log" 2>&1 &
  server=$!
  for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
  kill "$server"; wait "$server" 2>/dev/null || true
  "$bin" --data-dir "$work/$label" "$@" serve --listen "127.0.0.1:$port" >>"$work/$label.log" 2>&1 &
  server=$!
  for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
  echo "== $label (serve started: peak RSS $(awk '$1 == "VmHWM:" {print int($2/1024)}' /proc/$server/status) MiB)"
  python3 bench/reliability_load.py "$port" "$server"
  kill "$server"; wait "$server" 2>/dev/null || true
}

run sqlite
if [ -n "${JINGUO_TEST_DATABASE_URL:-}" ]; then
  db=jgbench_reliability
  psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  run postgres --database-url "${JINGUO_TEST_DATABASE_URL%/*}/$db"
  psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS $db"
fi
