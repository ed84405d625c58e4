# Build: compile the TypeScript once; production runs the compiled JavaScript with node, nothing stripped at start.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
COPY scripts/compact-exports.ts ./scripts/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:24-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
COPY scripts/compact-exports.ts ./scripts/
# The image's own Node.js runs the hub: without the optional node-linux-* packages a bare `npm install` brings.
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund
COPY --from=build /app/dist ./dist
ENV NODE_ENV=production HOST=0.0.0.0
USER node
