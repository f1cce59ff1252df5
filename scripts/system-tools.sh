#!/usr/bin/env bash
# Installs the system tools the forked tests need, where they are missing: unshare (util-linux)
# and ip (iproute2) build the private network namespaces, xz unpacks the embedded PostgreSQL
# binaries. Run by .ci/run and the GitHub workflow; as root, or through sudo.
set -euo pipefail
missing=()
command -v unshare >/dev/null || missing+=(util-linux)
command -v ip >/dev/null || missing+=(iproute2)
command -v xz >/dev/null || missing+=(xz-utils)
[ ${#missing[@]} -gt 0 ] || exit 0
sudo=()
[ "$(id -u)" = 0 ] || sudo=(sudo)
if ! command -v apt-get >/dev/null; then
  echo "missing ${missing[*]}, and no apt-get to install them with: the namespace tests will skip" >&2
  exit 0
fi
"${sudo[@]}" apt-get update -qq && "${sudo[@]}" apt-get install -y -qq "${missing[@]}"
