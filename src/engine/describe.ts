/** Small wording helpers shared by the rule evaluators, so that messages read the same everywhere. */
export function plural(type: string, n: number): string {
  const noun = type.replace(/_/g, ' ');
  if (n === 1) return `${n} ${noun}`;
  if (/[^aeiou]y$/.test(noun)) return `${n} ${noun.slice(0, -1)}ies`;
  if (/(s|x|ch|sh)$/.test(noun)) return `${n} ${noun}es`;
  return `${n} ${noun}s`;
}

export function percent(ratio: number): string {
  return `${Math.round(ratio * 1000) / 10}%`;
}
