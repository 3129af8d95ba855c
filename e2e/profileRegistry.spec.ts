// A profile that names its own schema registry, typed in the editor: the field's problems as the person types,
// "Test connection" asks the registry too, and once connected, browse decodes Avro with that registry (the
// console itself was started with none).
import avro from 'avsc';
import { startRegistry } from '../tools/registry/registry';
import { registerSchema } from '../tools/test/schemaRegistry';
import { ConsolePage } from './pages/ConsolePage';
import { ProfileEditorPage } from './pages/ProfileEditorPage';
import { BrowsePage } from './pages/SupportPages';
import { expect, test } from './support/fixtures';
import { uniqueName } from './support/kafkaSetup';
import { saveScreenshot } from './support/screenshots';

test("a profile's own schema registry: checked as typed, tested, and decoding browse once connected", async ({
  page,
  kafka,
  kafkaBootstrap,
  startConsole,
}) => {
  test.setTimeout(180_000);
  const registry = await startRegistry();
  try {
    const topic = uniqueName('profile-avro');
    const schema = { type: 'record', name: 'Receipt', fields: [{ name: 'paymentId', type: 'string' }] };
    const id = await registerSchema(registry.url, `${topic}-value`, 'AVRO', JSON.stringify(schema));
    const header = Buffer.alloc(5);
    header.writeUInt32BE(id, 1);
    const body = avro.Type.forSchema(schema as avro.Schema).toBuffer({ paymentId: 'pay-314' });
    await kafka.produce(topic, 1, [{ key: 'pay-314', value: Buffer.concat([header, body]), partition: 0 }]);

    const app = await startConsole({ bootstrap: null });
    const shell = new ConsolePage(page);
    await shell.open(app.url);
    const editor = new ProfileEditorPage(page);
    await editor.field('Profile name').fill('with-registry');
    await editor.field('Broker addresses (host:port, comma-separated)').fill(kafkaBootstrap);

    // Closed until asked for; a sign-in chosen without its fields opens it and names each.
    const more = page.getByTestId('profile-more');
    await expect(more).not.toHaveAttribute('open');
    await more.locator('summary').click();
    await editor.field('Schema registry sign-in').selectOption('basic');
    await editor.connectButton.click();
    await expect(editor.problem('schemaRegistryUrl')).toHaveText(
      'schemaRegistryUrl: Registry credentials need the registry URL',
    );
    await expect(editor.problem('schemaRegistryUsername')).toContainText('needs a user name');
    await editor.field('Schema registry URL (Confluent-compatible API)').fill('http://reader:pw@host:8081');
    await expect(editor.problem('schemaRegistryUrl')).toHaveText(
      'schemaRegistryUrl: Give the registry credentials in their own fields, not in the URL',
    );
    await expect(shell.connectionState).toHaveText('Not connected to a cluster');

    await editor.field('Schema registry sign-in').selectOption('none');
    await editor.field('Schema registry URL (Confluent-compatible API)').fill(registry.url);
    await expect(editor.problem('schemaRegistryUrl')).toHaveCount(0);
    await editor.testButton.click();
    await expect(editor.step('metadata')).toHaveAttribute('data-outcome', 'ok');
    await expect(editor.step('registry')).toHaveAttribute('data-outcome', 'ok');
    await expect(editor.step('registry')).toContainText(`${registry.url} answered:`);
    await expect(editor.step('registry')).toBeInViewport();
    await saveScreenshot(page, 'profile-editor-registry-tested');

    await editor.connectButton.click();
    await expect(shell.connectionState).toContainText(`Connected to ${kafkaBootstrap.split(',')[0]}`);
    await shell.open(app.url, '#/browse');
    const browse = new BrowsePage(page);
    await browse.scanFromOldest(topic);
    await expect(browse.row(0, '0')).toContainText('"paymentId": "pay-314"');
    await browse.row(0, '0').click();
    await expect(browse.inspectorValue().getByTestId('inspector-value-schema')).toHaveText(
      `Avro · subject ${topic}-value v1 · id ${id}`,
    );
  } finally {
    await registry.stop();
  }
});
