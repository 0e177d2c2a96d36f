# One image for the bot and the runner. Build: docker build -t labops .
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
RUN npm ci --ignore-scripts
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core ca-certificates \
  && rm -rf /var/lib/apt/lists/* \
  && useradd --create-home --uid 10001 labops
WORKDIR /app
COPY --from=build --chown=labops:labops /app/node_modules ./node_modules
COPY --from=build --chown=labops:labops /app/dist ./dist
COPY --chown=labops:labops bin ./bin
COPY --chown=labops:labops assets ./assets
COPY --chown=labops:labops package.json ./
USER labops
ENTRYPOINT ["node", "bin/labops.js"]
CMD ["bot"]
