# respd container image.
# Build:  docker build -t respd .
#         podman build --format docker -t respd .   (podman's default OCI format drops the HEALTHCHECK)
# BASE can point at a locally built Node image (tests do this: no registry there).
ARG BASE=node:22-bookworm-slim

FROM ${BASE} AS build
# lets scripts/container-test.sh remove this stage's image once the build is done
LABEL respd.stage=build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY src ./src
RUN npx tsc -p tsconfig.json && npm prune --omit=dev

FROM ${BASE}
# redis-cli for `docker exec <ctr> redis-cli ...` (Debian's redis-tools 7.0: 14.2 MB with its libraries, measured)
RUN apt-get update \
 && apt-get install -y --no-install-recommends redis-tools \
 && apt-get clean && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
RUN mkdir -p /data && chown node:node /data
# No USER: like the official image, the entrypoint starts as root only to give a mounted /data
# to the `node` user, then runs respd as `node` (no capabilities). `--user node` works too.
WORKDIR /data
VOLUME /data
EXPOSE 6379
# PINGs with the port, TLS and password respd runs with (read from its command line and environment).
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 CMD ["/app/bin/respd-healthcheck"]
# docker-entrypoint.sh accepts `redis-server ...`, `respd ...`, flags or a .conf file; bin/respd sizes
# the V8 heap from the container's memory limit, then runs node itself.
ENTRYPOINT ["/app/bin/docker-entrypoint.sh"]
CMD ["respd"]
