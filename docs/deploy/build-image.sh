#!/usr/bin/env bash
# Builds the jianbao container image without a registry, runs it, and checks it against the host:
#   1. the .deb of this tree (cpack -G DEB in the build folder);
#   2. a Debian 12 root file system from the Debian mirror of /etc/apt/sources.list(.d)
#      (mmdebstrap), with the pinned font packages of the Containerfile and the .deb installed by a
#      customize hook;
#   3. `podman import` makes it an image; podman runs it with runc, --cgroup-manager=cgroupfs and
#      a containers.conf holding `default_ulimits = []` (a sandbox's limits refuse podman's
#      defaults; crun refuses some cgroup layouts), --network=none, input and output mounted;
#   4. one shard of a batch (samples/) rendered in the container, as Kubernetes would run it
#      (JOB_COMPLETION_INDEX=0, --shard auto --shards 2, user 1000, read-only root) and on the host
#      (--shard 1/2) must be byte-identical, and the fingerprints (--version --json, --results)
#      equal.
# Usage: bash docs/deploy/build-image.sh [BUILD_DIR]   (default: build; needs root, mmdebstrap,
# podman, runc; takes minutes). IMAGE=name:tag to name the image (default localhost/jianbao).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
image=${IMAGE:-localhost/jianbao:latest}
work=$(mktemp -d /var/tmp/jianbao-image.XXXXXX)
store=${PODMAN_ROOT:-/var/tmp/jianbao-podman} # an image store of its own (vfs: works nested)
trap 'rm -rf "$work"' EXIT
step() { printf '== %s\n' "$*" >&2; }

step "the .deb"
(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls -t "$build"/jianbao_*_amd64.deb | head -1)
echo "$deb" >&2

step "the root file system (mmdebstrap, Debian 12)"
fonts=$(sed -n 's/^ARG FONTS="\(.*\)"$/\1/p' "$root/docs/deploy/Containerfile")
sources=()
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  [ -s "$f" ] && sources+=("$f")
done
# shellcheck disable=SC2016 # $1 is the hook's, expanded by mmdebstrap
mmdebstrap --quiet --variant=apt --mode=root --components=main \
  --aptopt='Acquire::Check-Valid-Until "false"' \
  --include="${fonts// /,}" \
  --customize-hook="copy-in '$deb' /tmp" \
  --customize-hook="chroot \"\$1\" apt-get install -y --no-install-recommends -q /tmp/$(basename "$deb")" \
  --customize-hook="rm -f \"\$1/tmp/$(basename "$deb")\"; rm -rf \"\$1\"/var/lib/apt/lists/*" \
  bookworm "$work/rootfs.tar" "${sources[@]}"

step "the image (podman import)"
cat >"$work/containers.conf" <<'CONF'
[containers]
default_ulimits = []
[engine]
cgroup_manager = "cgroupfs"
runtime = "runc"
CONF
export CONTAINERS_CONF="$work/containers.conf"
pm() { podman --root "$store/root" --runroot "$store/run" --storage-driver vfs \
  --cgroup-manager=cgroupfs --runtime runc "$@"; }
pm import --quiet --change 'ENTRYPOINT ["jianbao"]' --change 'WORKDIR /work' \
  "$work/rootfs.tar" "$image" >/dev/null
pm image prune -f >/dev/null # the image this name had before
pm images "$image"

step "one shard in the container and on the host"
mkdir -p "$work/in" "$work/out-container" "$work/out-host"
chmod 777 "$work/out-container" # the container runs as a user, as the Kubernetes recipe does
cp "$root"/samples/*.md "$work/in/"
run() { pm run --rm --network=none --user 1000:1000 --read-only --tmpfs /tmp \
  -v "$work/in:/in:ro" -v "$work/out-container:/out" "$@"; }
# worker 0 of 2 of an Indexed Job: the shard the host renders as 1/2
run -e JOB_COMPLETION_INDEX=0 "$image" render /in -d /out --shard auto --shards 2 -j2 \
  --results /out/results.jsonl
run "$image" --version --json >"$work/fp-container.json"
"$build/src/jianbao" render "$work/in" -d "$work/out-host" --shard 1/2 -j2 \
  --results "$work/out-host/results.jsonl"
"$build/src/jianbao" --version --json >"$work/fp-host.json"

status=0
n=0
for pdf in "$work"/out-host/*.pdf; do
  n=$((n + 1))
  if cmp -s "$pdf" "$work/out-container/$(basename "$pdf")"; then
    echo "identical: $(basename "$pdf")"
  else
    echo "DIFFERENT: $(basename "$pdf")"
    status=1
  fi
done
[ "$(ls "$work"/out-container/*.pdf | wc -l)" -eq "$n" ] || { echo "DIFFERENT number of PDFs"; status=1; }
fp() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["fingerprint"])' "$1"; }
fps() { python3 -c 'import json,sys; print(" ".join(sorted({json.loads(l)["fingerprint"] for l in open(sys.argv[1])})))' "$1"; }
echo "fingerprint host:      $(fp "$work/fp-host.json") (results: $(fps "$work/out-host/results.jsonl"))"
echo "fingerprint container: $(fp "$work/fp-container.json") (results: $(fps "$work/out-container/results.jsonl"))"
[ "$(fp "$work/fp-host.json")" = "$(fp "$work/fp-container.json")" ] || {
  echo "DIFFERENT fingerprints: what each hashed (a commit differs when build/ was configured"
  echo "at another commit than the .deb's: rebuild both)"
  cat "$work/fp-host.json" "$work/fp-container.json"
  status=1
}
[ "$(fps "$work/out-host/results.jsonl")" = "$(fp "$work/fp-host.json")" ] || { echo "results carry another fingerprint"; status=1; }
[ "$status" -eq 0 ] && echo "ok: $n PDFs of shard 1/2 byte-identical, fingerprints equal"
exit "$status"
