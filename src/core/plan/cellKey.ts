/** A stable string key of a cell: the same values give the same key whatever the property order. */
export function cellKey(cell: Record<string, string>): string {
  return JSON.stringify(
    Object.keys(cell)
      .sort()
      .map((name) => [name, cell[name]]),
  );
}
