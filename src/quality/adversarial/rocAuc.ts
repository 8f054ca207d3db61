/**
 * Area under the ROC curve: the probability that a random positive scores above a random
 * negative (ties count half), by the Mann–Whitney rank sum. 0.5 when a class is empty.
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const order = Array.from({ length: scores.length }, (_, index) => index).sort(
    (a, b) => scores[a]! - scores[b]!,
  );
  let positives = 0;
  let rankSum = 0;
  let index = 0;
  while (index < order.length) {
    let end = index;
    while (end + 1 < order.length && scores[order[end + 1]!] === scores[order[index]!]) end += 1;
    const averageRank = (index + end) / 2 + 1;
    for (let tie = index; tie <= end; tie += 1) {
      if (labels[order[tie]!] === 1) {
        positives += 1;
        rankSum += averageRank;
      }
    }
    index = end + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return 0.5;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
