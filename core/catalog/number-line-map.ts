/**
 * number → line (codes up to 999999999, EAN keys up to ~2e14) in two typed
 * arrays with open addressing: ~12 bytes a slot instead of a Map entry's
 * ~50+, so a million rows cost ~25 MB, not ~100.
 */
export class NumberLineMap {
  private keys = new Float64Array(1 << 12);
  private lines = new Int32Array(1 << 12);
  private size = 0;

  private slot(keys: Float64Array, k: number): number {
    const mask = keys.length - 1;
    let h = (Math.imul(k % 4294967296 | 0, 0x9e3779b1) ^ ((k / 4294967296) | 0)) & mask;
    while (keys[h] !== 0 && keys[h] !== k) h = (h + 1) & mask;
    return h;
  }

  /** k > 0 */
  get(k: number): number | undefined {
    return this.lineAt(this.slot(this.keys, k));
  }

  set(k: number, line: number): void {
    this.putAt(this.slotFor(k), k, line);
  }

  /** The slot holding k, or the empty one where k goes (valid until the next slotFor/set: room is made first). */
  slotFor(k: number): number {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    return this.slot(this.keys, k);
  }

  lineAt(slot: number): number | undefined {
    return this.keys[slot] !== 0 ? this.lines[slot] : undefined;
  }

  putAt(slot: number, k: number, line: number): void {
    if (this.keys[slot] !== k) this.size++;
    this.keys[slot] = k;
    this.lines[slot] = line;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldLines = this.lines;
    this.keys = new Float64Array(oldKeys.length * 2);
    this.lines = new Int32Array(oldKeys.length * 2);
    for (let i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] === 0) continue;
      const h = this.slot(this.keys, oldKeys[i]);
      this.keys[h] = oldKeys[i];
      this.lines[h] = oldLines[i];
    }
  }
}
