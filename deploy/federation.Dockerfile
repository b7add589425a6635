# syntax=docker/dockerfile:1
# Federation tooling image for the split topology: Hive Gateway (the router) and the
# supergraph composition script, both exactly as pinned by tests/federation/package-lock.json.
# Build from the repository root:
#
#   docker build -f deploy/federation.Dockerfile -t hai-phong-hub-federation .
#
# Default command: the router, serving /supergraph/supergraph.graphql on $PORT (4000).
# `compose-supergraph ...` (deploy/compose-supergraph.sh) writes that file.
FROM node:22-bookworm-slim
WORKDIR /federation
COPY tests/federation/package.json tests/federation/package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY tests/federation/compose.mjs tests/federation/gateway.config.mjs ./
COPY deploy/compose-supergraph.sh /usr/local/bin/compose-supergraph
# /supergraph is where the composed supergraph lives (a compose volume or a ConfigMap); the
# directory is owned by `node` so a fresh named volume mounted there is writable by the job.
RUN chmod 0755 /usr/local/bin/compose-supergraph \
 && mkdir -p /supergraph && chown node:node /supergraph
ENV NODE_ENV=production PORT=4000 FEDERATION_DIR=/federation \
    PATH=/federation/node_modules/.bin:$PATH
USER node
EXPOSE 4000
# Hive Gateway answers /healthcheck (process up) and /readiness (supergraph loaded).
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/readiness').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["hive-gateway", "supergraph", "/supergraph/supergraph.graphql", "-c", "gateway.config.mjs"]
