# Shared set-up for bin/run and bin/test: the virtualenv, and PostgreSQL and Redis (the ones the
# machine already runs, or private ones under ./var that we start and stop). Sourced, not run.
# shellcheck shell=bash

VL_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VL_VAR=$VL_ROOT/var
VL_VENV=$VL_ROOT/.venv
VL_DEFAULT_DATABASE_URL=postgres://postgres@127.0.0.1:5432/verzuimloket
VL_DEFAULT_REDIS_URL=redis://127.0.0.1:6379/0

# What we started ourselves, so cleanup stops exactly that and nothing else.
VL_PG_STARTED=
VL_PG_DATA=
VL_PG_AS=()
VL_REDIS_PIDFILE=

if [[ -t 2 ]]; then VL_B=$'\033[1m' VL_R=$'\033[31m' VL_Y=$'\033[33m' VL_0=$'\033[0m'; else VL_B='' VL_R='' VL_Y='' VL_0=''; fi
vl_log() { printf '%s==> %s%s\n' "$VL_B" "$*" "$VL_0" >&2; }
vl_warn() { printf '%sWARNING: %s%s\n' "$VL_Y" "$*" "$VL_0" >&2; }
vl_die() { printf '%sERROR: %s%s\n' "$VL_R" "$*" "$VL_0" >&2; exit 1; }

vl_require_bash() {
    # wait -n -p (used by bin/run) and $EPOCHREALTIME need bash 5.1.
    if ((BASH_VERSINFO[0] < 5 || (BASH_VERSINFO[0] == 5 && BASH_VERSINFO[1] < 1))); then
        vl_die "bash 5.1 or newer is needed (this is $BASH_VERSION)"
    fi
}

# vl_timed LABEL COMMAND...: run COMMAND in this shell (so its exports stick) and say how long it took.
vl_timed() {
    local label=$1 t0=$EPOCHREALTIME
    shift
    "$@"
    vl_log "$(printf '%-9s done in %6.1fs' "$label" "$(vl_seconds_since "$t0")")"
}
vl_seconds_since() { awk -v a="${1/,/.}" -v b="${EPOCHREALTIME/,/.}" 'BEGIN { printf "%.1f", b - a }'; }

# --- Python ---------------------------------------------------------------------------------------

vl_find_python() {
    local candidate
    for candidate in ${PYTHON:-} python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    vl_die "Python 3.11 not found (tried ${PYTHON:+$PYTHON, }python3.11, python3). Install it (pyenv install 3.11, or apt-get install python3) or set PYTHON=/path/to/python3.11"
}

# Create .venv if needed and install requirements-dev.txt, unless the stamp says these exact
# requirement files were installed already.
vl_ensure_venv() {
    local python stamp want
    if [[ ! -x $VL_VENV/bin/python ]]; then
        python=$(vl_find_python) || exit 1
        vl_log "Creating .venv with $python ($("$python" --version 2>&1))"
        "$python" -m venv "$VL_VENV" || vl_die "could not create .venv (on Debian: apt-get install python3-venv)"
    fi
    "$VL_VENV/bin/python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' ||
        vl_die ".venv uses $("$VL_VENV/bin/python" --version 2>&1), the project needs Python 3.11: remove .venv and run again"
    stamp=$VL_VENV/.requirements.sha256
    want=$(cd "$VL_ROOT" && sha256sum requirements*.txt | sha256sum | cut -d' ' -f1)
    if [[ -f $stamp && $(<"$stamp") == "$want" ]]; then
        return 0
    fi
    vl_log "Installing requirements-dev.txt into .venv"
    "$VL_VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$VL_ROOT/requirements-dev.txt"
    echo "$want" >"$stamp"
}

# --- small helpers --------------------------------------------------------------------------------

# Python for the helpers below: the venv's once it exists, else the system's.
vl_py() {
    if [[ -x $VL_VENV/bin/python ]]; then "$VL_VENV/bin/python" "$@"; else python3 "$@"; fi
}

# vl_parse_url URL: print shell assignments url_scheme, url_host, url_port, url_user, url_password,
# url_path (without the leading slash). Callers declare these local and eval the output.
vl_parse_url() {
    vl_py - "$1" <<'EOF'
import shlex
import sys
from urllib.parse import unquote, urlsplit

u = urlsplit(sys.argv[1])
for name, value in [
    ("url_scheme", u.scheme),
    ("url_host", unquote(u.hostname or "")),
    ("url_port", str(u.port or "")),
    ("url_user", unquote(u.username or "")),
    ("url_password", unquote(u.password or "")),
    ("url_path", unquote(u.path.lstrip("/"))),
]:
    print(f"{name}={shlex.quote(value)}")
EOF
}

vl_is_local_host() { [[ -z $1 || $1 == 127.* || $1 == localhost || $1 == ::1 || $1 == /* ]]; }

# vl_port_free PORT: true when nothing listens on 127.0.0.1:PORT.
vl_port_free() {
    vl_py -c 'import socket, sys
s = socket.socket()
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)' "$1"
}

# vl_pick_port PREFERRED: PREFERRED when free, otherwise any free port.
vl_pick_port() {
    if vl_port_free "$1"; then
        echo "$1"
    else
        vl_py -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
    fi
}

# --- PostgreSQL -----------------------------------------------------------------------------------

# Directory with initdb/pg_ctl/postgres: Debian keeps them out of PATH, in /usr/lib/postgresql/N/bin.
# PG_BINDIR overrides the search.
vl_pg_bindir() {
    local dir
    if [[ -n ${PG_BINDIR:-} ]]; then
        [[ -x $PG_BINDIR/initdb && -x $PG_BINDIR/pg_ctl ]] || return 1
        echo "$PG_BINDIR"
        return 0
    fi
    # Newest version first.
    for dir in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -t/ -k4 -n -r); do
        if [[ -x $dir/initdb && -x $dir/pg_ctl && -x $dir/postgres ]]; then
            echo "$dir"
            return 0
        fi
    done
    if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
        dirname "$(command -v pg_ctl)"
        return 0
    fi
    return 1
}

# A PostgreSQL client program (psql, pg_isready, createdb): from PATH, else next to the server.
vl_pg_client() {
    local dir
    if command -v "$1" >/dev/null; then
        command -v "$1"
    elif dir=$(vl_pg_bindir) && [[ -x $dir/$1 ]]; then
        echo "$dir/$1"
    else
        vl_die "PostgreSQL client program '$1' not found: apt-get install postgresql-client"
    fi
}

# Resolve the client programs once, outside any `if`, so a missing one stops the script.
vl_pg_tools() {
    VL_PSQL=$(vl_pg_client psql) || exit 1
    VL_PG_ISREADY=$(vl_pg_client pg_isready) || exit 1
    VL_CREATEDB=$(vl_pg_client createdb) || exit 1
}

vl_pg_ready() { # HOST PORT
    "$VL_PG_ISREADY" -q -h "$1" -p "$2" -t 3
}

# Create the database DATABASE_URL names if it does not exist yet.
vl_pg_ensure_database() {
    local url_scheme url_host url_port url_user url_password url_path exists
    eval "$(vl_parse_url "$DATABASE_URL")"
    local -a conn=(-h "${url_host:-127.0.0.1}" -p "${url_port:-5432}")
    [[ -n $url_user ]] && conn+=(-U "$url_user")
    [[ -n $url_path ]] || vl_die "DATABASE_URL names no database: $DATABASE_URL"
    exists=$(echo "SELECT 1 FROM pg_database WHERE datname = :'db'" |
        PGPASSWORD=$url_password "$VL_PSQL" "${conn[@]}" -d postgres -X -q -t -A -v ON_ERROR_STOP=1 -v db="$url_path") ||
        vl_die "could not query PostgreSQL at ${url_host:-127.0.0.1}:${url_port:-5432} (see the message above)"
    if [[ $exists != 1 ]]; then
        vl_log "Creating database $url_path"
        PGPASSWORD=$url_password "$VL_CREATEDB" "${conn[@]}" "$url_path"
    fi
}

# Make DATABASE_URL point at a running PostgreSQL with the database in it: the one it names if that
# answers, else (for a local address) a private server in ./var/pgdata.
vl_ensure_postgres() {
    : "${DATABASE_URL:=$VL_DEFAULT_DATABASE_URL}"
    export DATABASE_URL
    vl_pg_tools
    local url_scheme url_host url_port url_user url_password url_path
    eval "$(vl_parse_url "$DATABASE_URL")"
    [[ $url_scheme == postgres* ]] || vl_die "DATABASE_URL must be a postgres:// URL, not $DATABASE_URL"
    if vl_pg_ready "${url_host:-127.0.0.1}" "${url_port:-5432}"; then
        vl_log "PostgreSQL answers at ${url_host:-127.0.0.1}:${url_port:-5432}"
    elif vl_is_local_host "$url_host"; then
        vl_log "No PostgreSQL at ${url_host:-127.0.0.1}:${url_port:-5432}: starting a private one in ./var"
        vl_start_private_postgres "${url_path:-verzuimloket}"
    else
        vl_die "PostgreSQL at $url_host:${url_port:-5432} (DATABASE_URL) does not answer"
    fi
    vl_pg_ensure_database
}

# vl_start_private_postgres DBNAME: start (initdb first if needed) a trust-auth PostgreSQL on
# 127.0.0.1 with its data in ./var/pgdata, and point DATABASE_URL at DBNAME on it.
vl_start_private_postgres() {
    local dbname=${1:-verzuimloket} bindir base data run log port locale=C
    bindir=$(vl_pg_bindir) || vl_die "PostgreSQL is not running and its server programs (initdb, pg_ctl, postgres) are missing. Install them with: apt-get install postgresql (Debian 12: postgresql-15)"
    base=$VL_VAR
    VL_PG_AS=()
    mkdir -p "$base"
    if ((EUID == 0)); then
        # PostgreSQL refuses to run as root: run it as the postgres system user.
        id -u postgres >/dev/null 2>&1 || vl_die "running as root, and there is no 'postgres' user to run a private PostgreSQL (it comes with apt-get install postgresql)"
        VL_PG_AS=(runuser -u postgres --)
        mkdir -p "$base/pgdata" "$base/pgrun"
        chown postgres: "$base/pgdata" "$base/pgrun"
        if ! "${VL_PG_AS[@]}" test -w "$base/pgdata" -a -w "$base/pgrun"; then
            # The checkout is somewhere the postgres user cannot reach (say /root): use /var/tmp.
            base=/var/tmp/verzuimloket-$(echo "$VL_ROOT" | sha256sum | cut -c1-12)
            vl_warn "the postgres user cannot reach $VL_VAR; keeping the private PostgreSQL in $base"
            mkdir -p "$base/pgdata" "$base/pgrun"
            chown postgres: "$base/pgdata" "$base/pgrun"
        fi
    fi
    data=$base/pgdata
    run=$base/pgrun
    log=$base/postgres.log
    mkdir -p "$data" "$run"
    chmod 700 "$data"
    touch "$log"
    if ((${#run} > 90)); then
        # A unix socket path may not exceed 107 bytes.
        run=$(mktemp -d /tmp/verzuimloket-pg.XXXXXX)
    fi
    if ((EUID == 0)); then
        chown postgres: "$log" "$run"
    fi

    if [[ ! -f $data/PG_VERSION ]]; then
        # C.UTF-8 where the C library has it, so upper()/lower() know accented letters.
        if locale -a 2>/dev/null | grep -iE '^c\.utf-?8$' >/dev/null; then locale=C.UTF-8; fi
        vl_log "initdb $data"
        "${VL_PG_AS[@]}" "$bindir/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale="$locale" --no-sync \
            >"$base/initdb.log" 2>&1 || vl_die "initdb failed, see $base/initdb.log"
    fi

    if "${VL_PG_AS[@]}" "$bindir/pg_ctl" status -D "$data" >/dev/null 2>&1; then
        # Another bin/run or bin/test started it: use it, and leave stopping it to that one.
        port=$(sed -n 4p "$data/postmaster.pid")
        vl_log "Private PostgreSQL already running on 127.0.0.1:$port"
    else
        port=$(vl_pick_port "${VL_PG_PORT:-5433}")
        # Speed over durability is fine for a throwaway test database (bin/test sets VL_PG_FAST=1).
        local fast=
        [[ -n ${VL_PG_FAST:-} ]] && fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        "${VL_PG_AS[@]}" "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p $port -k '$run' $fast" start >/dev/null ||
            vl_die "the private PostgreSQL did not start, see $log"
        VL_PG_STARTED=$bindir
        VL_PG_DATA=$data
        vl_log "Started a private PostgreSQL on 127.0.0.1:$port (data $data, log $log)"
    fi
    export DATABASE_URL="postgres://postgres@127.0.0.1:$port/$dbname"
}

vl_stop_private_postgres() {
    [[ -n $VL_PG_STARTED ]] || return 0
    vl_log "Stopping the private PostgreSQL"
    "${VL_PG_AS[@]}" "$VL_PG_STARTED/pg_ctl" -D "$VL_PG_DATA" -m fast -w -t 30 stop >/dev/null ||
        vl_warn "pg_ctl stop failed for $VL_PG_DATA"
    VL_PG_STARTED=
}

# --- Redis ----------------------------------------------------------------------------------------

# vl_redis_ping HOST PORT: true when a Redis answers there (also when it wants a password).
vl_redis_ping() {
    # shellcheck disable=SC2016 # expanded by the inner bash
    timeout 5 bash -c '
        exec 3<>"/dev/tcp/$0/$1" || exit 1
        printf "PING\r\n" >&3
        IFS= read -r -t 3 reply <&3 || exit 1
        [[ $reply == +PONG* || $reply == -NOAUTH* ]]' "$1" "$2" 2>/dev/null
}

# Make REDIS_URL point at a running Redis: the one it names if that answers, else (for a local
# address) a private redis-server started here.
vl_ensure_redis() {
    : "${REDIS_URL:=$VL_DEFAULT_REDIS_URL}"
    export REDIS_URL
    local url_scheme url_host url_port url_user url_password url_path
    eval "$(vl_parse_url "$REDIS_URL")"
    if vl_redis_ping "${url_host:-127.0.0.1}" "${url_port:-6379}"; then
        vl_log "Redis answers at ${url_host:-127.0.0.1}:${url_port:-6379}"
    elif vl_is_local_host "$url_host"; then
        vl_log "No Redis at ${url_host:-127.0.0.1}:${url_port:-6379}: starting a private one"
        vl_start_private_redis "${url_path:-0}"
    else
        vl_die "Redis at $url_host:${url_port:-6379} (REDIS_URL) does not answer"
    fi
}

# vl_start_private_redis DB: a redis-server on a free port that keeps nothing on disk.
vl_start_private_redis() {
    local db=${1:-0} port i
    command -v redis-server >/dev/null ||
        vl_die "Redis is not running and redis-server is missing. Install it with: apt-get install redis-server"
    mkdir -p "$VL_VAR"
    port=$(vl_pick_port "${VL_REDIS_PORT:-6380}")
    VL_REDIS_PIDFILE=$VL_VAR/redis-$port.pid
    redis-server --bind 127.0.0.1 --port "$port" --dir "$VL_VAR" --save "" --appendonly no \
        --daemonize yes --pidfile "$VL_REDIS_PIDFILE" --logfile "$VL_VAR/redis.log" ||
        vl_die "redis-server did not start, see $VL_VAR/redis.log"
    for ((i = 0; i < 50; i++)); do
        vl_redis_ping 127.0.0.1 "$port" && break
        sleep 0.1
    done
    vl_redis_ping 127.0.0.1 "$port" || vl_die "the private redis-server does not answer, see $VL_VAR/redis.log"
    vl_log "Started a private Redis on 127.0.0.1:$port (log $VL_VAR/redis.log)"
    export REDIS_URL="redis://127.0.0.1:$port/$db"
}

vl_stop_private_redis() {
    local pid i
    [[ -n $VL_REDIS_PIDFILE ]] || return 0
    vl_log "Stopping the private Redis"
    if pid=$(cat "$VL_REDIS_PIDFILE" 2>/dev/null) && kill "$pid" 2>/dev/null; then
        for ((i = 0; i < 50; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
    fi
    rm -f "$VL_REDIS_PIDFILE"
    VL_REDIS_PIDFILE=
}

vl_stop_private_services() {
    vl_stop_private_redis
    vl_stop_private_postgres
}
