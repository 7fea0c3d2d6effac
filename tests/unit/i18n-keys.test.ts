// Every literal message key the code uses exists in both languages, and both languages have
// the same keys: a missing word would show up as a raw key on someone's screen.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resources } from '~/i18n/messages.server';

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? files(full) : /\.(ts|tsx)$/.test(e.name) ? [full] : [];
  });
}

function flatten(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' ? flatten(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

const zh = new Set(flatten(resources.zh));
const en = new Set(flatten(resources.en));
// languages count differently (English: one, other; Chinese: other alone), so plural forms
// are compared by the message they belong to
const PLURAL = /_(zero|one|two|few|many|other)$/;
const messagesOf = (keys: Set<string>) => new Set([...keys].map((k) => k.replace(PLURAL, '')));
const NAMESPACES = new Set([...zh].map((k) => k.split('.')[0]));

describe('messages', () => {
  it('both languages have the same messages', () => {
    const [zhMessages, enMessages] = [messagesOf(zh), messagesOf(en)];
    expect([...zhMessages].filter((k) => !enMessages.has(k))).toEqual([]);
    expect([...enMessages].filter((k) => !zhMessages.has(k))).toEqual([]);
  });

  it('an English message that counts has both forms', () => {
    const counted = [...en].filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, ''));
    expect(counted.filter((k) => !en.has(`${k}_one`) || !en.has(`${k}_other`))).toEqual([]);
  });

  it('every key the code names exists', () => {
    const used = new Set<string>();
    for (const file of [...files('app'), ...files('models')]) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/['"`]([a-z][A-Za-z]*\.[A-Za-z0-9_.]+)(?:\|[^'"`]*)?['"`]/g)) {
        const key = m[1];
        if (
          NAMESPACES.has(key.split('.')[0]) &&
          !key.endsWith('.') &&
          !/\.(ts|tsx|css|png|csv|xlsx|server|js)$/.test(key)
        )
          used.add(key);
      }
    }
    expect(used.size).toBeGreaterThan(100);
    // a counted message may exist only in its plural forms (`key_one`, `key_other`); a
    // group's name is used as the prefix of its words (`herd.kinds` + `.sale`)
    const groups = new Set(
      [...zh].flatMap((k) => {
        const parts = k.split('.');
        return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('.'));
      }),
    );
    const known = (k: string) => messagesOf(zh).has(k) || groups.has(k);
    expect([...used].filter((k) => !known(k)).sort()).toEqual([]);
  });
});
