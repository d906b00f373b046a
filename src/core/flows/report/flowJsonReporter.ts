// The flow report as JSON (already redacted), for scripts and CI.
import type { FlowReport } from './flowReport';

export function flowJsonReporter(report: FlowReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
