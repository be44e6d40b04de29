#!/usr/bin/env bash
# schemathesis against the OpenAPI document of a fresh demo instance (issue 14 §3): once with
# a post's token, then with a national administrator's. Fails on any 5xx, response that does
# not match its schema, undocumented status or content type, accepted invalid input, or an
# error logged by the server. Bounded: a few minutes in all (SCHEMATHESIS_EXAMPLES per
# operation and phase, default 15).
#
#   crates/web/tests/schemathesis/run.sh [path/to/jinguo]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="${1:-$here/../../../../target/debug/jinguo}"
examples="${SCHEMATHESIS_EXAMPLES:-15}"
if ! command -v st >/dev/null 2>&1; then
  echo "*** SKIPPED (schemathesis): 'st' is not installed (pip install schemathesis) ***"
  exit 0
fi
data="$(mktemp -d)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
log="$data/serve.log"
# No webhook worker: the subscriber URLs schemathesis registers are made up, and nothing may
# be sent to them (the deliveries stay queued; tests/http/webhooks covers sending).
JINGUO_WEBHOOK_WORKER=false \
  "$bin" serve --demo --data-dir "$data" --listen "127.0.0.1:$port" >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do
  curl -fs "$base/readyz" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "$base/readyz" >/dev/null

status=0
for account in gang_demo qg_admin; do
  token=$(python3 "$here/token.py" "$base" "$account")
  echo "=== schemathesis as $account ==="
  # Revoking tokens would revoke the one in use; the token routes are covered by tests/api.
  (cd "$here" && st run "$base/api/openapi.json" \
      --header "Authorization: Bearer $token" \
      --checks all --max-examples "$examples" --workers 2 --seed 20261202 \
      --exclude-path '/api/v1/tokens/{id}' --exclude-path '/api/v1/me/password' \
      ) || status=1
done

# A test fails when the server logged a panic or an error during it.
if grep -E 'panicked| ERROR ' "$log"; then
  echo "the server logged errors during the schemathesis run" >&2
  status=1
fi
exit "$status"
