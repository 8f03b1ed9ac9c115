#!/bin/bash
# Entrypoint compatible with how the official mysql image is run:
#   - arguments starting with "-" are passed to mysqld (e.g. --port=33061 --bind-address=127.0.0.1)
#   - MYSQL_ROOT_PASSWORD, MYSQL_ALLOW_EMPTY_PASSWORD, MYSQL_RANDOM_ROOT_PASSWORD, MYSQL_DATABASE,
#     MYSQL_USER, MYSQL_PASSWORD; *.sql files in /docker-entrypoint-initdb.d
# Accounts are set up through mysqld's --init-file, which runs before the server accepts any
# connection: there is no temporary server, so the one "ready for connections" line in the log
# means ready, accounts in place. Every account uses caching_sha2_password, MySQL's default.
set -Eeuo pipefail

log() { printf '%s [Note] [Entrypoint]: %s\n' "$(date '+%F %T')" "$*"; }
die() { printf '%s [ERROR] [Entrypoint]: %s\n' "$(date '+%F %T')" "$*" >&2; exit 1; }

if [[ $# -eq 0 || ${1:0:1} == - ]]; then
  set -- mysqld "$@"
fi
[[ $1 == mysqld ]] || exec "$@"

sql_str() { # quote for a single-quoted SQL literal
  local s=${1//\\/\\\\}
  printf "'%s'" "${s//\'/\\\'}"
}
sql_ident() { printf '`%s`' "${1//\`/\`\`}"; }

datadir=/var/lib/mysql
for a in "$@"; do
  case $a in --datadir=*) datadir=${a#--datadir=} ;; esac
done

root_pw=${MYSQL_ROOT_PASSWORD:-}
if [[ -z $root_pw ]]; then
  if [[ -n ${MYSQL_RANDOM_ROOT_PASSWORD:-} ]]; then
    root_pw=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
    log "GENERATED ROOT PASSWORD: $root_pw"
  elif [[ -z ${MYSQL_ALLOW_EMPTY_PASSWORD:-} ]]; then
    die "no root password: set MYSQL_ROOT_PASSWORD, MYSQL_ALLOW_EMPTY_PASSWORD=1 or MYSQL_RANDOM_ROOT_PASSWORD=1"
  fi
fi

mkdir -p /run/mysqld "$datadir"
chown mysql:mysql /run/mysqld
if [[ ! -d $datadir/mysql ]]; then
  log "initialising empty datadir $datadir"
  chown mysql:mysql "$datadir"
  mysqld --initialize-insecure --user=mysql --datadir="$datadir" >/run/mysqld/initialize.log 2>&1 \
    || { cat /run/mysqld/initialize.log >&2; die "mysqld --initialize-insecure failed"; }
fi

# Idempotent, so a restarted container gets the same accounts.
init=/run/mysqld/callcheck-init.sql
pw=$(sql_str "$root_pw")
{
  for host in localhost 127.0.0.1 ::1 %; do
    echo "CREATE USER IF NOT EXISTS 'root'@'$host' IDENTIFIED BY $pw;"
    echo "ALTER USER 'root'@'$host' IDENTIFIED BY $pw;"
    echo "GRANT ALL PRIVILEGES ON *.* TO 'root'@'$host' WITH GRANT OPTION;"
  done
  db=${MYSQL_DATABASE:-}
  if [[ -n $db ]]; then
    echo "CREATE DATABASE IF NOT EXISTS $(sql_ident "$db");"
  fi
  user=${MYSQL_USER:-}
  if [[ -n $user && $user != root ]]; then
    upw=$(sql_str "${MYSQL_PASSWORD:-}")
    for host in localhost %; do
      echo "CREATE USER IF NOT EXISTS $(sql_str "$user")@'$host' IDENTIFIED BY $upw;"
      echo "ALTER USER $(sql_str "$user")@'$host' IDENTIFIED BY $upw;"
      if [[ -n $db ]]; then
        echo "GRANT ALL PRIVILEGES ON $(sql_ident "$db").* TO $(sql_str "$user")@'$host';"
      fi
    done
  fi
  shopt -s nullglob
  for f in /docker-entrypoint-initdb.d/*.sql; do
    if [[ -n $db ]]; then echo "USE $(sql_ident "$db");"; fi
    cat "$f"
    echo
  done
} >"$init"
chown mysql:mysql "$init"
chmod 0600 "$init"

log "starting: $* --init-file=$init"
exec "$@" --init-file="$init"
