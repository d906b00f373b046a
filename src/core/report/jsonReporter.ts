import type { Report } from './reportModel';

export function jsonReporter(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
