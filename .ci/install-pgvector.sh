#!/usr/bin/env bash
# Builds and installs pgvector for the local PostgreSQL when it is missing.
# Debian 12 does not package pgvector, so we build trixie's source package
# against the installed server (see ../shared/DESIGN.md). Idempotent.
set -euo pipefail

PG_MAJOR="${PG_MAJOR:-$(ls /etc/postgresql | sort -n | tail -1)}"
PG_CONFIG="/usr/lib/postgresql/${PG_MAJOR}/bin/pg_config"

if [ -f "$("$PG_CONFIG" --sharedir 2>/dev/null)/extension/vector.control" ]; then
  echo "pgvector already installed for PostgreSQL ${PG_MAJOR}"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "postgresql-server-dev-${PG_MAJOR}" make gcc dpkg-dev >/dev/null

# A private apt configuration that only knows trixie's source index, so the
# machine's own package lists stay untouched.
APT_DIR="$(mktemp -d)"; chmod 755 "$APT_DIR"
mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/sources.list.d"
echo "deb-src http://deb.debian.org/debian trixie main" > "$APT_DIR/sources.list"
APT_OPTS=(-o "Dir::Etc::SourceList=$APT_DIR/sources.list"
          -o "Dir::Etc::SourceParts=$APT_DIR/sources.list.d"
          -o "Dir::State::Lists=$APT_DIR/lists")
apt-get "${APT_OPTS[@]}" update -qq

BUILD_DIR="$(mktemp -d)"; chmod 755 "$BUILD_DIR"
cd "$BUILD_DIR"
apt-get "${APT_OPTS[@]}" source --download-only pgvector >/dev/null
dpkg-source -x pgvector_*.dsc src >/dev/null
cd src
make -s PG_CONFIG="$PG_CONFIG" OPTFLAGS="" >/dev/null
make -s PG_CONFIG="$PG_CONFIG" OPTFLAGS="" install >/dev/null
echo "pgvector installed for PostgreSQL ${PG_MAJOR}"
