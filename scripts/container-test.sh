#!/usr/bin/env bash
# Container test for the Dockerfile (run as root on a Debian 12 host; takes minutes and installs
# packages, so it is NOT part of `npm test`). Follows the facts in
# shared/notes/containers-and-private-subnets.md:
#   - podman (no Docker engine), runtime runc and fixed ulimits via a containers.conf;
#   - no registry: a Node base image is made locally with debootstrap + the host's node/npm and CA
#     bundle, passed as --build-arg BASE (users get the official node image);
#   - `podman build --format docker` so HEALTHCHECK survives; healthchecks run explicitly;
#   - network safety: the container runs inside a network namespace this script creates
#     (--network ns:...), joined by a bridge namespace to a client namespace; none of them has a
#     default route, so no packet can reach a real network. No podman bridge network is used.
# Checks: DENIED (protected mode) for a remote client without password, PING/AUTH/SET/GET with
# redis-cli and ioredis from the client namespace, healthcheck healthy, non-root user, and
# SIGTERM (`podman stop`) ending the container with exit 0 in under 2 s.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=${WORK:-/var/tmp/respd-container-test}
BASE_TAG=localhost/node-base:20
TAG=localhost/respd:test
ID=$$
NS_SW=rct-sw-$ID NS_SRV=rct-srv-$ID NS_CLI=rct-cli-$ID
SUBNET=10.231.77 # a /24 that exists only inside the namespaces below
SRV_IP=$SUBNET.2 CLI_IP=$SUBNET.3
CTR=respd-ct-$ID
PASS=ct-pass-$ID
FAILS=0

log() { printf '[container-test] %s\n' "$*"; }
ok() { log "ok: $*"; }
bad() { log "FAIL: $*"; FAILS=$((FAILS + 1)); }

[ "$(id -u)" = 0 ] || { log "must run as root"; exit 2; }
mkdir -p "$WORK"

# ---- packages ----
need=()
for b in podman buildah runc debootstrap redis-cli ip; do command -v "$b" >/dev/null 2>&1 || need+=("$b"); done
if [ ${#need[@]} -ne 0 ]; then
  log "installing packages for: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq podman buildah runc debootstrap redis-tools iproute2 >/dev/null
fi

cat >"$WORK/containers.conf" <<'EOF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=1024:1024"]
[engine]
runtime = "runc"
EOF
export CONTAINERS_CONF=$WORK/containers.conf

cleanup() {
  for c in "$CTR" "$CTR-nopass"; do podman rm -f -t 0 "$c" >/dev/null 2>&1 || true; done
  for ns in "$NS_SRV" "$NS_CLI" "$NS_SW"; do
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
    ip netns del "$ns" 2>/dev/null || true
  done
}
trap cleanup EXIT

# ---- base image (once) ----
if ! podman image exists "$BASE_TAG"; then
  mirror=$(grep -h -o -E 'https?://[^ ]+/debian/?$' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1 || true)
  [ -n "$mirror" ] || mirror=$(grep -h -o -E '^deb +https?://[^ ]+' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | head -1 || true)
  [ -n "$mirror" ] || mirror=http://deb.debian.org/debian
  rootfs=$WORK/rootfs
  rm -rf "$rootfs"
  log "debootstrap bookworm from $mirror (a few minutes)"
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$WORK/debootstrap.log" 2>&1
  node_bin=$(readlink -f "$(command -v node)")
  npm_dir=$(dirname "$(dirname "$node_bin")")/lib/node_modules/npm
  install -m 0755 "$node_bin" "$rootfs/usr/local/bin/node"
  mkdir -p "$rootfs/usr/local/lib/node_modules"
  cp -a "$npm_dir" "$rootfs/usr/local/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  # the registry is reached through an intercepting TLS proxy here: the test base trusts the host's CAs
  mkdir -p "$rootfs/etc/ssl/certs"
  cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
  echo 'node:x:1000:1000::/home/node:/bin/sh' >>"$rootfs/etc/passwd"
  echo 'node:x:1000:' >>"$rootfs/etc/group"
  mkdir -p "$rootfs/home/node" && chown 1000:1000 "$rootfs/home/node"
  tar -C "$rootfs" -c . | podman import \
    --change 'CMD ["node"]' \
    --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
    - "$BASE_TAG" >/dev/null
  rm -rf "$rootfs"
fi
ok "base image $BASE_TAG"

# ---- image ----
log "building $TAG"
# The build needs the package registry (npm ci); the containers under test never touch a real network.
podman build --format docker --network host --build-arg "BASE=$BASE_TAG" -t "$TAG" . >"$WORK/build.log" 2>&1 \
  || { tail -30 "$WORK/build.log"; log "FAIL: image build"; exit 1; }
ok "image built"

# ---- private subnet: SRV <-> bridge (SW) <-> CLI, no default route anywhere ----
for ns in "$NS_SW" "$NS_SRV" "$NS_CLI"; do ip netns add "$ns"; ip -n "$ns" link set lo up; done
ip -n "$NS_SW" link add br0 type bridge
ip -n "$NS_SW" link set br0 up
i=0
for pair in "$NS_SRV:$SRV_IP" "$NS_CLI:$CLI_IP"; do
  ns=${pair%%:*} addr=${pair#*:}
  ip -n "$NS_SW" link add "p$i" type veth peer name eth0 netns "$ns"
  ip -n "$NS_SW" link set "p$i" master br0 up
  ip -n "$ns" addr add "$addr/24" dev eth0
  ip -n "$ns" link set eth0 up
  i=$((i + 1))
done
for ns in "$NS_SRV" "$NS_CLI"; do
  for _ in $(seq 50); do ip -n "$ns" link show eth0 | grep -q 'state UP' && break; sleep 0.1; done
  if ip -n "$ns" route show default | grep -q .; then log "FAIL: namespace $ns has a default route"; exit 1; fi
done
ip -n "$NS_CLI" route get "$SRV_IP" | grep -q 'dev eth0' || { log "FAIL: $SRV_IP does not route via the private link"; exit 1; }
ok "private subnet $SUBNET.0/24 in namespaces (no default route)"

cli() { ip netns exec "$NS_CLI" redis-cli -h "$SRV_IP" -p 6379 "$@"; }

# Waits until the container runs and answers (any reply) from the client namespace.
wait_up() {
  local name=$1
  for _ in $(seq 100); do
    [ "$(podman inspect -f '{{.State.Running}}' "$name" 2>/dev/null)" = true ] || { sleep 0.1; continue; }
    if [ -n "$(cli ping 2>/dev/null)" ]; then return 0; fi
    sleep 0.1
  done
  podman logs "$name" | tail -20
  return 1
}

# ---- 1. no password: protected mode refuses the remote client ----
podman run -d --name "$CTR-nopass" --network "ns:/run/netns/$NS_SRV" "$TAG" >/dev/null 2>&1
wait_up "$CTR-nopass" || { log "FAIL: container without password did not start"; exit 1; }
reply=$(cli ping 2>&1 || true)
case "$reply" in *DENIED*"protected mode"*) ok "remote PING without password: DENIED" ;; *) bad "expected DENIED, got: $reply" ;; esac
podman rm -f -t 0 "$CTR-nopass" >/dev/null 2>&1

# ---- 2. with a password ----
podman run -d --name "$CTR" --network "ns:/run/netns/$NS_SRV" "$TAG" --requirepass "$PASS" >/dev/null 2>&1
wait_up "$CTR" || { log "FAIL: container did not start"; exit 1; }
r=$(cli ping 2>&1 || true); case "$r" in *NOAUTH*) ok "PING before AUTH: NOAUTH" ;; *) bad "PING before AUTH: $r" ;; esac
r=$(cli --no-auth-warning -a "$PASS" ping 2>&1); [ "$r" = PONG ] && ok "AUTH + PING: PONG" || bad "AUTH + PING: $r"
r=$(cli --no-auth-warning -a wrong ping 2>&1 || true); case "$r" in *WRONGPASS*) ok "wrong password: WRONGPASS" ;; *) bad "wrong password: $r" ;; esac
cli --no-auth-warning -a "$PASS" set greeting "hello from $CLI_IP" >/dev/null
r=$(cli --no-auth-warning -a "$PASS" get greeting); [ "$r" = "hello from $CLI_IP" ] && ok "SET/GET via redis-cli" || bad "GET: $r"
r=$(cd "$ROOT" && ip netns exec "$NS_CLI" node -e "
  const Redis = require('ioredis');
  const r = new Redis({ host: '$SRV_IP', port: 6379, password: '$PASS', maxRetriesPerRequest: 1, connectTimeout: 3000 });
  (async () => {
    await r.set('io', 'ioredis-ok');
    const v = await r.get('io');
    const pong = await r.ping();
    console.log(pong + ' ' + v);
    r.disconnect();
  })().catch((e) => { console.log('error ' + e.message); process.exit(1); });
" 2>&1 || true)
[ "$r" = "PONG ioredis-ok" ] && ok "ioredis PING/SET/GET" || bad "ioredis: $r"

podman healthcheck run "$CTR" >/dev/null 2>&1 || true
h=$(podman inspect -f '{{.State.Health.Status}}' "$CTR" 2>/dev/null || podman inspect -f '{{.State.Healthcheck.Status}}' "$CTR")
[ "$h" = healthy ] && ok "healthcheck: healthy" || bad "healthcheck status: $h"

u=$(podman exec "$CTR" id -u); [ "$u" != 0 ] && ok "runs as uid $u (non-root)" || bad "runs as root"

t0=$(date +%s%N)
podman stop -t 10 "$CTR" >/dev/null 2>&1
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
code=$(podman inspect -f '{{.State.ExitCode}}' "$CTR")
if [ "$ms" -lt 2000 ] && [ "$code" = 0 ]; then ok "SIGTERM stop in ${ms} ms, exit 0"; else bad "stop took ${ms} ms, exit code $code"; fi
podman logs "$CTR" 2>&1 | grep -q 'ready to exit' && ok "shutdown logged" || bad "no shutdown log line"

if [ "$FAILS" -eq 0 ]; then log "ALL PASSED"; else log "$FAILS check(s) FAILED"; exit 1; fi
