# Finds JDKs by feature version, and provides the test JDKs a machine lacks; sourced by test.sh,
# .ci/run, demo.sh and the benchmark.
#
#   jdk_home N        the home of a JDK N already on this machine (DNSPATCH_TEST_JDKN wins), or nothing
#   provide_jdk N     the same, else on a Debian-like machine a JDK N fetched from Debian's archive and
#                     unpacked into the cache folder below; prints nothing, and the reason on stderr,
#                     where it cannot
#   build_jdk_home    a JDK 18+ to build dnspatch with (JAVA_HOME first when it is one)
#
# Nothing is installed: packages are fetched with `apt-get download` against a private sources list
# and package lists (the machine's own apt state is never read or written) and unpacked with
# `dpkg -x`. No root is needed.

DNSPATCH_JDK_CACHE=${DNSPATCH_JDK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dnspatch/jdks}

# Feature version of a JDK home, from its release file, or from `java -version` where it has none
# (Debian's JDK 8); "1.8.0_504" is 8.
jdk_feature() {
  local home=$1 version
  [ -x "$home/bin/java" ] || return 1
  if [ -f "$home/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  else
    version=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  version=${version#1.}
  version=${version%%[.+_-]*}
  [ -n "$version" ] && echo "$version"
}

jdk_home() {
  local feature=$1 var="DNSPATCH_TEST_JDK$1" home
  if [ -n "${!var:-}" ]; then echo "${!var}"; return; fi
  for home in /usr/lib/jvm/* /usr/java/* /opt/java/* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -L "$home" ] && continue
    if [ "$(jdk_feature "$home")" = "$feature" ]; then echo "$home"; return; fi
  done
  # One this script fetched earlier.
  home="$DNSPATCH_JDK_CACHE/jdk-$feature/home"
  if [ -f "$DNSPATCH_JDK_CACHE/jdk-$feature/ready" ] && [ "$(jdk_feature "$home")" = "$feature" ]; then
    echo "$home"; return
  fi
  if [ -n "${JAVA_HOME:-}" ] && [ "$(jdk_feature "$JAVA_HOME")" = "$feature" ]; then echo "$JAVA_HOME"; fi
}

# build_jdk_home prints a JDK that can build dnspatch (18 or newer: the resolver provider is release 18).
build_jdk_home() {
  local feature home
  if [ -n "${JAVA_HOME:-}" ]; then
    feature=$(jdk_feature "$JAVA_HOME" || true)
    if [ "${feature:-0}" -ge 18 ] 2>/dev/null; then echo "$JAVA_HOME"; return; fi
  fi
  for feature in 25 24 23 22 21 20 19 18; do
    home=$(jdk_home "$feature")
    if [ -n "$home" ]; then echo "$home"; return; fi
  done
}

# Maven itself trips JDK 24+'s sun.misc.Unsafe warnings (through Guava); they are Maven's, not
# dnspatch's, so keep them out of the output.
quiet_maven_on_new_jdks() {
  local feature
  feature=$(jdk_feature "$JAVA_HOME" || true)
  if [ "${feature:-0}" -ge 24 ] 2>/dev/null; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
}

# Where Debian's archive has each JDK: the suite, and whether its binaries need a newer glibc than
# Debian 12's 2.36 (sid's 8 and trixie's 21 are built against 2.38 or later).
_debian_suite() {
  case $1 in
    8) echo sid ;;
    11) echo bullseye ;;
    21) echo trixie ;;
    *) return 1 ;;
  esac
}

# The archive this machine's apt already uses, else Debian's own.
_debian_mirror() {
  local uri
  uri=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null \
    | grep -v security | head -n 1)
  [ -n "$uri" ] || uri=$(sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*debian\/\{0,1\}\) .*/\2/p' \
    /etc/apt/sources.list 2>/dev/null | head -n 1)
  echo "${uri:-http://deb.debian.org/debian}"
}

provide_jdk() {
  local feature=$1 home
  home=$(jdk_home "$feature")
  if [ -n "$home" ]; then echo "$home"; return; fi
  # One fetch at a time per JDK: a second run waits, then finds the first one's copy.
  mkdir -p "$DNSPATCH_JDK_CACHE" 2>/dev/null
  if command -v flock >/dev/null && { exec {lock}>"$DNSPATCH_JDK_CACHE/.lock-$feature"; } 2>/dev/null; then
    flock "$lock"
    home=$(jdk_home "$feature")
    if [ -n "$home" ]; then echo "$home"; exec {lock}>&-; return; fi
  fi
  _fetch_debian_jdk "$feature"
  [ -n "${lock:-}" ] && exec {lock}>&-
  return 0
}

# Fetches openjdk-N-jre-headless and -jdk-headless from Debian's archive into
# $DNSPATCH_JDK_CACHE/jdk-N, made runnable in place, and checks it with `java -version`. Prints
# the home, or nothing and the reason on stderr. A folder without its `ready` mark (an
# interrupted fetch) is fetched again.
_fetch_debian_jdk() {
  local feature=$1 suite keyring=/usr/share/keyrings/debian-archive-keyring.gpg tool deb
  local target="$DNSPATCH_JDK_CACHE/jdk-$feature" home
  suite=$(_debian_suite "$feature") \
    || { echo "JDK $feature: not found here, and Debian's archive has no JDK $feature to fetch" >&2; return 0; }
  for tool in apt-get dpkg; do
    command -v "$tool" >/dev/null \
      || { echo "JDK $feature: not found here, and this is not a Debian-like machine (no $tool) to fetch it on" >&2; return 0; }
  done
  [ -f "$keyring" ] || { echo "JDK $feature: not found here, and $keyring (Debian's archive key) is missing" >&2; return 0; }
  rm -rf "$target"
  mkdir -p "$target/debs" "$target/root" || { echo "JDK $feature: cannot create $target" >&2; return 0; }
  local -a packages=("openjdk-$feature-jre-headless/$suite" "openjdk-$feature-jdk-headless/$suite")
  # patchelf from bullseye runs on any glibc since 2.31; trixie's libc6 (2.41) runs what sid and trixie build.
  local -a helpers=(libc6/trixie patchelf/bullseye)
  echo "JDK $feature: fetching ${packages[*]} from Debian's archive into $target" >&2
  if ! _apt_download "$target" "$suite trixie bullseye" "${packages[@]}"; then
    echo "JDK $feature: apt-get could not fetch ${packages[*]}: $(tail -n 2 "$target/apt.log" | tr '\n' ' ')" >&2
    return 0
  fi
  for deb in "$target"/debs/*.deb; do dpkg -x "$deb" "$target/root"; done
  home=$(ls -d "$target"/root/usr/lib/jvm/java-"$feature"-openjdk-* 2>/dev/null | head -n 1)
  if [ -z "$home" ] || [ -L "$home" ]; then echo "JDK $feature: the packages hold no JDK home (see $target)" >&2; return 0; fi
  _unpacked_symlinks_inside "$target/root"
  if ! "$home/bin/java" -version >/dev/null 2>&1; then
    # Built against a newer glibc than the machine's: give its executables that glibc's loader.
    mkdir -p "$target/glibc"
    if ! (cd "$target/debs" && rm -f ./*.deb) || ! _apt_download "$target" "trixie bullseye" "${helpers[@]}"; then
      echo "JDK $feature: does not run here and apt-get could not fetch ${helpers[*]} to fix that" >&2
      return 0
    fi
    for deb in "$target"/debs/*.deb; do dpkg -x "$deb" "$target/glibc"; done
    _use_newer_glibc "$target/glibc" "$home" || { echo "JDK $feature: patchelf failed on $home" >&2; return 0; }
  fi
  if ! "$home/bin/java" -version >"$target/version.txt" 2>&1; then
    echo "JDK $feature: fetched, but 'java -version' fails: $(head -n 3 "$target/version.txt" | tr '\n' ' ')" >&2
    return 0
  fi
  rm -rf "$target/debs" "$target/apt"
  ln -sfn "${home#"$target"/}" "$target/home"
  touch "$target/ready"
  echo "JDK $feature: $(sed -n 2p "$target/version.txt"), in $target/home" >&2
  echo "$target/home"
}

# apt-get download into $1/debs, with a private sources list for the suites $2 and private package
# lists: the machine's own apt configuration and state are neither read nor written.
_apt_download() {
  local base=$1 suites=$2 suite mirror keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  shift 2
  mirror=$(_debian_mirror)
  mkdir -p "$base/apt/lists/partial" "$base/apt/cache/archives/partial"
  : >"$base/apt/sources.list"
  for suite in $suites; do echo "deb [signed-by=$keyring] $mirror $suite main" >>"$base/apt/sources.list"; done
  local -a apt=(apt-get -q -o "Dir::Etc::SourceList=$base/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$base/apt/lists" -o "Dir::Cache=$base/apt/cache" -o Debug::NoLocking=1
    -o "APT::Sandbox::User=$(id -un)")
  "${apt[@]}" update >>"$base/apt.log" 2>&1 && (cd "$base/debs" && "${apt[@]}" download "$@") >>"$base/apt.log" 2>&1
}

# Debian's JDK links its configuration to absolute paths under /etc/java-N-openjdk, which the
# packages unpack into the tree, not into /etc: point each link at the unpacked copy instead.
_unpacked_symlinks_inside() {
  local root=$1 link dest
  find "$root" -type l | while read -r link; do
    dest=$(readlink "$link")
    case $dest in
      /*) if [ -e "$root$dest" ] || [ -L "$root$dest" ]; then
            ln -sfn "$(realpath -m --relative-to="$(dirname "$link")" "$root$dest")" "$link"
          fi ;;
    esac
  done
}

# Gives every ELF file of the JDK that glibc's folder as a further rpath (a library's own rpath is
# what finds its libm, say, when the JVM loads it), and every executable that glibc's loader as its
# interpreter. No environment variable: the JVM's own child processes (a shell, another program)
# keep the machine's glibc.
_use_newer_glibc() {
  local glibc=$1 home=$2 patchelf loader libdir file rpath
  patchelf="$glibc/usr/bin/patchelf"
  loader=$(ls "$glibc"/usr/lib/*-linux-gnu*/ld-linux*.so.* 2>/dev/null | head -n 1)
  libdir=$(dirname "$loader")
  [ -x "$patchelf" ] && [ -n "$loader" ] || return 1
  find -L "$home" -type f \( -name '*.so' -o -perm -u+x \) | while read -r file; do
    [ "$(head -c 4 "$file" | od -An -c | tr -d ' ')" = '177ELF' ] || continue
    rpath=$("$patchelf" --print-rpath "$file") || exit 1
    "$patchelf" --set-rpath "${rpath:+$rpath:}$libdir" "$file" || exit 1
    if "$patchelf" --print-interpreter "$file" >/dev/null 2>&1; then
      "$patchelf" --set-interpreter "$loader" "$file" || exit 1
    fi
  done
}
