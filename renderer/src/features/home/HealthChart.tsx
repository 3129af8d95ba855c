// Lag (records, left axis), outstanding dead letters and stuck payments (right axis) per stage over a chosen
// range, in the person's local time zone. Stages that stayed at zero are left out so the lines that matter stand out.
import { useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { HEALTH_RANGES_MS } from '../../../../shared/groups';
import { useHealthHistory } from '../../api/groups';
import { ErrorPanel, Loading } from '../../components/QueryStates';
import { formatClock, zoneName } from '../../format/time';
import { chartAnimation } from '../../testMode';
import { chartRows, timeTicks } from './homeRows';

const rangeLabels: Record<(typeof HEALTH_RANGES_MS)[number], string> = {
  [15 * 60_000]: '15 min',
  [60 * 60_000]: '1 h',
  [6 * 60 * 60_000]: '6 h',
  [24 * 60 * 60_000]: '24 h',
};

/** Distinct and readable on white; a stage keeps its colour for both of its lines. */
const palette = ['#1f5fbf', '#a8321f', '#1e7b45', '#8a5a00', '#6b3fa0', '#0f7c86', '#56606d'];

const hourMinute = (at: number) =>
  new Date(at).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });

export function HealthChart() {
  const [rangeMs, setRangeMs] = useState<number>(60 * 60_000);
  const history = useHealthHistory(rangeMs);
  const { rows, stages } = chartRows(history.data);
  const zone = zoneName(history.data?.to ?? 0);

  return (
    <section className="panel health-chart" aria-labelledby="health-chart-title" data-testid="health-chart">
      <div className="panel-head">
        <h2 id="health-chart-title">Lag, stuck and dead-lettered payments</h2>
        <div className="range-picker" role="group" aria-label="Chart range">
          {HEALTH_RANGES_MS.map((ms) => (
            <button
              key={ms}
              type="button"
              className="button-quiet"
              aria-pressed={rangeMs === ms}
              onClick={() => setRangeMs(ms)}
              data-testid={`range-${ms}`}
            >
              {rangeLabels[ms]}
            </button>
          ))}
        </div>
      </div>
      {!history.data && history.error ? <ErrorPanel error={history.error} what="health history" /> : null}
      {!history.data && !history.error ? <Loading what="the health history" /> : null}
      {history.data && stages.length === 0 ? (
        <p className="muted" data-testid="chart-quiet">
          No stage had lag, stuck payments or dead letters in this range.
        </p>
      ) : null}
      {history.data && stages.length > 0 ? (
        <div className="chart-box" data-testid="chart-lines" data-stages={stages.join(',')}>
          <p className="muted small chart-key">
            Solid: lag in records (left axis) · dashed: dead letters not redelivered · dotted: stuck payments
            (right axis; gaps where stuck payments were not computed), one colour per stage.
          </p>
          <ResponsiveContainer width="100%" height={280}>
            <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
              <CartesianGrid stroke="#e3e6ea" strokeDasharray="3 3" />
              <XAxis
                dataKey="at"
                type="number"
                scale="time"
                domain={[history.data.from, history.data.to]}
                ticks={timeTicks(history.data.from, history.data.to)}
                tickFormatter={hourMinute}
                label={{ value: `time (${zone})`, position: 'insideBottom', offset: -14 }}
              />
              <YAxis
                yAxisId="lag"
                allowDecimals={false}
                label={{ value: 'lag (records)', angle: -90, position: 'insideLeft', offset: 4 }}
              />
              <YAxis
                yAxisId="dead"
                orientation="right"
                allowDecimals={false}
                label={{ value: 'payments', angle: 90, position: 'insideRight', offset: 4 }}
              />
              <Tooltip labelFormatter={(at) => `${formatClock(Number(at))} ${zone}`} />
              <Legend verticalAlign="top" height={28} />
              {stages.flatMap((stage, i) => [
                <Line
                  key={`lag:${stage}`}
                  yAxisId="lag"
                  dataKey={`lag:${stage}`}
                  name={stage}
                  stroke={palette[i % palette.length]}
                  dot={false}
                  strokeWidth={2}
                  isAnimationActive={chartAnimation}
                />,
                <Line
                  key={`dead:${stage}`}
                  yAxisId="dead"
                  dataKey={`dead:${stage}`}
                  name={`${stage} dead letters`}
                  legendType="none"
                  stroke={palette[i % palette.length]}
                  strokeDasharray="6 3"
                  dot={false}
                  strokeWidth={2}
                  isAnimationActive={chartAnimation}
                />,
                <Line
                  key={`stuck:${stage}`}
                  yAxisId="dead"
                  dataKey={`stuck:${stage}`}
                  name={`${stage} stuck payments`}
                  legendType="none"
                  stroke={palette[i % palette.length]}
                  strokeDasharray="2 3"
                  dot={false}
                  strokeWidth={2}
                  isAnimationActive={chartAnimation}
                />,
              ])}
            </LineChart>
          </ResponsiveContainer>
        </div>
      ) : null}
    </section>
  );
}
