#!/usr/bin/env bash
# The installable package, as a deployer would use it (CI runs this; see .ci/run):
#   build the wheel; in a clean venv install only that wheel; from an empty temporary directory (not this
#   checkout) migrate a temporary SQLite file, load the demo data and serve; check that the home page answers 200
#   in Korean, the 민원 form renders, a static font and the demo charter PDF are served; and that the app refuses to
#   start when a compiled catalog is missing.
#   PYTHON=/path/to/python3 chooses the interpreter of the clean venv (default: the one .venv was made with).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

python="${PYTHON:-$(sed -n 's/^home = //p' .venv/pyvenv.cfg)/python3}"
work=$(mktemp -d "${TMPDIR:-/tmp}/policycrm-wheel.XXXXXX")
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "wheel: building"
rm -rf build  # setuptools' staging folder: a file deleted from the source must not linger in it
.venv/bin/python -m pip wheel . --no-deps --wheel-dir "$work/dist" -q
wheel=$(ls "$work"/dist/policy_crm-*.whl)
rm -rf build

echo "wheel: installing $(basename "$wheel") into a clean venv ($python)"
"$python" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q "$wheel"

mkdir "$work/run"
cd "$work/run"
export APP_ENV=development DATABASE_URL="sqlite:///$work/run/smoke.sqlite3" SCHEDULER_EMBEDDED=0
unset FLASK_APP INSTANCE_PATH UPLOAD_DIR PYTHONPATH
flask=("$work/venv/bin/flask" --app app)

installed=$("$work/venv/bin/python" -c 'import app, pathlib; print(pathlib.Path(app.__file__).parent)')
[[ "$installed" == "$work/venv/"* ]] || { echo "wheel: app imported from $installed, not the clean venv"; exit 1; }

"${flask[@]}" db upgrade 2>&1 | tail -1
"${flask[@]}" demo seed
[[ -f "$work/run/instance/secret_key" ]] || { echo "wheel: instance/ was not made in the working directory"; exit 1; }
[[ ! -e "$installed/../instance" ]] || { echo "wheel: an instance folder appeared inside site-packages"; exit 1; }

port=$("$work/venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${flask[@]}" serve --host 127.0.0.1 --port "$port" >"$work/serve.log" 2>&1 &
server_pid=$!

"$work/venv/bin/python" - "$port" <<'EOF'
import sys
import time
import urllib.error
import urllib.request

base = f"http://127.0.0.1:{sys.argv[1]}"


def get(path: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(base + path, timeout=30) as response:  # noqa: S310 - loopback only
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


for _ in range(120):
    try:
        if get("/healthz")[0] == 200:
            break
    except OSError:
        pass
    time.sleep(0.5)
else:
    sys.exit("wheel: the server did not answer /healthz")

status, _, body = get("/")
home = body.decode()
assert status == 200, f"home page: {status}\n{home[:2000]}"
assert '<html lang="ko">' in home and "정책고객관리" in home and "민원 신청" in home, home[:2000]
assert "File a complaint" not in home, "home page shows English message ids"
status, _, body = get("/complaints/new")
form = body.decode()
assert status == 200, f"complaint form: {status}\n{form[:2000]}"
assert "<form" in form and "민원 분류" in form and "개인정보 수집·이용 동의" in form, form[:2000]
assert form.count("<option") >= 3, "the demo complaint types are not offered"
status, kind, body = get("/static/fonts/NanumGothic.ttf")
assert status == 200 and len(body) > 1_000_000, (status, kind, len(body))
status, kind, body = get("/charter.pdf")
assert status == 200 and kind.startswith("application/pdf") and body.startswith(b"%PDF"), (status, kind)
print("wheel: home page 200 in Korean, complaint form, static font and charter PDF served")
EOF

kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""

catalog=$(ls "$installed"/translations/ko/LC_MESSAGES/messages.mo)
mv "$catalog" "$work/ko.mo"
if "${flask[@]}" db current >"$work/missing.log" 2>&1; then
  echo "wheel: the app started without its Korean catalog"; exit 1
fi
grep -q "ko translation catalog .* is missing" "$work/missing.log" || { cat "$work/missing.log"; exit 1; }
mv "$work/ko.mo" "$catalog"
echo "wheel: a missing catalog stops the app at start"
cd "$repo"
echo "wheel: OK"
