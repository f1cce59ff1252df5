#!/usr/bin/env bash
# A Docker engine for the Docker tests, where none runs; sourced by .ci/run, or run by hand:
#
#   scripts/docker-engine.sh start    uses the engine that answers (API 1.44 or newer, as
#                                     Testcontainers 2 asks), else provides one and starts it;
#                                     prints the DOCKER_HOST line to export
#   scripts/docker-engine.sh stop     stops the engine that `start` started, and nothing else
#
#   docker_engine_up / docker_engine_down   the same, sourced: docker_engine_up exports DOCKER_HOST
#                                           and DNSPATCH_DOCKER_COMPOSE for the tests
#
# The engine is Debian trixie's docker.io (dockerd 26.1, API 1.45; bookworm's 20.10 serves 1.41
# only), with containerd, runc and tini from the machine's own Debian release, and compose v2 from
# trixie's docker-compose. They are fetched as scripts/jdks.sh fetches JDKs (apt-get download with
# a private sources list and package lists, dpkg -x, nothing installed) into
# ~/.cache/dnspatch/docker/engine; the engine keeps its images and state in ~/.cache/dnspatch/docker
# and its socket in /run/dnspatch-docker. Starting it needs root.
#
# Nothing can leave the machine: no NAT, no forwarding, no iptables rules (--iptables=false
# --ip6tables=false --ip-forward=false --ip-masq=false); published ports bind to 127.0.0.1 only;
# the default bridge and the networks compose creates get documentation prefixes (198.51.100.0/28,
# 203.0.113.0/24); and a pull goes to a proxy on 127.0.0.1 port 9 that refuses it at once, so the
# engine never reaches a registry. The tests create their own networks --internal.

source "$(dirname "${BASH_SOURCE[0]}")/jdks.sh"

DNSPATCH_DOCKER_CACHE=${DNSPATCH_DOCKER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dnspatch/docker}
DNSPATCH_DOCKER_RUN=${DNSPATCH_DOCKER_RUN:-/run/dnspatch-docker}
# The oldest API Testcontainers 2 talks to.
_DOCKER_MIN_API=1.44

docker_engine_up() {
  local socket api root started=$SECONDS
  for socket in $(_docker_sockets); do
    api=$(_docker_api "$socket")
    if _api_at_least "$api" "$_DOCKER_MIN_API"; then
      echo "Docker engine: the one at $socket (API $api); none started"
      export DOCKER_HOST="unix://$socket"
      _export_compose || true
      return 0
    fi
    [ -z "$api" ] || echo "Docker engine: the one at $socket serves API $api, older than Testcontainers' $_DOCKER_MIN_API: not used"
  done
  if [ "$(id -u)" != 0 ]; then
    echo "Docker engine: none runs, and starting one needs root: the Docker tests will skip" >&2
    return 0
  fi
  root=$(_provide_docker_engine) || return 0
  [ -n "$root" ] || return 0
  _start_dockerd "$root" || return 0
  _DNSPATCH_DOCKER_STARTED=1
  export DOCKER_HOST="unix://$DNSPATCH_DOCKER_RUN/docker.sock"
  export DNSPATCH_DOCKER_COMPOSE="$root/usr/bin/docker-compose"
  echo "Docker engine: $(cat "$DNSPATCH_DOCKER_CACHE/engine/versions.txt"), API $(_docker_api "$DNSPATCH_DOCKER_RUN/docker.sock"), at $DOCKER_HOST; started in $((SECONDS - started)) s"
}

docker_engine_down() {
  [ -n "${_DNSPATCH_DOCKER_STARTED:-}" ] || return 0
  _stop_dockerd
  _DNSPATCH_DOCKER_STARTED=
}

_stop_dockerd() {
  local pidfile="$DNSPATCH_DOCKER_RUN/dockerd.pid" pid i
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    # dockerd stops the containers still running and its own containerd, then exits.
    kill -TERM "$pid"
    for ((i = 0; i < 300; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "Docker engine: dockerd ($pid) did not stop within 30 s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null
      _kill_pidfile "$DNSPATCH_DOCKER_RUN/containerd/containerd.pid"
    fi
    echo "Docker engine: stopped"
  fi
  rm -f "$pidfile"
}

# The sockets a Docker client here would try: DOCKER_HOST's (unix sockets only), else
# /var/run/docker.sock and this script's own (an engine started by hand is used as it is).
_docker_sockets() {
  local socket
  case ${DOCKER_HOST:-} in
    unix://*) echo "${DOCKER_HOST#unix://}"; return ;;
    '') ;;
    *) echo "Docker engine: DOCKER_HOST is $DOCKER_HOST; this script checks unix sockets only, and starts none" >&2
       return ;;
  esac
  for socket in /var/run/docker.sock "$DNSPATCH_DOCKER_RUN/docker.sock"; do
    [ -S "$socket" ] && echo "$socket"
  done
  return 0
}

# The API version the engine at this socket serves, or nothing.
_docker_api() {
  curl -s -m 5 --unix-socket "$1" http://docker/version 2>/dev/null \
    | sed -n 's/.*"ApiVersion":"\([0-9.]*\)".*/\1/p' || true
}

_api_at_least() {
  [ -n "$1" ] && [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" = "$2" ]
}

# Prints the folder the engine's packages are unpacked in, fetching them the first time; prints
# nothing, and the reason on stderr, where it cannot.
_provide_docker_engine() {
  local target="$DNSPATCH_DOCKER_CACHE/engine" release tool deb lock
  if [ -f "$target/ready" ]; then echo "$target/root"; return; fi
  for tool in apt-get dpkg curl; do
    command -v "$tool" >/dev/null \
      || { echo "Docker engine: none runs, and this machine has no $tool to fetch one with" >&2; return 1; }
  done
  release=$(. /etc/os-release 2>/dev/null && [ "${ID:-}" = debian ] && echo "${VERSION_CODENAME:-}")
  [ -n "$release" ] \
    || { echo "Docker engine: none runs, and this is not a Debian machine to fetch one for" >&2; return 1; }
  mkdir -p "$DNSPATCH_DOCKER_CACHE"
  exec {lock}>"$DNSPATCH_DOCKER_CACHE/.lock-engine"
  flock "$lock"
  if [ -f "$target/ready" ]; then echo "$target/root"; exec {lock}>&-; return; fi
  rm -rf "$target"
  mkdir -p "$target/debs" "$target/root"
  # dockerd and compose from trixie (they need glibc 2.34); containerd, runc and tini, which run
  # the containers, from the machine's own release (trixie's runc needs glibc 2.38).
  local -a packages=(docker.io/trixie docker-compose/trixie "containerd/$release" "runc/$release" "tini/$release")
  echo "Docker engine: fetching ${packages[*]} from Debian's archive into $target" >&2
  if ! _apt_download "$target" "trixie $release" "${packages[@]}"; then
    echo "Docker engine: apt-get could not fetch ${packages[*]}: $(tail -n 2 "$target/apt.log" | tr '\n' ' ')" >&2
    exec {lock}>&-
    return 1
  fi
  for deb in "$target"/debs/*.deb; do
    dpkg -x "$deb" "$target/root"
    dpkg-deb --show --showformat='${Package} ${Version}\n' "$deb" >>"$target/packages.txt"
  done
  if ! "$target/root/usr/sbin/dockerd" --version >"$target/dockerd-version.txt" 2>&1; then
    echo "Docker engine: fetched, but dockerd does not run here: $(head -n 2 "$target/dockerd-version.txt" | tr '\n' ' ')" >&2
    exec {lock}>&-
    return 1
  fi
  echo "dockerd $(sed -n 's/^Docker version \([^,]*\),.*/\1/p' "$target/dockerd-version.txt") (Debian trixie's docker.io), containerd $(_package_version "$target" containerd) and runc $(_package_version "$target" runc) (Debian $release), compose $(_package_version "$target" docker-compose)" >"$target/versions.txt"
  rm -rf "$target/debs" "$target/apt"
  touch "$target/ready"
  exec {lock}>&-
  echo "$target/root"
}

_package_version() {
  sed -n "s/^$2 \([^+~-]*\).*/\1/p" "$1/packages.txt"
}

# Starts dockerd from the unpacked packages and waits until it answers; on failure says why, with
# the end of its log.
_start_dockerd() {
  local root=$1 run=$DNSPATCH_DOCKER_RUN log="$DNSPATCH_DOCKER_CACHE/dockerd.log" pid i
  # A dockerd an earlier run left behind (killed before its trap ran) is stopped first.
  _stop_dockerd
  mkdir -p "$run" "$DNSPATCH_DOCKER_CACHE/data"
  echo '{}' >"$DNSPATCH_DOCKER_CACHE/daemon.json"
  (
    export PATH="$root/usr/sbin:$root/usr/bin:$PATH"
    export HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 NO_PROXY= http_proxy= https_proxy= no_proxy=
    exec setsid dockerd --config-file "$DNSPATCH_DOCKER_CACHE/daemon.json" \
      --data-root "$DNSPATCH_DOCKER_CACHE/data" --exec-root "$run" --pidfile "$run/dockerd.pid" \
      -H "unix://$run/docker.sock" \
      --iptables=false --ip6tables=false --ip-forward=false --ip-masq=false --ip 127.0.0.1 \
      --bip 198.51.100.1/28 --default-address-pool base=203.0.113.0/24,size=27 \
      --userland-proxy-path "$root/usr/sbin/docker-proxy" --init-path "$root/usr/bin/tini-static"
  ) </dev/null >"$log" 2>&1 &
  pid=$!
  for ((i = 0; i < 600; i++)); do
    if [ "$(curl -s -m 2 --unix-socket "$run/docker.sock" http://docker/_ping 2>/dev/null)" = OK ]; then
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "Docker engine: dockerd exited at start: $(tail -n 3 "$log" | tr '\n' ' ')" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "Docker engine: dockerd did not answer within 60 s (log: $log); stopping it" >&2
  _stop_dockerd
  return 1
}

_kill_pidfile() {
  local pid
  [ -f "$1" ] && pid=$(cat "$1") && [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
  return 0
}

# Where an engine already runs: compose v2 for the compose test, the one on this machine where it
# has one, else the one fetched with the engine.
_export_compose() {
  if docker compose version >/dev/null 2>&1 || docker-compose version 2>/dev/null | grep -q 'version v\{0,1\}2'; then
    return 0
  fi
  local root
  root=$(_provide_docker_engine) && [ -n "$root" ] && export DNSPATCH_DOCKER_COMPOSE="$root/usr/bin/docker-compose"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  case ${1:-} in
    start)
      docker_engine_up
      if [ -n "${DNSPATCH_DOCKER_COMPOSE:-}" ]; then
        echo "export DOCKER_HOST=${DOCKER_HOST:-unix:///var/run/docker.sock} DNSPATCH_DOCKER_COMPOSE=$DNSPATCH_DOCKER_COMPOSE"
      fi ;;
    stop) _stop_dockerd ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
  esac
fi
