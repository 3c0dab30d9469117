/**
 * Long imports run on the API's one thread beside every other request: they hand the
 * event loop back whenever `budgetMs` of work has passed, so a request waits at most
 * about that long behind an import (GET /api/health's p99 is in the bench).
 */
export class EventLoopBudget {
  private since = performance.now();
  constructor(private readonly budgetMs = 10) {}

  /** Whether the budget is spent (cheap: check it per row). */
  get spent(): boolean {
    return performance.now() - this.since >= this.budgetMs;
  }

  async yield(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.since = performance.now();
  }
}
