# syntax=docker/dockerfile:1
# Patchbay's BFF in a container: `patchbay serve` (the ENTRYPOINT is the `patchbay` command), on
# SQLite in the /data volume unless PATCHBAY_DATABASE says otherwise. @patchbay/bff is packed from
# this checkout and installed the way a vendor installs it. See docs/deploy.md; this repository's
# tests do not build the image.

ARG NODE_IMAGE=node:24-bookworm-slim

# 1. Pack @patchbay/bff (its prepack compiles it): dist/ and bin/, nothing else of the monorepo;
# and @patchbay/widget, built, whose script-tag files the App Portal page (/portal) serves.
# Compiling needs only TypeScript, Vite and the dependencies' types, so no install script runs here.
FROM ${NODE_IMAGE} AS pack
WORKDIR /repo
COPY . .
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && PATCHBAY_BUILD_QUIET=1 npm run build \
 && npm pack -w @patchbay/bff -w @patchbay/widget --pack-destination /tmp

# 2. Install it with its dependencies from the registry. npm 11 runs only the install scripts
# allowScripts lists: sqlite3's (a prebuilt binary, else compiled: hence the toolchain in this
# stage only) and isolated-vm's (its prebuilt binary).
FROM ${NODE_IMAGE} AS install
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/patchbay
COPY --from=pack /tmp/patchbay-bff-*.tgz /tmp/patchbay-widget-*.tgz /tmp/
RUN echo '{"private": true, "allowScripts": {"sqlite3": true, "isolated-vm": true}}' > package.json \
 && npm install --omit=dev --no-audit --no-fund /tmp/patchbay-bff-*.tgz /tmp/patchbay-widget-*.tgz \
 && npm cache clean --force

# 3. What runs: no compiler, not root, the data in a volume.
FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8787 \
    PATCHBAY_DATABASE=sqlite:/data/patchbay.db
COPY --from=install /opt/patchbay /opt/patchbay
RUN mkdir /data && chown node:node /data
USER node
WORKDIR /data
VOLUME /data
EXPOSE 8787
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/opt/patchbay/node_modules/.bin/patchbay"]
CMD ["serve"]
