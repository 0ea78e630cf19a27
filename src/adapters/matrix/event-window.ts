/**
 * The ids of the most recent events taken, bounded: enough to recognise a
 * batch the homeserver sends again (after a crash, a retried request, or a
 * gap fill overlapping the timeline) without growing for ever.
 */
export class EventWindow {
  private readonly ids: Set<string>;

  constructor(
    initial: readonly string[],
    private readonly capacity = 2000,
  ) {
    this.ids = new Set(initial.slice(-capacity));
  }

  has(eventId: string): boolean {
    return this.ids.has(eventId);
  }

  add(eventId: string): void {
    if (this.ids.has(eventId)) return;
    this.ids.add(eventId);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next();
      if (!oldest.done) this.ids.delete(oldest.value);
    }
  }

  /** Oldest first, as persisted. */
  list(): readonly string[] {
    return [...this.ids];
  }
}
