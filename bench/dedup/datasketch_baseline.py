"""Baseline of bench/dedup/run.ts: near-duplicate removal with datasketch's MinHash + MinHashLSH.

Reads one JSON list of shingles per line (the same shingles Synthforge uses), builds MinHash
signatures (num_perm permutations), and removes near-duplicates the way Synthforge does (and the
way datasketch's documentation deduplicates a stream): records are visited in order, each is
queried against an LSH index (threshold) of the records kept so far, candidates are verified by
exact Jaccard over the shingle sets, and a record with no verified match is kept and inserted.
Writes, per record, the index of the kept record it duplicates or -1 (one JSON list), and prints
one JSON object with the timings and counts.
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
    hashed = time.perf_counter()
    sets = [set(record) for record in shingles]
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    duplicate_of = [-1] * len(shingles)
    candidates = 0
    for index, minhash in enumerate(minhashes):
        if not encoded[index]:
            continue
        own = sets[index]
        for other in sorted(lsh.query(minhash)):
            candidates += 1
            shared = len(own & sets[other])
            if shared / (len(own) + len(sets[other]) - shared) >= threshold:
                duplicate_of[index] = other
                break
        if duplicate_of[index] == -1:
            lsh.insert(index, minhash, check_duplication=False)
    finished = time.perf_counter()
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(duplicate_of, handle)
    print(
        json.dumps(
            {
                "seconds": finished - started,
                "minhashSeconds": hashed - started,
                "bands": lsh.b,
                "rows": lsh.r,
                "candidatePairs": candidates,
                "duplicates": sum(1 for value in duplicate_of if value != -1),
            }
        )
    )


if __name__ == "__main__":
    main()
