// Charts with Chart.js, served by this server from its WebJar (no CDN). Loaded on first use only.
// Keep the version in step with <chartjs.version> in the root pom.xml.
const CHART_JS = '/webjars/chart.js/4.4.1/dist/chart.umd.js';

const PRESENT = '#1a7f37';
const ABSENT = '#c0392b';
const LINE = '#2457a6';

let loading = null;

function library() {
  if (window.Chart) return Promise.resolve(window.Chart);
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = CHART_JS;
    script.onload = () => resolve(window.Chart);
    script.onerror = () => {
      loading = null;
      script.remove();
      reject(new Error('the chart library did not load'));
    };
    document.head.append(script);
  });
  return loading;
}

const percentAxis = {
  min: 0,
  max: 100,
  ticks: {callback: (value) => `${value}%`},
};

function common() {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: {legend: {display: false}},
  };
}

/** Attendance rate (percent) per session over time, with the threshold as a dashed line. */
export async function lineChart(canvas, labels, values, threshold) {
  const Chart = await library();
  return new Chart(canvas, {
    type: 'line',
    data: {
      labels,
      datasets: [
        {label: 'Present', data: values, borderColor: LINE, backgroundColor: LINE, tension: 0.2, pointRadius: 4},
        {label: 'Threshold', data: labels.map(() => threshold), borderColor: ABSENT, borderDash: [6, 4],
          pointRadius: 0, borderWidth: 1},
      ],
    },
    options: {
      ...common(),
      scales: {y: percentAxis},
      plugins: {legend: {display: false},
        tooltip: {callbacks: {label: (item) => `${item.dataset.label}: ${item.formattedValue}%`}}},
    },
  });
}

/** Attendance rate (percent) per student; those below the threshold in red. */
export async function barChart(canvas, labels, values, flagged) {
  const Chart = await library();
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels,
      datasets: [{label: 'Attendance rate', data: values,
        backgroundColor: flagged.map((below) => (below ? ABSENT : PRESENT))}],
    },
    options: {
      ...common(),
      indexAxis: 'y',
      scales: {x: percentAxis},
      plugins: {legend: {display: false},
        tooltip: {callbacks: {label: (item) => `${item.formattedValue}%`}}},
    },
  });
}
