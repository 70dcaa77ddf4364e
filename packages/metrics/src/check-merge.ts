/**
 * Refuses to merge the state of a different metric class: `Precision` and `Recall` (or `Mean` and
 * `BinaryAccuracy`) share a state layout, so a mix-up would otherwise give a plausible wrong number.
 */
export function checkMergeable(self: object, other: unknown, name: string): void {
  const ours = self.constructor;
  const theirs = typeof other === 'object' && other !== null ? other.constructor : undefined;
  if (theirs !== ours) {
    const got = theirs?.name ?? (other === null ? 'null' : typeof other);
    throw new Error(`${name}: merge expects another ${ours.name}, received ${got}`);
  }
}
