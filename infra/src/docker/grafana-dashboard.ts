import { read } from './compose-file';

// The Grafana dashboard docker-compose.yml provisions, and the metric names its PromQL reads: what the
// compose spec checks it against, and what the end-to-end story looks for on the services' /metrics.

interface Query {
  expr: string;
  datasource: { type: string; uid: string };
}

interface Panel {
  title: string;
  datasource: { type: string; uid: string };
  targets: Query[];
}

export interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
}

export const dashboardFile = 'infra/docker/grafana/dashboards/saga-platform.json';
export const dashboard = JSON.parse(read(dashboardFile)) as Dashboard;

/** PromQL's own words: aggregations and the keywords of grouping, vector matching and set operations. */
const keywords = new Set(
  'sum min max avg group stddev stdvar count count_values bottomk topk quantile limitk limit_ratio by without on ignoring group_left group_right bool and or unless offset inf nan'.split(
    ' ',
  ),
);

/** The series a PromQL expression reads, e.g. `saga_duration_seconds_bucket`; functions, labels and ranges left out. */
export function seriesIn(expr: string): string[] {
  const bare = expr
    // Strings first, since a regular expression in a matcher may hold braces or brackets.
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, '')
    // Ranges, Grafana's $__rate_interval and $__range included.
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/gi, '');
  const words = bare.matchAll(/(?<![\w.$])[a-zA-Z_:][\w:]*(?![\w:])(?!\s*\()/g);
  return [...new Set([...words].map(([word]) => word).filter((word) => !keywords.has(word.toLowerCase())))];
}

/** Every series the dashboard's panels query. */
export const seriesQueried = (board: Dashboard = dashboard): string[] => [
  ...new Set(board.panels.flatMap((panel) => panel.targets.flatMap(({ expr }) => seriesIn(expr)))),
];
