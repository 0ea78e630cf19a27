/**
 * What changed between two versions of a proposal text, line by line (the
 * longest common subsequence), for members to see at a glance: `- ` removed,
 * `+ ` added, unchanged lines elided to one line of context.
 */
export function lineDiff(before: string, after: string, maxLines = 40): string {
  const a = before.split('\n');
  const b = after.split('\n');
  // Texts are capped at 4,000 characters, so the table stays small.
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      const row = lcs[i] as number[];
      row[j] = a[i] === b[j] ? ((lcs[i + 1] as number[])[j + 1] as number) + 1 : Math.max((lcs[i + 1] as number[])[j] as number, row[j + 1] as number);
    }
  }
  const ops: { op: ' ' | '-' | '+'; line: string }[] = [];
  let i = 0;
  let j = 0;
  const at = (x: number, y: number): number => (lcs[x] as number[])[y] as number;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ op: ' ', line: a[i] as string });
      i++;
      j++;
    } else if (i < a.length && (j >= b.length || at(i + 1, j) >= at(i, j + 1))) {
      // Removed lines before the lines that replace them, as in a unified diff.
      ops.push({ op: '-', line: a[i] as string });
      i++;
    } else {
      ops.push({ op: '+', line: b[j] as string });
      j++;
    }
  }
  if (!ops.some((o) => o.op !== ' ')) return '(the text is unchanged)';
  const keep = ops.map((o, k) => o.op !== ' ' || ops[k - 1]?.op !== ' ' || ops[k + 1]?.op !== ' ');
  const lines: string[] = [];
  let skipped = false;
  ops.forEach((o, k) => {
    if (!keep[k]) {
      if (!skipped) lines.push('  …');
      skipped = true;
      return;
    }
    skipped = false;
    lines.push(`${o.op} ${o.line}`);
  });
  return lines.length > maxLines ? [...lines.slice(0, maxLines), `… (${lines.length - maxLines} more lines: \`proposal show\`)`].join('\n') : lines.join('\n');
}
