/**
 * The free agents of an arrival-rate scenario. Agents are handed out first come, first served among the
 * preAllocatedVUs ones; the extra agents up to maxVUs join only when all of those are busy, as k6 only grows
 * its VUs beyond preAllocatedVUs when it runs out (here they are registered up front, so none is late).
 */
export class AgentQueue {
  readonly #free: string[];
  readonly #reserve: string[];
  #head = 0;

  constructor(preAllocated: readonly string[], extra: readonly string[]) {
    this.#free = [...preAllocated];
    this.#reserve = [...extra];
  }

  /** A free agent, or undefined when every agent is busy. */
  take(): string | undefined {
    if (this.#head < this.#free.length) {
      const agent = this.#free[this.#head++];
      if (this.#head > 1024 && this.#head * 2 > this.#free.length) {
        this.#free.splice(0, this.#head);
        this.#head = 0;
      }
      return agent;
    }
    return this.#reserve.shift();
  }

  /** Returns an agent whose iteration ended. */
  give(agent: string): void {
    this.#free.push(agent);
  }
}
