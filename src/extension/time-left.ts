// The time left of a long run, from its pace so far (no vscode import: unit-tested).

/**
 * "about 3 min left": the pace of the items written so far applied to the rest, once a few are done
 * (and at least two seconds passed) so the first, slower request does not make a wild guess.
 */
export function timeLeft(now: () => number = Date.now): (done: number, total: number) => string {
  let start: { at: number; done: number; total: number } | undefined;
  let last = 0;
  return (done, total) => {
    const t = now();
    // A new run (another total, or the count went back): its own pace.
    if (!start || done < last || total !== start.total) start = { at: t, done, total };
    last = done;
    const written = done - start.done;
    const elapsed = t - start.at;
    if (written < 3 || elapsed < 2000 || done >= total) return '';
    const seconds = Math.round(((total - done) * elapsed) / written / 1000);
    if (seconds < 60) return `about ${Math.max(5, Math.round(seconds / 5) * 5)} s left`;
    const minutes = Math.round(seconds / 60);
    return minutes < 90 ? `about ${minutes} min left` : `about ${Math.round(minutes / 60)} h left`;
  };
}
