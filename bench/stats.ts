/** Operations per second, rounded. */
export const rate = (count: number, elapsedMs: number) => Math.round(count / (elapsedMs / 1000));

/** The q-quantile (0..1) of the samples, by nearest rank. */
export function percentile(samples: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(samples).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
}
