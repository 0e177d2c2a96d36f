/** Quotes one argv entry for display only (nothing is ever run through a shell). */
export function quote(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}
