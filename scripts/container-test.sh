#!/usr/bin/env bash
# Container test for the Dockerfile (run as root on a Debian 12 host; takes minutes and installs
# packages, so it is NOT part of `npm test`). Self-sufficient from a fresh clone: it installs the
# Debian packages it needs (podman, buildah, runc, debootstrap, redis-tools, iproute2, openssl) and,
# when node_modules is missing, runs `npm ci` for the ioredis check. Follows the facts in
# shared/notes/containers-and-private-subnets.md:
#   - podman (no Docker engine), runtime runc and fixed ulimits via a containers.conf;
#   - no registry: a Node base image is made locally with debootstrap + the host's node/npm and CA
#     bundle, passed as --build-arg BASE (users get the official node image);
#   - `podman build --format docker` so HEALTHCHECK survives; healthchecks run explicitly;
#   - network safety: every container runs inside a network namespace this script creates
#     (--network ns:...), joined by a bridge namespace to a client namespace; none of them has a
#     default route, so no packet can reach a real network. No podman bridge network is used.
# Checks the official redis image's habits, one container at a time: protected mode (DENIED
# without a password), REDIS_PASSWORD and REDIS_PASSWORD_FILE (never in the logs), redis-cli and
# ioredis from the client namespace, `redis-server ...` as the command, a root-owned /data mount
# given to the unprivileged user (pidfile there, no capabilities), healthcheck on a custom port with
# a password and on TLS only, `podman exec ... redis-cli`, the mounted redis.conf.container, data
# surviving a restart (RDB and AOF), Redis text logs, and a SIGTERM stop in under 2 s.
# Containers are removed with their anonymous volumes (rm -v), and the build stage's image too.
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
for b in podman buildah runc debootstrap redis-cli ip openssl; do command -v "$b" >/dev/null 2>&1 || need+=("$b"); done
if [ ${#need[@]} -ne 0 ]; then
  log "installing packages for: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq podman buildah runc debootstrap redis-tools iproute2 openssl >/dev/null
fi

cat >"$WORK/containers.conf" <<'EOF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=1024:1024"]
[engine]
runtime = "runc"
EOF
export CONTAINERS_CONF=$WORK/containers.conf

if [ ! -d "$ROOT/node_modules/ioredis" ]; then
  log "node_modules missing: npm ci (dev dependencies, for the ioredis check)"
  (cd "$ROOT" && npm ci --no-audit --no-fund >"$WORK/npm-ci.log" 2>&1) || { tail -20 "$WORK/npm-ci.log"; log "FAIL: npm ci"; exit 1; }
fi

HOSTDIR=$WORK/ct-$ID # host directories mounted into the containers
cleanup() {
  podman rm -f -v -t 0 "$CTR" >/dev/null 2>&1 || true
  rm -rf "$HOSTDIR"
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
previous=$(podman image inspect -f '{{.Id}}' "$TAG" 2>/dev/null || true)
# The build needs the package registry (npm ci); the containers under test never touch a real network.
podman build --format docker --network host --build-arg "BASE=$BASE_TAG" -t "$TAG" . >"$WORK/build.log" 2>&1 \
  || { tail -30 "$WORK/build.log"; log "FAIL: image build"; exit 1; }
# the build stage's image is left dangling: remove it (only ours, by its label)
podman image prune -f --filter label=respd.stage=build >/dev/null
# and the image a previous run tagged, now untagged
if [ -n "$previous" ] && [ "$previous" != "$(podman image inspect -f '{{.Id}}' "$TAG")" ]; then podman rmi "$previous" >/dev/null 2>&1 || true; fi
ok "image built ($(podman image inspect -f '{{.Size}}' "$TAG" | awk '{printf "%.1f MB", $1/1e6}'))"

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

PORT=6379
cli() { ip netns exec "$NS_CLI" redis-cli -h "$SRV_IP" -p "$PORT" "$@"; }
acli() { cli --no-auth-warning -a "$PASS" "$@"; }

# Runs the one container under test (replacing the previous one) in the server namespace.
start() {
  podman rm -f -v -t 0 "$CTR" >/dev/null 2>&1 || true
  # (podman's complaint that there is no systemd to time healthchecks is expected here: they run explicitly)
  podman run -d --name "$CTR" --network "ns:/run/netns/$NS_SRV" "$@" >/dev/null 2>"$WORK/run.err" \
    || { cat "$WORK/run.err"; log "FAIL: podman run $*"; exit 1; }
}

# Waits until the container runs and answers (any reply) from the client namespace.
wait_up() {
  for _ in $(seq 150); do
    [ "$(podman inspect -f '{{.State.Running}}' "$CTR" 2>/dev/null)" = true ] || { sleep 0.1; continue; }
    if [ -n "$(cli ping 2>/dev/null)" ]; then return 0; fi
    sleep 0.1
  done
  podman logs "$CTR" 2>&1 | tail -20
  log "FAIL: container did not start: $*"
  exit 1
}

health() {
  podman healthcheck run "$CTR" >/dev/null 2>&1 || true
  podman inspect -f '{{.State.Health.Status}}' "$CTR" 2>/dev/null || podman inspect -f '{{.State.Healthcheck.Status}}' "$CTR"
}

expect_eq() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: expected '$3', got '$2'"; fi; }
expect_has() { case "$2" in *"$3"*) ok "$1" ;; *) bad "$1: expected '$3' in '$2'" ;; esac; }

# ---- 1. protected mode: no password, a remote client is DENIED (README says so) ----
start "$TAG"
wait_up "no password"
expect_has "remote PING without password: DENIED" "$(cli ping 2>&1 || true)" "protected mode"
expect_eq "healthcheck without password: healthy" "$(health)" healthy

# ---- 1. password from the environment, never logged ----
start -e "REDIS_PASSWORD=$PASS" "$TAG"
wait_up "REDIS_PASSWORD"
expect_has "PING before AUTH: NOAUTH" "$(cli ping 2>&1 || true)" NOAUTH
expect_eq "REDIS_PASSWORD: AUTH + PING" "$(acli ping 2>&1)" PONG
expect_has "wrong password: WRONGPASS" "$(cli --no-auth-warning -a wrong ping 2>&1 || true)" WRONGPASS
acli set greeting "hello from $CLI_IP" >/dev/null
expect_eq "SET/GET via redis-cli" "$(acli get greeting)" "hello from $CLI_IP"
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
expect_eq "ioredis PING/SET/GET" "$r" "PONG ioredis-ok"
expect_eq "healthcheck authenticates: healthy" "$(health)" healthy
# 5. the operator habit: redis-cli inside the container
expect_eq "podman exec redis-cli" "$(podman exec "$CTR" redis-cli --no-auth-warning -a "$PASS" get greeting)" "hello from $CLI_IP"
if podman logs "$CTR" 2>&1 | grep -q -- "$PASS"; then bad "password appears in the logs"; else ok "password not in the logs"; fi
uid=$(podman exec "$CTR" awk '/^Uid:/ { print $2 }' /proc/1/status)
capeff=$(podman exec "$CTR" awk '/^CapEff:/ { print $2 }' /proc/1/status)
[ "$uid" != 0 ] && ok "server runs as uid $uid (non-root)" || bad "server runs as root"
expect_eq "server has no effective capabilities" "$capeff" 0000000000000000
t0=$(date +%s%N)
podman stop -t 10 "$CTR" >/dev/null 2>&1
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
code=$(podman inspect -f '{{.State.ExitCode}}' "$CTR")
if [ "$ms" -lt 2000 ] && [ "$code" = 0 ]; then ok "SIGTERM stop in ${ms} ms, exit 0"; else bad "stop took ${ms} ms, exit code $code"; fi
podman logs "$CTR" 2>&1 | grep -q 'ready to exit' && ok "shutdown logged" || bad "no shutdown log line"

# ---- 1. REDIS_PASSWORD_FILE (a Docker secret) ----
mkdir -p "$HOSTDIR/secrets"
printf '%s\n' "$PASS" >"$HOSTDIR/secrets/pw"
start -v "$HOSTDIR/secrets:/run/secrets:ro" -e REDIS_PASSWORD_FILE=/run/secrets/pw "$TAG"
wait_up "REDIS_PASSWORD_FILE"
expect_eq "REDIS_PASSWORD_FILE: AUTH + PING" "$(acli ping 2>&1)" PONG

# ---- 2 + 3. `redis-server ...` as the command; a root-owned /data mount with the pidfile in it ----
mkdir -p "$HOSTDIR/data" && chown 0:0 "$HOSTDIR/data" && chmod 755 "$HOSTDIR/data"
start -v "$HOSTDIR/data:/data" -e "REDIS_PASSWORD=$PASS" -e RESPD_LOG_FORMAT=redis "$TAG" \
  redis-server --appendonly yes --pidfile /data/respd.pid
wait_up "redis-server --appendonly yes"
expect_eq "redis-server as the command: appendonly applied" "$(acli config get appendonly | tail -1)" yes
acli set survives aof-yes >/dev/null
sleep 1.2 # appendfsync everysec
[ -f "$HOSTDIR/data/respd.pid" ] && ok "pidfile written in a root-owned /data mount" || bad "no pidfile in /data"
owner=$(stat -c %u "$HOSTDIR/data")
[ "$owner" != 0 ] && ok "/data given to uid $owner" || bad "/data still owned by root"
first=$(podman logs "$CTR" 2>&1 | sed -n 1p)
if printf '%s\n' "$first" | grep -qE '^[0-9]+:M [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8}\.[0-9]{3} [.*#-] '; then ok "RESPD_LOG_FORMAT=redis: $first"; else bad "log line not in Redis format: $first"; fi

# ---- data survives a restart (AOF) ----
podman restart -t 10 "$CTR" >/dev/null
wait_up "restart with AOF"
expect_eq "AOF: key survives a restart" "$(acli get survives)" aof-yes
podman rm -f -v -t 10 "$CTR" >/dev/null

# ---- data survives a new container on the same /data (RDB, saved at SIGTERM) ----
rm -rf "$HOSTDIR/data"/* && chown 0:0 "$HOSTDIR/data"
start -v "$HOSTDIR/data:/data" -e "REDIS_PASSWORD=$PASS" "$TAG"
wait_up "RDB"
acli set survives rdb-yes >/dev/null
podman stop -t 10 "$CTR" >/dev/null
[ -f "$HOSTDIR/data/dump.rdb" ] && ok "dump.rdb saved in /data on stop" || bad "no dump.rdb in /data"
start -v "$HOSTDIR/data:/data" -e "REDIS_PASSWORD=$PASS" "$TAG"
wait_up "RDB reload"
expect_eq "RDB: key survives a new container" "$(acli get survives)" rdb-yes

# ---- 4. healthcheck follows the configuration: custom port + password ----
PORT=7000
start -e "REDIS_PASSWORD=$PASS" "$TAG" --port 7000
wait_up "--port 7000"
expect_eq "healthcheck on --port 7000 with a password: healthy" "$(health)" healthy
PORT=6379

# ---- 4. healthcheck on a TLS-only server ----
mkdir -p "$HOSTDIR/tls"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=respd -keyout "$HOSTDIR/tls/respd.key" -out "$HOSTDIR/tls/respd.crt" >/dev/null 2>&1
chmod 644 "$HOSTDIR/tls/respd.key"
start -v "$HOSTDIR/tls:/tls:ro" "$TAG" --port 0 --tls-port 6380 --tls-cert-file /tls/respd.crt --tls-key-file /tls/respd.key --tls-ca-cert-file /tls/respd.crt
for _ in $(seq 100); do
  [ "$(podman inspect -f '{{.State.Running}}' "$CTR")" = true ] && podman logs "$CTR" 2>&1 | grep -q 'respd started' && break
  sleep 0.1
done
expect_eq "healthcheck on a TLS-only server: healthy" "$(health)" healthy

# ---- 6. the container config example, mounted ----
start -v "$ROOT/redis.conf.container:/etc/respd/redis.conf:ro" -v "$HOSTDIR/data:/data" -e "REDIS_PASSWORD=$PASS" "$TAG" /etc/respd/redis.conf
wait_up "redis.conf.container"
expect_eq "mounted redis.conf.container: reachable from another host" "$(acli ping 2>&1)" PONG
expect_eq "mounted redis.conf.container: appendonly" "$(acli config get appendonly | tail -1)" yes

if [ "$FAILS" -eq 0 ]; then log "ALL PASSED"; else log "$FAILS check(s) FAILED"; exit 1; fi
