#!/usr/bin/env bash
# Install the anvil Ethereum node (and solcjs, for the contract reproducibility
# test) from the npm registry into .ci/.tools, then print anvil's path on stdout.
#
#   export ANVIL_BIN="$(bash .ci/install-anvil.sh)"
#
# Needs only npm (Node >= 20) and the npm registry. Versions are pinned so CI
# runs against the node the tests were written for; re-running is cheap (npm
# keeps what is already installed). Progress goes to stderr.
set -euo pipefail

ANVIL_PACKAGE="@foundry-rs/anvil-linux-amd64@1.7.1"
SOLC_PACKAGE="solc@0.8.28"   # must match SOLC_VERSION in scripts/build_anchor_contract.py

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
prefix="${ANVIL_TOOLS_DIR:-$here/.tools}"
mkdir -p "$prefix"

if [[ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]]; then
    echo "install-anvil.sh: $ANVIL_PACKAGE is built for Linux x86-64 only" >&2
    exit 1
fi
if ! command -v npm >/dev/null 2>&1; then
    echo "install-anvil.sh: npm not found; install Node.js >= 20 (e.g. apt-get install nodejs npm)" >&2
    exit 1
fi

bin="$prefix/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"
solcjs="$prefix/node_modules/.bin/solcjs"
if [[ ! -x "$bin" || ! -x "$solcjs" ]]; then
    npm install --prefix "$prefix" --no-audit --no-fund --no-save --loglevel=error \
        "$ANVIL_PACKAGE" "$SOLC_PACKAGE" >&2
fi
if [[ ! -x "$bin" ]]; then
    echo "install-anvil.sh: npm finished but $bin is missing" >&2
    exit 1
fi
"$bin" --version >&2
echo "$bin"
