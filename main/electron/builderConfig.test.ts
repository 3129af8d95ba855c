// electron-builder.yml carries security decisions (fuses, asar, what ships): pin them with a test.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..', '..');
const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string };

describe('electron-builder.yml', () => {
  it('is valid against electron-builder’s own configuration schema', () => {
    const schema = JSON.parse(
      readFileSync(join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8'),
    ) as object;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const valid = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
    expect(valid).toBe(true);
    // Compiling electron-builder's large schema takes seconds on a busy machine.
  }, 30_000);

  it('declares the eventdesk:// scheme, so links in tickets open the app', () => {
    expect(config.protocols).toEqual([{ name: 'Eventdesk link', schemes: ['eventdesk'] }]);
  });

  it('names the app', () => {
    expect(config.appId).toBe('dev.eventdesk.console');
    expect(config.productName).toBe('Eventdesk');
    expect(config.directories).toMatchObject({ output: 'release', buildResources: 'resources' });
  });

  it('flips the security fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs into asar, ships the built output only, and keeps the bridge out', () => {
    expect(config.asar).toBe(true);
    const files = config.files as string[];
    expect(files).toEqual(expect.arrayContaining(['dist/**', 'package.json', '!dist/main/bridge/**']));
    expect(files.some((f) => /^(main|renderer|shared|services)\//.test(f))).toBe(false);
    expect(pkg.main).toBe('dist/main/electron/main.cjs');
  });

  it('builds the installers for each platform', () => {
    expect((config.linux as { target: string[] }).target).toEqual(['AppImage', 'deb']);
    expect((config.win as { target: string[] }).target).toEqual(['nsis']);
    expect((config.mac as { target: string[] }).target).toEqual(['dmg']);
  });
});
