/**
 * A Kubernetes Indexed Job that runs a sweep's shards on a cluster users already have: pod k runs
 * `fleetsim sweep --shard k/N` (k from JOB_COMPLETION_INDEX) with the scenario (and any EndpointPicker
 * config files it names) mounted from a ConfigMap, writing to a shared volume; `fleetsim merge`
 * joins the shard folders afterwards.
 */
import { stringify } from 'yaml';

export interface K8sJobOptions {
  name: string;
  /** Files mounted at /scenario: the scenario first, then the router configs it references. */
  files: { key: string; content: string }[];
  /** --set overrides for every shard (already rewritten to the mounted paths). */
  sets: string[];
  shards: number;
  parallelism: number;
  image: string;
  /** PersistentVolumeClaim mounted at /results. */
  pvc: string;
  cpu: number;
  memory: string;
}

/** A DNS-1123 name (Kubernetes object names). */
export function k8sName(text: string): string {
  const s = text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 52);
  return s.length > 0 ? s : 'fleetsim';
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The ConfigMap and the Indexed Job, as one multi-document YAML. */
export function k8sJobManifest(o: K8sJobOptions): string {
  const scenario = `/scenario/${o.files[0].key}`;
  const sets = o.sets.map((s) => `--set ${shellQuote(s)}`).join(' ');
  const command = [
    `fleetsim sweep ${scenario} --shard "$JOB_COMPLETION_INDEX/${o.shards}"`,
    `--workers ${o.cpu}`,
    `--out "/results/${o.name}/shard-$JOB_COMPLETION_INDEX"`,
    sets,
  ]
    .filter(Boolean)
    .join(' ');
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `${o.name}-scenario`, labels: { app: 'fleetsim' } },
    data: Object.fromEntries(o.files.map((f) => [f.key, f.content])),
  };
  const job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: `${o.name}-sweep`, labels: { app: 'fleetsim' } },
    spec: {
      completionMode: 'Indexed',
      completions: o.shards,
      parallelism: o.parallelism,
      backoffLimitPerIndex: 1,
      template: {
        metadata: { labels: { app: 'fleetsim' } },
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: 'fleetsim',
              image: o.image,
              command: ['sh', '-c', command],
              resources: { requests: { cpu: String(o.cpu), memory: o.memory }, limits: { cpu: String(o.cpu), memory: o.memory } },
              volumeMounts: [
                { name: 'scenario', mountPath: '/scenario', readOnly: true },
                { name: 'results', mountPath: '/results' },
              ],
            },
          ],
          volumes: [
            { name: 'scenario', configMap: { name: `${o.name}-scenario` } },
            { name: 'results', persistentVolumeClaim: { claimName: o.pvc } },
          ],
        },
      },
    },
  };
  const merge = `# after the Job completes: fleetsim merge /results/${o.name}/shard-* --out /results/${o.name}/sweep`;
  return `${merge}\n${stringify(configMap)}---\n${stringify(job)}`;
}
