# Shared set-up for scripts/serve.sh and scripts/test.sh: every step checks
# what is already there and does only what is missing.
set -euo pipefail

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DIR="${CS_BENCH_DIR:-$HOME/frappe-bench}"
FRAPPE_REPO="${CS_FRAPPE_REPO:-https://github.com/frappe/frappe}"
FRAPPE_BRANCH="${CS_FRAPPE_BRANCH:-version-15}"
ERPNEXT_REPO="${CS_ERPNEXT_REPO:-}"
ERPNEXT_BRANCH="${CS_ERPNEXT_BRANCH:-version-15}"
DB_ROOT_PASSWORD="${CS_DB_ROOT_PASSWORD:-root}"
ADMIN_PASSWORD="${CS_ADMIN_PASSWORD:-admin}"
PYTHON="${CS_PYTHON:-python3}"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

bench_cmd() {
	(cd "$BENCH_DIR" && bench "$@")
}

install_system_packages() {
	local missing=()
	command -v mariadb >/dev/null || missing+=(mariadb-server mariadb-client)
	command -v redis-server >/dev/null || missing+=(redis-server)
	command -v git >/dev/null || missing+=(git)
	command -v pkg-config >/dev/null || missing+=(pkg-config)
	[ -e /usr/include/mariadb/mysql.h ] || missing+=(libmariadb-dev)
	command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
	command -v cron >/dev/null || missing+=(cron)
	command -v node >/dev/null || missing+=(nodejs npm)
	"$PYTHON" -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv python3-dev)
	if [ "${#missing[@]}" -gt 0 ]; then
		log "Installing ${missing[*]}"
		as_root apt-get update -qq
		as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
	fi
	command -v yarn >/dev/null || { log "Installing yarn"; as_root npm install -g yarn; }
	command -v bench >/dev/null || { log "Installing frappe-bench"; "$PYTHON" -m pip install -q frappe-bench; }
}

configure_mariadb() {
	local conf=/etc/mysql/mariadb.conf.d/99-frappe.cnf
	if [ ! -f "$conf" ]; then
		log "Configuring MariaDB for Frappe"
		as_root tee "$conf" >/dev/null <<-'CNF'
		[mysqld]
		character-set-client-handshake = FALSE
		character-set-server = utf8mb4
		collation-server = utf8mb4_unicode_ci
		innodb_buffer_pool_size = 1G
		innodb_flush_log_at_trx_commit = 2
		max_connections = 500
		max_allowed_packet = 256M

		[mysql]
		default-character-set = utf8mb4
		CNF
	fi
}

start_mariadb() {
	if ! as_root mariadb-admin ping --silent 2>/dev/null && ! mariadb-admin -uroot -p"$DB_ROOT_PASSWORD" ping --silent 2>/dev/null; then
		log "Starting MariaDB"
		as_root mkdir -p /run/mysqld
		as_root chown mysql:mysql /run/mysqld 2>/dev/null || true
		(as_root setsid mysqld_safe >/dev/null 2>&1 &)
		for _ in $(seq 60); do
			mariadb-admin -uroot -p"$DB_ROOT_PASSWORD" ping --silent 2>/dev/null && break
			as_root mariadb-admin ping --silent 2>/dev/null && break
			sleep 1
		done
	fi
	if ! mariadb -uroot -p"$DB_ROOT_PASSWORD" -h127.0.0.1 -e 'select 1' >/dev/null 2>&1; then
		log "Setting the MariaDB root password"
		as_root mariadb -uroot -e "ALTER USER root@localhost IDENTIFIED VIA mysql_native_password USING PASSWORD('$DB_ROOT_PASSWORD') OR unix_socket; FLUSH PRIVILEGES;"
	fi
	# Bulk statements of the jobs and benchmarks exceed the default 16M packet on large books.
	mariadb -uroot -p"$DB_ROOT_PASSWORD" -h127.0.0.1 -e 'SET GLOBAL max_allowed_packet = 268435456' 2>/dev/null || true
}

init_bench() {
	if [ ! -d "$BENCH_DIR/apps/frappe" ]; then
		log "Building a bench at $BENCH_DIR from $FRAPPE_REPO ($FRAPPE_BRANCH)"
		local launch
		launch="$(mktemp -d)"
		# bench refuses to run as root unless the folder it runs from names a frappe_user.
		mkdir -p "$launch/sites"
		printf '{"frappe_user": "%s"}\n' "$(id -un)" >"$launch/sites/common_site_config.json"
		(cd "$launch" && bench init --frappe-path "$FRAPPE_REPO" --frappe-branch "$FRAPPE_BRANCH" \
			--python "$(command -v "$PYTHON")" --no-backups "$BENCH_DIR")
		rm -rf "$launch"
	fi
	"$BENCH_DIR/env/bin/python" - "$BENCH_DIR/sites/common_site_config.json" "$(id -un)" <<-'PY'
	import json, sys
	path, user = sys.argv[1], sys.argv[2]
	conf = json.load(open(path))
	if conf.get("frappe_user") != user:
	    conf["frappe_user"] = user
	    json.dump(conf, open(path, "w"), indent=1)
	PY
	# Frappe 15 still imports pkg_resources, which setuptools 81 dropped.
	"$BENCH_DIR/env/bin/python" -c 'import pkg_resources' 2>/dev/null \
		|| "$BENCH_DIR/env/bin/pip" install -q "setuptools<81"
}

get_erpnext() {
	[ -n "$ERPNEXT_REPO" ] || return 0
	if [ ! -d "$BENCH_DIR/apps/erpnext" ]; then
		log "Getting ERPNext from $ERPNEXT_REPO ($ERPNEXT_BRANCH)"
		bench_cmd get-app --branch "$ERPNEXT_BRANCH" --skip-assets erpnext "$ERPNEXT_REPO"
	fi
}

link_app() {
	local target="$BENCH_DIR/apps/customer_success"
	if [ "$(readlink -f "$target" 2>/dev/null)" != "$REPO_DIR" ]; then
		log "Linking $REPO_DIR into the bench"
		rm -rf "$target"
		ln -s "$REPO_DIR" "$target"
	fi
	local pth
	pth="$("$BENCH_DIR/env/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/customer_success.pth"
	[ -f "$pth" ] || "$BENCH_DIR/env/bin/pip" install -q -e "$target"
	# pip writes the resolved path; keep the link's path so that a clone elsewhere is what runs.
	printf '%s\n' "$target" >"$pth"
	grep -qx customer_success "$BENCH_DIR/sites/apps.txt" || printf '\ncustomer_success\n' >>"$BENCH_DIR/sites/apps.txt"
	sed -i '/^$/d' "$BENCH_DIR/sites/apps.txt"
}

start_redis() {
	local conf port
	for conf in redis_cache redis_queue; do
		port="$(sed -n 's/^port //p' "$BENCH_DIR/config/$conf.conf")"
		if ! redis-cli -p "$port" ping >/dev/null 2>&1; then
			log "Starting $conf on port $port"
			(cd "$BENCH_DIR" && redis-server "config/$conf.conf" --daemonize yes >/dev/null)
		fi
	done
}

site_exists() {
	[ -f "$BENCH_DIR/sites/$1/site_config.json" ]
}

# ensure_site SITE APP... : a site with these apps installed and migrated.
ensure_site() {
	local site="$1"
	shift
	if ! site_exists "$site"; then
		log "Creating site $site"
		bench_cmd new-site "$site" --db-root-password "$DB_ROOT_PASSWORD" \
			--admin-password "$ADMIN_PASSWORD"
	fi
	local installed app
	installed="$(bench_cmd --site "$site" list-apps 2>/dev/null || true)"
	for app in "$@"; do
		if ! grep -q "^$app\b" <<<"$installed"; then
			log "Installing $app on $site"
			bench_cmd --site "$site" install-app "$app"
		fi
	done
	bench_cmd --site "$site" migrate >/dev/null
}

has_erpnext() {
	[ -d "$BENCH_DIR/apps/erpnext" ]
}

setup_bench() {
	install_system_packages
	configure_mariadb
	start_mariadb
	init_bench
	get_erpnext
	link_app
	start_redis
}
