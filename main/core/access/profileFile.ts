// A profiles file for the browser console (`npm run console -- --profiles FILE`): a JSON array of connection
// profiles. Secrets in it may only be named (a file or an environment variable): a password written into
// the file itself would be a secret stored in plain text, so it is refused.
import { z } from 'zod';
import { connectionProfileSchema, type ConnectionProfile } from '../../../shared/access';
import { SECRET_FIELDS } from './profileStore';

const profilesFileSchema = z.array(connectionProfileSchema).superRefine((profiles, ctx) => {
  const seen = new Set<string>();
  profiles.forEach((p, i) => {
    if (seen.has(p.name))
      ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `"${p.name}" appears twice` });
    seen.add(p.name);
    for (const field of SECRET_FIELDS) {
      const from = p[field]?.from;
      if (from === 'value' || from === 'keep')
        ctx.addIssue({
          code: 'custom',
          path: [i, field],
          message: `name a file ({"from":"file","path":…}) or a variable ({"from":"env","name":…}); a secret is never kept in the profiles file`,
        });
    }
  });
});

/** The profiles in `text`, or every problem as `[index].field: message` lines. */
export function parseProfilesFile(
  text: string,
): { ok: true; profiles: ConnectionProfile[] } | { ok: false; problems: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`not JSON: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const parsed = profilesFileSchema.safeParse(json);
  if (parsed.success) return { ok: true, profiles: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => {
      const [index, ...rest] = i.path.map(String);
      return index === undefined
        ? i.message
        : `[${index}]${rest.length ? `.${rest.join('.')}` : ''}: ${i.message}`;
    }),
  };
}
