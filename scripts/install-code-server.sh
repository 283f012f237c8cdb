#!/usr/bin/env bash
# Installs what the real-editor tests need: Debian chromium and build prerequisites, then code-server and
# playwright-core from the npm registry into a cache folder outside the repository (idempotent).
#
# Usage: scripts/install-code-server.sh            (cache: ${KREQ_CODE_SERVER_DIR:-$HOME/.cache/kreq-code-server})
# Prints the code-server binary path as its last line.
#
# Works with only the npm registry and Debian's packages reachable (see docs in the shared testing notes):
#  - @vscode/ripgrep's postinstall would download rg from GitHub: its cache is seeded with Debian's rg;
#  - node-pty's post-install runs `npx node-gyp`, which an npmrc `yes=false` cancels: npm_config_yes=true;
#  - kerberos and argon2 fall back to node-gyp source builds (libkrb5-dev, pkg-config, python3, make, g++).
set -euo pipefail

CODE_SERVER_VERSION=4.100.3   # VS Code 1.100.3: the newest code-server whose engines accept node 20
RIPGREP_PKG_VERSION=1.15.11   # @vscode/ripgrep version code-server 4.100.3 depends on
RIPGREP_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz   # hard-coded in its lib/postinstall.js
DIR=${KREQ_CODE_SERVER_DIR:-$HOME/.cache/kreq-code-server}
MARKER="$DIR/.installed-code-server-$CODE_SERVER_VERSION"
BIN="$DIR/node_modules/.bin/code-server"

log() { printf '[install-code-server] %s\n' "$*" >&2; }

# --- Debian packages -------------------------------------------------------------------------------
DEB_PACKAGES=(chromium ripgrep libkrb5-dev pkg-config fonts-dejavu-core)
missing=()
for pkg in "${DEB_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then missing+=("$pkg"); fi
done
# Build tools may come from elsewhere (e.g. a pyenv python3): only their commands matter.
for tool in python3:python3 make:make g++:g++; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool##*:}")
done
if ((${#missing[@]})); then
  SUDO=()
  if ((EUID != 0)); then SUDO=(sudo); fi
  log "installing Debian packages: ${missing[*]}"
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- code-server + playwright-core ------------------------------------------------------------------
if [[ -f "$MARKER" && -x "$BIN" ]]; then
  log "code-server $CODE_SERVER_VERSION already installed in $DIR"
  echo "$BIN"
  exit 0
fi

started=$SECONDS
mkdir -p "$DIR"
cd "$DIR"
[[ -f package.json ]] || printf '{\n  "name": "kreq-code-server",\n  "private": true\n}\n' >package.json

# @vscode/ripgrep looks for its download in $TMPDIR/vscode-ripgrep-cache-<version>/ first.
export TMPDIR="$DIR/tmp"
mkdir -p "$TMPDIR/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION"
tar czf "$TMPDIR/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION/$RIPGREP_ASSET" -C "$(dirname "$(command -v rg)")" rg

log "installing code-server@$CODE_SERVER_VERSION into $DIR (about a minute)"
npm_config_yes=true npm_config_unsafe_perm=true \
  npm install "code-server@$CODE_SERVER_VERSION" --foreground-scripts --no-audit --no-fund --loglevel=error >"$DIR/install.log" 2>&1 \
  || { tail -n 40 "$DIR/install.log" >&2; log "npm install failed; full log: $DIR/install.log"; exit 1; }

log "installing playwright-core@1 (no browser download)"
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install playwright-core@1 --no-audit --no-fund --loglevel=error >>"$DIR/install.log" 2>&1 \
  || { tail -n 20 "$DIR/install.log" >&2; log "npm install playwright-core failed; full log: $DIR/install.log"; exit 1; }

# A sanity check that the postinstall (lib/vscode dependencies, native modules) really ran.
[[ -d node_modules/code-server/lib/vscode/node_modules ]] || { log "code-server postinstall did not run; see $DIR/install.log"; exit 1; }
installed=$(XDG_CONFIG_HOME="$TMPDIR/xdg" XDG_DATA_HOME="$TMPDIR/xdg" "$BIN" --version 2>/dev/null | grep -m 1 -E '^[0-9]+\.' || true)
[[ "$installed" == "$CODE_SERVER_VERSION"* ]] || { log "unexpected code-server --version: $installed"; exit 1; }

touch "$MARKER"
log "done in $((SECONDS - started)) s ($(du -sh "$DIR" | cut -f1))"
echo "$BIN"
