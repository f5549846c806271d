import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { t } from '../i18n';
import { type Overview } from '../types';

const SERIES = [
  { key: 'received', color: '#1f6feb' },
  { key: 'resolved', color: '#8250df' },
  { key: 'efiles', color: '#1a7f37' },
] as const;

/** Dossiers received and resolved, and e-files made, per day of the period. */
export function TrendChart({ daily }: { daily: Overview['daily'] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const days = daily.map((d) => Date.parse(`${d.day}T00:00:00+07:00`) / 1000);
    const chart = new uPlot(
      {
        width: element.clientWidth,
        height: 240,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Asia/Ho_Chi_Minh'),
        legend: { live: false },
        series: [
          { label: t('day') },
          ...SERIES.map((s) => ({ label: t(s.key), stroke: s.color, width: 2, points: { show: false } })),
        ],
        axes: [{}, { size: 50 }],
        scales: { y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      },
      [days, ...SERIES.map((s) => daily.map((d) => d[s.key]))],
      element,
    );
    const resize = new ResizeObserver(() => chart.setSize({ width: element.clientWidth, height: 240 }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [daily]);
  return <div class="chart" ref={box} data-testid="trend-chart" />;
}
