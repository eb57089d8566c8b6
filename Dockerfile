# respd container image.
# Build:  docker build -t respd .          (or podman build --format docker -t respd .)
# BASE can point at a locally built Node image (tests do this: no registry there).
ARG BASE=node:22-bookworm-slim

FROM ${BASE} AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY src ./src
RUN npx tsc -p tsconfig.json && npm prune --omit=dev

FROM ${BASE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
RUN mkdir -p /data && chown node:node /data
USER node
WORKDIR /data
VOLUME /data
EXPOSE 6379
# PING over a raw socket: no redis-cli needed in the image.
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["node", "-e", "const s=require('net').connect(6379,'127.0.0.1');s.setTimeout(2000);s.on('connect',()=>s.write('PING\\r\\n'));s.on('data',d=>process.exit(String(d).startsWith('+PONG')||String(d).startsWith('-NOAUTH')?0:1));s.on('error',()=>process.exit(1));s.on('timeout',()=>process.exit(1))"]
# bin/respd sizes the V8 heap from the container's memory limit, then runs node itself.
ENTRYPOINT ["/app/bin/respd"]
CMD []
