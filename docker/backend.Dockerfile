# syntax=docker/dockerfile:1
# API image: NestJS on Fastify, built from the npm workspace, run as the unprivileged `node` user.
# Build from the repository root:  docker build -f docker/backend.Dockerfile -t convis-backend .

ARG NODE_IMAGE=node:24-bookworm-slim

# --- build: compile TypeScript to backend/dist (and the workspace packages it imports) ----------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NX_NO_CLOUD=true NX_DAEMON=false CI=true
# Manifests first, so the dependency layer is cached until they change. npm needs every
# workspace's package.json to read the lockfile, even for workspaces it does not install.
COPY package.json package-lock.json .npmrc ./
COPY libs/contracts/package.json libs/contracts/
COPY backend/package.json backend/
COPY frontend/package.json frontend/
COPY e2e/package.json e2e/
COPY tools/graph-simulator/package.json tools/graph-simulator/
COPY tools/eslint-rules/package.json tools/eslint-rules/
# `npm install`, not `npm ci`: the lockfile is made on linux-x64 only (see README).
RUN npm install --workspace backend --include-workspace-root --no-fund --no-audit
COPY tsconfig.base.json ./
COPY libs/contracts libs/contracts
COPY tools/graph-simulator tools/graph-simulator
COPY backend backend
# Dependencies first, as Nx orders them: the shared rules, the simulator (demo mode's types), the API.
RUN npm run build --workspace libs/contracts \
    && npm run build --workspace tools/graph-simulator \
    && npm run build --workspace backend

# --- runtime: production dependencies + compiled code only ---------------------------------------
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
COPY package.json package-lock.json .npmrc ./
COPY libs/contracts/package.json libs/contracts/
COPY backend/package.json backend/
COPY frontend/package.json frontend/
COPY e2e/package.json e2e/
COPY tools/graph-simulator/package.json tools/graph-simulator/
COPY tools/eslint-rules/package.json tools/eslint-rules/
RUN npm install --workspace backend --omit=dev --no-fund --no-audit \
    && npm cache clean --force \
    && mkdir -p /app/.data \
    && chown node:node /app/.data
COPY --from=build /app/libs/contracts/dist libs/contracts/dist
COPY --from=build /app/backend/dist backend/dist
# SQL migrations are applied by the backend at start.
COPY backend/migrations backend/migrations
USER node
EXPOSE 3000
# Local media store and anything else under DATA_DIR; mount a volume here.
VOLUME ["/app/.data"]
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node is PID 1 and handles SIGTERM itself (graceful shutdown of HTTP, queues and pools).
CMD ["node", "--max-semi-space-size=16", "backend/dist/main.js"]
