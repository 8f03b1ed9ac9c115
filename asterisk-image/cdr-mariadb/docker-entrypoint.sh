#!/bin/bash
# Entrypoint compatible with how the official mysql/mariadb images are run:
#   - arguments starting with "-" are passed to mariadbd (e.g. --port=33061 --bind-address=127.0.0.1)
#   - MYSQL_/MARIADB_ ROOT_PASSWORD, ALLOW_EMPTY_(ROOT_)PASSWORD, RANDOM_ROOT_PASSWORD,
#     DATABASE, USER, PASSWORD; *.sql files in /docker-entrypoint-initdb.d
# Accounts are set up through mariadbd's --init-file, which runs before the
# server accepts any connection: there is no temporary server, so a client
# connecting early waits for the real, fully set-up server. The one
# "ready for connections" line in the log means: ready, accounts in place.
set -Eeuo pipefail

log() { printf '%s [Note] [Entrypoint]: %s\n' "$(date '+%F %T')" "$*"; }
die() { printf '%s [ERROR] [Entrypoint]: %s\n' "$(date '+%F %T')" "$*" >&2; exit 1; }

if [[ $# -eq 0 || ${1:0:1} == - ]]; then
  set -- mariadbd "$@"
elif [[ $1 == mysqld ]]; then
  shift
  set -- mariadbd "$@"
fi
[[ $1 == mariadbd ]] || exec "$@"

env2() { # first non-empty of MARIADB_$1 / MYSQL_$1 (or $2 variants)
  local n
  for n in "MARIADB_$1" "MYSQL_$1" ${2:+"MARIADB_$2"} ${2:+"MYSQL_$2"}; do
    if [[ -n ${!n:-} ]]; then printf '%s' "${!n}"; return; fi
  done
}
sql_str() { # quote for a single-quoted SQL literal
  local s=${1//\\/\\\\}
  printf "'%s'" "${s//\'/\\\'}"
}
sql_ident() { printf '`%s`' "${1//\`/\`\`}"; }

datadir=/var/lib/mysql
for a in "$@"; do
  case $a in --datadir=*) datadir=${a#--datadir=} ;; esac
done

root_pw=$(env2 ROOT_PASSWORD)
if [[ -z $root_pw ]]; then
  if [[ -n $(env2 RANDOM_ROOT_PASSWORD) ]]; then
    root_pw=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
    log "GENERATED ROOT PASSWORD: $root_pw"
  elif [[ -z $(env2 ALLOW_EMPTY_ROOT_PASSWORD ALLOW_EMPTY_PASSWORD) ]]; then
    die "no root password: set MYSQL_ROOT_PASSWORD (or MARIADB_ROOT_PASSWORD), MYSQL_ALLOW_EMPTY_PASSWORD=1 or MYSQL_RANDOM_ROOT_PASSWORD=1"
  fi
fi

mkdir -p /run/mysqld "$datadir"
chown mysql:mysql /run/mysqld
if [[ ! -d $datadir/mysql ]]; then
  log "initialising empty datadir $datadir"
  chown mysql:mysql "$datadir"
  mariadb-install-db --user=mysql --datadir="$datadir" --skip-test-db \
    --auth-root-authentication-method=socket --cross-bootstrap >/run/mysqld/install-db.log 2>&1 \
    || { cat /run/mysqld/install-db.log >&2; die "mariadb-install-db failed"; }
fi

# Idempotent, so a restarted container gets the same accounts.
init=/run/mysqld/callcheck-init.sql
pw=$(sql_str "$root_pw")
{
  # Anonymous accounts would shadow 'user'@'%' for TCP from 127.0.0.1.
  echo "DELETE FROM mysql.global_priv WHERE User='';"
  echo "FLUSH PRIVILEGES;"
  echo "ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD($pw);"
  for host in 127.0.0.1 ::1 %; do
    echo "CREATE USER IF NOT EXISTS 'root'@'$host' IDENTIFIED BY $pw;"
    echo "ALTER USER 'root'@'$host' IDENTIFIED BY $pw;"
    echo "GRANT ALL PRIVILEGES ON *.* TO 'root'@'$host' WITH GRANT OPTION;"
  done
  db=$(env2 DATABASE)
  if [[ -n $db ]]; then
    echo "CREATE DATABASE IF NOT EXISTS $(sql_ident "$db");"
  fi
  user=$(env2 USER)
  if [[ -n $user && $user != root ]]; then
    upw=$(sql_str "$(env2 PASSWORD)")
    for host in localhost %; do
      echo "CREATE USER IF NOT EXISTS $(sql_str "$user")@'$host' IDENTIFIED BY $upw;"
      echo "ALTER USER $(sql_str "$user")@'$host' IDENTIFIED BY $upw;"
      if [[ -n $db ]]; then
        echo "GRANT ALL PRIVILEGES ON $(sql_ident "$db").* TO $(sql_str "$user")@'$host';"
      fi
    done
  fi
  echo "FLUSH PRIVILEGES;"
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
