/**
 * JSON for results too large for one string (a distribution's every edge runs past V8's string
 * limit): written in pieces, formatted exactly as JSON.stringify(value, null, 2) would.
 */

/** Writes `value` as indented JSON through `write`, in chunks of about 64 KiB. */
export function writeJson(value: unknown, write: (s: string) => void): void {
  let buf = '';
  const out = (s: string) => {
    buf += s;
    if (buf.length > 65536) {
      write(buf);
      buf = '';
    }
  };
  const walk = (v: unknown, indent: string): void => {
    if (v === null || typeof v !== 'object') {
      out(JSON.stringify(v) ?? 'null');
      return;
    }
    if (typeof (v as { toJSON?: unknown }).toJSON === 'function') {
      walk((v as { toJSON: () => unknown }).toJSON(), indent);
      return;
    }
    const inner = indent + '  ';
    if (Array.isArray(v)) {
      if (!v.length) return out('[]');
      out('[');
      v.forEach((x, i) => {
        out(`${i ? ',' : ''}\n${inner}`);
        walk(x === undefined || typeof x === 'function' ? null : x, inner);
      });
      out(`\n${indent}]`);
      return;
    }
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined && typeof x !== 'function');
    if (!entries.length) return out('{}');
    out('{');
    entries.forEach(([k, x], i) => {
      out(`${i ? ',' : ''}\n${inner}${JSON.stringify(k)}: `);
      walk(x, inner);
    });
    out(`\n${indent}}`);
  };
  walk(value, '');
  out('\n');
  if (buf) write(buf);
}
