#!/usr/bin/env bash
# Installs what Warden's build and tests need, once; quiet and fast when nothing is missing.
# Used by both `make demo` and `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(
  cmake ninja-build g++ ccache pkg-config
  libpg-query-dev libprotobuf-c-dev libprotobuf-dev protobuf-compiler
  libsqlite3-dev libpq-dev libssl-dev
  libcpp-httplib-dev nlohmann-json3-dev libcli11-dev libyaml-cpp-dev libspdlog-dev
  libedit-dev libgtest-dev libgmock-dev libbenchmark-dev
  postgresql
  openjdk-17-jdk-headless  # the Arrow Flight SQL JDBC driver's test (tests/test_jdbc.py)
  chromium
)
PYTHON_REQUIREMENTS=requirements-dev.txt

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "install: Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The pinned virtualenv: pyarrow's wheel is also where Arrow C++ comes from (DESIGN §10).
stamp=.venv/.requirements.sha256
want=$(sha256sum "$PYTHON_REQUIREMENTS" | cut -d' ' -f1)
if [ ! -x .venv/bin/python ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "install: Python virtualenv (.venv) from $PYTHON_REQUIREMENTS"
  [ -x .venv/bin/python ] || python3 -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check -r "$PYTHON_REQUIREMENTS"
  (cd / && "$OLDPWD/.venv/bin/python" -c "import pyarrow; pyarrow.create_library_symlinks()")
  echo "$want" > "$stamp"
fi

# The Arrow Flight SQL JDBC driver (pinned, checksummed) for tests/test_jdbc.py.
scripts/fetch_jdbc_driver.sh >/dev/null

# The Python client, editable, so that `import warden` and `warden-sql` use this checkout's code
# (re-installed when the venv's `warden` points at another checkout).
if ! .venv/bin/python -c "import pathlib, sys, warden
sys.exit(not pathlib.Path(warden.__file__).resolve().is_relative_to(pathlib.Path('clients/python').resolve()))" 2>/dev/null; then
  .venv/bin/pip install -q --disable-pip-version-check --no-deps -e clients/python
fi

# The portal's npm packages, pinned by web/package-lock.json; reinstalled when the lock changes.
# (Machines of this kind ship Node with npm; Debian's packages are the fallback.)
if ! command -v npm >/dev/null; then
  echo "install: Debian packages: nodejs npm"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
if command -v npm >/dev/null; then
  web_stamp=web/node_modules/.package-lock.sha256
  web_want=$(sha256sum web/package-lock.json | cut -d' ' -f1)
  if [ "$(cat "$web_stamp" 2>/dev/null)" != "$web_want" ]; then
    echo "install: npm packages for web/ (pinned by package-lock.json)"
    # `npm install` rather than `npm ci`: this registry's lock lacks the other platforms'
    # optional packages (rollup, esbuild), which `npm ci` insists on; the versions of what
    # is installed still come from the lock.
    (cd web && npm install --no-audit --no-fund --loglevel=error >/dev/null)
    echo "$web_want" > "$web_stamp"
  fi
else
  echo "install: npm not found; the web portal will not be built" >&2
fi
