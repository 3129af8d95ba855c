// An Avro value in the Confluent wire format, decoded through a real Apicurio Registry: the inspector shows
// the decoded value and "Avro · subject … v1 · id N", and the raw bytes on demand.
import avro from 'avsc';
import { startRegistry } from '../tools/registry/registry';
import { registerSchema } from '../tools/test/schemaRegistry';
import { ConsolePage } from './pages/ConsolePage';
import { BrowsePage } from './pages/SupportPages';
import { expect, test } from './support/fixtures';
import { uniqueName } from './support/kafkaSetup';
import { saveScreenshot } from './support/screenshots';

test('an Avro value decoded with its schema named, raw bytes on demand', async ({
  page,
  kafka,
  startConsole,
}) => {
  test.setTimeout(180_000);
  const registry = await startRegistry();
  try {
    const topic = uniqueName('avro');
    const schema = {
      type: 'record',
      name: 'Payment',
      fields: [
        { name: 'paymentId', type: 'string' },
        { name: 'amountMinor', type: 'long' },
      ],
    };
    const id = await registerSchema(registry.url, `${topic}-value`, 'AVRO', JSON.stringify(schema));
    const header = Buffer.alloc(5);
    header.writeUInt32BE(id, 1);
    const body = avro.Type.forSchema(schema as avro.Schema).toBuffer({
      paymentId: 'pay-9',
      amountMinor: 1250,
    });
    await kafka.produce(topic, 1, [{ key: 'pay-9', value: Buffer.concat([header, body]), partition: 0 }]);

    const app = await startConsole({ schemaRegistry: { url: registry.url } });
    await new ConsolePage(page).open(app.url, '#/browse');
    const browse = new BrowsePage(page);
    await browse.scanFromOldest(topic);
    await expect(browse.row(0, '0')).toContainText('"paymentId": "pay-9"');

    await browse.row(0, '0').click();
    const value = browse.inspectorValue();
    await expect(value).toHaveAttribute('data-kind', 'json');
    await expect(value.getByTestId('inspector-value-schema')).toHaveText(
      `Avro · subject ${topic}-value v1 · id ${id}`,
    );
    await expect(value.getByTestId('inspector-value-text')).toContainText('"amountMinor": 1250');
    await saveScreenshot(page, 'browse-avro');
    await value.getByRole('button', { name: 'Show raw bytes' }).click();
    await expect(value.getByTestId('inspector-value-text')).toContainText(
      `00 ${[...header.subarray(1)].map((b) => b.toString(16).padStart(2, '0')).join(' ')}`,
    );
    await value.getByRole('button', { name: 'Show decoded' }).click();
    await expect(value.getByTestId('inspector-value-text')).toContainText('"paymentId": "pay-9"');
  } finally {
    await registry.stop();
  }
});
