#!/usr/bin/env bash
# Prepares a Debian/Ubuntu host for callcheck: host packages, a running Docker
# engine, and the local images (no registry is reachable, so every image is
# built from the Debian archive). Idempotent: re-running skips what is done.
#
# Optional environment (none required):
#   CALLCHECK_DEBIAN_MIRROR      Debian mirror for debootstrap (default http://deb.debian.org/debian)
#   CALLCHECK_REBUILD_BASE=1     re-create callcheck/debian-sid:base even if present
#   CALLCHECK_SKIP_PREWARM=1     do not pre-build callcheck/asterisk:local
#   CALLCHECK_DOCKERD_LOG        dockerd log file (default /var/log/callcheck-dockerd.log)
#   CALLCHECK_BROWSER_CACHE      where the browser matrix's builds go (default <repo>/.cache/browsers)
set -Eeuo pipefail

if [[ ${EUID} -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    exec sudo --preserve-env=CALLCHECK_DEBIAN_MIRROR,CALLCHECK_REBUILD_BASE,CALLCHECK_SKIP_PREWARM,CALLCHECK_DOCKERD_LOG,CALLCHECK_BROWSER_CACHE \
      bash "$0" "$@"
  fi
  echo "setup-host: must run as root (sudo is not installed)" >&2
  exit 1
fi

REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MIRROR=${CALLCHECK_DEBIAN_MIRROR:-http://deb.debian.org/debian}
DOCKERD_LOG=${CALLCHECK_DOCKERD_LOG:-/var/log/callcheck-dockerd.log}
BASE_IMAGE=callcheck/debian-sid:base
MYSQL_IMAGE=callcheck/cdr-mysql:local
DB_IMAGE=callcheck/cdr-mariadb:local
AST_IMAGE=callcheck/asterisk:local
# The classic builder, like Testcontainers' build call, so the pre-warmed
# layer cache is the one Testcontainers hits.
export DOCKER_BUILDKIT=0

STEP_SCRIPT=setup-host
# shellcheck source=lib/steps.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/steps.sh"
trap 'on_error $? $LINENO' ERR

TMP_ROOTFS=""
BUILD_LOGS=""
BROWSER_LOG=""
# Stops image builds and the browser provisioning still running (a failed step or Ctrl-C) and removes what the script made.
cleanup() {
  local pids
  pids=$(jobs -pr)
  [[ -n $pids ]] && kill $pids 2>/dev/null
  [[ -n $TMP_ROOTFS && -d $TMP_ROOTFS ]] && rm -rf --one-file-system "$TMP_ROOTFS"
  [[ -n $BUILD_LOGS && -d $BUILD_LOGS ]] && rm -rf "$BUILD_LOGS"
  [[ -n $BROWSER_LOG ]] && rm -f "$BROWSER_LOG"
  return 0
}
trap cleanup EXIT

# ---------------------------------------------------------------- packages
step "Checking host packages (docker.io debootstrap chromium tcpdump sip-tester debian-archive-keyring iproute2 openssl)" \
  "check the host's apt sources (apt-get update) and install the listed packages by hand"
missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing+=(chromium)
command -v tcpdump >/dev/null 2>&1 || missing+=(tcpdump)
# SIPp, for npm run bench: the PBX's own ceiling next to the browsers' figures.
command -v sipp >/dev/null 2>&1 || missing+=(sip-tester)
command -v ss >/dev/null 2>&1 || missing+=(iproute2)
# The TLS certificate of each run's CDR database is made with it.
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
# debootstrap verifies the sid Release file with this keyring (absent on Ubuntu).
[[ -s /usr/share/keyrings/debian-archive-keyring.gpg ]] || missing+=(debian-archive-keyring)
if ((${#missing[@]})); then
  echo "    installing with apt: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Unreachable third-party sources make update complain; what matters is
  # whether the install below finds the packages.
  apt-get update -qq || echo "    warning: apt-get update reported errors; trying the install anyway"
  installable=()
  for p in "${missing[@]}"; do
    # Not piped into grep -q: under pipefail, grep's early exit makes apt-cache die of SIGPIPE.
    policy=$(apt-cache policy "$p" 2>/dev/null || true)
    if [[ $policy =~ Candidate:\ [0-9] ]]; then
      installable+=("$p")
    elif [[ $p == chromium || $p == tcpdump || $p == sip-tester ]]; then
      echo "    warning: $p has no installable candidate in this host's apt sources; skipped"
    else
      HINT="package $p is required but apt has no candidate for it; add a Debian/Ubuntu archive that has it"
      false
    fi
  done
  if ((${#installable[@]})); then
    apt-get install -y -qq --no-install-recommends "${installable[@]}" >/dev/null
  fi
  step_done "installed ${installable[*]:-nothing}"
else
  step_done "all present"
fi

# ---------------------------------------------------------------- dockerd
step "Ensuring the Docker engine answers on /var/run/docker.sock" \
  "read $DOCKERD_LOG; another engine (docker-ce, podman) may hold the socket, or a stale /var/run/docker.pid may need removing"
docker_answers() { docker info >/dev/null 2>&1; }
# Waits up to $1 half-seconds for the engine to answer.
wait_for_docker() {
  for _ in $(seq 1 "$1"); do
    docker_answers && return 0
    sleep 0.5
  done
  docker_answers
}
# A live, non-zombie process of this name with this pid (a killed engine leaves its pid files behind,
# and a killed process stays visible for a moment).
is_live() {
  [[ -n ${2:-} && $(cat "/proc/$2/comm" 2>/dev/null) == "$1" ]] || return 1
  [[ $(awk '{print $3}' "/proc/$2/stat" 2>/dev/null) != Z ]]
}
is_dockerd() { is_live dockerd "${1:-}"; }
CONTAINERD_PID=/var/run/docker/containerd/containerd.pid
if docker_answers; then
  step_done "already running"
else
  pid=$(cat /var/run/docker.pid 2>/dev/null || true)
  if is_dockerd "$pid"; then
    echo "    dockerd (pid $pid) is running; waiting for it to answer"
    if ! wait_for_docker 40; then
      echo "    dockerd (pid $pid) does not answer; stopping it to start afresh"
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 20); do is_dockerd "$pid" || break; sleep 0.5; done
      is_dockerd "$pid" && kill -9 "$pid" 2>/dev/null
    fi
  fi
  if ! docker_answers; then
    # A containerd of an engine that was just killed may still be dying: dockerd would try to reuse it.
    cpid=$(cat "$CONTAINERD_PID" 2>/dev/null || true)
    for _ in $(seq 1 20); do is_live containerd "$cpid" || break; sleep 0.5; done
    is_live containerd "$cpid" && kill -9 "$cpid" 2>/dev/null
    # Left by an engine that was killed: dockerd would take them for a running engine.
    is_dockerd "$(cat /var/run/docker.pid 2>/dev/null || true)" || rm -f /var/run/docker.pid
    is_live containerd "$(cat "$CONTAINERD_PID" 2>/dev/null || true)" || rm -f "$CONTAINERD_PID"
    echo "    starting: dockerd --iptables=false --ip6tables=false --bridge=none (log: $DOCKERD_LOG)"
    mkdir -p "$(dirname "$DOCKERD_LOG")"
    # setsid + nohup: the engine must outlive this script and its terminal. disown: it is not one of the
    # jobs the exit trap stops (the image builds and the browser provisioning).
    setsid nohup dockerd --iptables=false --ip6tables=false --bridge=none \
      >>"$DOCKERD_LOG" 2>&1 </dev/null &
    disown "$!"
    if ! wait_for_docker 120; then
      echo "    dockerd did not answer within 60 s; last lines of $DOCKERD_LOG:" >&2
      tail -n 15 "$DOCKERD_LOG" >&2 || true
      false
    fi
  fi
  step_done "started"
fi

# ---------------------------------------------------------------- browser builds (in the background)
# The builds a browser matrix runs on, so a matrix needs no network at run time either. They need neither
# the engine nor the base image: they are provisioned from here on, beside debootstrap and the image
# builds, and their lines are shown once they are done.
BROWSER_LOG=$(mktemp /tmp/callcheck-browsers.XXXXXX)
BROWSER_T0=$(date +%s%N)
bash "$REPO_DIR/scripts/provision-browsers.sh" >"$BROWSER_LOG" 2>&1 &
BROWSER_PID=$!

# ---------------------------------------------------------------- base image
step "Ensuring base image $BASE_IMAGE (debootstrap --variant=minbase sid from $MIRROR)" \
  "check that $MIRROR is reachable (apt works on this host) and that /var/tmp has ~400 MB free; re-run afterwards"
if [[ ${CALLCHECK_REBUILD_BASE:-0} != 1 ]] && docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
  step_done "present"
else
  TMP_ROOTFS=$(mktemp -d /var/tmp/callcheck-sid.XXXXXX)
  if ! debootstrap --variant=minbase sid "$TMP_ROOTFS" "$MIRROR" >"$TMP_ROOTFS.log" 2>&1; then
    tail -n 15 "$TMP_ROOTFS.log" >&2
    false
  fi
  rm -f "$TMP_ROOTFS.log"
  # The archive copy can be older than its Release file's Valid-Until by this
  # machine's clock; recommends only bloat the images.
  cat >"$TMP_ROOTFS/etc/apt/apt.conf.d/90callcheck" <<'EOF'
Acquire::Check-Valid-Until "false";
APT::Install-Recommends "false";
APT::Install-Suggests "false";
EOF
  # No init system in a container: package scripts must not try to start services.
  printf '#!/bin/sh\nexit 101\n' >"$TMP_ROOTFS/usr/sbin/policy-rc.d"
  chmod 0755 "$TMP_ROOTFS/usr/sbin/policy-rc.d"
  rm -rf "$TMP_ROOTFS"/var/lib/apt/lists/* "$TMP_ROOTFS"/var/cache/apt/archives/*.deb "$TMP_ROOTFS"/var/cache/apt/*.bin
  tar --numeric-owner -C "$TMP_ROOTFS" -c . \
    | docker import --change 'ENV LANG=C.UTF-8' --change 'CMD ["bash"]' - "$BASE_IMAGE" >/dev/null
  rm -rf --one-file-system "$TMP_ROOTFS"
  TMP_ROOTFS=""
  step_done "imported"
fi

# ---------------------------------------------------------------- images, beside the browser builds
# The images: MySQL (Debian sid's mysql-server), the default CDR database when the official mysql:8.4 image
# is not in the local engine; MariaDB, selectable with cdr.image and tested beside it; Asterisk, pre-built
# to fill the layer cache Testcontainers' build reuses. Each build spends its time in apt inside its own
# container, and the browser provisioning (started above) in apt and dpkg on the host, so they run at the
# same time; each build's output goes to a log shown only if it fails.
BUILD_LOGS=$(mktemp -d /tmp/callcheck-image-builds.XXXXXX)
declare -A BUILD_PID BUILD_T0
start_build() { # name image context
  BUILD_T0[$1]=$(date +%s%N)
  docker build --network host -t "$2" "$3" >"$BUILD_LOGS/$1.log" 2>&1 &
  BUILD_PID[$1]=$!
}
# Waits for a build started by start_build; on failure shows its log's end and fails the step.
finish_build() { # name image context hint
  step "Building $2 from ${3#"$REPO_DIR"/} (docker build --network host, beside the others; cached layers are reused)" "$4"
  STEP_T0=${BUILD_T0[$1]}
  if ! wait "${BUILD_PID[$1]}"; then
    tail -n 30 "$BUILD_LOGS/$1.log" >&2
    false
  fi
}
BUILD_HINT="read the build output above; apt inside the build needs the Debian archive; 'docker image rm $BASE_IMAGE' and re-run if the base is broken"
start_build mysql "$MYSQL_IMAGE" "$REPO_DIR/asterisk-image/cdr-mysql"
start_build mariadb "$DB_IMAGE" "$REPO_DIR/asterisk-image/cdr-mariadb"
if [[ ${CALLCHECK_SKIP_PREWARM:-0} != 1 ]]; then
  start_build asterisk "$AST_IMAGE" "$REPO_DIR/asterisk-image"
fi

step "Provisioning the browser matrix's builds (scripts/provision-browsers.sh: Chromium and Firefox ESR from Debian's archive; started beside the base image)" \
  "read the provision-browsers lines above (its failed step and what to do), fix that and re-run npm run setup"
STEP_T0=$BROWSER_T0
browsers_status=0
wait "$BROWSER_PID" || browsers_status=$?
sed 's/^/    /' "$BROWSER_LOG"
(( browsers_status == 0 )) || false
step_done "${CALLCHECK_BROWSER_CACHE:-.cache/browsers}/manifest.json"

finish_build mysql "$MYSQL_IMAGE" "$REPO_DIR/asterisk-image/cdr-mysql" "$BUILD_HINT"
step_done "$(docker run --rm --entrypoint mysqld "$MYSQL_IMAGE" --version 2>/dev/null | sed 's/^.*Ver /MySQL /;s/ for .*//' || true)"
finish_build mariadb "$DB_IMAGE" "$REPO_DIR/asterisk-image/cdr-mariadb" "$BUILD_HINT"
step_done
if [[ ${CALLCHECK_SKIP_PREWARM:-0} == 1 ]]; then
  echo "==> Skipping the Asterisk image pre-build (CALLCHECK_SKIP_PREWARM=1)"
else
  finish_build asterisk "$AST_IMAGE" "$REPO_DIR/asterisk-image" "$BUILD_HINT; or set CALLCHECK_SKIP_PREWARM=1"
  step_done
fi
rm -rf "$BUILD_LOGS"
BUILD_LOGS=""

printf '==> Host ready in %s (images: %s %s%s)\n' "$(fmt_ms "$(ms_since "$T0")")" \
  "$BASE_IMAGE" "$MYSQL_IMAGE $DB_IMAGE" "$([[ ${CALLCHECK_SKIP_PREWARM:-0} == 1 ]] || echo " $AST_IMAGE")"
