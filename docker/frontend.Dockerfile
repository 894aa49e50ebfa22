# syntax=docker/dockerfile:1
# Console image: the Angular build served by nginx, which also proxies /api and /docs to the
# `backend` service (see docker/nginx.conf). Build from the repository root:
#   docker build -f docker/frontend.Dockerfile -t convis-frontend .

# --- build: ng build -> frontend/dist/browser --------------------------------------------------
FROM node:24-bookworm-slim AS build
WORKDIR /app
ENV NX_NO_CLOUD=true NX_DAEMON=false CI=true NG_CLI_ANALYTICS=false
COPY package.json package-lock.json .npmrc ./
COPY libs/contracts/package.json libs/contracts/
COPY backend/package.json backend/
COPY frontend/package.json frontend/
COPY e2e/package.json e2e/
COPY tools/graph-simulator/package.json tools/graph-simulator/
COPY tools/eslint-rules/package.json tools/eslint-rules/
# `npm install`, not `npm ci`: the lockfile is made on linux-x64 only (see README).
RUN npm install --workspace frontend --include-workspace-root --no-fund --no-audit
COPY tsconfig.base.json ./
COPY libs/contracts libs/contracts
COPY frontend frontend
# The shared rules first (the console bundles them), as Nx orders it.
RUN npm run build --workspace libs/contracts && npm run build --workspace frontend

# --- runtime: static files + reverse proxy -----------------------------------------------------
FROM nginx:1.27-alpine AS runtime
COPY docker/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /app/frontend/dist/browser /usr/share/nginx/html
EXPOSE 80
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=5 \
  CMD wget -q -O /dev/null http://127.0.0.1/healthz || exit 1
