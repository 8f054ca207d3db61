/** The report's stylesheet, inlined so report.html opens offline with no other file. */
export const reportStyles = `
:root { color-scheme: light; --ink: #0f172a; --muted: #64748b; --line: #e2e8f0; --accent: #4f46e5; --pass: #059669; --fail: #dc2626; --skip: #94a3b8; }
* { box-sizing: border-box; }
body { margin: 0; background: #f8fafc; color: var(--ink); font: 14px/1.5 'Noto Sans', 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', 'Segoe UI', Helvetica, Arial, sans-serif; }
header { background: linear-gradient(120deg, #312e81, #4f46e5); color: white; padding: 28px 40px 24px; }
header h1 { margin: 0 0 4px; font-size: 22px; font-weight: 650; }
header p { margin: 0; opacity: .85; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 32px 48px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin: -44px 0 24px; }
.card { background: white; border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; box-shadow: 0 1px 2px rgba(15,23,42,.06); }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card .value { font-size: 22px; font-weight: 650; margin-top: 2px; }
.card .hint { color: var(--muted); font-size: 12px; }
section { margin-top: 28px; }
h3 { font-size: 14px; margin: 18px 0 8px; }
h2 { font-size: 17px; margin: 0 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); gap: 16px; }
figure { margin: 0; background: white; border: 1px solid var(--line); border-radius: 10px; padding: 14px; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 12px; margin-top: 6px; }
table { width: 100%; border-collapse: collapse; background: white; border: 1px solid var(--line); border-radius: 10px; overflow: hidden; }
th, td { text-align: left; padding: 8px 12px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f1f5f9; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #475569; }
td.number { font-variant-numeric: tabular-nums; white-space: nowrap; }
.badge { display: inline-block; border-radius: 999px; padding: 1px 10px; font-size: 12px; font-weight: 600; color: white; }
.badge.pass { background: var(--pass); } .badge.fail { background: var(--fail); } .badge.skip { background: var(--skip); }
.warnings { background: #fffbeb; border: 1px solid #fcd34d; border-radius: 10px; padding: 10px 16px; }
.warnings li { margin: 4px 0; }
.text { max-width: 640px; word-break: break-word; }
.removed { color: var(--muted); }
.muted { color: var(--muted); }
h3 .muted { font-weight: 400; }
table.metrics { width: auto; min-width: 50%; }
td.delta.up { color: var(--pass); } td.delta.down { color: var(--fail); }
footer { color: var(--muted); font-size: 12px; margin-top: 36px; }
`;
