#!/usr/bin/env bash
# Provisions real browser builds from Debian's archive into a cache folder, so a browser matrix
# (several builds running the same calls) needs no network at run time: Chromium from bookworm main and
# from bookworm-security, Firefox ESR from both as well. Each build is unpacked with dpkg -x into a
# folder of its own (<cache>/<browser>-<upstream version>/usr/lib/...), beside whatever browser the host
# has installed; the shared libraries they need are installed on the host with apt. The cache's
# manifest.json lists every build it holds, for src/browser/browser-cache.ts.
# Idempotent: a build already unpacked and checked is skipped.
#
# Optional environment (none required):
#   CALLCHECK_BROWSER_CACHE   the cache folder (default <repo>/.cache/browsers)
set -Eeuo pipefail

if [[ ${EUID} -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    exec sudo --preserve-env=CALLCHECK_BROWSER_CACHE bash "$0" "$@"
  fi
  echo "provision-browsers: must run as root (apt installs the browsers' libraries; sudo is not installed)" >&2
  exit 1
fi

REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE_DIR=${CALLCHECK_BROWSER_CACHE:-$REPO_DIR/.cache/browsers}
# The Debian binary package that holds each browser's executable.
BROWSERS=(chromium firefox)
declare -A PACKAGE=([chromium]=chromium [firefox]=firefox-esr)
# Packages unpacked with the main one: chromium-common holds Chromium's resources (.pak files, locales),
# without which the binary starts and renders nothing.
declare -A COMPANIONS=([chromium]=chromium-common [firefox]=)
declare -A EXECUTABLE=([chromium]=usr/lib/chromium/chromium [firefox]=usr/lib/firefox-esr/firefox-esr)
# Host packages the builds need beyond their Depends: Firefox runs WebAudio only while an audio device plays
# it, so callcheck gives each Firefox a private PulseAudio null sink (src/browser/null-audio-sink.ts).
HOST_PACKAGES=(pulseaudio)
# The marker written last into a build's folder: a folder without it is an interrupted unpack.
MARKER=.callcheck-build
export DEBIAN_FRONTEND=noninteractive

STEP_SCRIPT=provision-browsers
# shellcheck source=lib/steps.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/steps.sh"
trap 'on_error $? $LINENO' ERR

WORK_DIR=""
cleanup() {
  [[ -n $WORK_DIR && -d $WORK_DIR ]] && rm -rf --one-file-system "$WORK_DIR"
  # Half-unpacked builds of an interrupted run; the next run unpacks them again.
  rm -rf --one-file-system "$CACHE_DIR"/.partial-* 2>/dev/null
  return 0
}
trap cleanup EXIT

# "2:150.0.7871.100-1~deb12u1" -> "150.0.7871.100": no epoch, no Debian revision.
upstream_of() {
  local v=${1#*:}
  echo "${v%-*}"
}

# ---------------------------------------------------------------- versions
# Prints "<main version> <security version>" of a package from apt's lists: the build in the release's
# main suite (e.g. bookworm) and the one in its security suite (e.g. bookworm-security). Empty when
# either is missing.
builds_of() {
  local pkg=$1 main="" security="" line version suite
  local madison
  # Not piped into a reader that may stop early: under pipefail, apt-cache would die of SIGPIPE.
  madison=$(apt-cache madison "$pkg" 2>/dev/null || true)
  while IFS= read -r line; do
    # "  chromium | 150.0.7871.100-1~deb12u1 | http://deb.debian.org/debian bookworm/main amd64 Packages"
    [[ $line == *'|'*'|'*Packages* ]] || continue
    version=$(awk -F'|' '{gsub(/ /, "", $2); print $2}' <<<"$line")
    suite=$(awk -F'|' '{split($3, f, " "); split(f[2], s, "/"); print s[1]}' <<<"$line")
    case $suite in
      *-security) [[ -z $security ]] && security=$version ;;
      *-updates | *-backports | *-proposed-updates) ;;
      *) [[ -z $main ]] && main=$version ;;
    esac
  done <<<"$madison"
  [[ -n $main && -n $security ]] && echo "$main $security"
  return 0
}

step "Finding the builds in apt's lists (apt-cache madison chromium firefox-esr)" \
  "add Debian's main and security suites to the apt sources (e.g. bookworm and bookworm-security, component main) and run apt-get update"
declare -A FOUND=()
missing_lists=0
for b in "${BROWSERS[@]}"; do
  FOUND[$b]=$(builds_of "${PACKAGE[$b]}")
  [[ -n ${FOUND[$b]} ]] || missing_lists=1
done
if ((missing_lists)); then
  echo "    not all builds are in apt's lists; running apt-get update"
  # Unreachable third-party sources make update complain; what matters is whether the lists then have them.
  apt-get update -qq || echo "    warning: apt-get update reported errors; looking for the builds anyway"
  for b in "${BROWSERS[@]}"; do
    FOUND[$b]=$(builds_of "${PACKAGE[$b]}")
    if [[ -z ${FOUND[$b]} ]]; then
      HINT="apt has no main-suite and security-suite build of ${PACKAGE[$b]} (see: apt-cache madison ${PACKAGE[$b]}); $HINT"
      false
    fi
  done
fi
WANTED=()
for b in "${BROWSERS[@]}"; do
  for v in ${FOUND[$b]}; do WANTED+=("$b=$v"); done
done
step_done "${WANTED[*]}"

# ---------------------------------------------------------------- download and unpack
step "Preparing the cache folder $CACHE_DIR and a download folder" \
  "make $CACHE_DIR (or CALLCHECK_BROWSER_CACHE) a writable folder, and ${TMPDIR:-/tmp} too"
mkdir -p "$CACHE_DIR"
WORK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/callcheck-browsers.XXXXXX")
# apt drops to its _apt user to download and needs to write where it is told.
chmod 0755 "$WORK_DIR"
chown _apt "$WORK_DIR" 2>/dev/null || true
step_done

# Downloads <pkg>=<version> into $WORK_DIR, running apt-get update once if the lists are stale
# (a security update replaced the version they name).
UPDATED=0
download() {
  local spec=$1
  if (cd "$WORK_DIR" && apt-get download -q "$spec" >/dev/null 2>"$WORK_DIR/download.log"); then return 0; fi
  if ((UPDATED == 0)); then
    UPDATED=1
    echo "    apt-get download $spec failed; running apt-get update and trying again"
    apt-get update -qq || true
    (cd "$WORK_DIR" && apt-get download -q "$spec" >/dev/null 2>"$WORK_DIR/download.log") && return 0
  fi
  tail -n 5 "$WORK_DIR/download.log" >&2
  return 1
}

for wanted in "${WANTED[@]}"; do
  b=${wanted%%=*}
  debver=${wanted#*=}
  version=$(upstream_of "$debver")
  dir="$CACHE_DIR/$b-$version"
  exe=${EXECUTABLE[$b]}
  step "Unpacking $b $version (Debian $debver) into ${dir#"$REPO_DIR"/}" \
    "check that Debian's archive is reachable (apt-get download ${PACKAGE[$b]}=$debver), that $CACHE_DIR has ~1 GB free, and re-run"
  if [[ -f $dir/$MARKER && -x $dir/$exe ]] && grep -qxF "debianVersion=$debver" "$dir/$MARKER"; then
    step_done "present"
    continue
  fi
  rm -f "$WORK_DIR"/*.deb
  pkgs=("${PACKAGE[$b]}")
  [[ -n ${COMPANIONS[$b]} ]] && pkgs+=(${COMPANIONS[$b]})
  for p in "${pkgs[@]}"; do download "$p=$debver"; done
  partial=$(mktemp -d "$CACHE_DIR/.partial-$b-$version.XXXXXX")
  depends=()
  for deb in "$WORK_DIR"/*.deb; do
    dpkg -x "$deb" "$partial"
    # The host libraries this build needs, for the next step (alternatives and versions kept as written).
    dep=$(dpkg-deb -f "$deb" Depends)
    [[ -n $dep ]] && depends+=("$dep")
  done
  [[ -x $partial/$exe ]] || { HINT="the packages of $b $debver hold no $exe; the layout of Debian's package changed: update EXECUTABLE in $0"; false; }
  (IFS=','; printf '%s\n' "${depends[*]}") | tr ',' '\n' | sed 's/^ *//; s/ *$//' | grep -v '^$' >"$partial/.depends"
  rm -rf --one-file-system "$dir"
  mv "$partial" "$dir"
  # Last: the marker says the build is complete.
  printf 'browser=%s\nversion=%s\ndebianVersion=%s\nexecutable=%s\n' "$b" "$version" "$debver" "$exe" >"$dir/$MARKER"
  step_done "$(du -sh "$dir" | cut -f1)"
done
rm -f "$WORK_DIR"/*.deb

# The builds the cache holds: the ones just provisioned and any kept from before (e.g. the security build
# an update has since replaced), each "<dir>|<browser>|<version>|<debian version>|<executable>".
cached_builds() {
  local marker dir
  for marker in "$CACHE_DIR"/*/"$MARKER"; do
    [[ -f $marker ]] || continue
    dir=$(dirname "$marker")
    printf '%s|%s|%s|%s|%s\n' "$dir" \
      "$(sed -n 's/^browser=//p' "$marker")" "$(sed -n 's/^version=//p' "$marker")" \
      "$(sed -n 's/^debianVersion=//p' "$marker")" "$(sed -n 's/^executable=//p' "$marker")"
  done | sort -t'|' -k2,2 -k3,3V
}

# ---------------------------------------------------------------- host libraries
step "Installing the shared libraries the builds need (apt-get install, from each package's Depends) and ${HOST_PACKAGES[*]}" \
  "run apt-get install by hand for the packages named above; they must come from the same Debian release as the builds"
# One package per dependency: the first alternative, unless another one is installed already. The browsers'
# own packages (chromium-common) are unpacked in the cache, not installed.
is_installed() { [[ $(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true) == installed ]]; }
declare -A NEEDED=()
while IFS='|' read -r dir _ _ _ _; do
  [[ -f $dir/.depends ]] || continue
  while IFS= read -r dep; do
    choice=""
    IFS='|' read -ra alternatives <<<"$dep"
    for alt in "${alternatives[@]}"; do
      name=$(awk '{print $1}' <<<"$alt")
      name=${name%%:*}
      [[ -z $choice ]] && choice=$name
      if is_installed "$name"; then choice=""; break; fi
    done
    [[ -z $choice ]] && continue
    case $choice in chromium | chromium-common | firefox-esr) continue ;; esac
    NEEDED[$choice]=1
  done <"$dir/.depends"
done < <(cached_builds)
for p in "${HOST_PACKAGES[@]}"; do is_installed "$p" || NEEDED[$p]=1; done
if ((${#NEEDED[@]})); then
  echo "    installing with apt: ${!NEEDED[*]}"
  out=$(apt-get install -y -qq --no-install-recommends "${!NEEDED[@]}" 2>&1) || { echo "$out" | tail -n 20 >&2; false; }
  step_done "installed ${#NEEDED[@]} package(s)"
else
  step_done "all present"
fi

# ---------------------------------------------------------------- check
step "Checking every build: ldd resolves all its libraries, and it runs --version headless" \
  "install the packages that hold the missing libraries (apt-file search <library>, or apt-get install the browser's package once), then re-run; a library of the build's own folder missing means a damaged unpack: delete that folder and re-run"
checked=()
while IFS='|' read -r dir b version debver exe; do
  libdir=$(dirname "$dir/$exe")
  # The browsers load their own libraries (libxul.so, libEGL.so...) from their folder, by path: ldd is told
  # to look there too, so only what the host must provide can be missing.
  unresolved=$(
    find "$libdir" -maxdepth 1 -type f \( -name '*.so' -o -name '*.so.*' -o -perm -u+x \) -print0 |
      while IFS= read -r -d '' f; do
        [[ $(head -c 4 "$f" | od -An -c | tr -d ' ') == 177ELF ]] || continue
        LD_LIBRARY_PATH=$libdir ldd "$f" 2>/dev/null | awk -v f="${f#"$dir"/}" '/not found/ {print "      " f ": " $1}'
      done | sort -u
  )
  if [[ -n $unresolved ]]; then
    echo "    $b $version: libraries not found:" >&2
    echo "$unresolved" >&2
    false
  fi
  # A throwaway HOME: --version must leave nothing behind, and Firefox refuses a HOME owned by another user.
  home=$(mktemp -d "$WORK_DIR/home.XXXXXX")
  if [[ $b == chromium ]]; then
    said=$(HOME=$home timeout 30 "$dir/$exe" --headless --no-sandbox --version 2>&1) || true
  else
    said=$(HOME=$home timeout 30 "$dir/$exe" --headless --version 2>&1) || true
  fi
  if [[ $said != *"$version"* ]]; then
    echo "    $dir/$exe --version said: $said" >&2
    HINT="the build does not run; run it by hand to see why ($dir/$exe --headless --version), or delete $dir and re-run"
    false
  fi
  checked+=("$b $version")
  echo "    $(head -n 1 <<<"$said")"
done < <(cached_builds)
command -v pulseaudio >/dev/null 2>&1 || { HINT="apt-get install pulseaudio (Firefox's audio plays into a private PulseAudio null sink)"; false; }
step_done "${#checked[@]} build(s), pulseaudio present"

# ---------------------------------------------------------------- manifest
step "Writing ${CACHE_DIR#"$REPO_DIR"/}/manifest.json" "check that $CACHE_DIR is writable"
# Paths relative to the repository when the cache is inside it (the checkout may move), absolute otherwise.
relative() {
  local p=$1
  if [[ $p == "$REPO_DIR"/* ]]; then echo "${p#"$REPO_DIR"/}"; else echo "$p"; fi
}
{
  echo '['
  first=1
  while IFS='|' read -r dir b version debver exe; do
    ((first)) || echo ','
    first=0
    # Versions and paths come from Debian's version strings and folder names: no quote or backslash to escape.
    printf '  { "browser": "%s", "version": "%s", "debianVersion": "%s", "executablePath": "%s" }' \
      "$b" "$version" "$debver" "$(relative "$dir/$exe")"
  done < <(cached_builds)
  printf '\n]\n'
} >"$CACHE_DIR/manifest.json.tmp"
mv "$CACHE_DIR/manifest.json.tmp" "$CACHE_DIR/manifest.json"
step_done "$(grep -c '"browser"' "$CACHE_DIR/manifest.json") build(s)"

printf '==> Browsers ready in %s (%s)\n' "$(fmt_ms "$(ms_since "$T0")")" "$(relative "$CACHE_DIR")"
