#!/usr/bin/env bash
# Fetches the Arrow Flight SQL JDBC driver (a pinned release from Maven Central, checked
# against its SHA-256) into a cache directory and prints the jar's path. Idempotent.
set -euo pipefail
VERSION=18.3.0
SHA256=3f418b46c880e263558c5de669bdbede2c5d4375527ced116fb29f795b03704c
CACHE_DIR=${WARDEN_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/warden}/jdbc
JAR="$CACHE_DIR/flight-sql-jdbc-driver-$VERSION.jar"
URL="https://repo1.maven.org/maven2/org/apache/arrow/flight-sql-jdbc-driver/$VERSION/flight-sql-jdbc-driver-$VERSION.jar"

if [ ! -f "$JAR" ] || ! echo "$SHA256  $JAR" | sha256sum -c --status; then
  mkdir -p "$CACHE_DIR"
  tmp=$(mktemp "$CACHE_DIR/.download.XXXXXX")
  trap 'rm -f "$tmp"' EXIT
  curl -fsSL --retry 3 -o "$tmp" "$URL"
  if ! echo "$SHA256  $tmp" | sha256sum -c --status; then
    echo "fetch_jdbc_driver: checksum mismatch for $URL" >&2
    exit 1
  fi
  mv "$tmp" "$JAR"
fi
echo "$JAR"
