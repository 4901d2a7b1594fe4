#!/usr/bin/env bash
# Writes an air-gapped bundle: every Taidon image (docker save, one archive: shared layers stored once), the Helm
# chart (symbolic links resolved), its docs and an install note, into one directory that installs on a host without
# network. Build the images first (deploy/images/build.sh [tag]). Usage: deploy/bundle.sh [directory] [tag]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-taidon-bundle}"
tag="${2:-0.1.0}"
images="taidon/jre:$tag taidon/s3-store:$tag taidon/postgres:18 taidon/sandbox:18"
for service in audit-log idp-adapter user-profile env-manager snapshot-cache sql-runner gateway; do
  images="$images taidon/$service:$tag"
done
for image in $images; do
  docker image inspect "$image" >/dev/null 2>&1 || { echo "missing image $image: run deploy/images/build.sh" >&2; exit 1; }
done
mkdir -p "$out"
# shellcheck disable=SC2086 # one word per image
docker save -o "$out/taidon-images.tar" $images
tar -C "$here/helm" -ch taidon | tar -C "$out" -x
cp "$here/../docs/DEPLOYMENT.md" "$out/"
(cd "$out" && sha256sum taidon-images.tar > SHA256SUMS)
cat > "$out/INSTALL.txt" <<EOF
Taidon $tag, air-gapped bundle.

  sha256sum -c SHA256SUMS
  docker load -i taidon-images.tar            # on a Docker host; or push the images to the cluster's registry:
  #   for i in $images; do docker tag \$i REGISTRY/\$i && docker push REGISTRY/\$i; done
  #   and install with --set image.registry=REGISTRY
  # minikube: minikube image load taidon-images.tar
  helm install taidon ./taidon -f ./taidon/values-minikube.yaml      # or the production values, see DEPLOYMENT.md

Images: $images
EOF
echo "bundle in $out: $(du -sh "$out" | cut -f1)"
