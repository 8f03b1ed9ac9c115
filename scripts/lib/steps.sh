# Step reporting shared by the setup scripts: each step prints its name, its time when done, and on
# failure the step, the exit code and what to do. Sourced; the script sets STEP_SCRIPT (its name in
# messages) before sourcing, and installs the ERR trap itself so line numbers are its own.

STEP="start"
HINT=""
STEP_T0=0
T0=$(date +%s%N)

ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
fmt_ms() { printf '%d.%01ds' $(( $1 / 1000 )) $(( ($1 % 1000) / 100 )); }

step() {
  STEP=$1
  HINT=${2:-}
  STEP_T0=$(date +%s%N)
  printf '==> %s\n' "$STEP"
}

step_done() {
  printf '    done (%s)%s\n' "$(fmt_ms "$(ms_since "$STEP_T0")")" "${1:+: $1}"
}

on_error() {
  local rc=$1 line=$2
  printf '\n%s: FAILED in step "%s" (exit %s, line %s)\n' "$STEP_SCRIPT" "$STEP" "$rc" "$line" >&2
  [[ -n $HINT ]] && printf '%s: what to do: %s\n' "$STEP_SCRIPT" "$HINT" >&2
  exit "$rc"
}
