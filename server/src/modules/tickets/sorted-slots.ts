/**
 * Slot numbers kept in the order `compare` gives (which must tell any two slots apart), in one
 * typed array: a list walks it from a binary-searched start and stops after its page. Inserting
 * or removing moves the tail with one copy, a fraction of a millisecond at a million slots, and
 * new tickets usually land at the end.
 */
export class SortedSlots {
  private slots = new Uint32Array(1024);
  private count = 0;

  constructor(private readonly compare: (a: number, b: number) => number) {}

  get length(): number {
    return this.count;
  }

  at(index: number): number {
    return this.slots[index]!;
  }

  /** The first index whose slot `compareToKey` does not put before the key (`strict`: after it). */
  search(compareToKey: (slot: number) => number, strict = false): number {
    let low = 0;
    let high = this.count;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const order = compareToKey(this.slots[middle]!);
      if (order < 0 || (strict && order === 0)) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  insert(slot: number): void {
    const index = this.search((other) => this.compare(other, slot), true);
    this.reserve(this.count + 1);
    this.slots.copyWithin(index + 1, index, this.count);
    this.slots[index] = slot;
    this.count += 1;
  }

  /** Removes a slot; call it before the slot's sort values change, so it is found where it sits. */
  remove(slot: number): void {
    const index = this.search((other) => this.compare(other, slot));
    if (this.slots[index] !== slot || index >= this.count) throw new Error(`slot ${slot} is not where its sort values place it`);
    this.slots.copyWithin(index, index + 1, this.count);
    this.count -= 1;
  }

  /** Replaces the content with these slots, sorted once (loading a whole directory). */
  reset(slots: Iterable<number>): void {
    const all = Uint32Array.from(slots);
    // A snapshot comes in reference order, which is creation order: checking costs far less than sorting.
    let sorted = true;
    for (let index = 1; index < all.length && sorted; index += 1) sorted = this.compare(all[index - 1]!, all[index]!) <= 0;
    if (!sorted) all.sort(this.compare);
    this.slots = new Uint32Array(Math.max(1024, Math.ceil(all.length * 1.25)));
    this.slots.set(all);
    this.count = all.length;
  }

  private reserve(size: number): void {
    if (size <= this.slots.length) return;
    const larger = new Uint32Array(this.slots.length * 2);
    larger.set(this.slots.subarray(0, this.count));
    this.slots = larger;
  }
}
