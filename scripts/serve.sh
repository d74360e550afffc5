#!/usr/bin/env bash
# Sets up whatever is missing, fills a demo site and serves it on http://localhost:8000.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SITE="${CS_SITE:-customer-success.localhost}"
PORT="${CS_PORT:-8000}"
DEMO_ACCOUNTS="${CS_DEMO_ACCOUNTS:-60}"

setup_bench
apps=(customer_success)
if [ "${CS_DEMO_ERPNEXT:-0}" = 1 ] && has_erpnext; then
	apps=(erpnext customer_success)
fi
ensure_site "$SITE" "${apps[@]}"
if [ "${apps[0]}" = erpnext ]; then
	# ERPNext's setup wizard, completed non-interactively as its test set-up does.
	bench_cmd --site "$SITE" execute erpnext.setup.utils.before_tests >/dev/null
fi
bench_cmd use "$SITE" >/dev/null
bench_cmd --site "$SITE" set-config host_name "http://localhost:$PORT" >/dev/null
[ -e "$BENCH_DIR/sites/assets/customer_success" ] || bench_cmd build --app customer_success
bench_cmd --site "$SITE" cs-demo --accounts "$DEMO_ACCOUNTS"
bench_cmd --site "$SITE" enable-scheduler >/dev/null

log "Starting the background worker and the scheduler"
(cd "$BENCH_DIR" && exec bench worker >"$BENCH_DIR/logs/cs-worker.log" 2>&1) &
(cd "$BENCH_DIR" && exec bench schedule >"$BENCH_DIR/logs/cs-schedule.log" 2>&1) &
trap 'kill $(jobs -p) 2>/dev/null' EXIT

cat <<MSG

  Customer Success is up on http://localhost:$PORT  (site $SITE)
  Log in as Administrator / $ADMIN_PASSWORD, or as a demo user (password $ADMIN_PASSWORD):
    head@demo.example (CS Head), csm1@demo.example (CS Manager),
    partner@demo.example (CS Partner User)
  Stop with Ctrl-C.

MSG
cd "$BENCH_DIR" && bench serve --port "$PORT" --noreload
