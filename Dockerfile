# fleetsim in a container, for `fleetsim k8s-job` sweeps on a cluster:
#   docker build -t <registry>/fleetsim:latest . && docker push <registry>/fleetsim:latest
#   fleetsim k8s-job scenarios/headline.yaml --shards 8 --image <registry>/fleetsim:latest > job.yaml
FROM node:20-slim
WORKDIR /opt/fleetsim
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY . .
RUN npm run build && npm link
ENTRYPOINT []
