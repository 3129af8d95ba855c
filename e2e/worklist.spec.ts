// The shared worklist across two consoles: two people assign the same payment at the same moment, one wins
// and both screens show the winner; a note from one appears in the other; the Worklist page filters by person.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKafkajsRecords } from '../main/core/kafka/kafkajsRecords';
import { createMapTopics } from '../main/core/test/testPipeline';
import { isolatedPipelineMap } from '../shared/pipelineMap';
import { ConsolePage } from './pages/ConsolePage';
import { WorklistListPage, WorklistPanel } from './pages/WorklistPages';
import { expect, test } from './support/fixtures';
import { uniqueName } from './support/kafkaSetup';
import { saveScreenshot } from './support/screenshots';

test('two consoles assigning the same payment agree on the winner; notes and the list follow', async ({
  browser,
  startConsole,
  kafkaBootstrap,
}) => {
  const prefix = uniqueName('worklist-e2e');
  const dir = mkdtempSync(join(tmpdir(), 'eventdesk-worklist-e2e-'));
  const mapPath = join(dir, 'map.json');
  const map = isolatedPipelineMap(prefix, [{ name: 'receipts' }]);
  writeFileSync(mapPath, JSON.stringify(map));
  const records = createKafkajsRecords({ brokers: [kafkaBootstrap] });
  await createMapTopics(records, map, 1);
  await records.close();
  const paymentId = `${prefix}-pay-1`;
  const consoleA = await startConsole({ pipelineMapPath: mapPath, who: 'ana' });
  const consoleB = await startConsole({ pipelineMapPath: mapPath, who: 'ben' });
  const contextA = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const contextB = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  try {
    const pageA = await contextA.newPage();
    const pageB = await contextB.newPage();
    await new ConsolePage(pageA).open(consoleA.url, `#/payments/${encodeURIComponent(paymentId)}`);
    await new ConsolePage(pageB).open(consoleB.url, `#/payments/${encodeURIComponent(paymentId)}`);
    const panelA = new WorklistPanel(pageA);
    const panelB = new WorklistPanel(pageB);
    await expect(panelA.assignee).toHaveText('Unassigned', { timeout: 20_000 });
    await expect(panelB.assignee).toHaveText('Unassigned', { timeout: 20_000 });

    // Both click at the same moment, each based on the unassigned item they see.
    await Promise.all([panelA.assignToMe.click(), panelB.assignToMe.click()]);
    await expect(panelA.assignee).not.toHaveText('Unassigned', { timeout: 10_000 });
    const winnerText = (await panelA.assignee.textContent()) ?? '';
    expect(['Assigned to ana', 'Assigned to ben']).toContain(winnerText);
    await expect(panelB.assignee).toHaveText(winnerText, { timeout: 10_000 });
    const loser = winnerText === 'Assigned to ana' ? panelB : panelA;
    const winner = winnerText === 'Assigned to ana' ? 'ana' : 'ben';
    await expect(loser.conflict).toHaveText(`${winner} took it first; their change stands.`);
    await saveScreenshot(loser.page, 'worklist-conflict');

    await panelA.addNote('Customer wrote in: no receipt');
    await expect(panelB.log).toContainText('ana: Customer wrote in: no receipt', { timeout: 10_000 });

    await pageB.getByTestId('nav-worklist').click();
    const list = new WorklistListPage(pageB);
    await list.assigneeFilter.selectOption(winner);
    await expect(list.rows).toHaveCount(1);
    await expect(list.rows.first()).toContainText(paymentId);
    await expect(list.rows.first()).toContainText('ana: Customer wrote in: no receipt');
    await saveScreenshot(pageB, 'worklist-page');
    await list.assigneeFilter.selectOption('');
    await expect(list.rows).toHaveCount(0);
  } finally {
    await contextA.close();
    await contextB.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
