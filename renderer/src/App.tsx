// Picks the screen for the current route; without a cluster, the connect form is the only screen.
import { AuditPage } from './features/audit/AuditPage';
import { BrowsePage } from './features/browse/BrowsePage';
import { ConnectPage } from './features/connect/ConnectPage';
import { DeadLettersPage } from './features/dlq/DeadLettersPage';
import { GroupDetailPage } from './features/groupDetail/GroupDetailPage';
import { GroupsPage } from './features/groups/GroupsPage';
import { HomePage } from './features/home/HomePage';
import { OverviewPage } from './features/overview/OverviewPage';
import { PaymentsPage } from './features/payments/PaymentsPage';
import { PipelineMapPage } from './features/pipelineMap/PipelineMapPage';
import { JobsPage } from './features/redelivery/JobsPage';
import { SettingsPage } from './features/settings/SettingsPage';
import { AppShell } from './features/shell/AppShell';
import type { Route } from './features/shell/route';
import { useConnectionSummary } from './features/shell/useConnectionSummary';
import { navigate, useRoute } from './features/shell/useRoute';
import { TopicDetailPage } from './features/topicDetail/TopicDetailPage';
import { TopicsPage } from './features/topics/TopicsPage';
import { WorklistPage } from './features/worklist/WorklistPage';

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'home':
      return <HomePage />;
    case 'cluster':
      return <OverviewPage />;
    case 'topics':
      return <TopicsPage />;
    case 'topic':
      return <TopicDetailPage key={route.topic} topic={route.topic} />;
    case 'groups':
      return <GroupsPage />;
    case 'group':
      return <GroupDetailPage key={route.groupId} groupId={route.groupId} />;
    case 'payments':
      return <PaymentsPage key={route.stage ?? ''} paymentId={route.paymentId} stage={route.stage} />;
    case 'dlq':
      return <DeadLettersPage key={route.topic ?? ''} topic={route.topic} />;
    case 'browse':
      return <BrowsePage key={route.topic ?? ''} initialTopic={route.topic} />;
    case 'jobs':
      return <JobsPage />;
    case 'audit':
      return <AuditPage />;
    case 'worklist':
      return <WorklistPage />;
    case 'map':
      return <PipelineMapPage />;
    case 'settings':
      return <SettingsPage />;
    case 'connect':
      return null;
  }
}

export function App() {
  const route = useRoute();
  const summary = useConnectionSummary();
  const needsCluster =
    summary.status?.state === 'disconnected' || summary.statusError?.code === 'not_connected';
  const showConnect = route.page === 'connect' || needsCluster;
  return (
    <AppShell route={showConnect ? { page: 'connect' } : route} summary={summary}>
      {showConnect ? (
        <ConnectPage
          // Remount once the current bootstrap list is known, so the field starts with it.
          key={summary.status ? 'known' : 'unknown'}
          initialValue={summary.status?.bootstrap.join(',') ?? ''}
          firstTime={needsCluster}
          onConnected={() => navigate({ page: 'home' })}
        />
      ) : (
        <Page route={route} />
      )}
    </AppShell>
  );
}
