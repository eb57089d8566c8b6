#!/bin/sh
# The image's entrypoint, following the official redis image's habits:
#   - `redis-server ...` and `respd ...` run the server (the official image's documented form),
#     and so does a first argument that is a flag or a .conf file (`--port 7000`, `/etc/redis.conf`);
#     anything else (`sh`, `redis-cli ...`) runs as given;
#   - started as root (the default), it makes a mounted /data writable by the unprivileged user
#     (a root-owned host directory would otherwise fail every save), then drops to that user.
# Started with --user already, it just runs the server as that user.
set -e
RESPD=${RESPD_BIN:-/app/bin/respd}
DATA=${RESPD_DATA_DIR:-/data}
RUN_AS=${RESPD_USER:-node}

case "${1-}" in
  redis-server|respd) shift; set -- "$RESPD" "$@" ;;
  -*|*.conf|'') set -- "$RESPD" "$@" ;;
esac

if [ "$1" = "$RESPD" ] && [ "$(id -u)" = 0 ]; then
  # only files not already the user's: cheap on a large, already-owned directory
  find "$DATA" \! -user "$RUN_AS" -exec chown "$RUN_AS:" '{}' + 2>/dev/null ||
    echo "$$:M $(date '+%d %b %Y %H:%M:%S').000 # Can't give $DATA to $RUN_AS (read-only mount?): saving may fail" >&2
  # a non-root uid keeps no capabilities
  exec setpriv --reuid="$RUN_AS" --regid="$(id -g "$RUN_AS")" --init-groups "$@"
fi
exec "$@"
