/** One line of the summary table. */
export interface SummaryRow {
  scenario: string;
  /** Requests as "total (reads r, writes w)", or '–' when the scenario makes none. */
  calls: string;
  wall: string;
  /** The minimum or baseline the measurement is compared with. */
  baseline: string;
  ratio: string;
  target: string;
  /** true / false, or null when not measured. */
  met: boolean | null;
  /** What stands in the way when the target is missed, or why it was not measured. */
  note: string;
}

export interface ScenarioResult {
  id: number;
  title: string;
  measuredAt: string;
  quick: boolean;
  wallSeconds: number;
  rows: SummaryRow[];
  /** Markdown paragraphs and tables for RESULTS.md. */
  details: string[];
  /** The raw numbers, for results.json. */
  data: Record<string, unknown>;
}

export interface BenchOptions {
  quick: boolean;
}
