#!/usr/bin/env bash
# Sets up whatever is missing, then runs the linter, the unit tests of the pure rules and
# the integration tests on a dedicated site; ends with "N passed, N failed[, N skipped]".
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TEST_SITE="${CS_TEST_SITE:-cs-test.localhost}"
ERPNEXT_TEST_SITE="${CS_ERPNEXT_TEST_SITE:-cs-test-erpnext.localhost}"
LOG_DIR="$(mktemp -d)"

setup_bench
"$BENCH_DIR/env/bin/python" -c 'import pytest, hypothesis, ruff, playwright' 2>/dev/null \
	|| "$BENCH_DIR/env/bin/pip" install -q pytest hypothesis ruff playwright

sites=("$TEST_SITE")
ensure_site "$TEST_SITE" customer_success
if has_erpnext; then
	ensure_site "$ERPNEXT_TEST_SITE" erpnext customer_success
	sites+=("$ERPNEXT_TEST_SITE")
fi

passed=0 failed=0 skipped=0
tally() { # tally PASSED FAILED SKIPPED
	passed=$((passed + $1)) failed=$((failed + $2)) skipped=$((skipped + $3))
}

log "Lint (ruff)"
if (cd "$REPO_DIR" && "$BENCH_DIR/env/bin/ruff" check . && "$BENCH_DIR/env/bin/ruff" format --check .); then
	tally 1 0 0
else
	tally 0 1 0
fi

log "Unit tests of the rules"
set +e
(cd "$REPO_DIR" && "$BENCH_DIR/env/bin/python" -m pytest -p no:cacheprovider -q customer_success/rules) \
	| tee "$LOG_DIR/unit.log"
set -e
summary="$(grep -E '^=*\s*[0-9]+ (passed|failed)|(passed|failed|error).* in [0-9.]+s' "$LOG_DIR/unit.log" | tail -1)"
count() { grep -oE "[0-9]+ $1" <<<"$summary" | grep -oE '[0-9]+' || echo 0; }
unit_failed=$(($(count failed) + $(count error)))
tally "$(count passed)" "$unit_failed" "$(count skipped)"
if [ -z "$summary" ]; then tally 0 1 0; fi

for site in "${sites[@]}"; do
	log "Integration tests on $site"
	bench_cmd --site "$site" set-config allow_tests true >/dev/null
	set +e
	(cd "$BENCH_DIR" && CI=true bench --site "$site" run-tests --app customer_success 2>&1) \
		| tee "$LOG_DIR/integration-$site.log"
	status=${PIPESTATUS[0]}
	set -e
	ran="$(grep -oE '^Ran [0-9]+ test' "$LOG_DIR/integration-$site.log" | grep -oE '[0-9]+' | tail -1)"
	result="$(grep -E '^(OK|FAILED)' "$LOG_DIR/integration-$site.log" | tail -1)"
	field() { grep -oE "$1=[0-9]+" <<<"$result" | grep -oE '[0-9]+' || echo 0; }
	if [ -z "$ran" ] || [ -z "$result" ]; then
		echo "The integration run on $site ended without a result (exit $status)." >&2
		tally 0 1 0
		continue
	fi
	bad=$(($(field failures) + $(field errors) + $(field 'unexpected successes')))
	skip=$(($(field skipped) + $(field 'expected failures')))
	tally $((ran - bad - skip)) "$bad" "$skip"
	if [ "$status" -ne 0 ] && [ "$bad" -eq 0 ]; then tally 0 1 0; fi
done

check_install() { # check_install SITE installed|uninstalled
	(cd "$BENCH_DIR/sites" && ../env/bin/python -m customer_success.tests.install_check "$1" "$2")
}

log "Install and uninstall on a fresh site"
check_site="cs-install-check.localhost"
set +e
(
	set -e
	site_exists "$check_site" && bench_cmd drop-site "$check_site" --force --no-backup --db-root-password "$DB_ROOT_PASSWORD"
	bench_cmd new-site "$check_site" --db-root-password "$DB_ROOT_PASSWORD" --admin-password "$ADMIN_PASSWORD" \
		--install-app customer_success >"$LOG_DIR/install.log" 2>&1
	check_install "$check_site" installed
	bench_cmd --site "$check_site" uninstall-app customer_success --yes --no-backup >>"$LOG_DIR/install.log" 2>&1
	check_install "$check_site" uninstalled
	bench_cmd drop-site "$check_site" --force --no-backup --db-root-password "$DB_ROOT_PASSWORD" >/dev/null 2>&1
)
status=$?
set -e
if [ "$status" -eq 0 ]; then tally 1 0 0; else tail -20 "$LOG_DIR/install.log" >&2; tally 0 1 0; fi

line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
[ "$failed" -eq 0 ]
