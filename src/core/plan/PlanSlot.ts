/** One unit of planned work: a record to generate under a given combination of control values. */
export interface PlanSlot {
  /** Position in the plan, 0-based; stable across reruns of the same recipe. */
  index: number;
  /** Control-dimension values, e.g. { label: "positive", domain: "restaurant" }. */
  cell: Record<string, string>;
}
