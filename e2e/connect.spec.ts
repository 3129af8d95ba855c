// The connect form explains a malformed bootstrap list next to the field, and connects once it is right.
import { ConnectPage } from './pages/ConnectPage';
import { ConsolePage } from './pages/ConsolePage';
import { expect, test } from './support/fixtures';
import { saveScreenshot } from './support/screenshots';

test('rejects a malformed bootstrap string inline, then connects', async ({
  page,
  startConsole,
  kafkaBootstrap,
}) => {
  const app = await startConsole({ bootstrap: null });
  const shell = new ConsolePage(page);
  await shell.open(app.url);
  await expect(shell.connectionState).toHaveText('Not connected to a cluster');

  const connect = new ConnectPage(page);
  await expect(connect.form).toBeVisible();
  await connect.connectTo('foo');
  await expect(connect.problem).toHaveText(
    'Invalid bootstrap server: "foo" has no port; write host:port, e.g. localhost:9092',
  );
  await expect(connect.bootstrapInput).toHaveAttribute('aria-invalid', 'true');
  await saveScreenshot(page, 'connect-invalid');
  // Nothing was sent: the backend is still without a cluster.
  await expect(shell.connectionState).toHaveText('Not connected to a cluster');

  await connect.connectTo('kafka:99999');
  await expect(connect.problem).toHaveText('Invalid bootstrap server: port 99999 is outside 1-65535');

  await connect.connectTo(kafkaBootstrap);
  await expect(connect.problem).toHaveCount(0);
  await expect(shell.connectionState).toContainText(`Connected to ${kafkaBootstrap.split(',')[0]}`);
  // Connected, the console opens its home page; the cluster facts are one click away.
  await expect(page.getByTestId('health-headline')).toBeVisible();
  await shell.goToCluster();
  await expect(page.getByTestId('fact-brokers')).toHaveText('1');
});
