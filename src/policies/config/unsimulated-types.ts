/**
 * llm-d plugin types (llm-d-router's registry, ../shared/reference/llm-d-epp.md §3) that fleetsim
 * does not simulate, and why. A config naming one is refused as a config it cannot run, not as a
 * typo: the message says the type is real and what would be missing.
 */
const LATENCY_PREDICTOR = "needs llm-d's latency predictor, a model trained online on live traffic, which fleetsim does not have";
const HEADERS = "routes on request headers or labels that fleetsim's simulated clients do not send";
const ATTRIBUTES = "reads endpoint attributes (topology, custom attributes) that fleetsim's pods do not carry";
const MULTIMODAL = "serves multimodal (encode) requests; fleetsim's requests are text tokens";
const MULTICLUSTER = 'scores clusters behind a multicluster gateway; fleetsim simulates one cluster';
const NOT_YET = 'not modelled yet';
const QUEUE_POLICY = 'a flow-control queue policy other than the defaults; fleetsim simulates one queue released first come first served';

export const UNSIMULATED_TYPES: Readonly<Record<string, string>> = Object.freeze({
  'predicted-latency-producer': LATENCY_PREDICTOR,
  'latency-scorer': LATENCY_PREDICTOR,
  'slo-headroom-tier-filter': LATENCY_PREDICTOR,
  'latency-slo-admitter': LATENCY_PREDICTOR,
  'header-profile-handler': HEADERS,
  'header-based-testing-filter': HEADERS,
  'header-label-affinity-scorer': HEADERS,
  'endpoint-attribute-filter': ATTRIBUTES,
  'endpoint-attribute-scorer': ATTRIBUTES,
  'topology-affinity-filter': ATTRIBUTES,
  'topology-affinity-scorer': ATTRIBUTES,
  'mm-embeddings-cache-producer': MULTIMODAL,
  'mm-embeddings-cache-scorer': MULTIMODAL,
  'always-disagg-multimodal-decider': MULTIMODAL,
  'multicluster-queue-scorer': MULTICLUSTER,
  'multicluster-kv-cache-utilization-scorer': MULTICLUSTER,
  'multicluster-prefix-cache-scorer': MULTICLUSTER,
  'edf-ordering-policy': QUEUE_POLICY,
  'slo-deadline-ordering-policy': QUEUE_POLICY,
  'round-robin-fairness-policy': QUEUE_POLICY,
  'program-aware-fairness': QUEUE_POLICY,
  'priority-holdback-policy': QUEUE_POLICY,
  'soft-reflective-ceiling-policy': QUEUE_POLICY,
  'priority-then-time-eviction-order-policy': QUEUE_POLICY,
  'session-id-producer': NOT_YET,
  'burst-prefix-cache-producer': NOT_YET,
  'p2p-source-producer': NOT_YET,
  'utilization-filter': NOT_YET,
  'sheddable-eviction-filter': NOT_YET,
});
