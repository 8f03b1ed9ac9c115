#!/bin/sh
# Runs Asterisk in the foreground; its console log is the container log.
set -eu

# A whole configuration copied in (a call center's own, or callcheck's simulated carrier) replaces the
# image's: none of the image's files is left to mix with it.
if [ -d /etc/callcheck-asterisk ]; then
  find /etc/asterisk -mindepth 1 -delete
  cp -a /etc/callcheck-asterisk/. /etc/asterisk/
  chown -R asterisk:asterisk /etc/asterisk
fi

# callcheck writes filled-in copies of the templates before start; refuse to
# run on an unfilled one rather than fail later in a confusing way.
if unfilled=$(grep -l '{{[A-Z0-9_]*}}' /etc/asterisk/*.conf /etc/odbc.ini 2>/dev/null); then
  echo "callcheck-asterisk: template placeholders not filled in:" $unfilled >&2
  exit 64
fi

# /var/run is not populated in a container (no systemd-tmpfiles).
mkdir -p /var/run/asterisk
chown asterisk:asterisk /var/run/asterisk

# ICE host candidates: Asterisk enumerates interface addresses but never
# loopback, so map every local non-loopback IPv4 address (host network: the
# host's) to 127.0.0.1; see rtp.conf.
awk '/\|--/ { ip = $2 } /\/32 host LOCAL/ { print ip }' /proc/net/fib_trie \
  | sort -u | grep -v '^127\.' | sed 's/$/ => 127.0.0.1/' \
  >/var/run/asterisk/ice_host_candidates.conf || true

# pjproject looks up this host's name (IPv4 and IPv6) at start; make
# /etc/hosts (the container's own copy) answer both, so no DNS query leaves
# the machine.
h=$(hostname)
if [ -w /etc/hosts ] && [ -n "$h" ]; then
  awk -v h="$h" '!/^[[:space:]]*#/ { for (i = 2; i <= NF; i++) if ($i == h) { if (index($1, ":")) v6 = 1; else v4 = 1 } }
    END { if (!v4) print "127.0.0.1 " h; if (!v6) print "::1 " h }' /etc/hosts >/tmp/hosts.add
  cat /tmp/hosts.add >>/etc/hosts
  rm -f /tmp/hosts.add
fi

exec asterisk -f -n -vvv "$@"
