#!/usr/bin/env bash
# Builds taidon/sandbox:18 without any image registry: a Debian testing root filesystem with PostgreSQL 18 from
# Debian's packages (debootstrap), Taidon's configuration and entrypoint, imported with `docker import`.
# Needs root, debootstrap and a running Docker engine. Usage: deploy/images/sandbox/build-offline.sh [image-name]
# [config-dir] (config-dir: where postgresql.conf, pg_hba.conf and pg_ident.conf come from, default this directory;
# deploy/images/build.sh builds the control-plane image taidon/postgres:18 with deploy/images/postgres)
# (docker import cannot set STOPSIGNAL: the runtime sets SIGINT, PostgreSQL's fast shutdown, per container.)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
image="${1:-taidon/sandbox:18}"
config="${2:-$here}"
rootfs="$(mktemp -d /tmp/taidon-sandbox-rootfs.XXXXXX)"
trap 'rm -rf "$rootfs"' EXIT
debootstrap --variant=minbase --include=postgresql-18 testing "$rootfs" >/dev/null
# the Debian package starts no server here; Taidon's entrypoint does, with Taidon's configuration
install -d -m 0755 "$rootfs/etc/taidon"
install -m 0644 "$config/postgresql.conf" "$config/pg_hba.conf" "$config/pg_ident.conf" "$rootfs/etc/taidon/"
install -m 0755 "$here/entrypoint.sh" "$rootfs/usr/local/bin/taidon-entrypoint"
install -d -o 0 -g 0 -m 0755 "$rootfs/var/lib/postgresql"
chroot "$rootfs" sh -c 'mkdir -p /var/run/postgresql /var/lib/postgresql/data && chown -R postgres:postgres /var/run/postgresql /var/lib/postgresql'
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
tar -C "$rootfs" -c . | docker import \
  --change 'ENV PGDATA=/var/lib/postgresql/data' \
  --change 'USER postgres' \
  --change 'EXPOSE 5432' \
  --change 'ENTRYPOINT ["/usr/local/bin/taidon-entrypoint"]' \
  - "$image" >/dev/null
echo "built $image"
