/**
 * glibc malloc settings for every PyTorch child, so that PyTorch is measured at its best in every
 * process. Its backward allocates fresh gradient tensors each call; with glibc's defaults the
 * mmap threshold moves with the process's history, so in some processes those tensors come from
 * newly mapped pages (a page fault per 4 kB, each call) and in others from the heap, and the
 * same layer row varies up to 3× between runs. With the mmap threshold pinned above any tensor
 * here they always come from the heap, and with the trim threshold as high freed memory stays
 * mapped for the next call.
 */
export const TORCH_MALLOC_ENV: Readonly<Record<string, string>> = {
  MALLOC_MMAP_THRESHOLD_: "4294967296",
  MALLOC_TRIM_THRESHOLD_: "4294967296",
};

/** The settings as shell assignments, for the notes. */
export function torchMallocEnvLine(): string {
  return Object.entries(TORCH_MALLOC_ENV).map(([k, v]) => `${k}=${v}`).join(" ");
}
