"""Baseline for bench/dedup/run.ts: near-duplicate pairs with datasketch's MinHash + MinHashLSH.

Reads one JSON list of shingles per line (the same shingles Synthforge uses), builds MinHash
signatures (num_perm=128), indexes them in MinHashLSH (threshold 0.7), queries every record,
and verifies each candidate pair by exact Jaccard over the shingle sets, as Synthforge does.
Prints one JSON object: seconds, bands/rows, candidate and verified pairs (i < j).
"""

import json
import sys
import time

from datasketch import MinHash, MinHashLSH


def main() -> None:
    path, threshold, num_perm, out = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    with open(path, encoding="utf-8") as handle:
        shingles = [json.loads(line) for line in handle]

    started = time.perf_counter()
    encoded = [[shingle.encode("utf-8") for shingle in record] for record in shingles]
    minhashes = MinHash.bulk(encoded, num_perm=num_perm)
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    with lsh.insertion_session() as session:
        for index, minhash in enumerate(minhashes):
            if encoded[index]:
                session.insert(index, minhash, check_duplication=False)
    hashed = time.perf_counter()
    sets = [set(record) for record in shingles]
    candidates = 0
    pairs = []
    for index, minhash in enumerate(minhashes):
        if not encoded[index]:
            continue
        for other in lsh.query(minhash):
            if other <= index:
                continue
            candidates += 1
            a, b = sets[index], sets[other]
            shared = len(a & b)
            if shared / (len(a) + len(b) - shared) >= threshold:
                pairs.append((index, other))
    finished = time.perf_counter()
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(pairs, handle)
    print(
        json.dumps(
            {
                "seconds": finished - started,
                "indexSeconds": hashed - started,
                "bands": lsh.b,
                "rows": lsh.r,
                "candidatePairs": candidates,
                "verifiedPairs": len(pairs),
            }
        )
    )


if __name__ == "__main__":
    main()
