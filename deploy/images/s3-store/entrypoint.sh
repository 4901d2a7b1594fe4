#!/bin/sh
# Taidon's S3-compatible store: S3Proxy (https://github.com/gaul/s3proxy) on its local filesystem blob store.
#   S3PROXY_IDENTITY, S3PROXY_CREDENTIAL   access key and secret key (required)
#   TAIDON_S3_PORT                         listen port (default 9000)
#   TAIDON_S3_DATA                         where buckets live (default /data, a volume)
# The properties file holding the secret is written to /tmp (owner-only), never into the image.
set -eu
: "${S3PROXY_IDENTITY:?S3PROXY_IDENTITY is required}"
: "${S3PROXY_CREDENTIAL:?S3PROXY_CREDENTIAL is required}"
data="${TAIDON_S3_DATA:-/data}"
mkdir -p "$data"
umask 077
properties="$(mktemp /tmp/s3proxy.XXXXXX)"
cat > "$properties" <<PROPERTIES
s3proxy.endpoint=http://0.0.0.0:${TAIDON_S3_PORT:-9000}
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=${S3PROXY_IDENTITY}
s3proxy.credential=${S3PROXY_CREDENTIAL}
jclouds.provider=filesystem-nio2
jclouds.identity=${S3PROXY_IDENTITY}
jclouds.credential=${S3PROXY_CREDENTIAL}
jclouds.filesystem.basedir=${data}
PROPERTIES
unset S3PROXY_CREDENTIAL
exec /opt/java/bin/java -Dlogback.configurationFile=/app/logback.xml -cp '/app/lib/*' org.gaul.s3proxy.Main --properties "$properties"
