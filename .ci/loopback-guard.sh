#!/usr/bin/env bash
# Runs a command while capturing every non-loopback interface, and fails if any packet crossed one.
# callcheck's signalling, media and SQL must stay on 127.0.0.1; this proves it for what the command did.
# Usage: bash .ci/loopback-guard.sh <command> [args...]
set -uo pipefail

if ! command -v tcpdump >/dev/null 2>&1; then
  echo "loopback-guard: tcpdump is missing; install it with: npm run setup" >&2
  exit 3
fi
dir=$(mktemp -d /tmp/callcheck-loopback-guard.XXXXXX)
# Link-layer housekeeping of the kernel itself (ARP, IPv6 neighbour discovery and MLD) is not traffic
# of the run; everything else that appears on a non-loopback interface is.
filter='not arp and not (icmp6 and (ip6[40] >= 133 and ip6[40] <= 136 or ip6[40] == 143))'
pids=()
ifaces=()
for iface in $(ip -o link show up | awk -F': ' '{print $2}' | cut -d@ -f1); do
  [[ $iface == lo ]] && continue
  ifaces+=("$iface")
  tcpdump -i "$iface" -nn -U -w "$dir/$iface.pcap" "$filter" 2>"$dir/$iface.log" &
  pids+=($!)
done
stop_captures() {
  for pid in "${pids[@]}"; do kill -INT "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
}
trap 'stop_captures; exit 130' INT TERM
# Give tcpdump time to open its capture before the command starts.
for iface in "${ifaces[@]}"; do
  for _ in $(seq 50); do grep -q 'listening on' "$dir/$iface.log" 2>/dev/null && break; sleep 0.1; done
done
echo "loopback-guard: capturing ${ifaces[*]:-no interface} while running: $*"

"$@"
status=$?

stop_captures
leaked=0
for iface in "${ifaces[@]}"; do
  count=$(tcpdump -r "$dir/$iface.pcap" -nn 2>/dev/null | wc -l)
  if [[ $count -gt 0 ]]; then
    leaked=$((leaked + count))
    echo "loopback-guard: $count packet(s) crossed $iface; the first ones:" >&2
    tcpdump -r "$dir/$iface.pcap" -nn 2>/dev/null | head -n 20 >&2
  fi
done
rm -rf "$dir"
if [[ $leaked -gt 0 ]]; then
  echo "loopback-guard: FAILED: traffic left loopback during: $*" >&2
  exit 1
fi
echo "loopback-guard: no packet left loopback on ${ifaces[*]:-any interface}"
exit "$status"
