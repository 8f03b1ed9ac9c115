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
# TCP services this machine already offered on a non-loopback address before the command started are
# not the command's: on this kind of machine the sandbox's control agent listens on 0.0.0.0:2024 and its
# host connects to it now and then. Packets of connections to those ports (this machine's side on the
# listening port) are counted apart and named, not failed; everything else still fails the guard.
service_ports=$(ss -Hltn 2>/dev/null | awk '{print $4}' | grep -v -E '^(127\.|\[::1\]|\[::ffff:127\.)' |
  sed 's/.*://' | sort -un | tr '\n' ' ')
# The pcap filter for the packets of connections to those services on one interface's addresses.
service_filter() {
  local iface=$1 addrs port local_dst="" local_src="" port_dst="" port_src=""
  addrs=$(ip -o addr show dev "$iface" | awk '{print $4}' | cut -d/ -f1)
  [[ -z $service_ports || -z $addrs ]] && return
  for a in $addrs; do
    local_dst+="${local_dst:+ or }dst host $a"
    local_src+="${local_src:+ or }src host $a"
  done
  for port in $service_ports; do
    port_dst+="${port_dst:+ or }tcp dst port $port"
    port_src+="${port_src:+ or }tcp src port $port"
  done
  printf '((%s) and (%s)) or ((%s) and (%s))' "$local_dst" "$port_dst" "$local_src" "$port_src"
}
pids=()
ifaces=()
for iface in $(ip -o link show up | awk -F': ' '{print $2}' | cut -d@ -f1); do
  [[ $iface == lo ]] && continue
  ifaces+=("$iface")
  # --immediate-mode: libpcap's TPACKET_V3 ring otherwise hands packets over in blocks, and a block not
  # yet handed over when the capture is stopped is lost (seen: a command that made one connection and
  # ended at once passed the guard).
  tcpdump -i "$iface" --immediate-mode -nn -U -w "$dir/$iface.pcap" "$filter" 2>"$dir/$iface.log" &
  pids+=($!)
done
stop_captures() {
  for pid in "${pids[@]}"; do kill -INT "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
}
trap 'stop_captures; exit 130' INT TERM
# The command starts only once every capture is open: a guard that captures nothing must not pass.
for i in "${!ifaces[@]}"; do
  iface=${ifaces[$i]}
  for _ in $(seq 50); do grep -q 'listening on' "$dir/$iface.log" 2>/dev/null && break; sleep 0.1; done
  if ! kill -0 "${pids[$i]}" 2>/dev/null || ! grep -q 'listening on' "$dir/$iface.log"; then
    echo "loopback-guard: could not capture on $iface: $(cat "$dir/$iface.log")" >&2
    stop_captures
    exit 3
  fi
done
echo "loopback-guard: capturing ${ifaces[*]:-no interface} while running: $*"

"$@"
status=$?

stop_captures
leaked=0
for iface in "${ifaces[@]}"; do
  services=$(service_filter "$iface")
  if ! packets=$(tcpdump -r "$dir/$iface.pcap" -nn ${services:+"not ($services)"} 2>"$dir/$iface.read"); then
    echo "loopback-guard: could not read the capture of $iface: $(cat "$dir/$iface.read")" >&2
    exit 3
  fi
  if [[ -n $services ]]; then
    others=$(tcpdump -r "$dir/$iface.pcap" -nn "$services" 2>/dev/null | grep -c . || true)
    [[ $others -gt 0 ]] &&
      echo "loopback-guard: not counted on $iface: $others packet(s) of connections to this machine's own services (TCP ports ${service_ports% }) that listened before the command started"
  fi
  count=$(printf '%s' "$packets" | grep -c . || true)
  if [[ $count -gt 0 ]]; then
    leaked=$((leaked + count))
    echo "loopback-guard: $count packet(s) crossed $iface; the first ones:" >&2
    printf '%s\n' "$packets" | head -n 20 >&2
  fi
done
rm -rf "$dir"
if [[ $leaked -gt 0 ]]; then
  echo "loopback-guard: FAILED: traffic left loopback during: $*" >&2
  exit 1
fi
echo "loopback-guard: no packet left loopback on ${ifaces[*]:-any interface}"
exit "$status"
