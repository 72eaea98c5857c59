// The report's chart, drawn here as SVG (no chart library, nothing from a CDN): per day, the
// share of places taken (utilisation) and the share of due meetings attended. The numbers are
// also in the table below it, for anyone who does not see the chart.
import type { ChartDay } from './report-figures';

export const UTIL_COLOUR = '#1d4ed8';
export const ATTEND_COLOUR = '#047857';

export function DayChart({ days, title }: { days: ChartDay[]; title: string }) {
  const width = Math.max(480, 60 + days.length * 44);
  const height = 260;
  const left = 44;
  const bottom = 40;
  const top = 16;
  const plotH = height - bottom - top;
  const step = (width - left - 16) / Math.max(1, days.length);
  const barW = Math.min(16, step / 3);
  const y = (share: number) => top + plotH * (1 - Math.max(0, Math.min(1, share)));
  const pct = (v: number | null) => (v === null ? '无数据' : `${Math.round(v * 100)}%`);
  const desc = days.map((d) => `${d.date}：利用率 ${pct(d.utilisation)}，到场率 ${pct(d.attendance)}`).join('；');
  return (
    <figure>
      <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="chart-title chart-desc">
        <title id="chart-title">{title}</title>
        <desc id="chart-desc">{desc}</desc>
        <g class="grid">
          {[0, 0.25, 0.5, 0.75, 1].map((t) => (
            <g key={t}>
              <line x1={left} x2={width - 8} y1={y(t)} y2={y(t)} />
              <text x={left - 6} y={y(t) + 4} text-anchor="end">
                {Math.round(t * 100)}%
              </text>
            </g>
          ))}
        </g>
        {days.map((d, i) => {
          const x = left + i * step + step / 2;
          return (
            <g key={d.date} data-date={d.date}>
              {d.utilisation !== null && (
                <rect class="bar-utilisation" x={x - barW - 1} y={y(d.utilisation)} width={barW} height={top + plotH - y(d.utilisation)} fill={UTIL_COLOUR}>
                  <title>{`${d.date} 利用率 ${pct(d.utilisation)}`}</title>
                </rect>
              )}
              {d.attendance !== null && (
                <rect class="bar-attendance" x={x + 1} y={y(d.attendance)} width={barW} height={top + plotH - y(d.attendance)} fill={ATTEND_COLOUR}>
                  <title>{`${d.date} 到场率 ${pct(d.attendance)}`}</title>
                </rect>
              )}
              <text x={x} y={height - bottom + 16} text-anchor="middle">
                {d.date.slice(5)}
              </text>
            </g>
          );
        })}
        <line x1={left} x2={width - 8} y1={top + plotH} y2={top + plotH} stroke="#212529" />
      </svg>
      <figcaption>
        <ul class="legend">
          <li>
            <span class="swatch swatch-utilisation" />
            利用率（占用名额 ÷ 提供名额）
          </li>
          <li>
            <span class="swatch swatch-attendance" />
            到场率（到场 ÷ 到场与未到）
          </li>
        </ul>
      </figcaption>
    </figure>
  );
}
