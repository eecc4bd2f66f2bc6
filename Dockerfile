# syntax=docker/dockerfile:1
# Node 24, a maintained LTS (Node 20 reached end of life in April 2026); the code itself still runs on
# Node 20 (package.json engines). better-sqlite3 12.x, the only native dependency, declares Node 20 to
# 26 and publishes prebuilt linux-x64/arm64 glibc binaries for the LTS lines, Node 24 included (12.0.0
# lacked them, WiseLibs/better-sqlite3#1384, since fixed); the compilers below are the fallback when no
# prebuilt binary matches (another architecture), so the build never depends on that download.
ARG NODE_IMAGE=node:24-bookworm-slim

# Build: compile TypeScript and the better-sqlite3 native addon.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# npm 11 runs a dependency's install script only when package.json's allowScripts approves it:
# better-sqlite3's (prebuilt binary, else node-gyp) is. Opening a database here fails the build, not
# the first request, if the addon is missing or built for another Node.
RUN npm ci --no-audit --no-fund \
  && node -e "require('better-sqlite3')(':memory:').close()"
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

# Run: only what production needs, as the unprivileged "node" user.
FROM ${NODE_IMAGE}
ENV NODE_ENV=production PORT=3000 DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
COPY --chown=node:node views ./views
COPY --chown=node:node public ./public
# The admin commands on the PATH: docker compose exec tool learner-voice platform list
RUN mkdir -p /data && chown node:node /data \
  && chmod +x dist/cli/learner-voice.js && ln -s /app/dist/cli/learner-voice.js /usr/local/bin/learner-voice
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# --max-old-space-size=512 (issue 14): without a limit V8 sizes the heap for the machine and lets the
# old generation grow to several times the live objects (50-60 MB) between major collections, which
# put the RSS near 300 MB under load; with a 512 MB limit it uses its growing factors for small heaps
# and collects sooner: RSS about 200 MB at the same request rate (bench/README.md, "Memory and the
# soak"). 512 MB is about 8 times the live heap at 100,000 reviews. The soak runs the tool with the
# flags of this line (bench/production-tool.ts).
CMD ["node", "--max-old-space-size=512", "dist/main.js"]
