/**
 * The kept records of every LSH band, grouped by band key, each bucket in the order its records
 * were added (so the earliest candidate is checked first).
 *
 * Layout: a bucket is a singly linked list threaded through one typed array instead of a
 * JavaScript array per bucket, because 100,000 records in 16 or more bands would otherwise
 * allocate millions of small arrays for the garbage collector. For band `b` of `n` records,
 * slot `b·n + r` of `next` holds the record after `r` in `r`'s bucket (−1 at the end);
 * `first[b]` maps a band key to its bucket's first record, and `last` holds, at that first
 * record's slot, the bucket's last record, so that adding stays O(1).
 */
export class LshBuckets {
  private readonly first: Map<number, number>[];
  private readonly next: Int32Array;
  private readonly last: Int32Array;

  constructor(
    bands: number,
    private readonly records: number,
  ) {
    this.first = Array.from({ length: bands }, () => new Map<number, number>());
    this.next = new Int32Array(bands * records).fill(-1);
    this.last = new Int32Array(bands * records);
  }

  /** The first record in `band`'s bucket for `key`, or −1 when the bucket is empty. */
  head(band: number, key: number): number {
    return this.first[band]!.get(key) ?? -1;
  }

  /** The record after `record` in its bucket of `band`, or −1 at the end. */
  after(band: number, record: number): number {
    return this.next[band * this.records + record]!;
  }

  /** Appends `record` to `band`'s bucket for `key`. */
  add(band: number, key: number, record: number): void {
    const base = band * this.records;
    const head = this.first[band]!.get(key);
    if (head === undefined) {
      this.first[band]!.set(key, record);
      this.last[base + record] = record;
    } else {
      this.next[base + this.last[base + head]!] = record;
      this.last[base + head] = record;
    }
  }
}
