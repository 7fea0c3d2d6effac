// Just enough HTML reading for the fuzz test's crawler: links, and forms with their fields,
// as the server rendered them (React writes attributes in double quotes).

export interface FormField {
  name: string;
  kind: 'input' | 'select' | 'textarea' | 'button';
  type: string;
  value: string;
  options: string[];
}

export interface PageForm {
  action: string;
  method: string;
  enctype: string;
  fields: FormField[];
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  quot: '"',
  lt: '<',
  gt: '>',
  apos: "'",
  '#x27': "'",
  '#39': "'",
};
export const decodeEntities = (s: string) =>
  s.replace(
    /&(#x?[0-9a-f]+|[a-z]+);/gi,
    (m, e: string) =>
      ENTITIES[e.toLowerCase()] ??
      (e.startsWith('#x')
        ? String.fromCodePoint(parseInt(e.slice(2), 16))
        : e.startsWith('#')
          ? String.fromCodePoint(Number(e.slice(1)))
          : m),
  );

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:-]+)(?:="([^"]*)")?/g))
    out[m[1].toLowerCase()] = decodeEntities(m[2] ?? '');
  return out;
}

export function links(html: string): string[] {
  return [...html.matchAll(/<a\b[^>]*\shref="([^"]+)"/gi)].map((m) => decodeEntities(m[1]));
}

export function forms(html: string): PageForm[] {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)].map((m) => {
    const a = attrs(m[1]);
    const body = m[2];
    const fields: FormField[] = [];
    for (const i of body.matchAll(/<input\b([^>]*)>/gi)) {
      const f = attrs(i[1]);
      if (f.name)
        fields.push({
          name: f.name,
          kind: 'input',
          type: f.type ?? 'text',
          value: f.value ?? '',
          options: [],
        });
    }
    for (const s of body.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/gi)) {
      const f = attrs(s[1]);
      const options = [...s[2].matchAll(/<option\b([^>]*)>/gi)].map((o) => attrs(o[1]).value ?? '');
      if (f.name)
        fields.push({
          name: f.name,
          kind: 'select',
          type: 'select',
          value: options.find(Boolean) ?? '',
          options,
        });
    }
    for (const t of body.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/gi)) {
      const f = attrs(t[1]);
      if (f.name)
        fields.push({
          name: f.name,
          kind: 'textarea',
          type: 'textarea',
          value: decodeEntities(t[2]),
          options: [],
        });
    }
    for (const b of body.matchAll(/<button\b([^>]*)>/gi)) {
      const f = attrs(b[1]);
      if (f.name)
        fields.push({ name: f.name, kind: 'button', type: 'submit', value: f.value ?? '', options: [] });
    }
    return {
      action: a.action ?? '',
      method: (a.method ?? 'get').toLowerCase(),
      enctype: a.enctype ?? 'application/x-www-form-urlencoded',
      fields,
    };
  });
}
