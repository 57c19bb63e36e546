import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { dumpScript } from './upgrade-fixture';

describe('dumpScript', () => {
  it('unzips a dump and leaves out the psql meta-commands around it', () => {
    const dump = [
      '\\restrict abc',
      'SET lock_timeout = 0;',
      "INSERT INTO public.t VALUES (1, 'a\\b');",
      '\\unrestrict abc',
    ];
    expect(dumpScript(gzipSync(dump.join('\n')))).toBe(
      "SET lock_timeout = 0;\nINSERT INTO public.t VALUES (1, 'a\\b');",
    );
  });
});
