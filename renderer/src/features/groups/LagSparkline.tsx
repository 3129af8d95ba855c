// A tiny line of recent total lag, so a growing backlog is visible without opening the group.
import { Line, LineChart, YAxis } from 'recharts';
import type { LagSample } from '../../../../shared/groups';
import { chartAnimation } from '../../testMode';
import { lagTrend, sparklinePoints } from './groupRows';

/** Leaves a quarter of the height above the highest point, so a flat line does not sit on the top edge. */
const headroom = (dataMax: number) => (dataMax > 0 ? dataMax * 1.25 : 1);

const trendWords = {
  rising: 'rising',
  falling: 'falling',
  flat: 'steady',
  unknown: 'collecting…',
} as const;

export function LagSparkline({ history }: { history: LagSample[] }) {
  const trend = lagTrend(history);
  if (history.length < 2) {
    return (
      <span className="muted spark-empty" data-testid="lag-sparkline" data-trend={trend}>
        collecting…
      </span>
    );
  }
  return (
    <span className={`spark spark-${trend}`} data-testid="lag-sparkline" data-trend={trend}>
      {/* The word next to it says the same for screen readers; the drawing is decoration. */}
      <span aria-hidden="true" className="spark-chart">
        <LineChart
          width={96}
          height={24}
          data={sparklinePoints(history)}
          margin={{ top: 2, right: 2, bottom: 2, left: 2 }}
        >
          <YAxis hide domain={[0, headroom]} />
          <Line
            type="monotone"
            dataKey="lag"
            dot={false}
            strokeWidth={1.5}
            stroke="currentColor"
            isAnimationActive={chartAnimation}
          />
        </LineChart>
      </span>
      <span className="spark-word">{trendWords[trend]}</span>
    </span>
  );
}
