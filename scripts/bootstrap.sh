#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks, then the Python environment.
#   scripts/bootstrap.sh          runtime only (make run)
#   scripts/bootstrap.sh --test   runtime + test tools (make test): chromium, poppler, PostgreSQL
#   scripts/bootstrap.sh --bench  test tools + the load generator of bench/intake.py (wrk)
# Idempotent: apt runs only when a package is missing; pip only when pyproject.toml changed.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
want_bench=0
[[ "${1:-}" == "--test" ]] && want_test=1
[[ "${1:-}" == "--bench" ]] && want_test=1 && want_bench=1

runtime_pkgs=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig)
test_pkgs=(chromium poppler-utils fonts-noto-cjk postgresql redis-server libreoffice-calc-nogui)
bench_pkgs=(wrk)

missing=()
for p in "${runtime_pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if (( want_test )); then
  for p in "${test_pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
fi
if (( want_bench )); then
  for p in "${bench_pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
fi
# The interpreter of .venv: the distribution's /usr/bin/python3 when it is 3.11 or newer. Debian builds it with
# profile-guided optimisation and LTO; an interpreter compiled from source without them (pyenv's default build,
# the python3 first on PATH on some machines) ran this app about 12 % slower per request (bench/README.md).
# PYTHON=/path/to/python3 chooses another.
python="${PYTHON:-}"
if [[ -z "$python" ]]; then
  if [[ -x /usr/bin/python3 ]] && /usr/bin/python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    python=/usr/bin/python3
  else
    python=$(command -v python3)
  fi
fi
if ! "$python" -c 'import ensurepip' >/dev/null 2>&1; then missing+=(python3-venv); fi

if (( ${#missing[@]} )); then
  echo "bootstrap: installing system packages: ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# A .venv made by another interpreter is made again (its packages are installed afresh below).
want_home=$("$python" -c 'import os, sys; print(os.path.dirname(os.path.abspath(sys.executable)))')
if [[ -f .venv/pyvenv.cfg ]] && [[ "$(sed -n 's/^home = //p' .venv/pyvenv.cfg)" != "$want_home" ]]; then
  echo "bootstrap: .venv was made by another interpreter; making it again with $python"
  rm -rf .venv
fi
if [[ ! -x .venv/bin/python ]]; then
  "$python" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
fi

extras=""
(( want_test )) && extras="[test]"
stamp=".venv/.installed${extras:+-test}"
if [[ ! -f "$stamp" || pyproject.toml -nt "$stamp" ]]; then
  .venv/bin/python -m pip install -q -e ".${extras}"
  touch "$stamp"
fi

if (( want_test )) && [[ -f frontend/package.json ]]; then
  # axe-core (accessibility checks in browser tests) comes from the npm registry, pinned by the lockfile.
  if [[ ! -f frontend/node_modules/axe-core/axe.min.js ]]; then
    (cd frontend && npm ci --silent --no-audit --no-fund)
  fi
fi

# The app refuses to start without compiled catalogs; .mo files are build output, never committed.
.venv/bin/python -m babel.messages.frontend -q compile -d translations -f
