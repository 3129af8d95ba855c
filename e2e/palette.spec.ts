// The keyboard way through the console: Ctrl+K jumps to a payment id or a topic; "?" lists the shortcuts.
import { ConsolePage } from './pages/ConsolePage';
import { expect, test } from './support/fixtures';
import { uniqueName } from './support/kafkaSetup';
import { saveScreenshot } from './support/screenshots';

test('Ctrl+K opens a payment by id and a topic by name; "?" shows the shortcuts', async ({
  page,
  kafka,
  startConsole,
}) => {
  const topic = uniqueName('palette-topic');
  await kafka.createTopicWithRecords(topic, [1]);
  const app = await startConsole();
  await page.setViewportSize({ width: 1280, height: 720 });
  const shell = new ConsolePage(page);
  await shell.open(app.url, '#/cluster');
  await expect(shell.connectionState).toContainText('Connected to');

  await page.keyboard.press('Control+K');
  const input = page.getByTestId('palette-input');
  await expect(input).toBeFocused();
  await input.fill('pay_from_the_phone');
  await expect(page.getByTestId('palette-item').first()).toHaveText('Open payment pay_from_the_phone');
  await saveScreenshot(page, 'palette');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('timeline-payment-id')).toHaveText('pay_from_the_phone');
  await expect(input).toHaveCount(0);
  await expect(page.getByTestId('payment-lookup')).toHaveCount(1);

  // From one payment to the next: the page keeps one lookup box, holding the new id.
  await page.keyboard.press('Control+K');
  await page.getByTestId('palette-input').fill('pay_second_call');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('timeline-payment-id')).toHaveText('pay_second_call');
  await expect(page.getByTestId('payment-lookup')).toHaveCount(1);
  await expect(page.getByTestId('payment-lookup')).toHaveValue('pay_second_call');

  await page.keyboard.press('Control+K');
  await page.getByTestId('palette-input').fill(topic);
  // The topic itself, not "Open payment <name>": once the topic list is in, it is offered under Topics.
  const topicItem = page.getByRole('option', { name: topic, exact: true });
  await expect(topicItem).toHaveCount(1);
  await topicItem.click();
  await expect(page.getByTestId('topic-title')).toHaveText(topic);

  await page.locator('body').press('?');
  await expect(page.getByTestId('shortcut-help')).toContainText('Ctrl+K');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcut-help')).toHaveCount(0);
});
