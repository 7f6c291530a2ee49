#!/usr/bin/env bash
# Set-up and day-to-day commands for Tech For Climate.
#   ./dev.sh serve   install, migrate, load the programme, create a demo organiser, serve
#   ./dev.sh test    install, then run the whole test suite (SQLite, then PostgreSQL, and
#                    SQLite again at a second moment); TFC_TEST_AT="2027-06-09 10:00" runs
#                    it all with the clock moved there
set -euo pipefail
cd "$(dirname "$0")"

VENV=.venv
PY="$VENV/bin/python"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[1;31mError: %s\033[0m\n' "$*" >&2; exit 1; }

python_is_recent_enough() {
  "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null
}

find_python() {
  # The version named in .python-version first (through pyenv when it has it), then any
  # python3.13 / python3.12 / python3 on the PATH that is recent enough.
  local wanted candidates=() candidate
  wanted=$(tr -d '[:space:]' < .python-version 2>/dev/null || true)
  if command -v pyenv >/dev/null 2>&1; then
    candidate=$(pyenv which python 2>/dev/null || true)
    [ -n "$candidate" ] && candidates+=("$candidate")
    for candidate in "$(pyenv root)"/versions/"$wanted"*/bin/python "$(pyenv root)"/versions/3.1[2-9]*/bin/python; do
      [ -x "$candidate" ] && candidates+=("$candidate")
    done
  fi
  candidates+=("python$wanted" python3.13 python3.12 python3)
  for candidate in "${candidates[@]}"; do
    if command -v "$candidate" >/dev/null 2>&1 && python_is_recent_enough "$candidate"; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

ensure_venv() {
  if [ -x "$PY" ] && ! python_is_recent_enough "$PY"; then
    say "Removing $VENV: it was made with a Python older than 3.12"
    rm -rf "$VENV"
  fi
  if [ ! -x "$PY" ]; then
    local python
    python=$(find_python) || die "Python 3.12 or newer is needed (Django 6.1 requires it) and none was found.
Install one, for example:
  pyenv install 3.12          (then run this command again; .python-version selects it)
  sudo apt-get install python3.12 python3.12-venv     (Debian/Ubuntu)
  brew install python@3.12                            (macOS)"
    say "Creating $VENV with $python ($("$python" --version))"
    "$python" -m venv "$VENV" || die "could not create a virtual environment: install the venv module (Debian: apt-get install python3-venv)"
  fi
  # Reinstall only when the dependencies changed.
  local stamp="$VENV/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
  if [ ! -f "$stamp" ]; then
    say "Installing dependencies into $VENV"
    "$PY" -m pip install --quiet --upgrade pip
    "$PY" -m pip install --quiet -e '.[dev]'
    rm -f "$VENV"/.installed-*
    touch "$stamp"
  fi
}

compile_translations() {
  command -v msgfmt >/dev/null 2>&1 || die "gettext's msgfmt is needed to compile the translations.
Install it: sudo apt-get install gettext (Debian/Ubuntu), brew install gettext (macOS)"
  "$PY" manage.py compilemessages --ignore "$VENV" --ignore node_modules -v 0
}

serve() {
  ensure_venv
  compile_translations
  say "Migrating the database"
  "$PY" manage.py migrate --no-input -v 0
  say "Loading the Tech For Climate programme"
  "$PY" manage.py load_techforclimate
  say "Last year's edition beside it (a few attendees who came, one demo attendee in both)"
  "$PY" manage.py load_past_edition
  say "Demo organiser (Django admin at http://${ADDRESS:-127.0.0.1:8000}/admin/)"
  "$PY" manage.py create_organiser organisateur@techforclimate.test --password "demo-tech-for-climate" \
    --first-name "Demo" --last-name "Organisateur"
  say "Serving http://${ADDRESS:-127.0.0.1:8000}/ (Ctrl-C to stop)"
  exec "$PY" manage.py runserver "${ADDRESS:-127.0.0.1:8000}"
}

postgres_answers() {
  "$PY" - "$1" <<'PYEOF' 2>/dev/null
import sys, psycopg
try:
    psycopg.connect(sys.argv[1], connect_timeout=3).close()
except Exception:
    sys.exit(1)
PYEOF
}

install_axe() {
  # axe-core (npm registry) is injected into pages by the accessibility test.
  if [ -f .cache/axe/node_modules/axe-core/axe.min.js ]; then return 0; fi
  if command -v npm >/dev/null 2>&1; then
    say "Installing axe-core for the accessibility tests"
    npm install --prefix .cache/axe --no-save --no-audit --no-fund --silent axe-core@4 >/dev/null
  else
    say "npm not found: the accessibility test will say it cannot run (install Node.js and npm)"
  fi
}

faketime_library() {
  # libfaketime (Debian package faketime), which moves the clock of a process and its children.
  local library
  for library in /usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1 /usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1 \
    /usr/lib/faketime/libfaketime.so.1 /usr/local/lib/faketime/libfaketime.so.1; do
    [ -f "$library" ] && { echo "$library"; return 0; }
  done
  return 1
}

at_moment() {
  # at_moment WHEN command...: the command with every clock of it and its children moved to
  # WHEN (anything `date -d` reads: "2027-06-09 10:00", "+550 days"), then running on.
  local when=$1 library offset
  shift
  library=$(faketime_library) || die "moving the clock needs libfaketime: sudo apt-get install faketime"
  offset=$(( $(date -d "$when" +%s) - $(date +%s) )) || die "cannot read the moment '$when'"
  # An offset, not a start time: the processes the tests start see the same clock.
  LD_PRELOAD="$library" FAKETIME="$( [ "$offset" -ge 0 ] && echo +)${offset}" "$@"
}

run_tests() {
  if [ -n "${TFC_TEST_AT:-}" ] && [ -z "${FAKETIME:-}" ]; then
    say "The whole test command with the clock at $(date -d "$TFC_TEST_AT" '+%Y-%m-%d %H:%M %Z')"
    at_moment "$TFC_TEST_AT" bash "$0" test "$@"
    return
  fi
  ensure_venv
  compile_translations
  install_axe
  say "Lint (ruff)"
  "$PY" -m ruff check .
  "$PY" -m ruff format --check --quiet . || die "some files need formatting: run .venv/bin/ruff format ."
  say "Import layers (import-linter, docs/architecture.md)"
  "$VENV/bin/lint-imports" --no-cache
  say "Migrations match the models"
  "$PY" manage.py makemigrations --check --dry-run -v 0 || die "models changed without a migration: run ./dev.sh makemigrations"

  local sqlite_url="sqlite:///$(pwd)/.test-db.sqlite3"
  local pg_url="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/techforclimate}"
  local pg_admin_url="${pg_url%/*}/postgres"
  if ! postgres_answers "$pg_admin_url"; then
    [ -n "${TFC_REQUIRE_SERVICES:-}" ] && die "PostgreSQL does not answer at $pg_admin_url and TFC_REQUIRE_SERVICES is set"
    say "Test suite on SQLite"
    DATABASE_URL="$sqlite_url" "$PY" -m pytest "$@"
    second_moment "$@"
    printf '\n\033[1;33m%s\n%s\033[0m\n' \
      "!!! PostgreSQL does not answer at $pg_admin_url: the PostgreSQL pass was SKIPPED." \
      "!!! Start PostgreSQL (or set TEST_POSTGRES_URL) to run the concurrency tests." >&2
    return
  fi
  # The two passes run side by side: much of each is waiting (servers, workers, SMTP), and
  # together they take about the time of the longer one. The PostgreSQL pass's output is
  # kept and printed after the SQLite pass's. The browser tests and the HTML validation run
  # in the SQLite pass only: they exercise pages, not the database.
  say "Test suite on SQLite and, side by side, on PostgreSQL ($pg_url)"
  local pg_log pg_pid sqlite_status=0 pg_status=0 second_status=0
  pg_log=$(mktemp)
  DATABASE_URL="$pg_url" "$PY" -m pytest -m "not bench and not browser and not markup" "$@" >"$pg_log" 2>&1 &
  pg_pid=$!
  trap 'kill "$pg_pid" 2>/dev/null || true' EXIT
  DATABASE_URL="$sqlite_url" "$PY" -m pytest "$@" || sqlite_status=$?
  second_moment "$@" || second_status=$?
  wait "$pg_pid" || pg_status=$?
  trap - EXIT
  say "Test suite on PostgreSQL ($pg_url)"
  cat "$pg_log"
  rm -f "$pg_log"
  [ "$sqlite_status" -eq 0 ] || die "the SQLite pass failed (see above)"
  [ "$pg_status" -eq 0 ] || die "the PostgreSQL pass failed (see above)"
  [ "$second_status" -eq 0 ] || die "the pass at a second moment failed (see above)"
}

second_moment() {
  # The suite places its edition around the moment it starts (tests/edition.py); run once
  # more with the clock a year and a half on (another season, after this edition's day), a
  # date written into a test or into the code shows. The browser tests, the HTML
  # validation and the URL walk with the fuzzing (hostile values, not dates; the walk of
  # the phases stays) are in the first pass only. TFC_SECOND_MOMENT=none leaves it out.
  local when="${TFC_SECOND_MOMENT:-+550 days}"
  [ "$when" = none ] && return 0
  if [ -n "${FAKETIME:-}" ]; then return 0; fi  # already at another moment (TFC_TEST_AT)
  if ! faketime_library >/dev/null; then
    [ -n "${TFC_REQUIRE_SERVICES:-}" ] && die "libfaketime is missing and TFC_REQUIRE_SERVICES is set: apt-get install faketime"
    printf '\n\033[1;33m%s\033[0m\n' "!!! libfaketime is missing: the pass at a second moment was SKIPPED (apt-get install faketime)." >&2
    return 0
  fi
  say "Test suite on SQLite at a second moment: $(date -d "$when" '+%Y-%m-%d %H:%M %Z')"
  DATABASE_URL="sqlite:///$(pwd)/.test-db-second.sqlite3" \
    at_moment "$when" "$PY" -m pytest -m "not bench and not browser and not markup and not walk" "$@"
}

bench() {
  ensure_venv
  compile_translations
  local pg_url="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/techforclimate}"
  postgres_answers "${pg_url%/*}/postgres" || die "the benchmarks need PostgreSQL at $pg_url (and Redis)"
  if ! command -v wrk >/dev/null 2>&1; then
    # The load generator of the programme-page benchmark.
    if [ "$(id -u)" = 0 ]; then
      say "Installing wrk (load generator)"
      apt-get install -y -qq wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
    else
      die "the benchmarks need wrk: sudo apt-get install wrk (Debian/Ubuntu), brew install wrk (macOS)"
    fi
  fi
  say "Benchmarks (figures are ratios to a baseline measured in the same run)"
  # Every benchmark is in tests/bench, whose conftest prints the one table last (after
  # pytest's own lines) and writes artifacts/bench.json; a path given narrows the run.
  local where=tests/bench arg
  for arg in "$@"; do
    case "$arg" in tests/*) where="" ;; esac
  done
  DATABASE_URL="$pg_url" "$PY" -m pytest -m bench -p no:randomly -q -s --no-header -rN ${where:+"$where"} "$@"
}

ecoindex() {
  ensure_venv
  compile_translations
  say "EcoIndex of each page, measured in Chromium on the production-shaped site"
  DATABASE_URL="sqlite:///$(pwd)/.test-db.sqlite3" "$PY" -m pytest -m browser -q --no-header -rN \
    tests/browser/test_sobriety.py::test_ecoindex_table "$@"
}

case "${1:-}" in
  serve) shift; serve "$@" ;;
  test) shift; run_tests "$@" ;;
  bench) shift; bench "$@" ;;
  ecoindex) shift; ecoindex "$@" ;;
  manage) shift; ensure_venv; exec "$PY" manage.py "$@" ;;
  makemigrations) shift; ensure_venv; exec "$PY" manage.py makemigrations "$@" ;;
  *) echo "usage: ./dev.sh serve | test [pytest args] | bench | ecoindex | manage <command>" >&2; exit 2 ;;
esac
