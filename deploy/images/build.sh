#!/usr/bin/env bash
# Builds the service images without any image registry:
#   taidon/jre:<tag>        a Debian stable minbase (debootstrap) with a jlink'd JRE from the build's JDK and the
#                           non-root user taidon (10001:10001); nothing else (no shell tools beyond minbase's)
#   taidon/<service>:<tag>  that base plus the service's Spring Boot jar, for the eight services
#   taidon/s3-store:<tag>   that base plus S3Proxy on its filesystem blob store (deploy/images/s3-store), port 9000
#   taidon/postgres:18      the control-plane PostgreSQL: the sandbox image's build and entrypoint contract with the
#                           configuration in deploy/images/postgres (superuser taidon_admin, TAIDON_SUPERUSER_PASSWORD)
#   taidon/sandbox:18       the sandbox image (deploy/images/sandbox/build-offline.sh), unless it already exists
# Every service image runs as 10001, needs only /tmp writable (run it with a read-only root filesystem and a tmpfs or
# emptyDir on /tmp), reads extra configuration from /config (SPRING_CONFIG_ADDITIONAL_LOCATION), listens on 8080
# when configured so (the chart and compose set server.port) and has a HEALTHCHECK on actuator readiness.
# Needs root, debootstrap, a running Docker engine, the service jars (./mvnw -B install -DskipTests) and a JDK with
# jmods (JAVA_HOME, or ./taidon java-home). Usage: deploy/images/build.sh [tag]   (default: 0.1.0, the chart's tag)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
tag="${1:-0.1.0}"
java_home="${JAVA_HOME:-$("$root/taidon" java-home)}"
services="audit-log idp-adapter user-profile env-manager snapshot-cache sql-runner vcs-sync gateway"
version="0.1.0-SNAPSHOT"

for service in $services; do
  jar="$root/$service/target/$service-$version.jar"
  [ -f "$jar" ] || { echo "missing $jar: run ./mvnw -B install -DskipTests first" >&2; exit 1; }
done
[ -d "$java_home/jmods" ] || [ -f "$java_home/lib/modules" ] || { echo "no JDK at $java_home" >&2; exit 1; }

work="$(mktemp -d /tmp/taidon-images.XXXXXX)"
trap 'rm -rf "$work"' EXIT

# the modules Spring Boot, Tomcat, Hikari/JDBC, JMX metrics, docker-java and the MinIO SDK use (jdeps on the fat jars
# does not see through BOOT-INF/lib reliably, so the list is explicit; a missing module fails at start-up)
modules="java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.management.rmi"
modules="$modules,java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss"
modules="$modules,java.security.sasl,java.sql,java.transaction.xa,java.xml,java.xml.crypto,jdk.crypto.cryptoki"
modules="$modules,jdk.httpserver,jdk.jfr,jdk.management,jdk.management.jfr,jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs"

rootfs="$work/rootfs"
echo "images: debootstrap minbase (Debian stable)"
debootstrap --variant=minbase stable "$rootfs" >/dev/null
echo "images: jlink ($java_home)"
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --compress=zip-6 --output "$rootfs/opt/java"
echo 'taidon:x:10001:10001:Taidon service:/nonexistent:/usr/sbin/nologin' >> "$rootfs/etc/passwd"
echo 'taidon:x:10001:' >> "$rootfs/etc/group"
install -d -m 0755 "$rootfs/app" "$rootfs/config"
chmod 1777 "$rootfs/tmp"
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
tar -C "$rootfs" -c . | docker import \
  --change 'ENV JAVA_HOME=/opt/java' \
  --change 'ENV PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'USER 10001:10001' \
  --change 'WORKDIR /app' \
  - "taidon/jre:$tag" >/dev/null
echo "built taidon/jre:$tag"

for service in $services; do
  context="$work/$service"
  mkdir -p "$context"
  cp "$root/$service/target/$service-$version.jar" "$context/app.jar"
  cat > "$context/Dockerfile" <<EOF
FROM taidon/jre:$tag
COPY --chown=0:0 app.jar /app/app.jar
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp" \\
    SPRING_CONFIG_ADDITIONAL_LOCATION=optional:file:/config/
USER 10001:10001
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \\
  CMD ["/bin/bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/\${SERVER_PORT:-8080} && printf 'GET /actuator/health/readiness HTTP/1.0\\\\r\\\\n\\\\r\\\\n' >&3 && grep -q ' 200 ' <&3"]
ENTRYPOINT ["/opt/java/bin/java", "-jar", "/app/app.jar"]
EOF
  # the legacy builder resolves FROM in the local image store (no registry, no BuildKit needed)
  DOCKER_BUILDKIT=0 docker build -q -t "taidon/$service:$tag" "$context" >/dev/null 2>"$work/$service.log" \
    || { cat "$work/$service.log" >&2; exit 1; }
  echo "built taidon/$service:$tag"
done

context="$work/s3-store"
mkdir -p "$context"
JAVA_HOME="$java_home" "$root/mvnw" -B -q -f "$here/s3-store/pom.xml" dependency:copy-dependencies \
  -DincludeScope=runtime -DoutputDirectory="$context/lib" >"$work/s3-store.log" 2>&1 \
  || { cat "$work/s3-store.log" >&2; exit 1; }
cp "$here/s3-store/entrypoint.sh" "$here/s3-store/logback.xml" "$context/"
cat > "$context/Dockerfile" <<EOF
FROM taidon/jre:$tag
COPY --chown=0:0 lib/ /app/lib/
COPY --chown=0:0 entrypoint.sh /usr/local/bin/taidon-s3-store
COPY --chown=0:0 logback.xml /app/logback.xml
USER 0:0
RUN install -d -o 10001 -g 10001 -m 0700 /data
USER 10001:10001
EXPOSE 9000
VOLUME /data
ENTRYPOINT ["/usr/local/bin/taidon-s3-store"]
EOF
DOCKER_BUILDKIT=0 docker build -q -t "taidon/s3-store:$tag" "$context" >/dev/null 2>"$work/s3-store.log" \
  || { cat "$work/s3-store.log" >&2; exit 1; }
echo "built taidon/s3-store:$tag"

"$here/sandbox/build-offline.sh" taidon/postgres:18 "$here/postgres"

if ! docker image inspect taidon/sandbox:18 >/dev/null 2>&1; then
  "$here/sandbox/build-offline.sh" taidon/sandbox:18
fi
