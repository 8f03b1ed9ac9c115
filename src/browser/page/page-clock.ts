/**
 * The one clock of every stamp in a page: epoch milliseconds with sub-millisecond resolution. All of a
 * call's stamps come from it, so its phases are differences on one clock.
 */
export const now = (): number => performance.timeOrigin + performance.now();
