#!/usr/bin/env bash
# The root file systems of the images the Docker tests run, made from Debian's packages, so that no
# registry is needed. The tests (DockerImages) call it and `docker load` what it prints.
#
#   scripts/docker-images.sh keys NAME...   one line per image, "NAME KEY": KEY changes whenever a
#                                           rebuild would give other files (these recipes, or the
#                                           Debian suite the image installs from)
#   scripts/docker-images.sh image NAME     NAME's image dnspatch-test/NAME:KEY as a `docker load`
#                                           archive, the cached one for its current key or else a
#                                           new one; prints its path, or one line saying why not on
#                                           stderr (exit 1)
#
# Each image is Debian's essential set plus the packages below and their dependencies, installed by
# mmdebstrap as on any Debian machine (dpkg runs the maintainer scripts: alternatives such as
# /usr/bin/java, the CA certificates), without documentation, manuals' translations or apt's lists.
# mmdebstrap is the machine's, else fetched from Debian's archive as scripts/jdks.sh fetches JDKs.
# Making an image needs root (or mmdebstrap's unshare mode). Archives are kept in
# ~/.cache/dnspatch/images, one per image: the newest.

source "$(dirname "${BASH_SOURCE[0]}")/jdks.sh"

DNSPATCH_IMAGE_CACHE=${DNSPATCH_IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dnspatch/images}

# NAME: the Debian suite, then the packages installed on the essential set.
_recipe() {
  case $1 in
    jre-8) echo "sid openjdk-8-jre-headless" ;;
    jre-11) echo "bullseye openjdk-11-jre-headless" ;;
    jre-17) echo "bookworm openjdk-17-jre-headless" ;;
    jre-21) echo "trixie openjdk-21-jre-headless" ;;
    jre-25) echo "trixie openjdk-25-jre-headless" ;;
    postgres) echo "trixie postgresql-17" ;;
    *) return 1 ;;
  esac
}

# Steps run in the new root file system before it is packed ($1 is its folder).
_customize() {
  case $1 in
    # The tests make their own cluster in each container; the one the package made is not used.
    postgres) echo 'chroot "$1" pg_dropcluster 17 main' ;;
  esac
}

# mmdebstrap's options for every image (and --include, --customize-hook for each).
_OPTIONS=(--variant=essential --format=tar --aptopt='Acquire::Languages "none"' --dpkgopt=force-unsafe-io
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright'
  --dpkgopt='path-exclude=/usr/share/locale/*')

# sid's signed index is valid for a week after it is made; a mirror that is slow to follow sid can
# serve one past that, which apt would refuse. Only sid's images take its packages regardless.
_suite_options() {
  [ "$1" != sid ] || echo '--aptopt=Acquire::Check-Valid-Until "false"'
}

# The content key: the recipe (suite, packages, steps, options) and the suite's signed index, which
# names the hash of every package list in it. A stable suite changes at point releases only, sid
# daily: then the image is made again.
declare -A _INDEX=()
_read_index() {
  local suite=$1 index
  [ -z "${_INDEX[$suite]:-}" ] || return 0
  index=$(curl -fsS -m 30 "$(_debian_mirror)/dists/$suite/InRelease" 2>&1) \
    || { echo "cannot read Debian's $suite index: $index" >&2; return 1; }
  _INDEX[$suite]=$index
}

_key() {
  local name=$1 recipe suite
  recipe=$(_recipe "$name") || { echo "no image named $name" >&2; return 1; }
  suite=${recipe%% *}
  _read_index "$suite" || return 1
  KEY=$(printf '%s\n' "$name" "$recipe" "$(_customize "$name")" "${_OPTIONS[@]}" "$(_suite_options "$suite")" \
    "${_INDEX[$suite]}" \
    | sha256sum | cut -c1-16)
}

# mmdebstrap, the machine's or one unpacked from Debian's archive; prints the folder to put first on
# PATH (its mmtarfilter must be found).
_mmdebstrap_path() {
  local target="$DNSPATCH_IMAGE_CACHE/mmdebstrap" release deb
  if command -v mmdebstrap >/dev/null; then dirname "$(command -v mmdebstrap)"; return 0; fi
  if [ -x "$target/root/usr/bin/mmdebstrap" ]; then echo "$target/root/usr/bin"; return 0; fi
  release=$(. /etc/os-release 2>/dev/null && [ "${ID:-}" = debian ] && echo "${VERSION_CODENAME:-}")
  [ -n "$release" ] && command -v apt-get >/dev/null \
    || { echo "no mmdebstrap here, and this is not a Debian machine to fetch it on" >&2; return 1; }
  rm -rf "$target"
  mkdir -p "$target/debs" "$target/root"
  if ! _apt_download "$target" "$release" "mmdebstrap/$release"; then
    echo "apt-get could not fetch mmdebstrap: $(tail -n 1 "$target/apt.log")" >&2
    return 1
  fi
  for deb in "$target"/debs/*.deb; do dpkg -x "$deb" "$target/root"; done
  rm -rf "$target/debs" "$target/apt"
  echo "$target/root/usr/bin"
}

# Prints the path of NAME's image, a `docker load` archive: the cached one for its current key, else
# a new one (made with mmdebstrap, then given a config: PATH, labels).
_image() {
  local name=$1 key recipe suite packages image rootfs log path lock started=$SECONDS
  recipe=$(_recipe "$name") || { echo "no image named $name" >&2; return 1; }
  suite=${recipe%% *}
  packages=${recipe#* }
  _key "$name" || return 1
  key=$KEY
  image="$DNSPATCH_IMAGE_CACHE/$name-$key.tar"
  rootfs="$DNSPATCH_IMAGE_CACHE/$name-$key.rootfs.tar"
  mkdir -p "$DNSPATCH_IMAGE_CACHE"
  exec {lock}>"$DNSPATCH_IMAGE_CACHE/.lock-$name"
  flock "$lock"
  if [ -f "$image" ]; then echo "$image"; return 0; fi
  # What a run killed half-way left behind.
  rm -rf "$DNSPATCH_IMAGE_CACHE/.archive-$name".* "$image.part"
  if [ ! -f "$rootfs" ]; then
    path=$(_mmdebstrap_path) || return 1
    log="$DNSPATCH_IMAGE_CACHE/$name.log"
    local -a hooks=()
    [ -z "$(_customize "$name")" ] || hooks=(--customize-hook="$(_customize "$name")")
    [ -z "$(_suite_options "$suite")" ] || hooks+=("$(_suite_options "$suite")")
    echo "image $name: installing Debian $suite's $packages with mmdebstrap" >&2
    # A plain system PATH: mmtarfilter, which extracts each package, is a python3 script, and must
    # get Debian's python3, not a version manager's shim (which made extracting several times slower).
    if ! PATH="$path:/usr/sbin:/usr/bin:/sbin:/bin" mmdebstrap "${_OPTIONS[@]}" --include="${packages// /,}" \
        "${hooks[@]}" "$suite" "$rootfs.part" "$(_debian_mirror)" >"$log" 2>&1; then
      rm -f "$rootfs.part"
      echo "mmdebstrap could not make the $name image: $(grep -E '^E: ' "$log" | head -n 2 | tr '\n' ' ')(log: $log)" >&2
      return 1
    fi
    mv "$rootfs.part" "$rootfs"
  fi
  _archive "$name" "$key" "$rootfs" "$image.part" "Debian $suite, essential set and $packages (mmdebstrap)" || return 1
  rm -f "$DNSPATCH_IMAGE_CACHE/$name"-*.tar
  mv "$image.part" "$image"
  echo "image $name: dnspatch-test/$name:$key, $(du -m "$image" | cut -f1) MB, made in $((SECONDS - started)) s" >&2
  echo "$image"
}

# Wraps a root file system tarball into a `docker load` archive: one layer, the config (PATH as
# Docker's default, the tests' label), and the name dnspatch-test/NAME:KEY.
_archive() {
  local name=$1 key=$2 rootfs=$3 out=$4 how=$5 dir digest
  dir=$(mktemp -d "$DNSPATCH_IMAGE_CACHE/.archive-$name.XXXXXX") || return 1
  digest=$(sha256sum "$rootfs" | cut -d' ' -f1)
  printf '{"architecture":"%s","os":"linux","created":"%s","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Labels":{"dev.dnspatch.test":"image"}},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"history":[{"created_by":"%s"}]}\n' \
    "$(dpkg --print-architecture)" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$digest" "$how" >"$dir/config.json"
  printf '[{"Config":"config.json","RepoTags":["dnspatch-test/%s:%s"],"Layers":["layer.tar"]}]\n' "$name" "$key" \
    >"$dir/manifest.json"
  mv "$rootfs" "$dir/layer.tar"
  if ! tar -C "$dir" -cf "$out" manifest.json config.json layer.tar; then
    mv "$dir/layer.tar" "$rootfs"
    rm -rf "$dir" "$out"
    echo "could not write the $name image archive" >&2
    return 1
  fi
  rm -rf "$dir"
}

set -uo pipefail
case ${1:-} in
  keys)
    shift
    for name in "$@"; do
      _key "$name" || exit 1
      echo "$name $KEY"
    done ;;
  image) _image "${2:?image name}" || exit 1 ;;
  *) echo "usage: $0 keys NAME... | image NAME" >&2; exit 2 ;;
esac
