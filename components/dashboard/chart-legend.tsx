/**
 * Plain HTML legend. Recharts' own legend gives every icon an aria-label ("<series> legend icon"),
 * which pollutes label-based lookups such as getByLabel("To") with series named "…predictor".
 */
export function ChartLegend(props: { items: { label: string; color: string }[] }) {
  return (
    <ul className="chart-legend">
      {props.items.map((item) => (
        <li key={item.label}>
          <span className="chart-legend-swatch" style={{ background: item.color }} aria-hidden="true" />
          {item.label}
        </li>
      ))}
    </ul>
  );
}
