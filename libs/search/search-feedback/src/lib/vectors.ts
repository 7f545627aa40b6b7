/** A unit-length copy of `v` (a zero vector stays zero). */
export function unitVector(v: ArrayLike<number>): Float32Array {
  const out = Float32Array.from(v);
  let s = 0;
  for (const x of out) s += x * x;
  if (s > 0) {
    const inv = 1 / Math.sqrt(s);
    for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) * inv;
  }
  return out;
}

/** Dot product (cosine when both are unit length); 0 when the dimensions differ. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}
