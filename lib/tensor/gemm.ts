/**
 * General matrix multiply on row-major Float64Arrays: C (M×N) = op(A) · op(B), or C += … .
 *
 * op(A) is M×K: A itself (M×K) or, with `transA`, the transpose of a K×M A; likewise op(B) is
 * K×N. The three forms a linear layer needs (x·Wᵀ in fprop, dy·W and dyᵀ·x in bprop) are each
 * a loop order in which the innermost loop walks contiguous memory, and each keeps four rows of
 * C (or four dot products) in registers, so that one load of B serves four multiply-adds.
 * No per-element allocation. `gemmReference` is the plain triple loop, kept for reading and for
 * tests.
 */

/** How many rows of the shared dimension are processed per block (keeps a B panel in cache). */
const K_BLOCK = 128;

export function gemm(
  transA: boolean,
  transB: boolean,
  M: number,
  N: number,
  K: number,
  A: Float64Array,
  B: Float64Array,
  C: Float64Array,
  accumulate = false,
): void {
  if (!accumulate) C.fill(0, 0, M * N);
  if (M === 0 || N === 0 || K === 0) return;
  if (!transA && !transB) gemmNN(M, N, K, A, B, C);
  else if (!transA && transB) gemmNT(M, N, K, A, B, C);
  else if (transA && !transB) gemmTN(M, N, K, A, B, C);
  else {
    // Aᵀ·Bᵀ = (B·A)ᵀ: rare, so compute B·A into scratch and transpose it into C.
    const tmp = new Float64Array(M * N);
    gemmNN(N, M, K, B, A, tmp);
    for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) C[i * N + j] += tmp[j * M + i];
  }
}

/** C += A·B with A M×K, B K×N: i-k-j order, four rows of C at a time, K blocked. */
function gemmNN(M: number, N: number, K: number, A: Float64Array, B: Float64Array, C: Float64Array): void {
  for (let k0 = 0; k0 < K; k0 += K_BLOCK) {
    const k1 = Math.min(K, k0 + K_BLOCK);
    let i = 0;
    for (; i + 4 <= M; i += 4) {
      const c0 = i * N, c1 = c0 + N, c2 = c1 + N, c3 = c2 + N;
      const a0 = i * K, a1 = a0 + K, a2 = a1 + K, a3 = a2 + K;
      for (let k = k0; k < k1; k++) {
        const x0 = A[a0 + k], x1 = A[a1 + k], x2 = A[a2 + k], x3 = A[a3 + k];
        const b = k * N;
        for (let j = 0; j < N; j++) {
          const bv = B[b + j];
          C[c0 + j] += x0 * bv;
          C[c1 + j] += x1 * bv;
          C[c2 + j] += x2 * bv;
          C[c3 + j] += x3 * bv;
        }
      }
    }
    for (; i < M; i++) {
      const c = i * N, a = i * K;
      for (let k = k0; k < k1; k++) {
        const x = A[a + k];
        const b = k * N;
        for (let j = 0; j < N; j++) C[c + j] += x * B[b + j];
      }
    }
  }
}

/** C += A·Bᵀ with A M×K, B N×K: dot products of contiguous rows, four at a time. */
function gemmNT(M: number, N: number, K: number, A: Float64Array, B: Float64Array, C: Float64Array): void {
  for (let i = 0; i < M; i++) {
    const a = i * K, c = i * N;
    let j = 0;
    for (; j + 4 <= N; j += 4) {
      const b0 = j * K, b1 = b0 + K, b2 = b1 + K, b3 = b2 + K;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let k = 0; k < K; k++) {
        const x = A[a + k];
        s0 += x * B[b0 + k];
        s1 += x * B[b1 + k];
        s2 += x * B[b2 + k];
        s3 += x * B[b3 + k];
      }
      C[c + j] += s0;
      C[c + j + 1] += s1;
      C[c + j + 2] += s2;
      C[c + j + 3] += s3;
    }
    for (; j < N; j++) {
      const b = j * K;
      let s = 0;
      for (let k = 0; k < K; k++) s += A[a + k] * B[b + k];
      C[c + j] += s;
    }
  }
}

/** C += Aᵀ·B with A K×M, B K×N: k outer, then rows of C updated from a row of B. */
function gemmTN(M: number, N: number, K: number, A: Float64Array, B: Float64Array, C: Float64Array): void {
  for (let k = 0; k < K; k++) {
    const a = k * M, b = k * N;
    let i = 0;
    for (; i + 4 <= M; i += 4) {
      const x0 = A[a + i], x1 = A[a + i + 1], x2 = A[a + i + 2], x3 = A[a + i + 3];
      const c0 = i * N, c1 = c0 + N, c2 = c1 + N, c3 = c2 + N;
      for (let j = 0; j < N; j++) {
        const bv = B[b + j];
        C[c0 + j] += x0 * bv;
        C[c1 + j] += x1 * bv;
        C[c2 + j] += x2 * bv;
        C[c3 + j] += x3 * bv;
      }
    }
    for (; i < M; i++) {
      const x = A[a + i], c = i * N;
      for (let j = 0; j < N; j++) C[c + j] += x * B[b + j];
    }
  }
}

/** The textbook triple loop, C = op(A)·op(B): the readable definition the fast kernels must match. */
export function gemmReference(
  transA: boolean,
  transB: boolean,
  M: number,
  N: number,
  K: number,
  A: Float64Array,
  B: Float64Array,
): Float64Array {
  const C = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) {
        const a = transA ? A[k * M + i] : A[i * K + k];
        const b = transB ? B[j * K + k] : B[k * N + j];
        s += a * b;
      }
      C[i * N + j] = s;
    }
  }
  return C;
}
