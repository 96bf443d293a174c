# syntax=docker/dockerfile:1
# One file, two images:
#   docker build --target server -t picard-server .
#   docker build --target client-web -t picard-web .
# docker-compose.yml builds both.

ARG NODE_IMAGE=node:22-bookworm-slim

# --- build: every dependency, the generated Prisma client, compiled JavaScript
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY kit/package.json kit/
COPY server/package.json server/
COPY client-web/package.json client-web/
COPY prisma prisma
# postinstall runs `prisma generate` (into server/src/generated).
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json ./
COPY kit/tsconfig.build.json kit/
COPY kit/src kit/src
COPY server/tsconfig.build.json server/
COPY server/src server/src
COPY client-web/tsconfig.build.json client-web/
COPY client-web/src client-web/src
RUN npm run build

# --- production dependencies only; no install scripts (none is needed at run time)
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY kit/package.json kit/
COPY server/package.json server/
COPY client-web/package.json client-web/
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# --- what both images share: Node, production node_modules, a non-root user
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules node_modules
COPY package.json ./
# The kit both apps import (node_modules/@picard/kit links here).
COPY kit/package.json kit/
COPY --from=build /app/kit/dist kit/dist
# Only for the embedded database (no DATABASE_URL): mount a volume here to keep it.
RUN mkdir -p /data && chown node:node /data
ENV DATA_DIR=/data
# The official image's unprivileged user; nothing under /app is writable by it.
USER node

# --- the server: authorization server, REST API, MCP server
FROM runtime AS server
COPY server/package.json server/
COPY --from=build /app/server/dist server/dist
# Applied at start by the server's own runner (an advisory lock makes
# concurrent replicas wait for one another), or beforehand with
# `node server/dist/db/migrate-cli.js`.
COPY prisma/migrations prisma/migrations
ENV HOST=0.0.0.0 \
    PORT=8001
EXPOSE 8001
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8001)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "server/dist/main.js"]

# --- the web client
FROM runtime AS client-web
COPY client-web/package.json client-web/
COPY --from=build /app/client-web/dist client-web/dist
ENV CLIENT_HOST=0.0.0.0 \
    CLIENT_PORT=8000
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.CLIENT_PORT||8000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "client-web/dist/main.js"]
