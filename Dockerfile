# Linkport: a multi-stage build on the official Node image.
#   docker build -t linkport .
#   docker run --rm -e DATABASE_URL=postgres://… -e LINKPORT_MASTER_KEY=… linkport migrate
#   docker run -d -p 8080:8080 -e DATABASE_URL=… -e LINKPORT_MASTER_KEY=… -e LINKPORT_ADMIN_TOKEN=… linkport api
#   docker run -d -e DATABASE_URL=… -e LINKPORT_MASTER_KEY=… linkport worker
# See docs/deploy.md.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 ships prebuilt binaries; the toolchain is the fallback when none fits.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY web ./web
RUN npm run build -- --sourceMap false && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    LINKPORT_DATA_DIR=/var/lib/linkport
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/web ./web
RUN mkdir -p /var/lib/linkport && chown node:node /var/lib/linkport
USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "dist/main.js"]
CMD ["api"]
